// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/symbology.h"

#include <QList>

namespace benchside {

// An encoded symbol as a grid of modules, independent of how it is drawn: labels draw it as vector
// rectangles in a PDF, as pixels in a PNG, and tests distort it into photographs. A linear code
// (Code 128) has one row; its bars are drawn as tall as the label allows.
struct BarcodeSymbol
{
    Symbology symbology = Symbology::Code128;
    int width = 0;    // in modules, without quiet zone
    int height = 0;   // in modules; 1 for a linear code
    QList<bool> dark; // row-major, width * height

    bool isLinear() const { return height == 1; }
    bool isDark(int x, int y) const { return dark.at(y * width + x); }
    // Modules of light margin a reader needs around the symbol.
    int quietZone() const { return isLinear() ? 10 : 2; }
};

} // namespace benchside
