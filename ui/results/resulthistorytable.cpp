// SPDX-License-Identifier: GPL-3.0-or-later
#include "results/resulthistorytable.h"

#include "results/resultflagstyle.h"

#include <QDateTime>
#include <QHeaderView>

namespace benchside {

namespace {
enum Column { When, What, Value, Flag, Who, Detail, ColumnCount };
}

ResultHistoryTable::ResultHistoryTable(QWidget *parent) : QTableWidget(0, ColumnCount, parent)
{
    setObjectName(QStringLiteral("resultHistory"));
    setHorizontalHeaderLabels({tr("When"), tr("What"), tr("Value"), tr("Flag"), tr("By"), tr("Detail")});
    setEditTriggers(NoEditTriggers);
    setSelectionMode(NoSelection);
    // Part of the entry panel, not a stop on the way between value fields.
    setFocusPolicy(Qt::NoFocus);
    verticalHeader()->hide();
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

QString ResultHistoryTable::kindText(const QString &kind)
{
    if (kind == QLatin1String("result.entered"))
        return tr("entered");
    if (kind == QLatin1String("result.amended"))
        return tr("amended");
    if (kind == QLatin1String("result.notified"))
        return tr("call documented");
    if (kind == QLatin1String("result.verified"))
        return tr("verified");
    return kind;
}

void ResultHistoryTable::setHistory(const QList<ResultHistoryEntry> &entries)
{
    setRowCount(0);
    setRowCount(int(entries.size()));
    for (int row = 0; row < entries.size(); ++row) {
        const ResultHistoryEntry &e = entries.at(row);
        const ResultFlagStyle style = ResultFlagStyle::of(e.flag);
        const QStringList cells{
            QDateTime::fromMSecsSinceEpoch(e.atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
            kindText(e.kind),
            (e.value + QLatin1Char(' ') + e.unit).trimmed(),
            e.flag.isEmpty() ? QString() : style.symbol + QLatin1Char(' ') + e.flag,
            e.actor,
            e.detail};
        for (int c = 0; c < ColumnCount; ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            // A superseded value is struck through, but left readable.
            if (c == Value && row < entries.size() - 1 && !e.value.isEmpty()) {
                QFont f = item->font();
                f.setStrikeOut(std::any_of(entries.cbegin() + row + 1, entries.cend(),
                                           [](const ResultHistoryEntry &later) {
                                               return later.kind == QLatin1String("result.amended") ||
                                                      later.kind == QLatin1String("result.entered");
                                           }));
                item->setFont(f);
            }
            if (c == Flag && !style.isPlain()) {
                item->setBackground(style.background);
                item->setForeground(style.foreground);
            }
            setItem(row, c, item);
        }
    }
}

} // namespace benchside
