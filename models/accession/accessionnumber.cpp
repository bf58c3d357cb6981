// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessionnumber.h"

#include <QCoreApplication>

namespace benchside {

namespace {
constexpr int Modulus = 36;
const QString Alphabet = QStringLiteral("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

int valueOf(QChar c)
{
    if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
        return c.unicode() - '0';
    if (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
        return c.unicode() - 'A' + 10;
    return -1;
}
} // namespace

bool AccessionNumber::isAlphabet(QChar c)
{
    return valueOf(c) >= 0;
}

// ISO 7064 hybrid system MOD 37,36 (M = 36): P starts at M; for each character S = (P + value) mod M,
// with 0 read as M, and P = 2S mod (M + 1). The check character c makes (P + c) mod M == 1.
QChar AccessionNumber::checkCharacter(const QString &body)
{
    int p = Modulus;
    for (QChar ch : body) {
        int s = (p + valueOf(ch)) % Modulus;
        if (s == 0)
            s = Modulus;
        p = (2 * s) % (Modulus + 1);
    }
    const int check = (Modulus + 1 - p) % Modulus;
    return Alphabet.at(check);
}

QString AccessionNumber::compose(const QString &prefix, int year, qint64 sequence)
{
    const QString body = prefix + QStringLiteral("%1").arg(year % 100, 2, 10, QLatin1Char('0')) +
                         QStringLiteral("%1").arg(sequence, 6, 10, QLatin1Char('0'));
    return body + checkCharacter(body);
}

AccessionNumber::Problem AccessionNumber::validate(const QString &code)
{
    if (code.isEmpty())
        return Problem::Empty;
    for (QChar c : code) {
        if (!isAlphabet(c))
            return Problem::BadCharacters;
    }
    if (code.size() < MinLength || code.size() > MaxLength)
        return Problem::TooShort;
    if (checkCharacter(code.left(code.size() - 1)) != code.back())
        return Problem::BadCheckCharacter;
    return Problem::None;
}

QString AccessionNumber::problemText(Problem problem, const QString &code)
{
    switch (problem) {
    case Problem::None:
        return {};
    case Problem::Empty:
        return tr("Nothing was scanned.");
    case Problem::BadCharacters: {
        QString bad;
        for (QChar c : code) {
            if (!isAlphabet(c) && !bad.contains(c))
                bad += c;
        }
        return tr("\"%1\" contains characters that no accession number has (%2). Accession numbers use only "
                  "0-9 and A-Z: if the scanner typed these, its keyboard layout or Caps Lock does not match "
                  "this workstation.")
            .arg(code, bad);
    }
    case Problem::TooShort:
        return tr("\"%1\" is not an accession number: it must be %2 to %3 characters long.")
            .arg(code)
            .arg(MinLength)
            .arg(MaxLength);
    case Problem::BadCheckCharacter:
        return tr("\"%1\" fails its check character: the label was misread or mistyped. Scan it again or "
                  "type it "
                  "carefully.")
            .arg(code);
    }
    return {};
}

} // namespace benchside
