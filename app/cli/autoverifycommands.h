// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// autoverify: the rule sets that release analyzer results without a person, and trying them on history.
const QList<Command> &autoverifyCommands();

} // namespace benchside::cli
