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

double RangeSelector::ageYears(const QDate &birthDate, const QDate &onDate)
{
    if (!birthDate.isValid() || !onDate.isValid())
        return -1;
    return birthDate.daysTo(onDate) / 365.25;
}

std::optional<ReferenceRange> RangeSelector::select(const ResultSpec &spec, const QString &sex,
                                                    double ageYears)
{
    if (ageYears < 0)
        return std::nullopt;
    std::optional<ReferenceRange> any;
    for (const ReferenceRange &r : spec.ranges) {
        if (!r.covers(sex, ageYears))
            continue;
        if (r.sex != QLatin1String("any"))
            return r;
        if (!any)
            any = r;
    }
    return any;
}

ResultFlag ResultFlagger::flag(const ResultSpec &spec, const ResultValue &value,
                               const std::optional<ReferenceRange> &range)
{
    switch (spec.type) {
    case ResultSpec::Type::Coded:
        if (spec.normalValues.isEmpty())
            return ResultFlag::None;
        return spec.normalValues.contains(value.text) ? ResultFlag::Normal : ResultFlag::Abnormal;
    case ResultSpec::Type::Text:
        return ResultFlag::None;
    case ResultSpec::Type::Numeric:
        break;
    }
    if (!range || !value.number)
        return ResultFlag::None;
    const double v = *value.number;
    if (range->criticalLow && v < *range->criticalLow)
        return ResultFlag::CriticalLow;
    if (range->criticalHigh && v > *range->criticalHigh)
        return ResultFlag::CriticalHigh;
    if (v < range->low)
        return ResultFlag::Low;
    if (v > range->high)
        return ResultFlag::High;
    return ResultFlag::Normal;
}

} // namespace benchside
