// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace benchside {

// The turnaround times (received → verified, in minutes) of one group of orders, a bench or a
// test, as the supervisor overview charts them.
struct TatDistribution
{
    // What a box plot draws and its tooltip says. Percentiles interpolate linearly between the
    // closest ranks (R type 7, Excel's PERCENTILE.INC), so the median of an even count is the
    // mean of the middle two and a single value is every percentile.
    struct Summary
    {
        int count = 0;
        double minimum = 0;
        double lowerQuartile = 0;
        double median = 0;
        double upperQuartile = 0;
        double p90 = 0;
        double maximum = 0;
        // Tukey's whiskers: the most extreme values within 1.5 IQR of the box.
        double lowerWhisker = 0;
        double upperWhisker = 0;
        QList<double> outliers; // ascending
        int overTarget = 0;     // values above the target, 0 when there is no target

        bool isEmpty() const { return count == 0; }
    };

    QString label;
    QList<double> minutes;
    double targetMinutes = 0; // 0 or less: no target for this group

    bool hasTarget() const { return targetMinutes > 0; }
    // Values that are not finite (a missing timestamp turned into NaN) are left out, not counted.
    Summary summary() const;

    static double percentile(const QList<double> &sorted, double fraction);
};

} // namespace benchside
