// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "qc/qctarget.h"

#include <QList>
#include <optional>

namespace benchside {

// Summary statistics of a set of control values, as the Levey-Jennings statistics panel and the
// monthly QC summary show them.
struct QcStatistics
{
    int n = 0;
    std::optional<double> mean;        // n ≥ 1
    std::optional<double> sd;          // sample SD (n − 1 in the denominator), n ≥ 2
    std::optional<double> cvPercent;   // 100 · SD / |mean|; absent when the mean is 0
    std::optional<double> bias;        // mean − target mean, in the test's unit
    std::optional<double> biasPercent; // 100 · bias / |target mean|; absent when the target mean is 0

    // Values that are not finite are left out. The target is optional (bias needs it).
    static QcStatistics compute(const QList<double> &values, const std::optional<QcTarget> &target = {});
};

} // namespace benchside
