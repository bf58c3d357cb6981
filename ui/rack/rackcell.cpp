// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/rackcell.h"

namespace benchside {

QString RackCell::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Known:
        return QStringLiteral("known");
    case Kind::Unknown:
        return QStringLiteral("unknown");
    case Kind::Empty:
        return QStringLiteral("empty");
    case Kind::Unreadable:
        return QStringLiteral("unreadable");
    case Kind::Duplicate:
        return QStringLiteral("duplicate");
    }
    return QString();
}

} // namespace benchside
