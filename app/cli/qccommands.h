// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// qc: control lots and targets, recording and importing QC runs, Westgard evaluation, Levey-Jennings
// charts, and the lockout's corrective action, look-back review and override.
const QList<Command> &qcCommands();

} // namespace benchside::cli
