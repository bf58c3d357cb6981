// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/symbology.h"

namespace benchside {

QString symbologyName(Symbology symbology)
{
    switch (symbology) {
    case Symbology::Code128:
        return QStringLiteral("Code128");
    case Symbology::DataMatrix:
        return QStringLiteral("DataMatrix");
    case Symbology::QRCode:
        return QStringLiteral("QRCode");
    }
    return {};
}

std::optional<Symbology> parseSymbology(const QString &name)
{
    for (Symbology s : {Symbology::Code128, Symbology::DataMatrix, Symbology::QRCode}) {
        if (name.compare(symbologyName(s), Qt::CaseInsensitive) == 0)
            return s;
    }
    return std::nullopt;
}

} // namespace benchside
