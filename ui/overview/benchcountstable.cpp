// SPDX-License-Identifier: GPL-3.0-or-later
#include "overview/benchcountstable.h"

#include "worklist/worklistquery.h"

#include <QHeaderView>

namespace benchside {

namespace {
// Rows of one filter, up to Cap + 1 so that "more than the cap" can be told from "the cap".
Result<QList<WorklistRow>> rows(const WorklistQuery &query, const QString &bench, const QString &status,
                                const QString &priority = {})
{
    WorklistFilter f;
    f.bench = bench;
    f.status = status;
    f.priority = priority;
    return query.page(f, std::nullopt, BenchCountsTable::Cap + 1);
}
} // namespace

BenchCountsTable::BenchCountsTable(QWidget *parent) : QTableWidget(0, ColumnCount, parent)
{
    setObjectName(QStringLiteral("benchCounts"));
    setHorizontalHeaderLabels(
        {tr("Bench"), tr("Pending"), tr("In progress"), tr("Overdue"), tr("STAT open")});
    setEditTriggers(NoEditTriggers);
    setSelectionMode(NoSelection);
    verticalHeader()->hide();
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(Bench, QHeaderView::ResizeToContents);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.2);
    setFont(f);
}

Status BenchCountsTable::load(const QList<CodeName> &benches, const QSqlDatabase &db, qint64 nowMs)
{
    const WorklistQuery query(db);
    setRowCount(0);
    setRowCount(int(benches.size()));
    for (int row = 0; row < benches.size(); ++row) {
        const CodeName &bench = benches.at(row);
        auto *name = new QTableWidgetItem(QStringLiteral("%1 — %2").arg(bench.code, bench.name));
        name->setData(Qt::UserRole, bench.code);
        setItem(row, Bench, name);
        const Result<QList<WorklistRow>> pending = rows(query, bench.code, QStringLiteral("pending"));
        const Result<QList<WorklistRow>> entered = rows(query, bench.code, QStringLiteral("entered"));
        const Result<QList<WorklistRow>> amended = rows(query, bench.code, QStringLiteral("amended"));
        const Result<QList<WorklistRow>> open = rows(query, bench.code, QStringLiteral("open"));
        const Result<QList<WorklistRow>> stat =
            rows(query, bench.code, QStringLiteral("open"), QStringLiteral("stat"));
        for (const auto *r : {&pending, &entered, &amended, &open, &stat}) {
            if (!*r)
                return Status::failure(r->error());
        }
        setCount(row, Pending, int(pending.value().size()));
        setCount(row, InProgress, int(entered.value().size() + amended.value().size()));
        // Beyond the cap the oldest open orders were counted, which are the ones likely overdue.
        const int overdue = int(std::count_if(open.value().cbegin(), open.value().cend(),
                                              [nowMs](const WorklistRow &w) { return w.overdue(nowMs); }));
        setCount(row, Overdue, open.value().size() > Cap ? Cap + 1 : overdue);
        setCount(row, Stat, int(stat.value().size()));
    }
    // Every bench in sight at once: a board that scrolls hides the bench that needs help.
    setFixedHeight(horizontalHeader()->height() + verticalHeader()->length() + 2 * frameWidth());
    return {};
}

void BenchCountsTable::setCount(int row, Column column, int value)
{
    const bool capped = value > Cap;
    auto *item = new QTableWidgetItem(capped ? tr("%1+").arg(Cap) : QString::number(value));
    item->setData(Qt::UserRole, std::min(value, Cap));
    item->setTextAlignment(Qt::AlignCenter);
    if (value > 0 && column == Overdue) {
        item->setText(QStringLiteral("⚠ ") + item->text());
        item->setBackground(QColor(0xff, 0xcd, 0xd2));
        item->setForeground(QColor(0x8e, 0x00, 0x00));
    }
    if (value > 0 && (column == Overdue || column == Stat)) {
        QFont f = font();
        f.setBold(true);
        item->setFont(f);
    }
    setItem(row, column, item);
}

int BenchCountsTable::count(const QString &bench, Column column) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (item(row, Bench)->data(Qt::UserRole).toString() == bench)
            return item(row, column)->data(Qt::UserRole).toInt();
    }
    return -1;
}

} // namespace benchside
