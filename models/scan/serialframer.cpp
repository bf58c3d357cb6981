// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/serialframer.h"

#include <QCoreApplication>
#include <algorithm>

namespace benchside {

namespace {
constexpr int PreviewLength = 24;

bool isNoise(char byte)
{
    return byte == '\r' || byte == '\n' || byte == '\0';
}

// Latin-1 printable: C0 controls, DEL and the C1 controls are not.
bool isPrintable(char byte)
{
    const auto b = static_cast<unsigned char>(byte);
    return b >= 0x20 && b != 0x7F && (b < 0x80 || b > 0x9F);
}

// What the scanner sent, readable in a message: control bytes spelled out instead of garbling the text.
QString shown(QByteArrayView bytes)
{
    QString out;
    for (char byte : bytes) {
        const auto b = static_cast<unsigned char>(byte);
        if (isPrintable(byte))
            out += QChar(char16_t(b));
        else if (byte == '\r')
            out += QLatin1String("<CR>");
        else if (byte == '\n')
            out += QLatin1String("<LF>");
        else if (byte == '\t')
            out += QLatin1String("<Tab>");
        else if (byte == '\0')
            out += QLatin1String("<NUL>");
        else
            out += QStringLiteral("<0x%1>").arg(QString::number(b, 16).toUpper().rightJustified(2, u'0'));
    }
    return out;
}

QString suffixShown(SerialFramer::Suffix suffix)
{
    switch (suffix) {
    case SerialFramer::Suffix::Cr:
        return QStringLiteral("CR");
    case SerialFramer::Suffix::Lf:
        return QStringLiteral("LF");
    case SerialFramer::Suffix::CrLf:
        return QStringLiteral("CR LF");
    case SerialFramer::Suffix::Tab:
        return QStringLiteral("Tab");
    case SerialFramer::Suffix::None:
        return SerialFramer::tr("none");
    }
    return {};
}
} // namespace

SerialFramer::SerialFramer(Suffix suffix, int maxLength) : m_suffix(suffix), m_maxLength(qMax(1, maxLength))
{}

QList<SerialFramer::Frame> SerialFramer::feed(QByteArrayView bytes)
{
    QList<Frame> out;
    for (char byte : bytes)
        takeByte(byte, out);
    return out;
}

void SerialFramer::takeByte(char byte, QList<Frame> &out)
{
    // CR LF ends on its LF; a lone LF is accepted too, as a CR LF scanner never sends one inside a code.
    const bool ends = (m_suffix == Suffix::Cr && byte == '\r') ||
                      ((m_suffix == Suffix::Lf || m_suffix == Suffix::CrLf) && byte == '\n') ||
                      (m_suffix == Suffix::Tab && byte == '\t');
    if (m_discarding) {
        if (ends)
            m_discarding = false;
        return;
    }
    if (ends) {
        endCode(out);
        return;
    }
    if (m_buffer.isEmpty() && isNoise(byte))
        return;
    if (!isNoise(byte) && m_buffer.size() >= m_maxLength) {
        const QString start = shown(m_buffer.left(PreviewLength));
        out << Frame::problem(
            m_suffix == Suffix::None
                ? tr("The serial scanner sent more than %1 characters without a pause, starting \"%2…\"; "
                     "they were discarded. Check the scanner's settings and scan again.")
                      .arg(m_maxLength)
                      .arg(start)
                : tr("The serial scanner sent more than %1 characters without its suffix (%2), starting "
                     "\"%3…\"; they were discarded. Check the scanner's suffix setting and scan again.")
                      .arg(m_maxLength)
                      .arg(suffixShown(m_suffix), start));
        m_buffer.clear();
        // The rest of the line is no code either: a tail passed on would be read as a tube of its own.
        m_discarding = true;
        return;
    }
    m_buffer += byte;
}

void SerialFramer::endCode(QList<Frame> &out)
{
    QByteArrayView code(m_buffer);
    while (!code.isEmpty() && isNoise(code.back()))
        code.chop(1);
    if (!code.isEmpty()) {
        if (std::all_of(code.begin(), code.end(), isPrintable)) {
            out << Frame::code(QString::fromLatin1(code));
        } else {
            out << Frame::problem(tr("The serial scanner sent \"%1\", which holds characters that cannot be "
                                     "printed, so it was not used. Scan the tube again; if it happens "
                                     "again, check the scanner's settings.")
                                      .arg(shown(code)));
        }
    }
    m_buffer.clear();
}

QList<SerialFramer::Frame> SerialFramer::flush()
{
    QList<Frame> out;
    if (m_discarding) {
        m_discarding = false; // already reported when it became over-long
        return out;
    }
    if (m_suffix == Suffix::None) {
        endCode(out);
        return out;
    }
    QByteArrayView held(m_buffer);
    while (!held.isEmpty() && isNoise(held.back()))
        held.chop(1);
    if (!held.isEmpty()) {
        out << Frame::problem(
            tr("The serial scanner sent \"%1\" without its suffix (%2), so it was not used. "
               "Check the scanner's suffix setting and scan again.")
                .arg(shown(held), suffixShown(m_suffix)));
    }
    m_buffer.clear();
    return out;
}

void SerialFramer::reset()
{
    m_buffer.clear();
    m_discarding = false;
}

std::optional<SerialFramer::Suffix> SerialFramer::parseSuffix(const QString &name)
{
    for (Suffix s : {Suffix::Cr, Suffix::Lf, Suffix::CrLf, Suffix::Tab, Suffix::None}) {
        if (suffixName(s) == name)
            return s;
    }
    return std::nullopt;
}

QString SerialFramer::suffixName(Suffix suffix)
{
    switch (suffix) {
    case Suffix::Cr:
        return QStringLiteral("cr");
    case Suffix::Lf:
        return QStringLiteral("lf");
    case Suffix::CrLf:
        return QStringLiteral("crlf");
    case Suffix::Tab:
        return QStringLiteral("tab");
    case Suffix::None:
        return QStringLiteral("none");
    }
    return {};
}

} // namespace benchside
