// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "qc/qcpoint.h"
#include "qc/qcruleset.h"
#include "qc/qcstatistics.h"
#include "qc/qctarget.h"
#include "qc/westgardevaluator.h"

#include <QList>
#include <QMap>
#include <QStringList>
#include <optional>

namespace benchside {

// What a Levey-Jennings chart of one test shows, built the same way for the GUI and the CLI:
// the control points in time order with their evaluation, the targets of each lot and level,
// where a new lot starts, and the period shown.
//
// build() evaluates each lot on its own (a lot is judged against its own targets) over its whole
// history; between() then narrows the period without evaluating again, so a pattern that began
// before the period is still reported on the point that completed it.
class LeveyJenningsData
{
public:
    struct Point
    {
        QcPoint qc;
        std::optional<double> z; // absent when the lot has no target for the level
        QStringList violations;  // rule names, QcRuleSet's fixed order
        WestgardEvaluator::RunStatus runStatus = WestgardEvaluator::RunStatus::NotEvaluated;
    };
    // The first measurement of a lot that follows another lot's measurements.
    struct LotChange
    {
        qint64 atMs = 0;
        QString lot;
        QString previousLot;
    };
    using LevelTargets = QMap<int, QcTarget>;

    // `points` of one test, any lots; `targets` by lot, then level (a lot or level missing from
    // it is not judged). Fails when the rules are not usable or a target or value is invalid.
    static Result<LeveyJenningsData> build(const QString &test, const QList<QcPoint> &points,
                                           const QMap<QString, LevelTargets> &targets,
                                           const QcRuleSet &rules);

    // Points already judged (as the QC projection holds them, with the rules in force when each
    // run was recorded), in any order: sorted by time, lot changes found.
    static LeveyJenningsData fromJudged(const QString &test, QList<Point> points,
                                        const QMap<QString, LevelTargets> &targets);

    // The points measured from fromMs to toMs (both included) and the lot changes among them.
    LeveyJenningsData between(qint64 fromMs, qint64 toMs) const;

    QList<int> levels() const; // ascending
    QStringList lots() const;  // in order of their first point
    std::optional<QcTarget> target(const QString &lot, int level) const;
    // Statistics of one level's points in the period. Bias is against the lot's target when the
    // points are all of one lot (`lot` empty: whichever lot that is); across lots there is none.
    QcStatistics statistics(int level, const QString &lot = QString()) const;
    int count(WestgardEvaluator::RunStatus status) const;
    bool isEmpty() const { return points.isEmpty(); }

    QString test;
    QString unit;        // for axis titles; may be empty
    QList<Point> points; // ascending time (stable for equal times)
    QMap<QString, LevelTargets> targets;
    QList<LotChange> lotChanges;
    qint64 fromMs = 0; // the period shown; by default the first and last point
    qint64 toMs = 0;
};

} // namespace benchside
