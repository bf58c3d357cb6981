// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QChar>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace benchside {

// The delimiters an ASTM E1394 message declares in its H record: `H|\^&` gives field `|`, repeat
// `\`, component `^` and escape `&` (GeneXpert writes `H|@^\`). Never assumed: a missing one is a
// null QChar and simply not special.
struct AstmDelimiters
{
    QChar field = QLatin1Char('|');
    QChar repeat = QLatin1Char('\\');
    QChar component = QLatin1Char('^');
    QChar escape = QLatin1Char('&');

    // From an H record's first characters; false when the text is no H record with a field delimiter.
    static bool fromHeader(QStringView record, AstmDelimiters *out);
    // The H-2 field as the H record writes it (without the field delimiter).
    QString headerField() const;
};

// One E1394 record (a line of the message without its CR), split on the field delimiter. Fields are
// numbered as the standard numbers them: field 1 is the record type, so R-3 is the test ID and R-4
// the value. Fields are kept as written; components and repeats are cut before escapes are decoded,
// so that an escaped delimiter stays data.
class AstmRecord
{
public:
    AstmRecord() = default;
    AstmRecord(const QString &text, const AstmDelimiters &delimiters);

    // The record type in upper case ('H', 'P', 'O', 'R', 'C', 'Q', 'M', 'L' …); null for an empty one.
    QChar type() const;
    const QString &text() const { return m_text; }
    int fieldCount() const { return int(m_fields.size()); }

    // Field n as written; "" when absent.
    QString rawField(int n) const;
    // Field n, escapes decoded (delimiters inside it left as they are).
    QString field(int n) const;
    // The repeats of field n, as written.
    QStringList repeats(int n) const;
    // The components of field n (of its repeat `repeat`), escapes decoded.
    QStringList components(int n, int repeat = 0) const;
    // Component c (1-based) of field n, escapes decoded; "" when absent.
    QString component(int n, int c, int repeat = 0) const;

    // E1394 escapes: &F& &S& &R& &E& (written with the message's escape character) stand for the
    // delimiters. Anything else between two escape characters is kept as written.
    static QString decode(QStringView raw, const AstmDelimiters &d);

private:
    QString m_text;
    AstmDelimiters m_delimiters;
    QStringList m_fields; // m_fields[n - 1] is field n
};

} // namespace benchside
