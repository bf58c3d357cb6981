// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "qc/qcanalyzermapping.h"
#include "qc/qclot.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>

namespace benchside {

// Reads an analyzer's QC export (docs/qc-import.md) into runs, with its analyzer's column mapping.
// UTF-8 with or without a byte-order mark; CRLF, LF or CR line ends; fields separated by ';', tab
// or ',' (whichever the header line uses most); RFC 4180 quoting (a quoted field may hold the
// separator, a doubled quote or a line break). A header line names the columns.
//
// Decimal commas: in a file separated by ';' or tabs, a value column that holds any comma is read
// with decimal commas, and a value with a point in such a file is refused as ambiguous (1.234 may
// be a thousand and more); otherwise the decimal mark is a point. Numbers never have thousands
// separators or units.
//
// Rows of one test with the same run (the run column, or the same time when there is none) make
// one run. A row that cannot be read is reported with its line number and why; the others are kept.
class QcCsvImporter
{
    Q_DECLARE_TR_FUNCTIONS(QcCsvImporter)

public:
    struct BadRow
    {
        int line = 0;
        QString reason;
    };
    struct Parsed
    {
        QList<QcRunDraft> runs; // in time order
        QList<BadRow> bad;
        int rows = 0; // data rows read, good and bad (blank lines do not count)
        QChar separator;
        bool decimalComma = false;
    };

    // Fails for a file it cannot read at all: empty, not UTF-8, or without a mapped column.
    static Result<Parsed> parse(const QByteArray &data, const QcAnalyzerMapping &mapping);

    // One CSV record as its fields, and the line it starts on. Exposed for tests.
    struct Record
    {
        int line = 0;
        QStringList fields;
        QString error; // a quote left open or text after a closing quote
    };
    static QList<Record> records(const QString &text, QChar separator);
    static QChar detectSeparator(const QString &text);
};

} // namespace benchside
