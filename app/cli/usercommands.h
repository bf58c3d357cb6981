// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// user list / add / password / pin / badge: the people who sign in, as the administrator manages them.
const QList<Command> &userCommands();

} // namespace benchside::cli
