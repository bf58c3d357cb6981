// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

namespace benchside {

// Accession numbers: station prefix + two-digit year + sequence + one ISO 7064 MOD 37,36
// check character. The hybrid MOD 37,36 system keeps the check character inside 0-9/A-Z,
// so every accession number is scannable and typeable with the same 36-character alphabet.
class AccessionNumber
{
    Q_DECLARE_TR_FUNCTIONS(AccessionNumber)

public:
    enum class Problem { None, Empty, BadCharacters, TooShort, BadCheckCharacter };

    static QChar checkCharacter(const QString &body);
    static QString compose(const QString &prefix, int year, qint64 sequence);
    static Problem validate(const QString &code);
    static bool isAlphabet(QChar c);
    static QString problemText(Problem problem, const QString &code);

    // The shortest accepted number: a one-letter prefix, two-digit year, one digit and the check character.
    static constexpr int MinLength = 5;
    static constexpr int MaxLength = 20;
};

} // namespace benchside
