// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// server init / add-station / status, sync, and review of conflicts between stations.
const QList<Command> &syncCommands();

} // namespace benchside::cli
