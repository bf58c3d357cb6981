// SPDX-License-Identifier: GPL-3.0-or-later
#include "astm/astmrecord.h"

namespace benchside {

namespace {
QStringList splitOn(const QString &text, QChar separator)
{
    if (separator.isNull())
        return {text};
    return text.split(separator);
}
} // namespace

bool AstmDelimiters::fromHeader(QStringView record, AstmDelimiters *out)
{
    if (record.size() < 2 || record.at(0).toUpper() != QLatin1Char('H'))
        return false;
    AstmDelimiters d;
    d.field = record.at(1);
    if (d.field.isLetterOrNumber() || d.field.isSpace() || d.field.isNull())
        return false;
    // H-2 runs to the next field delimiter; its characters are repeat, component and escape.
    QChar *const rest[] = {&d.repeat, &d.component, &d.escape};
    qsizetype at = 2;
    for (QChar *c : rest) {
        *c = (at < record.size() && record.at(at) != d.field) ? record.at(at) : QChar();
        if (!c->isNull())
            ++at;
    }
    *out = d;
    return true;
}

QString AstmDelimiters::headerField() const
{
    QString out;
    for (const QChar c : {repeat, component, escape}) {
        if (!c.isNull())
            out += c;
    }
    return out;
}

AstmRecord::AstmRecord(const QString &text, const AstmDelimiters &delimiters)
    : m_text(text), m_delimiters(delimiters), m_fields(splitOn(text, delimiters.field))
{}

QChar AstmRecord::type() const
{
    const QString first = m_fields.value(0).trimmed();
    return first.isEmpty() ? QChar() : first.at(0).toUpper();
}

QString AstmRecord::rawField(int n) const
{
    return n >= 1 ? m_fields.value(n - 1) : QString();
}

QString AstmRecord::field(int n) const
{
    // H-2 is the delimiters themselves.
    if (n == 2 && type() == QLatin1Char('H'))
        return rawField(n);
    return decode(rawField(n), m_delimiters);
}

QStringList AstmRecord::repeats(int n) const
{
    return splitOn(rawField(n), m_delimiters.repeat);
}

QStringList AstmRecord::components(int n, int repeat) const
{
    QStringList parts = splitOn(repeats(n).value(repeat), m_delimiters.component);
    for (QString &part : parts)
        part = decode(part, m_delimiters);
    return parts;
}

QString AstmRecord::component(int n, int c, int repeat) const
{
    return c >= 1 ? components(n, repeat).value(c - 1) : QString();
}

QString AstmRecord::decode(QStringView raw, const AstmDelimiters &d)
{
    if (d.escape.isNull() || !raw.contains(d.escape))
        return raw.toString();
    QString out;
    out.reserve(raw.size());
    qsizetype at = 0;
    while (at < raw.size()) {
        const qsizetype open = raw.indexOf(d.escape, at);
        const qsizetype close = open < 0 ? -1 : raw.indexOf(d.escape, open + 1);
        if (close < 0) {
            out += raw.sliced(at);
            break;
        }
        out += raw.sliced(at, open - at);
        QChar meant;
        if (close == open + 2) {
            const QChar code = raw.at(open + 1);
            if (code == QLatin1Char('F'))
                meant = d.field;
            else if (code == QLatin1Char('S'))
                meant = d.component;
            else if (code == QLatin1Char('R'))
                meant = d.repeat;
            else if (code == QLatin1Char('E'))
                meant = d.escape;
        }
        if (meant.isNull())
            out += raw.sliced(open, close + 1 - open);
        else
            out += meant;
        at = close + 1;
    }
    return out;
}

} // namespace benchside
