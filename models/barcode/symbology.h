// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <optional>

namespace benchside {

// The barcode symbologies Benchside reads and prints. Tube labels carry Code 128 and Data Matrix;
// QR codes are read because some sending sites print them.
enum class Symbology { Code128, DataMatrix, QRCode };

QString symbologyName(Symbology symbology); // "Code128", "DataMatrix", "QRCode"
std::optional<Symbology> parseSymbology(const QString &name);

} // namespace benchside
