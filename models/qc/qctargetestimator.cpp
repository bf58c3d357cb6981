// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qctargetestimator.h"

#include "qc/qcstatistics.h"

#include <QCoreApplication>
#include <cmath>

namespace benchside {

Result<QcTarget> QcTargetEstimator::estimate(const QList<double> &values, int required)
{
    QList<double> first;
    for (double v : values) {
        if (first.size() == required)
            break;
        if (std::isfinite(v))
            first << v;
    }
    if (required < 2 || first.size() < required)
        return Result<QcTarget>::failure(
            tr("%1 of the %2 values needed to establish a target are recorded; %3 more are needed.")
                .arg(first.size())
                .arg(required)
                .arg(std::max<qsizetype>(0, required - first.size())));
    const QcStatistics s = QcStatistics::compute(first);
    if (!s.sd || !(*s.sd > 0))
        return Result<QcTarget>::failure(
            tr("The first %1 values are all the same, so they give no SD; enter the target from the "
               "manufacturer's insert instead.")
                .arg(required));
    return QcTarget{*s.mean, *s.sd};
}

} // namespace benchside
