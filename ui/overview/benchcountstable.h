// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"

#include <QSqlDatabase>
#include <QTableWidget>

namespace benchside {

// Every bench side by side: orders pending, in progress (entered or amended, not released),
// overdue and STAT among the open ones. Counted from worklist pages up to a cap, shown as "cap+"
// beyond it: the models have no count query yet, and a board needs no exact figure past that.
class BenchCountsTable : public QTableWidget
{
    Q_OBJECT

public:
    enum Column { Bench, Pending, InProgress, Overdue, Stat, ColumnCount };
    static constexpr int Cap = 5000;

    explicit BenchCountsTable(QWidget *parent = nullptr);

    Status load(const QList<CodeName> &benches, const QSqlDatabase &db, qint64 nowMs);
    // The figure in a cell as a number (Cap for "Cap+"), -1 when there is no such bench.
    int count(const QString &bench, Column column) const;

private:
    void setCount(int row, Column column, int value);
};

} // namespace benchside
