// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/decodedcode.h"
#include "core/result.h"
#include "rack/rackreading.h"

#include <QCoreApplication>

namespace benchside {

// Places the symbols found in a rack image into wells. The rack's grid is fitted to the codes that
// were read: its angle from the directions between neighbouring codes, its pitch from their
// distances, which way up it lies from the codes' own orientation, and its origin from where the codes
// sit (when whole edge rows or columns are empty, the rack is taken to be centred in the image, as
// rack scanners frame it).
class RackMapper
{
    Q_DECLARE_TR_FUNCTIONS(RackMapper)

public:
    static Result<RackReading> map(const QList<DecodedCode> &codes, const RackLayout &layout,
                                   QSize imageSize);
    // The same code in two wells makes both duplicates: neither can be trusted.
    static void markDuplicates(RackReading &reading);
};

} // namespace benchside
