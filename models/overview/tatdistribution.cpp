// SPDX-License-Identifier: GPL-3.0-or-later
#include "overview/tatdistribution.h"

#include <algorithm>
#include <cmath>

namespace benchside {

double TatDistribution::percentile(const QList<double> &sorted, double fraction)
{
    if (sorted.isEmpty())
        return 0;
    const double rank = std::clamp(fraction, 0.0, 1.0) * double(sorted.size() - 1);
    const auto below = qsizetype(std::floor(rank));
    const qsizetype above = std::min(below + 1, sorted.size() - 1);
    return sorted.at(below) + (rank - double(below)) * (sorted.at(above) - sorted.at(below));
}

TatDistribution::Summary TatDistribution::summary() const
{
    QList<double> sorted;
    sorted.reserve(minutes.size());
    std::copy_if(minutes.cbegin(), minutes.cend(), std::back_inserter(sorted),
                 [](double m) { return std::isfinite(m); });
    std::sort(sorted.begin(), sorted.end());

    Summary s;
    s.count = int(sorted.size());
    if (sorted.isEmpty())
        return s;
    s.minimum = sorted.front();
    s.maximum = sorted.back();
    s.lowerQuartile = percentile(sorted, 0.25);
    s.median = percentile(sorted, 0.5);
    s.upperQuartile = percentile(sorted, 0.75);
    s.p90 = percentile(sorted, 0.9);

    const double fence = 1.5 * (s.upperQuartile - s.lowerQuartile);
    const double lowFence = s.lowerQuartile - fence, highFence = s.upperQuartile + fence;
    s.lowerWhisker = *std::lower_bound(sorted.cbegin(), sorted.cend(), lowFence);
    s.upperWhisker = *(std::upper_bound(sorted.cbegin(), sorted.cend(), highFence) - 1);
    for (double m : sorted) {
        if (m < s.lowerWhisker || m > s.upperWhisker)
            s.outliers.append(m);
    }
    if (hasTarget())
        s.overTarget = int(sorted.cend() - std::upper_bound(sorted.cbegin(), sorted.cend(), targetMinutes));
    return s;
}

} // namespace benchside
