// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <optional>

namespace benchside {

// A JSON number as a 64-bit integer (its fraction dropped), or nothing when the value is no number or
// lies outside that range. Payloads come from other stations too, and converting an out-of-range double
// (1e300, NaN) with a cast is undefined behaviour.
std::optional<qint64> jsonInteger(const QJsonValue &value);

} // namespace benchside
