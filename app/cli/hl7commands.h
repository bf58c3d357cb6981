// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands.h"

namespace benchside::cli {

// hl7 parse: the HL7 v2 interface's tools for support staff.
const QList<Command> &hl7Commands();

} // namespace benchside::cli
