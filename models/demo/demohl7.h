// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>

namespace benchside {

class Lab;

// The demo's hospital interface: a destination for released results ("HIS", on this machine's port
// 2576, where `benchside-cli hl7 serve` users can point a test receiver), and a few orders received
// from the hospital's system over HL7 through the real intake: tubes waiting to be received (one
// with the ward's own label), and one order refused for an unknown test code.
class DemoHl7
{
    Q_DECLARE_TR_FUNCTIONS(DemoHl7)

public:
    static Status seed(Lab &lab, const QString &administrator);
    static const QStringList &messages();
};

} // namespace benchside
