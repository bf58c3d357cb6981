// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rack/racklayout.h"

#include <QList>
#include <QPointF>
#include <QSize>
#include <QString>

namespace benchside {

// What one well of a rack image showed.
struct WellReading
{
    enum class State {
        Decoded,    // one code read
        Empty,      // nothing that looks like a symbol
        Unreadable, // a symbol is there but could not be read
        Duplicate,  // the same code was read in another well too: neither can be trusted
    };

    QString well; // "B7"
    int row = 0;
    int col = 0;
    State state = State::Empty;
    QString text;     // for Decoded and Duplicate
    QPointF position; // where the well's symbol is in the image (Decoded, Unreadable, Duplicate)

    static QString stateName(State state); // the CLI/JSON spelling: decoded, empty, unreadable, duplicate
};

// A rack image read well by well.
struct RackReading
{
    RackLayout layout;
    QSize imageSize;
    double angle = 0;         // degrees the rack is turned in the image, within +-45
    bool upsideDown = false;  // the rack lies turned 180 degrees
    QSizeF pitch;             // distance between well centres, in image pixels
    QList<WellReading> wells; // row-major, layout.wellCount() entries

    int count(WellReading::State state) const;
};

} // namespace benchside
