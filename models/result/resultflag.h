// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace benchside {

// The abnormality flag of a result: N, L, H, LL, HH for numbers, A for an abnormal code, and
// None where the catalogue gives nothing to compare with (text results, a test without ranges).
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

} // namespace benchside
