// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "hl7/hl7escape.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace benchside {

// One HL7 v2 message in ER7 (pipe) encoding, as received: the bytes of one MLLP frame, decoded by the
// character set MSH-18 declares. Fields are kept as written (escaped), so that an unchanged message
// encodes back to the same text; values are unescaped when read. Field numbers are the standard's:
// MSH-1 is the field separator itself, MSH-2 the encoding characters, MSH-3 the sending application.
class Hl7Message
{
    Q_DECLARE_TR_FUNCTIONS(Hl7Message)

public:
    struct Segment
    {
        QString name;
        QStringList fields; // fields[n] is field n (fields[0] is the name), escaped as written
    };

    // Segments end with CR; a message with no CR at all may use LF or CR LF. Empty segments are
    // ignored. Refused: no MSH at the start, an MSH too short to carry its delimiters.
    static Result<Hl7Message> parse(const QByteArray &bytes);

    // The segments, each ended by CR (the separator on the wire, whatever came in).
    QString encode() const;
    // The same in the message's character set.
    QByteArray encodeBytes() const;

    const Hl7Delimiters &delimiters() const { return m_delimiters; }
    const QList<Segment> &segments() const { return m_segments; }
    // The index of the `occurrence`-th (0-based) segment named `name`, or -1.
    int find(const QString &name, int occurrence = 0) const;
    // Field `field` of segment `segment`, as written (escaped); "" when absent.
    QString rawField(int segment, int field) const;
    // A value, unescaped: repetition (0-based) of the field, then component and subcomponent (1-based;
    // 0 for the whole). Absent parts are "". The HL7 null `""` is returned as written.
    QString value(int segment, int field, int component = 0, int subcomponent = 0, int repetition = 0) const;
    QString value(const QString &segmentName, int field, int component = 0, int subcomponent = 0) const;
    // A hierarchic designator (HD: namespace ID, universal ID, its type) as one identifier, so that
    // two senders who name themselves by OID alone (`^2.16.840…^ISO`) stay apart: the components,
    // trimmed, without the empty ones at the end, joined by "^" whatever the message's delimiter.
    QString designator(int segment, int field) const;

    // "UTF-8" or "ISO-8859-1": what the text was decoded as.
    QString charset() const { return m_charset; }
    // What a person should know about the decoding (a declared charset the bytes do not fit).
    const QStringList &warnings() const { return m_warnings; }

private:
    Hl7Delimiters m_delimiters;
    QList<Segment> m_segments;
    QString m_charset;
    QStringList m_warnings;
};

} // namespace benchside
