// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/barcodewriter.h"

#include "barcode/datamatrixencoder.h"

#include <QCoreApplication>
#include <QPainter>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <exception>

namespace benchside {

namespace {
ZXing::BarcodeFormat zxingFormat(Symbology symbology)
{
    switch (symbology) {
    case Symbology::Code128:
        return ZXing::BarcodeFormat::Code128;
    case Symbology::DataMatrix:
        return ZXing::BarcodeFormat::DataMatrix;
    case Symbology::QRCode:
        return ZXing::BarcodeFormat::QRCode;
    }
    return ZXing::BarcodeFormat::None;
}

} // namespace

Result<BarcodeSymbol> BarcodeWriter::encode(Symbology symbology, const QString &text)
{
    if (text.isEmpty())
        return Result<BarcodeSymbol>::failure(tr("There is nothing to encode."));
    // Square symbols wherever they fit: see DataMatrixEncoder for why ZXing's choice is not used.
    if (symbology == Symbology::DataMatrix) {
        if (std::optional<BarcodeSymbol> square = DataMatrixEncoder::encode(text))
            return *square;
    }
    return encodeWithZXing(symbology, text);
}

Result<BarcodeSymbol> BarcodeWriter::encodeWithZXing(Symbology symbology, const QString &text)
{
    if (text.isEmpty())
        return Result<BarcodeSymbol>::failure(tr("There is nothing to encode."));
    ZXing::BitMatrix matrix;
    // ZXing's writer reports unencodable text by throwing; it must not cross into callers.
    try {
        matrix =
            ZXing::MultiFormatWriter(zxingFormat(symbology)).setMargin(0).encode(text.toStdWString(), 0, 0);
    } catch (const std::exception &e) {
        return Result<BarcodeSymbol>::failure(
            tr("\"%1\" cannot be encoded as %2: %3")
                .arg(text, symbologyName(symbology), QString::fromUtf8(e.what())));
    }
    BarcodeSymbol symbol;
    symbol.symbology = symbology;
    symbol.width = matrix.width();
    // The linear writer returns a matrix several rows tall; every row is the same.
    symbol.height = symbology == Symbology::Code128 ? 1 : matrix.height();
    symbol.dark.reserve(symbol.width * symbol.height);
    for (int y = 0; y < symbol.height; ++y) {
        for (int x = 0; x < symbol.width; ++x)
            symbol.dark.append(matrix.get(x, y));
    }
    if (symbol.width == 0 || symbol.height == 0)
        return Result<BarcodeSymbol>::failure(
            tr("\"%1\" gave an empty %2 symbol.").arg(text, symbologyName(symbology)));
    return symbol;
}

QImage BarcodeWriter::toImage(const BarcodeSymbol &symbol, int moduleSize, int barHeight)
{
    const int quiet = symbol.quietZone() * moduleSize;
    const int symbolHeight = symbol.isLinear() ? qMax(barHeight, moduleSize) : symbol.height * moduleSize;
    QImage image(symbol.width * moduleSize + 2 * quiet, symbolHeight + 2 * quiet, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    QPainter painter(&image);
    for (int y = 0; y < symbol.height; ++y) {
        for (int x = 0; x < symbol.width; ++x) {
            if (!symbol.isDark(x, y))
                continue;
            const int top = quiet + y * moduleSize;
            painter.fillRect(quiet + x * moduleSize, top, moduleSize,
                             symbol.isLinear() ? symbolHeight : moduleSize, Qt::black);
        }
    }
    return image;
}

} // namespace benchside
