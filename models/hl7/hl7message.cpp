// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7message.h"

#include <QStringDecoder>
#include <QStringEncoder>

namespace benchside {

namespace {
QString decodeUtf8(const QByteArray &bytes, bool *ok)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(bytes);
    *ok = !utf8.hasError();
    return text;
}

bool hasNonAscii(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (static_cast<unsigned char>(c) > 0x7F)
            return true;
    }
    return false;
}

// MSH-18 as the first MSH line declares it; the MSH fields before it are ASCII in every charset HL7
// names, so they can be read before the text is decoded.
QByteArray declaredCharset(const QByteArray &bytes)
{
    if (bytes.size() < 4)
        return {};
    const char separator = bytes.at(3);
    qsizetype end = bytes.size();
    for (const char terminator : {'\r', '\n'}) {
        const qsizetype at = bytes.indexOf(terminator);
        if (at >= 0)
            end = std::min(end, at);
    }
    const QList<QByteArray> fields = bytes.left(end).split(separator);
    // fields[0] = "MSH", fields[1] = MSH-2, so MSH-n is fields[n - 1].
    return fields.size() > 17 ? fields.at(17).trimmed() : QByteArray();
}
} // namespace

Result<Hl7Message> Hl7Message::parse(const QByteArray &bytes)
{
    using R = Result<Hl7Message>;
    // MSH, its field separator, one encoding character and the end of MSH-2: the shortest text the
    // encoder can write back, so that what is read here is read again once written (found by
    // fuzzing: an 8-byte message whose empty segments the encoding drops came back as 7 bytes).
    if (!bytes.startsWith("MSH") || bytes.size() < 6)
        return R::failure(tr("Not an HL7 v2 message: it does not start with an MSH segment."));

    Hl7Message m;
    const QByteArray declared = declaredCharset(bytes);
    bool utf8Ok = false;
    const QString asUtf8 = decodeUtf8(bytes, &utf8Ok);
    QString text;
    if (declared == "8859/1") {
        // Senders that declare Latin-1 and write UTF-8 exist (seen in the ZorgDomein messages):
        // bytes that are valid UTF-8 with characters beyond ASCII are read as UTF-8, and said so.
        if (utf8Ok && hasNonAscii(bytes)) {
            text = asUtf8;
            m.m_charset = QStringLiteral("UTF-8");
            m.m_warnings << tr("MSH-18 declares 8859/1 but the text is UTF-8; read as UTF-8.");
        } else {
            text = QString::fromLatin1(bytes);
            m.m_charset = QStringLiteral("ISO-8859-1");
        }
    } else {
        if (!declared.isEmpty() && declared != "UNICODE UTF-8" && declared != "ASCII")
            m.m_warnings << tr("MSH-18 declares the character set %1, which is not supported; read as UTF-8.")
                                .arg(QString::fromLatin1(declared));
        if (declared == "ASCII" && hasNonAscii(bytes))
            m.m_warnings << tr("MSH-18 declares ASCII but the text has other characters.");
        if (utf8Ok) {
            text = asUtf8;
            m.m_charset = QStringLiteral("UTF-8");
        } else {
            text = QString::fromLatin1(bytes);
            m.m_charset = QStringLiteral("ISO-8859-1");
            m.m_warnings << tr("The text is not valid UTF-8; read as ISO 8859-1.");
        }
    }

    const QChar separator = text.at(3);
    // CR ends a segment; only a message without any CR is split on LF (an LF inside a CR-ended
    // segment is content). With CR LF, the LF that follows each CR is part of the terminator.
    const bool crEnds = text.contains(QLatin1Char('\r'));
    // MSH-2 runs to the next field separator or, when the MSH segment has no further field, to the
    // segment's end: the characters of the next segment are not delimiters. A line break as the field
    // separator, or an MSH-2 with no character, declares no delimiters at all. (Each found by fuzzing:
    // the delimiters changed, or the text no longer parsed, once the message was encoded.)
    const bool separatorIsLineBreak = separator == QLatin1Char('\r') || separator == QLatin1Char('\n');
    qsizetype encEnd = text.indexOf(separator, 4);
    const qsizetype mshEnd = text.indexOf(crEnds ? QLatin1Char('\r') : QLatin1Char('\n'), 4);
    if (encEnd >= 0 && mshEnd >= 0)
        encEnd = std::min(encEnd, mshEnd);
    if (encEnd <= 4 || separatorIsLineBreak)
        return R::failure(tr("The MSH segment has no encoding characters (MSH-2)."));
    // Each delimiter must be a character of its own: a NUL, a line break, the field separator or a
    // repeated one cannot be told from the others, and would not survive being written back (found
    // by fuzzing: 37 NULs before `^~\&` gave an ACK with no MSH-2).
    const QString encoding = text.mid(4, encEnd - 4);
    QString seen(separator);
    for (const QChar c : QStringView(encoding).left(4)) {
        if (c.isNull() || c == QLatin1Char('\r') || c == QLatin1Char('\n') || seen.contains(c))
            return R::failure(tr("The encoding characters (MSH-2) must be different characters, none of them "
                                 "the field separator or a line break."));
        seen += c;
    }
    m.m_delimiters = Hl7Delimiters::fromMsh(separator, encoding);

    QStringList lines;
    if (crEnds) {
        const bool crlf = text.count(QStringLiteral("\r\n")) == text.count(QLatin1Char('\r'));
        lines = text.split(crlf ? QStringLiteral("\r\n") : QStringLiteral("\r"));
    } else {
        lines = text.split(QLatin1Char('\n'));
    }
    for (const QString &line : std::as_const(lines)) {
        if (line.isEmpty())
            continue;
        Segment s;
        if (line.startsWith(QLatin1String("MSH")) && line.size() > 3 && line.at(3) == separator) {
            s.fields = line.mid(4).split(separator);
            s.fields.prepend(QString(separator));
            s.fields.prepend(QStringLiteral("MSH"));
        } else {
            s.fields = line.split(separator);
        }
        s.name = s.fields.first();
        m.m_segments << s;
    }
    return m;
}

