// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result/orderresult.h"

#include <QTableWidget>

namespace benchside {

// Every value, call and verification of one result, oldest first: an amended value stays
// visible here with who changed it and why.
class ResultHistoryTable : public QTableWidget
{
    Q_OBJECT

public:
    explicit ResultHistoryTable(QWidget *parent = nullptr);

    void setHistory(const QList<ResultHistoryEntry> &entries);

private:
    static QString kindText(const QString &kind);
};

} // namespace benchside
