// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/decodedcode.h"
#include "core/result.h"

#include <QImage>

namespace benchside {

// A photo of one tube becomes one scan, or a message saying why not. A label carries the same
// accession number twice (Code 128 and Data Matrix): that is one code. Two different codes are
// never resolved by guessing which one was meant.
class ImageScan
{
public:
    static Result<QString> read(const QImage &image);
    static Result<QString> codeFrom(const QList<DecodedCode> &codes);
};

} // namespace benchside
