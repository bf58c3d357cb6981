// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rack/rackcell.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

namespace benchside {

// How each kind of well looks, in one table so the grid, the image markers, the legend and the list
// never disagree. Each kind has its own symbol and word as well as its colour, so a technician who
// cannot tell the colours apart still reads the rack.
struct RackWellStyle
{
    Q_DECLARE_TR_FUNCTIONS(RackWellStyle)

public:
    QColor background;
    QColor foreground;
    QString symbol;
    QString label;

    static RackWellStyle of(RackCell::Kind kind);
    // Once the rack was received or stored: recorded tubes change style, the others keep theirs and
    // say why they were not recorded.
    static RackWellStyle of(const RackCell &cell);
    static RackWellStyle recorded(const QString &outcome);
    // A few words for RackService's outcome names (received, already-received, unknown, …).
    static QString outcomeWord(const QString &outcome);
};

} // namespace benchside
