// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QString>

namespace benchside {

// The specimen IDs an analyzer gives one level of a control lot: `QC-GLU-L1-*`, `CTRL?1`. '*' stands
// for any run of characters, '?' for any one; everything else is literal and case-insensitive,
// since analyzers print IDs in whichever case their keyboard had.
struct QcPattern
{
    Q_DECLARE_TR_FUNCTIONS(QcPattern)

public:
    QString testCode;
    QString lot;
    int level = 0;
    QString pattern;

    bool matches(const QString &specimenId) const;
    // A pattern that matches everything, or nothing a label could hold, is refused.
    static Status validate(const QString &pattern);
};

} // namespace benchside
