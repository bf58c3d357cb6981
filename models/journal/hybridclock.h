// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>
#include <functional>

namespace benchside {

// Hybrid logical clock: wall-clock milliseconds in the high bits, a counter in the low 16 bits.
// It never goes backwards, even when the wall clock does, and it moves past any timestamp it has
// seen from another station, so replay order respects causality across stations.
class HybridClock
{
public:
    using WallClock = std::function<qint64()>;
    explicit HybridClock(WallClock wall = {});

    qint64 next(qint64 highestSeen);
    static qint64 fromMs(qint64 ms) { return ms << 16; }
    static qint64 toMs(qint64 hlc) { return hlc >> 16; }

private:
    WallClock m_wall;
};

} // namespace benchside
