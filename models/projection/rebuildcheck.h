// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QStringList>

namespace benchside {

// Replays the journal into a scratch database and compares every projection table with the live
// one, row by row. An empty list means the live views are exactly what the journal says.
class RebuildCheck
{
    Q_DECLARE_TR_FUNCTIONS(RebuildCheck)

public:
    static Result<QStringList> differences(Database &live);
};

} // namespace benchside
