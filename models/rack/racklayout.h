// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QString>

namespace benchside {

// A rack's wells as rows x columns (8 x 12 for the common 96-well rack). Rows are letters, columns
// numbers: A1 is the top-left well with the rack the right way up.
struct RackLayout
{
    int rows = 8;
    int cols = 12;

    static constexpr int MaxRows = 26; // one letter per row
    static constexpr int MaxCols = 48;

    // "8x12" (also "8X12" or "8×12").
    static Result<RackLayout> parse(const QString &text);
    QString wellName(int row, int col) const;
    int wellCount() const { return rows * cols; }
    QString toString() const;
};

} // namespace benchside
