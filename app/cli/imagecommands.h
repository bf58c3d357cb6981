// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// decode, rack-receive, rack-store: barcodes read from images, one tube or a whole rack.
const QList<Command> &imageCommands();

} // namespace benchside::cli
