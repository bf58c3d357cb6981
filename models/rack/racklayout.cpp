// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/racklayout.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace benchside {

Result<RackLayout> RackLayout::parse(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral("^\\s*(\\d{1,2})\\s*[xX\u00d7]\\s*(\\d{1,2})\\s*$"));
    const QRegularExpressionMatch m = shape.match(text);
    RackLayout layout;
    if (m.hasMatch()) {
        layout.rows = m.captured(1).toInt();
        layout.cols = m.captured(2).toInt();
    }
    if (!m.hasMatch() || layout.rows < 1 || layout.cols < 1 || layout.rows > MaxRows || layout.cols > MaxCols)
        return Result<RackLayout>::failure(
            QCoreApplication::translate("RackLayout", "\"%1\" is not a rack size. Give rows x columns, for "
                                                      "example 8x12, with 1 to %2 rows and 1 to %3 columns.")
                .arg(text)
                .arg(MaxRows)
                .arg(MaxCols));
    return layout;
}

QString RackLayout::wellName(int row, int col) const
{
    return QString(QChar(char16_t(u'A' + row))) + QString::number(col + 1);
}

QString RackLayout::toString() const
{
    return QStringLiteral("%1x%2").arg(rows).arg(cols);
}

} // namespace benchside
