// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rack/rackcell.h"

#include <QTableWidget>

namespace benchside {

// Every well as a line of text: well, what was read, the specimen, and what became of it. The same
// facts as the grid, in words a screen reader or a printout can carry,
class RackWellTable : public QTableWidget
{
    Q_OBJECT

public:
    enum Column { Well, State, Code, Specimen, Outcome, ColumnCount };

    explicit RackWellTable(QWidget *parent = nullptr);

    void setCells(const QList<RackCell> &cells);
    void selectWell(int index);

signals:
    void wellSelected(int index);
};

} // namespace benchside
