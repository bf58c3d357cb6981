// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "worklist/worklistquery.h"

#include <QTableWidget>

namespace benchside {

// The open orders that have waited longest since receipt, oldest first, overdue ones marked.
class SlowestOrdersTable : public QTableWidget
{
    Q_OBJECT

public:
    explicit SlowestOrdersTable(QWidget *parent = nullptr);

    void setRows(const QList<WorklistRow> &rows, qint64 nowMs);
    // As wide as its columns, so the splitter beside the chart never cuts off Due (audit finding 21).
    QSize minimumSizeHint() const override;
};

} // namespace benchside
