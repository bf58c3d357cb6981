// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/imagescan.h"

#include "barcode/multicodereader.h"

#include <QCoreApplication>

namespace benchside {

Result<QString> ImageScan::read(const QImage &image)
{
    return codeFrom(MultiCodeReader::read(image));
}

Result<QString> ImageScan::codeFrom(const QList<DecodedCode> &codes)
{
    QStringList texts;
    for (const DecodedCode &c : codes) {
        if (c.readable && !texts.contains(c.text))
            texts.append(c.text);
    }
    if (texts.isEmpty())
        return Result<QString>::failure(QCoreApplication::translate(
            "ImageScan",
            "No barcode could be read in the image. Photograph the label straight on, in focus and "
            "filling most of the picture, or scan the tube with the scanner."));
    if (texts.size() > 1)
        return Result<QString>::failure(
            QCoreApplication::translate("ImageScan", "The image shows %1 different codes (%2). Nothing was "
                                                     "scanned: photograph one tube at a time.")
                .arg(texts.size())
                .arg(texts.join(QStringLiteral(", "))));
    return texts.first();
}

} // namespace benchside
