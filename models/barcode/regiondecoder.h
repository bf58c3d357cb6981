// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/decodedcode.h"
#include "barcode/symbolfinder.h"

#include <QImage>

namespace benchside {

// Decodes each region SymbolFinder found on its own, in parallel, retrying the few that fail with
// the contrast stretched and then enlarged. A region that still cannot be read comes back as an
// unreadable code: evidence that something is there, never a value.
class RegionDecoder
{
public:
    explicit RegionDecoder(QList<Symbology> symbologies);

    QList<DecodedCode> decode(const QImage &gray, const QList<SymbolFinder::Region> &regions) const;

private:
    DecodedCode decodeOne(const QImage &gray, const QRect &region) const;

    QList<Symbology> m_symbologies;
};

} // namespace benchside
