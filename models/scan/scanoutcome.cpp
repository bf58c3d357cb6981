// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/scanoutcome.h"

namespace benchside {

QString ScanOutcome::name() const
{
    switch (type) {
    case Type::Received:
        return QStringLiteral("received");
    case Type::Found:
        return QStringLiteral("found");
    case Type::Duplicate:
        return QStringLiteral("duplicate");
    case Type::AlreadyReceived:
        return QStringLiteral("already-received");
    case Type::Unknown:
        return QStringLiteral("unknown");
    case Type::BadCheckCharacter:
        return QStringLiteral("bad-check-character");
    case Type::BadCharacters:
        return QStringLiteral("bad-characters");
    case Type::Rejected:
        return QStringLiteral("rejected");
    case Type::Disposed:
        return QStringLiteral("disposed");
    case Type::Incomplete:
        return QStringLiteral("incomplete");
    case Type::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

} // namespace benchside
