// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/barcodesymbol.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QImage>

namespace benchside {

// Encodes text with ZXing's writer. Nothing here knows about labels or pages.
class BarcodeWriter
{
    Q_DECLARE_TR_FUNCTIONS(BarcodeWriter)

public:
    // Data Matrix comes out square whenever the text fits a 26x26 symbol (DataMatrixEncoder).
    static Result<BarcodeSymbol> encode(Symbology symbology, const QString &text);
    // ZXing's writer as it is, which may choose a rectangular Data Matrix.
    static Result<BarcodeSymbol> encodeWithZXing(Symbology symbology, const QString &text);

    // A black-on-white image, `moduleSize` pixels per module, with the symbol's quiet zone.
    // A linear symbol is `barHeight` pixels tall; a matrix symbol is square modules.
    static QImage toImage(const BarcodeSymbol &symbol, int moduleSize, int barHeight = 0);
};

} // namespace benchside
