// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcchartloader.h"

#include <QCoreApplication>

namespace benchside {

Result<LeveyJenningsData> QcChartLoader::load(const QString &testCode, const QString &lot) const
{
    using R = Result<LeveyJenningsData>;
    Result<QList<QcLot>> lots = m_repository.lots(testCode);
    if (!lots)
        return R::failure(lots.error());
    QMap<QString, LeveyJenningsData::LevelTargets> targets;
    QStringList lotNumbers;
    for (const QcLot &l : lots.value()) {
        if (!lot.isEmpty() && l.lot != lot)
            continue;
        if (!lotNumbers.contains(l.lot))
            lotNumbers << l.lot;
        if (l.hasTargets())
            targets[l.lot].insert(l.level, QcTarget{*l.mean, *l.sd});
    }
    if (lotNumbers.isEmpty())
        return R::failure(
            lot.isEmpty()
                ? QCoreApplication::translate("QcChartLoader", "No QC lot is defined for %1.").arg(testCode)
                : QCoreApplication::translate("QcChartLoader", "No lot %1 is defined for %2.")
                      .arg(lot, testCode));
    QList<LeveyJenningsData::Point> points;
    for (const QString &number : std::as_const(lotNumbers)) {
        Result<QList<QcResultRow>> values = m_repository.values(testCode, number);
        if (!values)
            return R::failure(values.error());
        for (const QcResultRow &v : values.value()) {
            LeveyJenningsData::Point p;
            p.qc = QcPoint{v.eventId + QLatin1Char('/') + QString::number(v.position),
                           v.runId,
                           v.level,
                           v.value,
                           v.measuredAtMs,
                           v.recordedBy,
                           v.lot};
            p.z = v.z;
            p.violations = v.violations;
            // A value that was never judged (its lot was establishing) shows as not evaluated.
            p.runStatus = v.judged ? WestgardEvaluator::parseStatus(v.runStatus)
                                         .value_or(WestgardEvaluator::RunStatus::NotEvaluated)
                                   : WestgardEvaluator::RunStatus::NotEvaluated;
            points << p;
        }
    }
    return LeveyJenningsData::fromJudged(testCode, std::move(points), targets);
}

} // namespace benchside