QString Hl7Message::encode() const
{
    QString out;
    const QString separator = m_delimiters.field;
    for (const Segment &s : m_segments) {
        if (s.name == QLatin1String("MSH") && s.fields.size() > 1) {
            out += s.fields.first() + separator + s.fields.mid(2).join(separator);
        } else {
            out += s.fields.join(separator);
        }
        out += QLatin1Char('\r');
    }
    return out;
}

QByteArray Hl7Message::encodeBytes() const
{
    return m_charset == QLatin1String("ISO-8859-1") ? encode().toLatin1() : encode().toUtf8();
}

int Hl7Message::find(const QString &name, int occurrence) const
{
    for (int i = 0; i < m_segments.size(); ++i) {
        if (m_segments.at(i).name == name && occurrence-- == 0)
            return i;
    }
    return -1;
}

QString Hl7Message::rawField(int segment, int field) const
{
    if (segment < 0 || segment >= m_segments.size() || field < 0)
        return {};
    const QStringList &fields = m_segments.at(segment).fields;
    return field < fields.size() ? fields.at(field) : QString();
}

QString Hl7Message::value(int segment, int field, int component, int subcomponent, int repetition) const
{
    QString raw = rawField(segment, field);
    // MSH-1 and MSH-2 are the delimiters themselves: never split or unescaped.
    if (segment >= 0 && segment < m_segments.size() && m_segments.at(segment).name == QLatin1String("MSH") &&
        field <= 2)
        return raw;
    const auto part = [](const QString &text, QChar separator, int index) {
        if (separator.isNull())
            return index == 0 ? text : QString();
        const QStringList parts = text.split(separator);
        return index < parts.size() ? parts.at(index) : QString();
    };
    if (!m_delimiters.repetition.isNull())
        raw = part(raw, m_delimiters.repetition, repetition);
    else if (repetition > 0)
        return {};
    if (component > 0)
        raw = part(raw, m_delimiters.component, component - 1);
    if (subcomponent > 0)
        raw = part(raw, m_delimiters.subcomponent, subcomponent - 1);
    return Hl7Escape::unescape(raw, m_delimiters);
}

QString Hl7Message::value(const QString &segmentName, int field, int component, int subcomponent) const
{
    return value(find(segmentName), field, component, subcomponent);
}

QString Hl7Message::designator(int segment, int field) const
{
    QStringList parts;
    for (int c = 1; c <= 3; ++c)
        parts << value(segment, field, c).trimmed();
    while (!parts.isEmpty() && parts.last().isEmpty())
        parts.removeLast();
    return parts.join(QLatin1Char('^'));
}

} // namespace benchside
