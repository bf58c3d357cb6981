// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// accession, scan, replay, event, custody, where: a specimen from its label to its chain of custody.
const QList<Command> &specimenCommands();

} // namespace benchside::cli
