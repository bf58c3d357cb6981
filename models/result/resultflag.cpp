// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/resultflag.h"

#include <QCoreApplication>

namespace benchside {

QString ResultFlags::code(ResultFlag flag)
{
    switch (flag) {
    case ResultFlag::None:
        return QString();
    case ResultFlag::Normal:
        return QStringLiteral("N");
    case ResultFlag::Low:
        return QStringLiteral("L");
    case ResultFlag::High:
        return QStringLiteral("H");
    case ResultFlag::CriticalLow:
        return QStringLiteral("LL");
    case ResultFlag::CriticalHigh:
        return QStringLiteral("HH");
    case ResultFlag::Abnormal:
        break;
    }
    return QStringLiteral("A");
}

ResultFlag ResultFlags::parse(const QString &code)
{
    for (ResultFlag f : {ResultFlag::Normal, ResultFlag::Low, ResultFlag::High, ResultFlag::CriticalLow,
                         ResultFlag::CriticalHigh, ResultFlag::Abnormal}) {
        if (code == ResultFlags::code(f))
            return f;
    }
    return ResultFlag::None;
}

QString ResultFlags::label(ResultFlag flag)
{
    switch (flag) {
    case ResultFlag::None:
        return QCoreApplication::translate("ResultFlags", "Not flagged");
    case ResultFlag::Normal:
        return QCoreApplication::translate("ResultFlags", "Normal");
    case ResultFlag::Low:
        return QCoreApplication::translate("ResultFlags", "Low");
    case ResultFlag::High:
        return QCoreApplication::translate("ResultFlags", "High");
    case ResultFlag::CriticalLow:
        return QCoreApplication::translate("ResultFlags", "Critically low");
    case ResultFlag::CriticalHigh:
        return QCoreApplication::translate("ResultFlags", "Critically high");
    case ResultFlag::Abnormal:
        break;
    }
    return QCoreApplication::translate("ResultFlags", "Abnormal");
}

} // namespace benchside
