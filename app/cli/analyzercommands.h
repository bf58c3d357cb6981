// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// analyzer: the ASTM analyzers, their maps, a captured session replayed, the unmatched list.
const QList<Command> &analyzerCommands();

} // namespace benchside::cli
