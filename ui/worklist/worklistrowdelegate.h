// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace benchside {

// Paints a worklist row by its urgency: overdue rows red, near-due amber, and the Due column says
// so in words with a symbol as well, for screens and eyes that do not tell the colours apart.
// Result flags get their own colour and symbol in the Flag column.
class WorklistRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QString overdueText();
    static QString nearDueText();

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace benchside
