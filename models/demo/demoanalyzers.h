// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>

namespace benchside {

class Lab;

// The demo's analyzers: a chemistry analyzer (Roche-style codes) connecting to this station over TCP
// on port 5701, and a haematology analyzer on a serial line (hema-xn.tty beside the database), each
// with its test-code map. `benchside-cli analyzer serve` takes their lines and `benchside-cli
// analyzer simulate NAME` plays the analyzer (on a pseudo-terminal for the serial one), so results
// flow into the worklist.
class DemoAnalyzers
{
    Q_DECLARE_TR_FUNCTIONS(DemoAnalyzers)

public:
    static Status seed(Lab &lab, const QString &administrator);
};

} // namespace benchside
