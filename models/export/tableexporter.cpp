// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/tableexporter.h"

#include <QAbstractItemModel>
#include <QDir>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace benchside {

namespace {
// Resolution of the PDF's coordinate system; fonts are in points, so this only sets how finely
// positions are rounded.
constexpr int Dpi = 300;
constexpr qreal MarginMm = 12;
const QString FontFamily = QStringLiteral("DejaVu Sans");

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

QFont font(qreal points, bool bold = false)
{
    QFont f(FontFamily);
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

// Column widths that fit the page: columns narrower than a fair share keep their natural width,
// the rest split what is left evenly (and are elided), so one long comment column cannot push
// the accession number off the page. A table narrower than the page is widened in proportion.
QList<qreal> fitWidths(const QList<qreal> &natural, qreal available)
{
    const qreal total = std::accumulate(natural.cbegin(), natural.cend(), qreal(0));
    QList<qreal> widths = natural;
    if (natural.isEmpty() || total <= 0)
        return widths;
    if (total <= available) {
        for (qreal &w : widths)
            w *= available / total;
        return widths;
    }
    QList<int> order(natural.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return natural.at(a) < natural.at(b); });
    qreal remaining = available;
    for (qsizetype i = 0; i < order.size(); ++i) {
        const qreal share = remaining / qreal(order.size() - i);
        if (natural.at(order.at(i)) <= share) {
            remaining -= natural.at(order.at(i));
            continue;
        }
        for (qsizetype j = i; j < order.size(); ++j)
            widths[order.at(j)] = share;
        break;
    }
    return widths;
}

// Which rows each page holds, worked out before painting so every page can say "of M".
struct PageSlice
{
    int firstRow = 0;
    int endRow = 0;
    bool countLine = false;
};

QList<PageSlice> paginate(int rows, int firstPageRows, int otherPageRows, int countLineRows)
{
    QList<PageSlice> pages;
    int row = 0;
    for (;;) {
        const int capacity = pages.isEmpty() ? firstPageRows : otherPageRows;
        PageSlice page{row, std::min(rows, row + capacity), false};
        row = page.endRow;
        // A page that starts after the last row takes the count line whatever its size.
        if (row == rows &&
            (page.firstRow == rows || capacity - (page.endRow - page.firstRow) >= countLineRows))
            page.countLine = true;
        pages.append(page);
        if (page.countLine)
            return pages;
    }
}
} // namespace

TableExporter::TableExporter(QAbstractItemModel &model)
    : m_model(model), m_printedAt(QDateTime::currentDateTime())
{}

QList<int> TableExporter::columns() const
{
    if (!m_columns.isEmpty())
        return m_columns;
    QList<int> all(m_model.columnCount());
    std::iota(all.begin(), all.end(), 0);
    return all;
}

QString TableExporter::header(int column) const
{
    return m_model.headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
}

QString TableExporter::cell(int row, int column) const
{
    return m_model.data(m_model.index(row, column), Qt::DisplayRole).toString();
}

QString TableExporter::printedLine() const
{
    const QString at = m_printedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    return m_printedBy.isEmpty() ? tr("printed %1").arg(at) : tr("printed %1 by %2").arg(at, m_printedBy);
}

Status TableExporter::fetchAll(QAbstractItemModel &model)
{
    const QModelIndex root;
    while (model.canFetchMore(root)) {
        const int before = model.rowCount(root);
        model.fetchMore(root);
        if (model.rowCount(root) == before && model.canFetchMore(root))
            return Status::failure(tr("The table is still loading (%1 rows so far), so it was not saved. "
                                      "Try again when the list is complete.")
                                       .arg(before));
    }
    return {};
}

bool TableExporter::looksLikeFormula(const QString &text)
{
    if (text.isEmpty())
        return false;
    static const QString triggers = QStringLiteral("=+-@\t\r");
    if (!triggers.contains(text.front()))
        return false;
    // A signed number is data a spreadsheet should sum, not an attack; anything after the
    // digits ("-1+cmd|...") makes it a formula again.
    static const QRegularExpression number(
        QStringLiteral("^[-+]?(\\d+([.,]\\d*)?|[.,]\\d+)([eE][-+]?\\d+)?$"));
    return !number.match(text).hasMatch();
}

QString TableExporter::csvField(const QString &text, const CsvOptions &options)
{
    QString field = options.guardFormulas && looksLikeFormula(text) ? QLatin1Char('\'') + text : text;
    const bool quote = field.contains(options.separator) || field.contains(QLatin1Char('"')) ||
                       field.contains(QLatin1Char('\n')) || field.contains(QLatin1Char('\r'));
    if (!quote)
        return field;
    field.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + field + QLatin1Char('"');
}

