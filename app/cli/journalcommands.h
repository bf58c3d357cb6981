// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// verify, rebuild: checking the journal's hash chains and the views derived from it.
const QList<Command> &journalCommands();

} // namespace benchside::cli
