// SPDX-License-Identifier: GPL-3.0-or-later
#include "astm/astmencoder.h"

#include <algorithm>

namespace benchside {

AstmEncoder::AstmEncoder(AstmProfile profile, const AstmDelimiters &delimiters, Charset charset)
    : m_profile(profile), m_delimiters(delimiters), m_charset(charset)
{}

QString AstmEncoder::escape(QStringView value) const
{
    const AstmDelimiters &d = m_delimiters;
    const auto sequence = [&](char code) {
        return QString(d.escape) + QLatin1Char(code) + d.escape;
    };
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        const bool delimiter = c == d.field || c == d.component || c == d.repeat;
        // Without an escape character a delimiter in the data cannot be written at all.
        if (c.unicode() < 0x20 || c.unicode() == 0x7F || (d.escape.isNull() && delimiter))
            out += QLatin1Char(' ');
        else if (d.escape.isNull())
            out += c;
        else if (c == d.escape)
            out += sequence('E');
        else if (c == d.field)
            out += sequence('F');
        else if (c == d.component)
            out += sequence('S');
        else if (c == d.repeat)
            out += sequence('R');
        else
            out += c;
    }
    return out;
}

QString AstmEncoder::components(const QStringList &parts) const
{
    QStringList escaped;
    for (const QString &part : parts)
        escaped.append(escape(part));
    return escaped.join(m_delimiters.component);
}

QString AstmEncoder::testId(const QString &code) const
{
    const int at = m_profile == AstmProfile::Sysmex ? 5 : 4;
    QStringList parts(at - 1);
    parts.append(code);
    return components(parts);
}

QByteArray AstmEncoder::record(QChar type, const QStringList &fields) const
{
    QStringList all = fields;
    while (!all.isEmpty() && all.last().isEmpty())
        all.removeLast();
    all.prepend(QString(type));
    return bytes(all.join(m_delimiters.field));
}

QByteArray AstmEncoder::header(const QString &sender, const QString &receiver, const QDateTime &at) const
{
    // H-2 is the delimiters themselves, written as they are.
    QStringList fields(13);
    fields[0] = m_delimiters.headerField();
    fields[3] = escape(sender);
    fields[8] = escape(receiver);
    fields[10] = QStringLiteral("P");
    fields[11] = QStringLiteral("LIS2-A2");
    fields[12] = at.toString(QStringLiteral("yyyyMMddHHmmss"));
    return record(QLatin1Char('H'), fields);
}

QByteArray AstmEncoder::patient(int sequence, const QString &patientId) const
{
    return record(QLatin1Char('P'), {QString::number(sequence), escape(patientId)});
}

QByteArray AstmEncoder::order(int sequence, const QString &specimenId, const QStringList &testCodes,
                              const QString &priority, QChar reportType) const
{
    QStringList tests;
    for (const QString &code : testCodes)
        tests.append(testId(code));
    QStringList fields(25);
    fields[0] = QString::number(sequence);
    fields[1] = escape(specimenId);
    fields[3] = tests.join(m_delimiters.repeat);
    fields[4] = escape(priority);
    // O-12 action code N: a new request the instrument is to run.
    if (!testCodes.isEmpty())
        fields[10] = QStringLiteral("N");
    fields[24] = QString(reportType);
    return record(QLatin1Char('O'), fields);
}

QByteArray AstmEncoder::terminator(QChar code) const
{
    return record(QLatin1Char('L'), {QStringLiteral("1"), QString(code)});
}

QList<QByteArray> AstmEncoder::answer(const QString &sender, const QString &receiver, const QDateTime &at,
                                      const QList<AstmQueryAnswer> &specimens) const
{
    QList<QByteArray> out{header(sender, receiver, at)};
    const bool anyKnown =
        std::any_of(specimens.cbegin(), specimens.cend(), [](const AstmQueryAnswer &s) { return s.known; });
    if (!anyKnown) {
        out.append(terminator(QLatin1Char('I')));
        return out;
    }
    int sequence = 0;
    for (const AstmQueryAnswer &s : specimens) {
        ++sequence;
        const QChar type = !s.known                ? QLatin1Char('Z')
                           : s.testCodes.isEmpty() ? QLatin1Char('Y')
                                                   : QLatin1Char('Q');
        out.append(patient(sequence, s.patientId));
        out.append(order(1, s.specimenId, s.testCodes, s.priority, type));
    }
    out.append(terminator());
    return out;
}

QByteArray AstmEncoder::bytes(const QString &text) const
{
    return m_charset == Charset::Utf8 ? text.toUtf8() : text.toLatin1();
}

} // namespace benchside