Status TableExporter::writeCsv(QIODevice &device, const CsvOptions &options) const
{
    if (Status fetched = fetchAll(m_model); !fetched)
        return fetched;
    const auto failed = [&] {
        return Status::failure(tr("Cannot write the table: %1").arg(device.errorString()));
    };
    if (options.byteOrderMark && device.write("\xEF\xBB\xBF") != 3)
        return failed();

    const QList<int> cols = columns();
    const auto writeLine = [&](const auto &textOf) {
        QString line;
        for (qsizetype i = 0; i < cols.size(); ++i) {
            if (i > 0)
                line += options.separator;
            line += csvField(textOf(cols.at(i)), options);
        }
        line += QStringLiteral("\r\n"); // RFC 4180 line ends, which every spreadsheet reads
        const QByteArray bytes = line.toUtf8();
        return device.write(bytes) == bytes.size();
    };
    if (!writeLine([&](int column) { return header(column); }))
        return failed();
    const int rows = m_model.rowCount();
    for (int row = 0; row < rows; ++row) {
        if (!writeLine([&](int column) { return cell(row, column); }))
            return failed();
    }
    return {};
}

Status TableExporter::writeCsv(const QString &path, const CsvOptions &options) const
{
    // A save file, so a failure half-way leaves the previous file (or none), not a torn one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::failure(tr("Cannot save %1: %2").arg(nativePath(path), file.errorString()));
    if (Status written = writeCsv(file, options); !written) {
        file.cancelWriting();
        return Status::failure(tr("Cannot save %1: %2").arg(nativePath(path), written.error()));
    }
    if (!file.commit())
        return Status::failure(tr("Cannot save %1: %2").arg(nativePath(path), file.errorString()));
    return {};
}

Result<int> TableExporter::writePdf(const QString &path) const
{
    using R = Result<int>;
    const auto failure = [&](const QString &why) {
        return R::failure(tr("Cannot save %1: %2").arg(nativePath(path), why));
    };
    if (Status fetched = fetchAll(m_model); !fetched)
        return failure(fetched.error());

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failure(file.errorString());

    QPdfWriter writer(&file);
    writer.setResolution(Dpi);
    writer.setTitle(m_title);
    writer.setCreator(QStringLiteral("Benchside"));
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                     QMarginsF(MarginMm, MarginMm, MarginMm, MarginMm),
                                     QPageLayout::Millimeter));
    const Result<int> pages = paint(writer, Dpi);
    if (!pages) {
        file.cancelWriting();
        return failure(pages.error());
    }
    if (!file.commit())
        return failure(file.errorString());
    return pages;
}

Result<int> TableExporter::print(QPagedPaintDevice &device) const
{
    if (Status fetched = fetchAll(m_model); !fetched)
        return Result<int>::failure(tr("Cannot print: %1").arg(fetched.error()));
    const Result<int> pages = paint(device, device.logicalDpiY());
    if (!pages)
        return Result<int>::failure(tr("Cannot print: %1").arg(pages.error()));
    return pages;
}

