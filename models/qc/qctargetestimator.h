// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "qc/qctarget.h"

#include <QCoreApplication>
#include <QList>

namespace benchside {

// Establishes a control level's target from the lab's own measurements (CLSI C24: at least 20
// values, from at least 20 runs): the mean and the sample SD of the level's first 20 values in
// time order. Later values do not move the target; it is frozen once set.
class QcTargetEstimator
{
    Q_DECLARE_TR_FUNCTIONS(QcTargetEstimator)

public:
    static constexpr int RequiredPoints = 20;

    // `values` in time order. Fails when there are fewer than RequiredPoints finite values, or
    // when they do not vary (an SD of 0 gives no limits).
    static Result<QcTarget> estimate(const QList<double> &values, int required = RequiredPoints);
};

} // namespace benchside
