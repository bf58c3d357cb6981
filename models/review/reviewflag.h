// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace benchside {

// A change on one station that was decided without knowing of a change on another (docs/decisions.md 39).
struct ReviewFlag
{
    QString eventId;
    QString otherEvent;
    QString accession;
    QString orderId;
    QString reason;
    qint64 flaggedAtMs = 0;
    QString resolvedBy; // '' while open
    qint64 resolvedAtMs = 0;
    QString resolution;
};

} // namespace benchside
