// SPDX-License-Identifier: GPL-3.0-or-later
#include "worklist/worklistrowdelegate.h"

#include "results/resultflagstyle.h"
#include "worklist/worklistmodel.h"

namespace benchside {

QString WorklistRowDelegate::overdueText()
{
    return tr("⚠ OVERDUE");
}

QString WorklistRowDelegate::nearDueText()
{
    return tr("◔ due soon");
}

void WorklistRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const bool overdue = index.data(WorklistModel::OverdueRole).toBool();
    const bool nearDue = index.data(WorklistModel::NearDueRole).toBool();
    if (overdue) {
        option->backgroundBrush = QColor(0xff, 0xcd, 0xd2);
        option->palette.setColor(QPalette::Text, QColor(0x8e, 0x00, 0x00));
    } else if (nearDue) {
        option->backgroundBrush = QColor(0xff, 0xe0, 0xb2);
        option->palette.setColor(QPalette::Text, QColor(0x6d, 0x3a, 0x00));
    }
    switch (index.column()) {
    case WorklistModel::Priority:
        if (index.data(WorklistModel::SortRole).toInt() == 0)
            option->font.setBold(true);
        break;
    case WorklistModel::Due:
        if (overdue || nearDue) {
            option->text += QStringLiteral("  ") + (overdue ? overdueText() : nearDueText());
            option->font.setBold(true);
        }
        break;
    case WorklistModel::Flag: {
        const ResultFlagStyle style = ResultFlagStyle::of(index.data(WorklistModel::FlagRole).toString());
        if (!option->text.isEmpty())
            option->text = style.symbol + QLatin1Char(' ') + option->text;
        if (!style.isPlain()) {
            option->backgroundBrush = style.background;
            option->palette.setColor(QPalette::Text, style.foreground);
            option->font.setBold(true);
        }
        break;
    }
    default:
        break;
    }
}

} // namespace benchside