Result<int> TableExporter::paint(QPagedPaintDevice &writer, int dpi) const
{
    using R = Result<int>;
    QPainter painter;
    if (!painter.begin(&writer))
        return R::failure(tr("the page could not be started"));

    const QRectF paper = writer.pageLayout().paintRectPixels(dpi);
    const QFont titleFont = font(13, true), smallFont = font(7), bodyFont = font(8), headFont = font(8, true);
    const QFontMetricsF titleFm(titleFont, &writer), smallFm(smallFont, &writer), bodyFm(bodyFont, &writer),
        headFm(headFont, &writer);
    const qreal rowHeight = bodyFm.height() * 1.45;
    const qreal pad = bodyFm.height() * 0.3;
    const qreal footerHeight = smallFm.height() * 2;
    const qreal firstBand = titleFm.height() * 1.2 + smallFm.height() * 2;
    const qreal otherBand = smallFm.height() * 2;

    const QList<int> cols = columns();
    const int rows = m_model.rowCount();
    QList<qreal> natural;
    for (int column : cols) {
        qreal w = headFm.horizontalAdvance(header(column));
        for (int row = 0; row < rows; ++row)
            w = std::max(w, bodyFm.horizontalAdvance(cell(row, column).simplified()));
        natural.append(std::ceil(w) + 2 * pad);
    }
    const QList<qreal> widths = fitWidths(natural, paper.width());
    const qreal tableWidth = std::accumulate(widths.cbegin(), widths.cend(), qreal(0));

    const auto rowsIn = [&](qreal band) {
        return std::max(1, int((paper.height() - band - rowHeight - footerHeight) / rowHeight));
    };
    const QList<PageSlice> pages = paginate(rows, rowsIn(firstBand), rowsIn(otherBand), 2);
    const QString pageTitle = m_title.isEmpty() ? tr("Table") : m_title;
    const QColor ink(0x22, 0x22, 0x22), muted(0x55, 0x55, 0x55), rule(0xbb, 0xbb, 0xbb);

    // Elided with the metrics the widths were measured with, so text that was measured to fit is
    // never cut by a rounding difference.
    const auto drawRow = [&](qreal y, const QFontMetricsF &fm, const auto &textOf, const auto &alignmentOf) {
        qreal x = 0;
        for (qsizetype i = 0; i < cols.size(); ++i) {
            const QRectF box(x + pad, y, widths.at(i) - 2 * pad, rowHeight);
            const QString text = fm.elidedText(textOf(cols.at(i)), Qt::ElideRight, box.width());
            painter.drawText(box, int(alignmentOf(cols.at(i))) | Qt::AlignVCenter, text);
            x += widths.at(i);
        }
    };
    const auto alignment = [&](int row, int column) {
        const QVariant a = m_model.data(m_model.index(row, column), Qt::TextAlignmentRole);
        return a.isValid() ? Qt::Alignment(a.toInt()) & Qt::AlignHorizontal_Mask : Qt::AlignLeft;
    };
    // A title sits over its column's values: right-aligned over numbers.
    const auto headerAlignment = [&](int column) {
        const QVariant a = m_model.headerData(column, Qt::Horizontal, Qt::TextAlignmentRole);
        return a.isValid() ? Qt::Alignment(a.toInt()) & Qt::AlignHorizontal_Mask : alignment(0, column);
    };

    for (qsizetype p = 0; p < pages.size(); ++p) {
        if (p > 0 && !writer.newPage()) {
            painter.end();
            return R::failure(tr("a new page could not be started"));
        }
        qreal y = 0;
        painter.setPen(ink);
        if (p == 0) {
            painter.setFont(titleFont);
            painter.drawText(QRectF(0, 0, paper.width(), titleFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                             pageTitle);
            painter.setFont(smallFont);
            painter.setPen(muted);
            painter.drawText(QRectF(0, titleFm.height() * 1.2, paper.width(), smallFm.height()),
                             Qt::AlignLeft | Qt::AlignVCenter, printedLine());
            y = firstBand;
        } else {
            // A loose page still says what it belongs to.
            painter.setFont(smallFont);
            painter.setPen(muted);
            const QRectF head(0, 0, paper.width(), smallFm.height());
            painter.drawText(head, Qt::AlignLeft | Qt::AlignVCenter, pageTitle);
            painter.drawText(head, Qt::AlignRight | Qt::AlignVCenter, printedLine());
            y = otherBand;
        }

        // Column titles on every page: a printed page is read on its own at the bench.
        painter.fillRect(QRectF(0, y, tableWidth, rowHeight), QColor(0xe6, 0xe9, 0xee));
        painter.setFont(headFont);
        painter.setPen(ink);
        drawRow(
            y, headFm, [&](int column) { return header(column); }, headerAlignment);
        y += rowHeight;
        painter.setPen(rule);
        painter.drawLine(QPointF(0, y), QPointF(tableWidth, y));

        painter.setFont(bodyFont);
        for (int row = pages.at(p).firstRow; row < pages.at(p).endRow; ++row) {
            if (row % 2 == 1)
                painter.fillRect(QRectF(0, y, tableWidth, rowHeight), QColor(0xf4, 0xf5, 0xf7));
            painter.setPen(ink);
            drawRow(
                y, bodyFm, [&](int column) { return cell(row, column).simplified(); },
                [&](int column) { return alignment(row, column); });
            y += rowHeight;
        }
        if (pages.at(p).countLine) {
            painter.setPen(rule);
            painter.drawLine(QPointF(0, y), QPointF(tableWidth, y));
            painter.setFont(headFont);
            painter.setPen(ink);
            painter.drawText(QRectF(pad, y + rowHeight * 0.5, paper.width(), rowHeight),
                             Qt::AlignLeft | Qt::AlignVCenter,
                             rows == 1 ? tr("1 row") : tr("%1 rows").arg(rows));
        }

        const QRectF footer(0, paper.height() - smallFm.height(), paper.width(), smallFm.height());
        painter.setPen(rule);
        painter.drawLine(QPointF(0, footer.top() - smallFm.height() * 0.4),
                         QPointF(paper.width(), footer.top() - smallFm.height() * 0.4));
        painter.setFont(smallFont);
        painter.setPen(muted);
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, pageTitle);
        painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter,
                         tr("Page %1 of %2").arg(p + 1).arg(pages.size()));
    }
    if (!painter.end())
        return R::failure(tr("the pages could not be finished"));
    return int(pages.size());
}

} // namespace benchside
