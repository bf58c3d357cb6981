// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands.h"

#include "analyzercommands.h"
#include "autoverifycommands.h"
#include "commandcontext.h"
#include "hl7commands.h"
#include "imagecommands.h"
#include "journalcommands.h"
#include "labelcommands.h"
#include "qccommands.h"
#include "resultcommands.h"
#include "setupcommands.h"
#include "specimencommands.h"
#include "synccommands.h"
#include "usercommands.h"

namespace benchside::cli {

namespace {

// Every command, in the order --help lists them. A new group of commands adds its table here.
const QList<Command> &commands()
{
    static const QList<Command> all = setupCommands() + specimenCommands() + imageCommands() +
                                      journalCommands() + labelCommands() + resultCommands() + qcCommands() +
                                      syncCommands() + userCommands() + hl7Commands() + analyzerCommands() +
                                      autoverifyCommands();
    return all;
}

const Command *find(const QString &name)
{
    for (const Command &c : commands()) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

} // namespace

int run(const Invocation &inv, QTextStream &out, QTextStream &err)
{
    CommandContext ctx(inv, out, err);
    const Command *command = find(inv.command);
    if (!command)
        return ctx.fail(
            BadInput, tr("Unknown command \"%1\". Run benchside-cli --help for the list.").arg(inv.command));
    if (command->needs == Command::Needs::OpenLab) {
        if (int e = ctx.openLab(); e != Ok)
            return e;
    }
    return command->run(ctx);
}

QString usage()
{
    QString text = tr("Usage: benchside-cli [--db PATH] [--json] [--as USER] COMMAND [OPTIONS]\n"
                      "\n"
                      "Commands:\n");
    // A summary starts in one column for all commands: after the synopsis when there is room,
    // else on a line of its own.
    constexpr qsizetype SummaryColumn = 32;
    for (const Command &c : commands()) {
        QStringList lines = tr(c.synopsis).split(QLatin1Char('\n'));
        for (QString &line : lines)
            line.prepend(QLatin1String("  "));
        if (c.summary) {
            if (lines.last().size() + 2 > SummaryColumn)
                lines.append(QString());
            lines.last() = lines.last().leftJustified(SummaryColumn) + tr(c.summary);
        }
        text += lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    }
    text += tr("\n"
               "Exit codes: 0 success, 1 failure, 2 bad input, 3 tampering or inconsistency found.\n");
    return text;
}

} // namespace benchside::cli
