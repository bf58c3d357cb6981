// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/jsonnumber.h"

namespace benchside {

std::optional<qint64> jsonInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    // -2^63 is a double exactly; 2^63 is the first one past the range. NaN fails both comparisons.
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        return std::nullopt;
    return static_cast<qint64>(d);
}

} // namespace benchside
