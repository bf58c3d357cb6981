// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoverify/autoverifyratetable.h"

#include <QHeaderView>
#include <QLocale>

namespace benchside {

AutoverifyRateTable::AutoverifyRateTable(QWidget *parent) : QTableWidget(0, ColumnCount, parent)
{
    setObjectName(QStringLiteral("autoverifyRateTable"));
    setHorizontalHeaderLabels(
        {tr("Bench"), tr("Test"), tr("Analyzer results"), tr("Released by the rules"), tr("Rate")});
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setFocusPolicy(Qt::NoFocus);
    verticalHeader()->hide();
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
    setMaximumHeight(140);
    setToolTip(tr("Today's analyzer results per bench and test, and how many of them the autoverification "
                  "rules released without a person."));
}

void AutoverifyRateTable::setRows(const QList<AutoverifyRate::Row> &rows)
{
    setRowCount(int(rows.size()));
    const QLocale locale;
    for (int r = 0; r < rows.size(); ++r) {
        const AutoverifyRate::Row &row = rows.at(r);
        const QStringList cells{row.bench, row.test, locale.toString(row.analyzerResults),
                                locale.toString(row.released),
                                QStringLiteral("%1 %").arg(locale.toString(row.percent(), 'f', 0))};
        for (int c = 0; c < ColumnCount; ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c >= AnalyzerResults)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            setItem(r, c, item);
        }
    }
}

} // namespace benchside
