// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/symbology.h"

#include <QPolygonF>
#include <QString>

namespace benchside {

// One symbol found in an image: its text and where it is. A symbol that was located but could not
// be read (damaged, blurred beyond error correction) has `readable` false and no text: it is
// evidence that a tube is there, never a value.
struct DecodedCode
{
    QString text;
    Symbology symbology = Symbology::DataMatrix;
    QPolygonF corners;   // top-left, top-right, bottom-right, bottom-left of the symbol as read
    int orientation = 0; // degrees the symbol is turned clockwise from upright
    bool readable = true;

    QPointF center() const;
};

} // namespace benchside
