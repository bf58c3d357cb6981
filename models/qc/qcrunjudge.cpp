// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcrunjudge.h"

#include "qc/qcruleset.h"
#include "qc/qctargetestimator.h"
#include "qc/westgardevaluator.h"

#include <QCoreApplication>
#include <QMap>

namespace benchside {

namespace {
QcPoint point(const QcRunJudge::Value &v, int index)
{
    QcPoint p;
    p.id = QString::number(index);
    p.runId = v.runId;
    p.level = v.level;
    p.value = v.value;
    p.atMs = v.atMs;
    p.user = v.user;
    p.lot = v.lot;
    return p;
}
} // namespace

Result<QcRunJudge::Verdict> QcRunJudge::judge(const QList<Value> &history, const QList<Value> &run,
                                              const QString &rules, int levels)
{
    using R = Result<Verdict>;
    QcRuleSet set = QcRuleSet::defaults(levels);
    if (!rules.isEmpty()) {
        Result<QcRuleSet> parsed = QcRuleSet::fromString(rules);
        if (!parsed)
            return R::failure(parsed.error());
        set = parsed.value();
    }
    QMap<int, QcTarget> targets;
    QList<QcPoint> points;
    points.reserve(history.size() + run.size());
    for (const Value &v : history) {
        targets.insert(v.level, QcTarget{v.mean, v.sd});
        points << point(v, static_cast<int>(points.size()));
    }
    // The run's own targets win: they are the lot's targets now (history shares them anyway).
    for (const Value &v : run) {
        targets.insert(v.level, QcTarget{v.mean, v.sd});
        points << point(v, static_cast<int>(points.size()));
    }
    Result<WestgardEvaluator::Evaluation> e = WestgardEvaluator(set, targets).evaluate(points);
    if (!e)
        return R::failure(tr("The QC run could not be judged: %1").arg(e.error()));
    Verdict verdict;
    const qsizetype first = history.size();
    WestgardEvaluator::RunStatus status = WestgardEvaluator::RunStatus::NotEvaluated;
    for (qsizetype i = 0; i < run.size(); ++i) {
        const WestgardEvaluator::PointResult &p = e.value().points.at(first + i);
        verdict.values << Judged{p.z.value_or(0), p.violations};
        status = std::max(status, p.runStatus);
    }
    if (status == WestgardEvaluator::RunStatus::NotEvaluated)
        return R::failure(tr("The QC run could not be judged: none of its values has a target."));
    verdict.status = WestgardEvaluator::statusCode(status);
    return verdict;
}

QString QcRunJudge::defaultRules(int levels)
{
    return QcRuleSet::defaults(levels).toString();
}

Result<QString> QcRunJudge::parseRules(const QString &text)
{
    Result<QcRuleSet> set = QcRuleSet::fromString(text);
    if (!set)
        return Result<QString>::failure(set.error());
    if (Status s = set.value().validate(); !s)
        return Result<QString>::failure(s.error());
    return set.value().toString();
}

int QcRunJudge::establishingCount()
{
    return QcTargetEstimator::RequiredPoints;
}

Result<QPair<double, double>> QcRunJudge::estimateTargets(const QList<double> &values)
{
    Result<QcTarget> t = QcTargetEstimator::estimate(values);
    if (!t)
        return Result<QPair<double, double>>::failure(t.error());
    return QPair<double, double>(t.value().mean, t.value().sd);
}

int QcRunJudge::statusRank(const QString &status)
{
    if (status == QLatin1String("accepted"))
        return 0;
    if (status == QLatin1String("warning"))
        return 1;
    if (status == QLatin1String("rejected"))
        return 2;
    return -1;
}

} // namespace benchside
