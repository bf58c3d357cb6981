// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "result/resultspec.h"

#include <QCoreApplication>
#include <optional>

namespace benchside {

// A value as the journal records it: the canonical text, the number for numeric tests, the unit.
struct ResultValue
{
    QString text;
    std::optional<double> number;
    QString unit;
};

// Turns what a technician typed into a value that fits the test, or says why it does not: not a
// number for a numeric test, a unit other than the test's, a code the test does not list.
class ValueParser
{
    Q_DECLARE_TR_FUNCTIONS(ValueParser)

public:
    // `unit` empty means "the test's unit". Codes match case-insensitively and are stored in the
    // catalogue's spelling; units accept keyboard spellings (umol/L for µmol/L, x10^9/L for ×10⁹/L).
    static Result<ResultValue> parse(const ResultSpec &spec, const QString &raw, const QString &unit = {});

    static bool sameUnit(const QString &a, const QString &b);
};

} // namespace benchside
