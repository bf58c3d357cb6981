// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/barcodesymbol.h"

#include <optional>

namespace benchside {

// Square ECC 200 Data Matrix symbols, 10x10 to 26x26 (one data region), ASCII encodation.
//
// ZXing-C++ 1.4's writer picks the smallest symbol, which for many accession-number lengths is a
// rectangle (13 characters give 8x32). Rectangles cannot be printed with ZPL's ^BX, tube-bottom
// codes are square, and ZXing 1.4 reads small turned rectangles poorly. Up to 44 codewords
// (about 80 digits or 43 letters) this encoder gives a square symbol; longer text returns nothing
// and the caller falls back to ZXing. Every symbol it makes is decoded back by ZXing in the tests.
class DataMatrixEncoder
{
public:
    static std::optional<BarcodeSymbol> encode(const QString &text);

    static QList<quint8> codewords(const QString &text); // ASCII encodation, before padding
    static QList<quint8> errorCorrection(const QList<quint8> &data, int eccCount);
};

} // namespace benchside
