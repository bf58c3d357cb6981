// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace benchside {

// RFC 9562 UUID version 7: 48-bit Unix milliseconds, then random bits. Time-ordered, so new
// journal rows land at the end of the primary-key index.
QString makeUuid7(qint64 unixMs);

} // namespace benchside
