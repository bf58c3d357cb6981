// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/barcodesymbol.h"
#include "core/result.h"
#include "label/labelformat.h"
#include "label/tubelabel.h"

#include <QCoreApplication>
#include <QList>
#include <QRect>

namespace benchside {

// Where everything on one tube label goes, in dots of the label's resolution. The painter (PNG,
// PDF, print dialog) and the ZPL writer both place what this says, so a label looks the same
// whichever way it is printed. Bars and modules are whole dots: a thermal head cannot print
// half a dot, and a module that alternates 2 and 3 dots wide does not scan reliably.
class LabelLayout
{
    Q_DECLARE_TR_FUNCTIONS(LabelLayout)

public:
    struct TextField
    {
        QString text;        // unelided: each output elides with its own font metrics
        QRect box;           // the text must stay inside it
        int pixelHeight = 0; // font height in dots
        bool bold = false;
        bool centered = false;
    };

    // Fails with a message when a barcode cannot be printed on the label at its resolution.
    static Result<LabelLayout> compute(const TubeLabel &label, const LabelFormat &format);

    const TubeLabel &label() const { return m_label; }
    const LabelFormat &format() const { return m_format; }
    int widthDots() const { return m_width; }
    int heightDots() const { return m_height; }

    const BarcodeSymbol &code128() const { return m_code128; }
    QRect code128Bars() const { return m_code128Bars; }   // the symbol, without quiet zone
    QRect code128Quiet() const { return m_code128Quiet; } // with the quiet zone on both sides
    int code128Module() const { return m_code128Module; }

    const BarcodeSymbol &dataMatrix() const { return m_dataMatrix; }
    QRect dataMatrixSymbol() const { return m_dataMatrixSymbol; }
    QRect dataMatrixQuiet() const { return m_dataMatrixQuiet; }
    int dataMatrixModule() const { return m_dataMatrixModule; }

    const QList<TextField> &texts() const { return m_texts; }

private:
    TubeLabel m_label;
    LabelFormat m_format;
    int m_width = 0, m_height = 0;
    BarcodeSymbol m_code128, m_dataMatrix;
    QRect m_code128Bars, m_code128Quiet, m_dataMatrixSymbol, m_dataMatrixQuiet;
    int m_code128Module = 0, m_dataMatrixModule = 0;
    QList<TextField> m_texts;
};

} // namespace benchside
