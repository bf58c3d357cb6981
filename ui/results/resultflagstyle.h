// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result/orderresult.h"

#include <QColor>
#include <QString>

namespace benchside {

// How a result flag looks wherever it is shown: a colour and always a word and a symbol too, so
// that nobody has to tell red from amber to see a critical value.
struct ResultFlagStyle
{
    QColor background;
    QColor foreground;
    QString symbol;
    QString text; // "HH critically high"

    // `code` as the models give it: "", N, L, H, LL, HH, A.
    static ResultFlagStyle of(const QString &code);
    // An order's current result in words: "GLU 1.2 mmol/L — LL Critically low".
    static QString describe(const OrderResult &order);
    bool isPlain() const { return !background.isValid(); }
};

} // namespace benchside
