// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "autoverify/autoverifyrate.h"

#include <QTableWidget>

namespace benchside {

// The Overview's line on autoverification: per bench and test, today's analyzer results and the
// share the rules released (AutoverifyRate).
class AutoverifyRateTable : public QTableWidget
{
    Q_OBJECT

public:
    enum Column { Bench, Test, AnalyzerResults, Released, Rate, ColumnCount };

    explicit AutoverifyRateTable(QWidget *parent = nullptr);

    void setRows(const QList<AutoverifyRate::Row> &rows);
};

} // namespace benchside
