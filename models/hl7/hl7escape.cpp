// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7escape.h"

#include <QByteArray>
#include <QStringDecoder>

namespace benchside {

Hl7Delimiters Hl7Delimiters::fromMsh(QChar fieldSeparator, const QString &encodingCharacters)
{
    Hl7Delimiters d;
    d.field = fieldSeparator;
    const auto at = [&](int i) {
        return i < encodingCharacters.size() ? encodingCharacters.at(i) : QChar();
    };
    d.component = at(0);
    d.repetition = at(1);
    d.escape = at(2);
    d.subcomponent = at(3);
    return d;
}

QString Hl7Delimiters::encodingCharacters() const
{
    QString s;
    for (const QChar c : {component, repetition, escape, subcomponent}) {
        if (c.isNull())
            break;
        s += c;
    }
    return s;
}

namespace {
// \Xhh…\: the bytes as UTF-8 when they are that, else one character per byte (Latin-1).
QString hexBytes(const QString &hex, bool *ok)
{
    *ok = hex.size() % 2 == 0 && !hex.isEmpty();
    if (!*ok)
        return {};
    const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
    if (bytes.size() * 2 != hex.size()) {
        *ok = false;
        return {};
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(bytes);
    return utf8.hasError() ? QString::fromLatin1(bytes) : text;
}

bool isHex(const QString &s)
{
    for (const QChar c : s) {
        if (!c.isDigit() && !QStringLiteral("abcdefABCDEF").contains(c))
            return false;
    }
    return true;
}
} // namespace

QString Hl7Escape::unescape(const QString &raw, const Hl7Delimiters &d)
{
    if (d.escape.isNull() || !raw.contains(d.escape))
        return raw;
    QString out;
    out.reserve(raw.size());
    qsizetype i = 0;
    while (i < raw.size()) {
        const QChar c = raw.at(i);
        const qsizetype close = c == d.escape ? raw.indexOf(d.escape, i + 1) : -1;
        if (close < 0) {
            out += c;
            ++i;
            continue;
        }
        const QString seq = raw.mid(i + 1, close - i - 1);
        QString replacement;
        bool known = true;
        // A delimiter the message does not declare has no sequence: \T\ with a three-character MSH-2
        // is unknown and kept as written, not read as U+0000.
        const auto delimiter = [&](QChar declared) {
            known = !declared.isNull();
            return known ? QString(declared) : QString();
        };
        if (seq == QLatin1String("F"))
            replacement = delimiter(d.field);
        else if (seq == QLatin1String("S"))
            replacement = delimiter(d.component);
        else if (seq == QLatin1String("T"))
            replacement = delimiter(d.subcomponent);
        else if (seq == QLatin1String("R"))
            replacement = delimiter(d.repetition);
        else if (seq == QLatin1String("E"))
            replacement = d.escape;
        else if (seq == QLatin1String(".br"))
            replacement = QStringLiteral("\n");
        else if (seq.startsWith(QLatin1Char('X')) && isHex(seq.mid(1)))
            replacement = hexBytes(seq.mid(1), &known);
        else
            known = false;
        if (known) {
            out += replacement;
        } else {
            // Formatting (\H\, \N\, \.sp\ …) or unknown: kept as written.
            out += raw.mid(i, close - i + 1);
        }
        i = close + 1;
    }
    return out;
}

QString Hl7Escape::escape(const QString &value, const Hl7Delimiters &d)
{
    if (d.escape.isNull())
        return value;
    const QString e = d.escape;
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (c == d.escape)
            out += e + QLatin1Char('E') + e;
        else if (!d.field.isNull() && c == d.field)
            out += e + QLatin1Char('F') + e;
        else if (!d.component.isNull() && c == d.component)
            out += e + QLatin1Char('S') + e;
        else if (!d.subcomponent.isNull() && c == d.subcomponent)
            out += e + QLatin1Char('T') + e;
        else if (!d.repetition.isNull() && c == d.repetition)
            out += e + QLatin1Char('R') + e;
        else if (c == QLatin1Char('\n'))
            out += e + QStringLiteral(".br") + e;
        else if (c == QLatin1Char('\r'))
            out += e + QStringLiteral("X0D") + e;
        else
            out += c;
    }
    return out;
}

} // namespace benchside
