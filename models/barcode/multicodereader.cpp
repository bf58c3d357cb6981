// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/multicodereader.h"

#include "barcode/fallbackreader.h"
#include "barcode/imagedecoder.h"
#include "barcode/regiondecoder.h"
#include "barcode/symbolfinder.h"

#include <QLineF>

namespace benchside {

namespace {

double size(const DecodedCode &c)
{
    const QRectF box = c.corners.boundingRect();
    return qMax(box.width(), box.height());
}

bool sameSymbol(const DecodedCode &a, const DecodedCode &b)
{
    return a.text == b.text && QLineF(a.center(), b.center()).length() < qMax(size(a), size(b));
}

} // namespace

QList<DecodedCode> MultiCodeReader::read(const QImage &image)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    ImageDecoder::Options options;
    options.maxSymbols = 255;
    QList<DecodedCode> codes = ImageDecoder(options).decode(gray);

    // The finder's grid suits modules of a few pixels; a close-up photo has larger ones, which it
    // finds in a smaller copy of the image. Regions are decoded at full resolution.
    QList<SymbolFinder::Region> regions;
    for (int scale = 1;
         scale <= 4 && gray.width() / scale >= MinFinderSide && gray.height() / scale >= MinFinderSide;
         scale *= 2) {
        const QImage scaled =
            scale == 1 ? gray
                       : gray.scaled(gray.size() / scale, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        for (SymbolFinder::Region r : SymbolFinder().find(scaled, ExpectedSymbols)) {
            r.rect = QRect(r.rect.topLeft() * scale, r.rect.size() * scale).intersected(gray.rect());
            regions.append(r);
        }
    }
    for (const DecodedCode &found :
         RegionDecoder({Symbology::DataMatrix, Symbology::QRCode}).decode(gray, regions)) {
        if (!found.readable)
            continue;
        const bool known = std::any_of(codes.cbegin(), codes.cend(),
                                       [&found](const DecodedCode &c) { return sameSymbol(c, found); });
        if (!known)
            codes.append(found);
    }
    // Only an image nothing was read in pays for the extra passes: a photo that reads at once takes no
    // longer (and racks, read by RackDecoder, never come here).
    if (codes.isEmpty())
        codes = FallbackReader::read(gray);
    return codes;
}

} // namespace benchside
