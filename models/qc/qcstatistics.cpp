// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcstatistics.h"

#include <cmath>

namespace benchside {

QcStatistics QcStatistics::compute(const QList<double> &values, const std::optional<QcTarget> &target)
{
    QcStatistics s;
    // Two passes: the mean first, then squared deviations from it (no cancellation when the
    // values are large and close together, as control values are).
    double sum = 0;
    for (double v : values) {
        if (std::isfinite(v)) {
            sum += v;
            ++s.n;
        }
    }
    if (s.n == 0)
        return s;
    const double mean = sum / s.n;
    double squares = 0;
    double residual = 0; // corrects the mean's rounding (Björck's two-pass formula)
    for (double v : values) {
        if (std::isfinite(v)) {
            squares += (v - mean) * (v - mean);
            residual += v - mean;
        }
    }
    s.mean = mean;
    if (s.n >= 2) {
        const double var = (squares - residual * residual / s.n) / (s.n - 1);
        s.sd = std::sqrt(std::max(0.0, var));
        if (mean != 0)
            s.cvPercent = 100.0 * *s.sd / std::abs(mean);
    }
    if (target && std::isfinite(target->mean)) {
        s.bias = mean - target->mean;
        if (target->mean != 0)
            s.biasPercent = 100.0 * *s.bias / std::abs(target->mean);
    }
    return s;
}

} // namespace benchside
