// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "label/labelformat.h"
#include "label/labellayout.h"
#include "label/tubelabel.h"

#include <QByteArray>

namespace benchside {

// ZPL II for Zebra-compatible thermal printers, placed where LabelLayout says at the printer's
// resolution. The stream is pure ASCII: text fields go through ^FH with every byte that is not
// plain printable ASCII (and ^ ~ _ themselves) as a _XX hex escape, so nothing in a patient's
// name can end a field or start a command, and ^CI28 makes the printer read the bytes as UTF-8.
class ZplWriter
{
public:
    // One ^XA…^XZ format per label.
    static Result<QByteArray> write(const QList<TubeLabel> &labels, const LabelFormat &format);
    // Fails for a rectangular Data Matrix, which ZPL's ^BX cannot print.
    static Result<QByteArray> write(const LabelLayout &layout);

    // Field data for ^FH: printable ASCII as is, anything else as _XX per UTF-8 byte.
    static QByteArray hexEscaped(const QString &text);
    // Code 128 field data for ^BC in mode N with explicit subset changes (>: start B, >; start C,
    // >5 to C, >6 to B), so the printer encodes exactly what we measured.
    static QByteArray code128Data(const QString &text);
    // Modules of that symbol, without quiet zone: 11 per symbol character, start and check
    // character, 13 for the stop pattern.
    static int code128Modules(const QByteArray &data);
    // The printer's font metrics are not known here: text is shortened to fit its box by a
    // generous estimate of each character's advance, as a share of the font height.
    static double estimatedAdvance(QChar c);
    static QString fitted(const QString &text, int height, int width);
};

} // namespace benchside
