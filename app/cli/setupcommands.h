// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// init, seed-demo, catalog: setting up a station database and listing its catalogue.
const QList<Command> &setupCommands();

} // namespace benchside::cli
