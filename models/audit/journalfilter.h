// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace benchside {

// Which journal entries the audit view shows. Empty fields do not filter.
struct JournalFilter
{
    QString actor;      // user name, exactly
    QString subject;    // accession number (or other subject), exactly
    QString kindPrefix; // "custody." for every custody step, or one kind exactly
    qint64 fromMs = 0;  // recorded at or after (0: any time)
    qint64 toMs = 0;    // recorded before (0: up to now)
};

} // namespace benchside
