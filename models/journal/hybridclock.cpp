// SPDX-License-Identifier: GPL-3.0-or-later
#include "journal/hybridclock.h"

#include <QDateTime>

namespace benchside {

HybridClock::HybridClock(WallClock wall) : m_wall(std::move(wall))
{
    if (!m_wall)
        m_wall = [] {
            return QDateTime::currentMSecsSinceEpoch();
        };
}

qint64 HybridClock::next(qint64 highestSeen)
{
    return std::max(fromMs(m_wall()), highestSeen + 1);
}

} // namespace benchside
