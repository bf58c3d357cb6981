#pragma once

#include "barcode/barcodesymbol.h"
#include "core/result.h"

#include <QImage>

namespace benchside {

// Encodes text with ZXing's writer. Nothing here knows about labels or pages.
class BarcodeWriter
{
public:
    static Result<BarcodeSymbol> encode(Symbology symbology, const QString &text);

    // A black-on-white image, `moduleSize` pixels per module, with the symbol's quiet zone.
    // A linear symbol is `barHeight` pixels tall; a matrix symbol is square modules.
    static QImage toImage(const BarcodeSymbol &symbol, int moduleSize, int barHeight = 0);
};

} // namespace benchside
