// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/decodedcode.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QImage>
#include <QList>

namespace benchside {

// Finds and reads every barcode in an image with ZXing-C++. It never guesses: a code is returned
// only when its error correction (or check character) confirms it.
class ImageDecoder
{
    Q_DECLARE_TR_FUNCTIONS(ImageDecoder)

public:
    struct Options
    {
        QList<Symbology> symbologies{Symbology::Code128, Symbology::DataMatrix, Symbology::QRCode};
        int maxSymbols = 1;            // ZXing stops after this many; a rack needs rows x cols
        bool reportUnreadable = false; // also return located symbols that failed to decode
        bool tryHarder = true;
        // ZXing's one threshold from the image's histogram instead of its local averages: a second,
        // independent binarisation of the same image (FallbackReader counts the two as two passes).
        bool globalThreshold = false;
    };

    ImageDecoder();
    explicit ImageDecoder(Options options);

    // Reads an image file, with a message that says what is wrong when it cannot.
    static Result<QImage> load(const QString &path);

    QList<DecodedCode> decode(const QImage &image) const;

private:
    QList<DecodedCode> pass(const QImage &gray, const QList<Symbology> &symbologies, int maxSymbols) const;
    static void blankOut(QImage &gray, const DecodedCode &code);

    Options m_options;
};

} // namespace benchside
