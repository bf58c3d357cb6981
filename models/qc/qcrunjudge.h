// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace benchside {

// The one place the storage side calls the QC rule engine (WestgardEvaluator, QcRuleSet,
// QcTargetEstimator). The projector judges each run with it when the run is applied and the demo
// seeder uses it to know which of its runs will be rejected, so both judge exactly alike.
class QcRunJudge
{
    Q_DECLARE_TR_FUNCTIONS(QcRunJudge)

public:
    struct Value
    {
        QString runId;
        QString lot;
        int level = 0;
        double value = 0;
        qint64 atMs = 0;
        QString user;
        double mean = 0; // the level's target in its lot
        double sd = 0;
    };
    struct Judged
    {
        double z = 0;
        QStringList violations;
    };
    struct Verdict
    {
        QString status;       // accepted, warning, rejected
        QList<Judged> values; // one per value of the run, in its order
    };

    // `history`: earlier judged values of the same test, bench and lot, oldest first; `run`: this
    // run's values of that lot, every one with a target. `rules`: a serialised rule set, or empty
    // for the default set for a lot of `levels` levels.
    static Result<Verdict> judge(const QList<Value> &history, const QList<Value> &run, const QString &rules,
                                 int levels);

    // The rule set a test without its own configuration uses for a lot of `levels` levels.
    static QString defaultRules(int levels);
    // Checks a rule list a person wrote ("1-3s,2-2s,R-4s") and gives its serialised form.
    static Result<QString> parseRules(const QString &text);

    // How many values of its own a lot level needs before its targets are set from them.
    static int establishingCount();
    // Mean and SD from the first establishingCount() values; failure when they cannot give a target.
    static Result<QPair<double, double>> estimateTargets(const QList<double> &values);

    static int statusRank(const QString &status); // accepted 0, warning 1, rejected 2, else -1
};

} // namespace benchside
