// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

class QAbstractItemModel;
class QIODevice;

class QPagedPaintDevice;

namespace benchside {

// Saves what a table model shows (display role, column titles from headerData) as CSV for a
// spreadsheet or as a PDF to print, e.g. a bench's worklist for a manual bench. The model is
// exported as it is, in its current row order (a proxy's sort and filter included); rows it has
// not fetched yet are fetched first, because a printout that silently stops after the first batch
// is worse than none. Top-level rows only: the tables this serves are flat.
//
// Use it on the model's thread (the GUI thread for models shown in views).
class TableExporter
{
    Q_DECLARE_TR_FUNCTIONS(TableExporter)

public:
    struct CsvOptions
    {
        // Excel and LibreOffice read a CSV without a byte order mark in the system code page,
        // which garbles accents and "µ"; with it they read UTF-8.
        bool byteOrderMark = true;
        // Prefix cells that a spreadsheet would run as a formula (patient names and comments are
        // typed by people; "=HYPERLINK(...)" in one must not become a link on someone's desktop).
        bool guardFormulas = true;
        QChar separator = QLatin1Char(',');
    };

    explicit TableExporter(QAbstractItemModel &model);

    // Which model columns, in which order; all columns when empty.
    void setColumns(const QList<int> &columns) { m_columns = columns; }
    // PDF only: the first line of the first page and the running head of the others.
    void setTitle(const QString &title) { m_title = title; }
    void setPrintedBy(const QString &user) { m_printedBy = user; }
    void setPrintedAt(const QDateTime &at) { m_printedAt = at; }

    Status writeCsv(const QString &path, const CsvOptions &options) const;
    Status writeCsv(const QString &path) const { return writeCsv(path, CsvOptions()); }
    Status writeCsv(QIODevice &device, const CsvOptions &options) const;
    // Returns the number of pages written.
    Result<int> writePdf(const QString &path) const;
    // The same pages on a device the caller set up (a QPrinter after its dialog); returns their count.
    Result<int> print(QPagedPaintDevice &device) const;

    // One CSV field: guarded against formula injection when asked, then quoted per RFC 4180.
    static QString csvField(const QString &text, const CsvOptions &options);
    static bool looksLikeFormula(const QString &text);
    // Fetches until the model has no more to give; fails if a model promises more rows but
    // does not deliver them (an asynchronous fetch), rather than exporting part of the table.
    static Status fetchAll(QAbstractItemModel &model);

private:
    Result<int> paint(QPagedPaintDevice &device, int dpi) const;
    QList<int> columns() const;
    QString header(int column) const;
    QString cell(int row, int column) const;
    QString printedLine() const;

    QAbstractItemModel &m_model;
    QList<int> m_columns;
    QString m_title;
    QString m_printedBy;
    QDateTime m_printedAt;
};

} // namespace benchside
