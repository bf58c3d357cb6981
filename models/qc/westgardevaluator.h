// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "qc/qcpoint.h"
#include "qc/qcruleset.h"
#include "qc/qctarget.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QStringList>
#include <optional>

namespace benchside {

// Applies a test's Westgard rules to the QC of one lot: a chronological list of points of several
// levels, grouped into runs by runId (a run is placed where its first point is; an empty runId
// makes the point a run of its own), each level judged against its own target. Within a run the
// points are taken in time order, then by level, whatever order they are listed in.
//
// Which measurements a rule looks at (Westgard; CLSI C24):
//   1-2s, 1-3s   each measurement on its own. 1-2s only warns; every other rule rejects.
//   2-2s         two measurements of one run beyond the same 2 SD limit (across levels), or two
//                consecutive measurements of one level (across runs).
//   2of3-2s      the same with "two of three": two of a run's measurements, or two of three
//                consecutive measurements of one level.
//   R-4s         one measurement of a run beyond +2 SD and another of the same run beyond −2 SD;
//                never across runs (a difference between runs is systematic, not random, error).
//   4-1s, 3-1s,  the last 4 / 3 / 10 / 8 / 12 measurements, counted both within each level and
//   10x, 8x, 12x across levels (all levels in time order, within and across runs).
//   7T           seven consecutive measurements of one level, each above (or each below) the one
//                before; equal values break the trend.
// "Beyond" is strict: exactly 2 SD or 3 SD is not a violation, and a measurement exactly on the
// mean breaks a run of measurements on one side (see QcTarget for how exactness is kept).
//
// Who carries a violation: the run that completes a pattern. Each measurement of that run that
// belongs to the pattern lists the rule; earlier runs are never re-labelled, so a run's status
// depends only on itself and the runs before it (an accepted run stays accepted when later QC
// arrives). A run is rejected when any of its measurements violates a rejecting rule, a warning
// when the only violation is 1-2s, accepted otherwise.
//
// A level with no target (a lot still establishing its targets) is not judged: its points have
// no z and no violations, and they neither count towards nor interrupt the patterns of other
// levels. A run none of whose points has a target is NotEvaluated, never accepted.
//
// Runs in O(n) (a few passes over the points, windows of at most 12).
class WestgardEvaluator
{
    Q_DECLARE_TR_FUNCTIONS(WestgardEvaluator)

public:
    enum class RunStatus { NotEvaluated, Accepted, Warning, Rejected };

    struct PointResult
    {
        std::optional<double> z;   // (value − mean) / SD; absent when the level has no target
        quint32 violationMask = 0; // QcRuleSet::bit() of each violated rule
        QStringList violations;    // rule names, in QcRuleSet's fixed order
        int run = -1;              // index into Evaluation::runs
        RunStatus runStatus = RunStatus::NotEvaluated;
    };
    struct RunResult
    {
        QString runId;
        RunStatus status = RunStatus::NotEvaluated;
        QList<int> points;         // indexes into the evaluated list, in list order
        quint32 violationMask = 0; // every rule violated by one of its points
    };
    struct Evaluation
    {
        QList<PointResult> points; // one per input point, same order
        QList<RunResult> runs;     // in order of their first point
    };

    WestgardEvaluator(QcRuleSet rules, QMap<int, QcTarget> targets);

    // Fails (with a message naming the problem) when the rule set is not usable, a target has
    // no SD above zero, or a value is not a finite number.
    Result<Evaluation> evaluate(const QList<QcPoint> &points) const;

    // "not_evaluated", "accepted", "warning", "rejected".
    static QString statusCode(RunStatus status);
    static std::optional<RunStatus> parseStatus(const QString &code);

private:
    QcRuleSet m_rules;
    QMap<int, QcTarget> m_targets;
};

} // namespace benchside
