// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QChar>
#include <QString>

namespace benchside {

// The separators a message declares in MSH-1 and MSH-2 (never assumed). A missing one (MSH-2 shorter
// than four characters, as some senders write it) is a null QChar and is simply not special.
struct Hl7Delimiters
{
    QChar field = QLatin1Char('|');
    QChar component = QLatin1Char('^');
    QChar repetition = QLatin1Char('~');
    QChar escape = QLatin1Char('\\');
    QChar subcomponent = QLatin1Char('&');

    // From MSH-1 (the character after "MSH") and MSH-2, by position.
    static Hl7Delimiters fromMsh(QChar fieldSeparator, const QString &encodingCharacters);
    QString encodingCharacters() const;
};

// HL7 v2 escape sequences in text: \F\ \S\ \T\ \R\ \E\ stand for the delimiters, \Xhh…\ for bytes
// (several hex pairs; read as UTF-8 when they are valid UTF-8, else one character per byte), and
// \.br\ for a line break. Formatting (\H\, \N\, \.sp\ …) and anything unknown stays as written, as
// does an escape character without its closing one.
class Hl7Escape
{
public:
    static QString unescape(const QString &raw, const Hl7Delimiters &d);
    // The reverse for a value: delimiters and the escape character escaped, a line break as \.br\,
    // a lone CR as \X0D\.
    static QString escape(const QString &value, const Hl7Delimiters &d);
};

} // namespace benchside
