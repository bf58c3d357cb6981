#pragma once

#include "core/result.h"

#include <QCoreApplication>

namespace benchside {

class Lab;

// The demo's analyzers: a chemistry analyzer (Roche-style codes) and a haematology analyzer, both
// connecting to this station over TCP on this machine (ports 5701 and 5702), each with its
// test-code map. `benchside-cli analyzer serve` takes their lines and `benchside-cli analyzer
// simulate chem-c311` plays the analyzer, so results flow into the worklist.
class DemoAnalyzers
{
    Q_DECLARE_TR_FUNCTIONS(DemoAnalyzers)

public:
    static Status seed(Lab &lab, const QString &administrator);
};

} // namespace benchside
