// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/decodedcode.h"

#include <QImage>

namespace benchside {

// Every code in an image. ZXing's whole-image pass finds linear codes and a lone matrix symbol, but
// ZXing-C++ 1.4 stops at one Data Matrix per image; symbol-like regions are therefore also decoded
// one by one, and what both passes found is reported once. An image neither pass read anything in
// gets the FallbackReader's extra passes.
class MultiCodeReader
{
public:
    static QList<DecodedCode> read(const QImage &image);

    // Where several tubes might be photographed together: smaller regions than a rack's well share.
    static constexpr int ExpectedSymbols = 16;
    static constexpr int MinFinderSide = 160; // pixels; a smaller copy has too few blocks to search
};

} // namespace benchside
