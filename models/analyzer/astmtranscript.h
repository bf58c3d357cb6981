// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QString>

namespace benchside {

// The raw bytes of each analyzer's line, both ways, one text file per analyzer and day beside the
// station database (transcripts/NAME-YYYY-MM-DD.txt), kept for a number of days: what support staff
// read when an analyzer misbehaves. Control bytes are written by name (<STX>, <ETX>, <ACK> …), so a
// file reads like the standard's examples. Not journaled: it records the line, not the laboratory.
class AstmTranscript
{
    Q_DECLARE_TR_FUNCTIONS(AstmTranscript)

public:
    AstmTranscript(QString directory, int keepDays);

    // A transcript that cannot be written costs support a day's record, never a result: the caller
    // logs the failure and the line goes on.
    Status append(const QString &analyzer, const QByteArray &bytes, bool inbound, const QDateTime &at);
    // Removes the days older than the number kept; returns how many files went.
    int prune(const QDate &today) const;

    QString fileFor(const QString &analyzer, const QDate &day) const;
    // One line as written to the file: time, direction and the bytes with control bytes named.
    static QString line(const QByteArray &bytes, bool inbound, const QDateTime &at);

private:
    QString m_directory;
    int m_keepDays;
};

} // namespace benchside
