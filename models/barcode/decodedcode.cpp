// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/decodedcode.h"

namespace benchside {

QPointF DecodedCode::center() const
{
    if (corners.isEmpty())
        return {};
    QPointF sum;
    for (const QPointF &p : corners)
        sum += p;
    return sum / double(corners.size());
}

} // namespace benchside
