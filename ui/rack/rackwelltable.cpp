// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/rackwelltable.h"

#include "rack/rackwellstyle.h"

#include <QHeaderView>

namespace benchside {

namespace {
constexpr int IndexRole = Qt::UserRole; // the well's place in the reading, which sorting hides
}

RackWellTable::RackWellTable(QWidget *parent) : QTableWidget(0, ColumnCount, parent)
{
    setObjectName(QStringLiteral("rackWellList"));
    setHorizontalHeaderLabels({tr("Well"), tr("State"), tr("Code"), tr("Specimen"), tr("Outcome")});
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(false);
    verticalHeader()->hide();
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(Outcome, QHeaderView::Stretch);
    connect(this, &QTableWidget::currentItemChanged, this, [this](QTableWidgetItem *current) {
        if (current)
            emit wellSelected(item(current->row(), Well)->data(IndexRole).toInt());
    });
}

void RackWellTable::setCells(const QList<RackCell> &cells)
{
    const QSignalBlocker blocker(this);
    clearContents();
    setRowCount(int(cells.size()));
    for (int i = 0; i < cells.size(); ++i) {
        const RackCell &cell = cells.at(i);
        const RackWellStyle style = RackWellStyle::of(cell.kind);
        auto *well = new QTableWidgetItem(cell.reading.well);
        well->setData(IndexRole, i);
        auto *state = new QTableWidgetItem(QStringLiteral("%1 %2").arg(style.symbol, style.label));
        state->setBackground(style.background);
        state->setForeground(style.foreground);
        QString specimen;
        if (cell.specimen)
            specimen = cell.specimen->summary();
        else if (!cell.problem.isEmpty())
            specimen = cell.problem;
        QString outcome;
        if (!cell.outcome.isEmpty())
            outcome = QStringLiteral("%1 %2 — %3")
                          .arg(cell.recorded ? QStringLiteral("\u2714") : QStringLiteral("\u2716"),
                               RackWellStyle::outcomeWord(cell.outcome), cell.outcomeMessage);
        setItem(i, Well, well);
        setItem(i, State, state);
        setItem(i, Code, new QTableWidgetItem(cell.reading.text));
        setItem(i, Specimen, new QTableWidgetItem(specimen));
        setItem(i, Outcome, new QTableWidgetItem(outcome));
    }
}

void RackWellTable::selectWell(int index)
{
    for (int row = 0; row < rowCount(); ++row) {
        if (item(row, Well)->data(IndexRole).toInt() == index) {
            const QSignalBlocker blocker(this);
            setCurrentCell(row, Well);
            scrollToItem(item(row, Well));
            return;
        }
    }
}

} // namespace benchside
