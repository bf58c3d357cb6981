// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/rackreading.h"

#include <algorithm>

namespace benchside {

QString WellReading::stateName(State state)
{
    switch (state) {
    case State::Decoded:
        return QStringLiteral("decoded");
    case State::Empty:
        return QStringLiteral("empty");
    case State::Unreadable:
        return QStringLiteral("unreadable");
    case State::Duplicate:
        return QStringLiteral("duplicate");
    }
    return {};
}

int RackReading::count(WellReading::State state) const
{
    return int(std::count_if(wells.cbegin(), wells.cend(),
                             [state](const WellReading &w) { return w.state == state; }));
}

} // namespace benchside
