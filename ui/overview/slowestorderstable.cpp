// SPDX-License-Identifier: GPL-3.0-or-later
#include "overview/slowestorderstable.h"

#include "worklist/worklistrowdelegate.h"

#include <QDateTime>
#include <QHeaderView>
#include <QScrollBar>
#include <algorithm>

namespace benchside {

namespace {
enum Column { Accession, Test, Priority, Status, Received, Waiting, Due, ColumnCount };
}

SlowestOrdersTable::SlowestOrdersTable(QWidget *parent) : QTableWidget(0, ColumnCount, parent)
{
    setObjectName(QStringLiteral("slowestOrders"));
    setHorizontalHeaderLabels({tr("Accession"), tr("Test"), tr("Priority"), tr("Status"), tr("Received"),
                               tr("Waiting"), tr("Due")});
    setEditTriggers(NoEditTriggers);
    setSelectionBehavior(SelectRows);
    verticalHeader()->hide();
    setWordWrap(false);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

void SlowestOrdersTable::setRows(const QList<WorklistRow> &rows, qint64 nowMs)
{
    setRowCount(0);
    setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        const WorklistRow &w = rows.at(row);
        const qint64 minutes = std::max<qint64>(0, w.ageMs(nowMs) / 60'000);
        QString due = QDateTime::fromMSecsSinceEpoch(w.dueAtMs).toString(QStringLiteral("MM-dd HH:mm"));
        if (w.overdue(nowMs))
            due += QStringLiteral("  ") + WorklistRowDelegate::overdueText();
        else if (w.nearDue(nowMs))
            due += QStringLiteral("  ") + WorklistRowDelegate::nearDueText();
        const QStringList cells{
            w.accession,
            w.testCode,
            w.priority.toUpper(),
            WorklistQuery::statusName(w.status),
            QDateTime::fromMSecsSinceEpoch(w.receivedAtMs).toString(QStringLiteral("MM-dd HH:mm")),
            tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0')),
            due};
        for (int c = 0; c < ColumnCount; ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (w.overdue(nowMs)) {
                item->setBackground(QColor(0xff, 0xcd, 0xd2));
                item->setForeground(QColor(0x8e, 0x00, 0x00));
            } else if (w.nearDue(nowMs)) {
                item->setBackground(QColor(0xff, 0xe0, 0xb2));
            }
            setItem(row, c, item);
        }
    }
    updateGeometry();
}

QSize SlowestOrdersTable::minimumSizeHint() const
{
    int width = 2 * frameWidth() + verticalScrollBar()->sizeHint().width();
    for (int c = 0; c < columnCount(); ++c)
        width += std::max(sizeHintForColumn(c), horizontalHeader()->sectionSizeHint(c));
    return {width, QTableWidget::minimumSizeHint().height()};
}

} // namespace benchside
