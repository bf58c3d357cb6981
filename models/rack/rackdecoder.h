// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/decodedcode.h"
#include "core/result.h"
#include "rack/rackreading.h"

#include <QImage>

namespace benchside {

// Reads a rack image: finds every symbol, decodes each on its own (in parallel), then places them in
// wells. Tuned for tube-bottom Data Matrix codes: only that symbology is tried.
class RackDecoder
{
public:
    Result<RackReading> read(const QImage &image, const RackLayout &layout) const;

    // The symbols alone, before they are placed in wells (the benchmark and `decode` use this).
    QList<DecodedCode> findCodes(const QImage &image, int expectedCount) const;

private:
    QList<DecodedCode> codesIn(const QImage &gray, int expectedCount) const;
};

} // namespace benchside
