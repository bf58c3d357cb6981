// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "invocation.h"

#include <QList>
#include <QTextStream>

namespace benchside::cli {

class CommandContext;

// One subcommand as a row of its group's table (setupcommands.cpp, specimencommands.cpp, …).
struct Command
{
    // init and seed-demo create or fill the database at --db themselves; every other command
    // works on the station's open Lab.
    enum class Needs { DatabasePath, OpenLab };

    const char *name;
    Needs needs;
    int (*run)(CommandContext &ctx);
    // For --help, both marked with QT_TRANSLATE_NOOP("benchside::cli", …): the synopsis, starting with
    // the name (continuation lines carry their own indentation), and what the command does, or nullptr.
    const char *synopsis;
    const char *summary;
};

int run(const Invocation &inv, QTextStream &out, QTextStream &err);

QString usage();

} // namespace benchside::cli
