// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cmath>

namespace benchside {

// The mean and SD a control level is judged against (from the manufacturer's insert or
// established from the lab's own first 20 points).
//
// Limits are compared on z = (value − mean) / SD rounded to 9 decimals (QcTarget::z). Westgard's
// rules say a measurement "exceeds" a limit, so a value exactly at mean + 2 SD is within it; in
// binary floating point 0.07 − 0.01 > 2 × 0.03, which would turn a decimal value exactly on the
// line into a violation. Rounding z to 1e-9 removes that noise (it is about 1e-13 for any SD above
// a millionth of the mean) and keeps the z that is shown and the rule decisions the same number.
// See docs/decisions.md.
struct QcTarget
{
    double mean = 0;
    double sd = 0;

    // A target can judge values only with a finite mean and a finite SD above zero.
    bool isValid() const { return std::isfinite(mean) && std::isfinite(sd) && sd > 0; }

    // (value − mean) / SD, rounded to 9 decimals; NaN when the target is not valid.
    double z(double value) const
    {
        if (!isValid() || !std::isfinite(value))
            return std::nan("");
        const double raw = (value - mean) / sd;
        return std::abs(raw) < 1e6 ? std::round(raw * 1e9) / 1e9 : raw;
    }

    // +1 when value exceeds mean + k·SD, −1 when it exceeds mean − k·SD (is below it), 0 within.
    // k = 0 gives the side of the mean (0 exactly on it).
    int beyond(double value, double k) const { return beyondZ(z(value), k); }
    static int beyondZ(double z, double k) { return z > k ? 1 : (z < -k ? -1 : 0); }

    // The value at mean + k·SD (the chart's limit lines).
    double limit(double k) const { return mean + k * sd; }
};

inline bool operator==(const QcTarget &a, const QcTarget &b)
{
    return a.mean == b.mean && a.sd == b.sd;
}

} // namespace benchside
