// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// worklist, result, notify-result, verify-result, amend-result, result-history, tat: bench work,
// result entry and release, turnaround time.
const QList<Command> &resultCommands();

} // namespace benchside::cli
