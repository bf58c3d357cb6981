// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// label: a specimen's tube label as PDF, PNG or ZPL, to a file or a raw TCP label printer.
const QList<Command> &labelCommands();

} // namespace benchside::cli
