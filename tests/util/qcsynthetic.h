// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "qc/qcpoint.h"
#include "qc/qctarget.h"

#include <QList>
#include <QMap>
#include <QRandomGenerator>
#include <cmath>

// Plausible QC history for tests, benchmarks and screenshots: runs of all levels measured
// together, values normally distributed around each level's target and rounded to the analyzer's
// two decimals, with now and then a shift of the whole method (+1.6 SD for a few runs, which the
// 4-1s and 2-2s rules catch) and an outlier (random error beyond 3 SD).
namespace qcsynthetic {

inline QMap<int, benchside::QcTarget> glucoseTargets()
{
    return {{1, {5.50, 0.15}}, {2, {16.00, 0.40}}, {3, {25.00, 0.70}}};
}

inline QList<benchside::QcPoint> history(int runs, int levels, quint32 seed, qint64 startMs, qint64 stepMs,
                                         const QString &lot = QStringLiteral("L1"))
{
    QRandomGenerator rng(seed);
    const auto normal = [&rng] {
        // Box-Muller; 1 - u keeps the logarithm finite.
        const double u = 1.0 - rng.generateDouble();
        const double v = rng.generateDouble();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
    };
    const QMap<int, benchside::QcTarget> targets = glucoseTargets();
    const QStringList users{QStringLiteral("akim"), QStringLiteral("bnovak"), QStringLiteral("cdiaz")};
    QList<benchside::QcPoint> points;
    points.reserve(qsizetype(runs) * levels);
    int shiftLeft = 0;
    for (int r = 0; r < runs; ++r) {
        if (shiftLeft == 0 && rng.bounded(60) == 0)
            shiftLeft = 3 + int(rng.bounded(4));
        const double shift = shiftLeft > 0 ? 1.6 : 0.0;
        shiftLeft = std::max(0, shiftLeft - 1);
        const QString runId = QStringLiteral("%1-run%2").arg(lot).arg(r + 1);
        const QString user = users.at(int(rng.bounded(qsizetype(3))));
        for (int level = 1; level <= levels; ++level) {
            const benchside::QcTarget t = targets.value(level);
            double z = normal() * 0.9 + shift;
            if (rng.bounded(250) == 0)
                z = rng.bounded(2) ? 3.4 : -3.3;
            benchside::QcPoint p;
            p.id = QStringLiteral("%1-%2").arg(runId).arg(level);
            p.runId = runId;
            p.level = level;
            p.value = std::round((t.mean + z * t.sd) * 100.0) / 100.0;
            p.atMs = startMs + qint64(r) * stepMs + level * 60'000;
            p.user = user;
            p.lot = lot;
            points << p;
        }
    }
    return points;
}

} // namespace qcsynthetic
