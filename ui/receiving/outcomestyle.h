// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/scanoutcome.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

namespace benchside {

// How each scan outcome looks and sounds, in one table so the feedback panel and the scan list never
// disagree. Every warning differs from every other in colour, symbol and words, so that a technician
// who sees only the colour from across the bench, or cannot tell red from green, still knows.
struct OutcomeStyle
{
    Q_DECLARE_TR_FUNCTIONS(OutcomeStyle)

public:
    QColor background;
    QColor foreground;
    QString symbol;   // a large glyph beside the title
    QString title;    // what happened, in two or three words
    QString headline; // what it means for the tube in hand
    bool warning = true;

    static OutcomeStyle of(ScanOutcome::Type type);
    static OutcomeStyle idle();
    // An image that gave no code: nothing reached the scan path.
    static OutcomeStyle imageNotRead();
    // A scan that came while a dialog was open: not used, nothing recorded (decision 68).
    static OutcomeStyle scanRefused();
};

} // namespace benchside
