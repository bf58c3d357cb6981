// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "rack/racklayout.h"

#include <QCoreApplication>
#include <QImage>
#include <QSqlDatabase>

namespace benchside {

// A rack image of the demo's own tubes still waiting for receipt, so a new user can try rack
// receiving on the demo without a rack scanner: most wells hold a waiting tube, a few are empty,
// one holds a tube this station has never seen, and the rack lies a little crooked.
class DemoRack
{
    Q_DECLARE_TR_FUNCTIONS(DemoRack)

public:
    static Result<QImage> picture(const QSqlDatabase &db, const RackLayout &layout);
};

} // namespace benchside
