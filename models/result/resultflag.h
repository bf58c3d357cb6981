#pragma once

#include "result/resultspec.h"
#include "result/valueparser.h"

#include <QDate>

namespace benchside {

// The abnormality flag of a result: N, L, H, LL, HH for numbers, A for an abnormal code, and
// None where the catalogue gives nothing to compare with (text results, no range for the patient).
enum class ResultFlag { None, Normal, Low, High, CriticalLow, CriticalHigh, Abnormal };

class ResultFlags
{
public:
    static QString code(ResultFlag flag); // "", "N", "L", "H", "LL", "HH", "A"
    static ResultFlag parse(const QString &code);
    static QString label(ResultFlag flag); // "Critically low", … for people
    static bool isCritical(ResultFlag flag)
    {
        return flag == ResultFlag::CriticalLow || flag == ResultFlag::CriticalHigh;
    }
    static bool isAbnormal(ResultFlag flag) { return flag != ResultFlag::None && flag != ResultFlag::Normal; }
};

// Picks the reference range for a patient: the sex-specific range before an "any" one, by age
// at collection in years (lower bound included, upper bound excluded).
class RangeSelector
{
public:
    static std::optional<ReferenceRange> select(const ResultSpec &spec, const QString &sex, double ageYears);
    // Age in years (fractional) on the collection date; negative when the birth date is unknown.
    static double ageYears(const QDate &birthDate, const QDate &onDate);
};

// Flags a value against a range. Values beyond a critical limit (strictly) are LL/HH; below
// `low` or above `high` (strictly) L/H; anything else N.
class ResultFlagger
{
public:
    static ResultFlag flag(const ResultSpec &spec, const ResultValue &value,
                           const std::optional<ReferenceRange> &range);
};

} // namespace benchside
