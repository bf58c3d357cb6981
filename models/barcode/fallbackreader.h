// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/decodedcode.h"

#include <QImage>

namespace benchside {

// A second look at an image the first pass found no code in, with the image changed the ways real
// photos need: a quiet zone added round a symbol cropped to its edge, noise averaged out (a median, a
// half-size copy), a blurred Code 128's bars smoothed along their length and sharpened across, and a
// Data Matrix with uneven modules redrawn from its timing patterns. Each change reads codes the plain
// pass misses, and each could in principle misread one: a code counts only when two different passes
// read the same text, or when it is one of our own accession numbers and its check character holds.
class FallbackReader
{
public:
    static QList<DecodedCode> read(const QImage &gray);
};

} // namespace benchside
