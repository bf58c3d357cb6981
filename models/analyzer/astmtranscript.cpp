// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/astmtranscript.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace benchside {

namespace {
const char *controlName(char c)
{
    switch (c) {
    case 0x02:
        return "<STX>";
    case 0x03:
        return "<ETX>";
    case 0x04:
        return "<EOT>";
    case 0x05:
        return "<ENQ>";
    case 0x06:
        return "<ACK>";
    case 0x0A:
        return "<LF>";
    case 0x0D:
        return "<CR>";
    case 0x15:
        return "<NAK>";
    case 0x17:
        return "<ETB>";
    default:
        return nullptr;
    }
}
} // namespace

AstmTranscript::AstmTranscript(QString directory, int keepDays)
    : m_directory(std::move(directory)), m_keepDays(keepDays)
{}

QString AstmTranscript::fileFor(const QString &analyzer, const QDate &day) const
{
    return QDir(m_directory).filePath(QStringLiteral("%1-%2.txt").arg(analyzer, day.toString(Qt::ISODate)));
}

QString AstmTranscript::line(const QByteArray &bytes, bool inbound, const QDateTime &at)
{
    QString text = at.toString(QStringLiteral("HH:mm:ss.zzz")) +
                   (inbound ? QStringLiteral(" <- ") : QStringLiteral(" -> "));
    for (const char c : bytes) {
        if (const char *name = controlName(c))
            text += QLatin1String(name);
        else if (uchar(c) < 0x20 || c == 0x7F)
            text += QStringLiteral("<%1>").arg(uchar(c), 2, 16, QLatin1Char('0'));
        else
            text += QLatin1Char(c); // Latin-1 shows every byte as one character
    }
    return text + QLatin1Char('\n');
}

Status AstmTranscript::append(const QString &analyzer, const QByteArray &bytes, bool inbound,
                              const QDateTime &at)
{
    if (m_keepDays <= 0 || bytes.isEmpty())
        return {};
    QDir().mkpath(m_directory);
    QFile f(fileFor(analyzer, at.date()));
    if (!f.open(QIODevice::Append | QIODevice::Text) || f.write(line(bytes, inbound, at).toLatin1()) < 0)
        return Status::failure(
            tr("The transcript %1 cannot be written: %2").arg(f.fileName(), f.errorString()));
    return {};
}

int AstmTranscript::prune(const QDate &today) const
{
    static const QRegularExpression dated(QStringLiteral("-(\\d{4}-\\d{2}-\\d{2})\\.txt$"));
    int removed = 0;
    const QDate oldest = today.addDays(-(m_keepDays - 1));
    for (const QString &name : QDir(m_directory).entryList({QStringLiteral("*.txt")}, QDir::Files)) {
        const QRegularExpressionMatch m = dated.match(name);
        if (!m.hasMatch())
            continue;
        const QDate day = QDate::fromString(m.captured(1), Qt::ISODate);
        if (day.isValid() && day < oldest && QFile::remove(QDir(m_directory).filePath(name)))
            ++removed;
    }
    return removed;
}

} // namespace benchside
