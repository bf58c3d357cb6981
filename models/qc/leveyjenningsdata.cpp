// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/leveyjenningsdata.h"

#include <QCoreApplication>
#include <QSet>
#include <algorithm>

namespace benchside {

Result<LeveyJenningsData> LeveyJenningsData::build(const QString &test, const QList<QcPoint> &points,
                                                   const QMap<QString, LevelTargets> &targets,
                                                   const QcRuleSet &rules)
{
    // Each lot's points, in the order given (the evaluator's chronological order).
    QMap<QString, QList<int>> byLot;
    QList<int> *lastLot = nullptr;
    for (qsizetype i = 0; i < points.size(); ++i) {
        // Points of one lot mostly follow each other: look the lot up only when it changes.
        if (!lastLot || points.at(i).lot != points.at(i - 1).lot)
            lastLot = &byLot[points.at(i).lot];
        lastLot->append(int(i));
    }
    QList<Point> all(points.size());
    for (auto it = byLot.cbegin(); it != byLot.cend(); ++it) {
        QList<QcPoint> lotPoints;
        lotPoints.reserve(it.value().size());
        for (int i : it.value())
            lotPoints << points.at(i);
        const WestgardEvaluator evaluator(rules, targets.value(it.key()));
        const Result<WestgardEvaluator::Evaluation> e = evaluator.evaluate(lotPoints);
        if (!e)
            return Result<LeveyJenningsData>::failure(
                it.key().isEmpty() ? e.error()
                                   : QCoreApplication::translate("LeveyJenningsData", "Lot %1: %2")
                                         .arg(it.key(), e.error()));
        for (qsizetype k = 0; k < it.value().size(); ++k) {
            const WestgardEvaluator::PointResult &r = e->points.at(k);
            Point &p = all[it.value().at(k)];
            p.qc = lotPoints.at(k);
            p.z = r.z;
            p.violations = r.violations;
            p.runStatus = r.runStatus;
        }
    }
    return fromJudged(test, std::move(all), targets);
}

LeveyJenningsData LeveyJenningsData::fromJudged(const QString &test, QList<Point> points,
                                                const QMap<QString, LevelTargets> &targets)
{
    LeveyJenningsData data;
    data.test = test;
    data.targets = targets;
    const auto earlier = [](const Point &a, const Point &b) {
        return a.qc.atMs < b.qc.atMs;
    };
    if (!std::is_sorted(points.cbegin(), points.cend(), earlier))
        std::stable_sort(points.begin(), points.end(), earlier);
    data.points = std::move(points);

    QSet<QString> seen;
    for (qsizetype i = 0; i < data.points.size(); ++i) {
        const QcPoint &p = data.points.at(i).qc;
        if (seen.contains(p.lot))
            continue;
        seen.insert(p.lot);
        if (i > 0)
            data.lotChanges.append(LotChange{p.atMs, p.lot, data.points.at(i - 1).qc.lot});
    }
    if (!data.points.isEmpty()) {
        data.fromMs = data.points.first().qc.atMs;
        data.toMs = data.points.last().qc.atMs;
    }
    return data;
}

LeveyJenningsData LeveyJenningsData::between(qint64 from, qint64 to) const
{
    LeveyJenningsData d;
    d.test = test;
    d.unit = unit;
    d.targets = targets;
    d.fromMs = from;
    d.toMs = to;
    const auto first = std::lower_bound(points.cbegin(), points.cend(), from,
                                        [](const Point &p, qint64 t) { return p.qc.atMs < t; });
    const auto last = std::upper_bound(points.cbegin(), points.cend(), to,
                                       [](qint64 t, const Point &p) { return t < p.qc.atMs; });
    if (first < last)
        d.points = QList<Point>(first, last);
    for (const LotChange &c : lotChanges) {
        if (c.atMs >= from && c.atMs <= to)
            d.lotChanges << c;
    }
    return d;
}

QList<int> LeveyJenningsData::levels() const
{
    QList<int> out;
    for (const Point &p : points) {
        if (!out.contains(p.qc.level))
            out << p.qc.level;
    }
    std::sort(out.begin(), out.end());
    return out;
}

QStringList LeveyJenningsData::lots() const
{
    QStringList out;
    for (const Point &p : points) {
        if (!out.contains(p.qc.lot))
            out << p.qc.lot;
    }
    return out;
}

std::optional<QcTarget> LeveyJenningsData::target(const QString &lot, int level) const
{
    const auto l = targets.constFind(lot);
    if (l == targets.cend())
        return std::nullopt;
    const auto t = l->constFind(level);
    if (t == l->cend())
        return std::nullopt;
    return *t;
}

QcStatistics LeveyJenningsData::statistics(int level, const QString &lot) const
{
    QList<double> values;
    QSet<QString> lotsSeen;
    for (const Point &p : points) {
        if (p.qc.level != level || (!lot.isEmpty() && p.qc.lot != lot))
            continue;
        values << p.qc.value;
        lotsSeen.insert(p.qc.lot);
    }
    std::optional<QcTarget> t;
    if (lotsSeen.size() == 1)
        t = target(*lotsSeen.cbegin(), level);
    return QcStatistics::compute(values, t);
}

int LeveyJenningsData::count(WestgardEvaluator::RunStatus status) const
{
    return int(std::count_if(points.cbegin(), points.cend(),
                             [status](const Point &p) { return p.runStatus == status; }));
}

} // namespace benchside
