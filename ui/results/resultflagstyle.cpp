// SPDX-License-Identifier: GPL-3.0-or-later
#include "results/resultflagstyle.h"

#include "result/resultflag.h"
#include "result/resultjudge.h"

#include <QCoreApplication>

namespace benchside {

ResultFlagStyle ResultFlagStyle::of(const QString &code)
{
    const ResultFlag flag = ResultFlags::parse(code);
    ResultFlagStyle s;
    s.text = code.isEmpty() ? ResultFlags::label(flag) : code + QLatin1Char(' ') + ResultFlags::label(flag);
    switch (flag) {
    case ResultFlag::None:
        s.text = code.isEmpty() ? QString() : s.text;
        break;
    case ResultFlag::Normal:
        s.symbol = QStringLiteral("✓");
        break;
    case ResultFlag::Low:
        s.symbol = QStringLiteral("↓");
        s.background = QColor(0xff, 0xf3, 0xc4);
        s.foreground = QColor(0x5d, 0x40, 0x00);
        break;
    case ResultFlag::High:
        s.symbol = QStringLiteral("↑");
        s.background = QColor(0xff, 0xf3, 0xc4);
        s.foreground = QColor(0x5d, 0x40, 0x00);
        break;
    case ResultFlag::Abnormal:
        s.symbol = QStringLiteral("!");
        s.background = QColor(0xff, 0xf3, 0xc4);
        s.foreground = QColor(0x5d, 0x40, 0x00);
        break;
    case ResultFlag::CriticalLow:
        s.symbol = QStringLiteral("⇊");
        s.background = QColor(0xc6, 0x28, 0x28);
        s.foreground = Qt::white;
        break;
    case ResultFlag::CriticalHigh:
        s.symbol = QStringLiteral("⇈");
        s.background = QColor(0xc6, 0x28, 0x28);
        s.foreground = Qt::white;
        break;
    }
    return s;
}

QString ResultFlagStyle::describe(const OrderResult &o)
{
    if (!o.result)
        return o.testCode;
    const QString text = QStringLiteral("%1 %2 %3 — %4")
                             .arg(o.testCode, o.result->value, o.result->unit, of(o.result->flag).text)
                             .simplified();
    const QString basis = ResultJudge::basisText(o.result->rangeBasis);
    return basis.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, basis);
}

} // namespace benchside
