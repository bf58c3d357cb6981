// SPDX-License-Identifier: GPL-3.0-or-later
#include "journalcommands.h"

#include "commandcontext.h"
#include "journal/chainverifier.h"
#include "projection/rebuildcheck.h"

#include <QJsonArray>
#include <QJsonObject>

namespace benchside::cli {

namespace {

int verify(CommandContext &ctx)
{
    const bool json = ctx.invocation().json;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    // Refused as bad input (exit 2), like every other permission; a failed verification is exit 1.
    if (Status s = ctx.lab().permissions().check(ctx.actor(), Permission::VerifyChains); !s)
        return ctx.fail(BadInput, s.error());
    if (Status s = ctx.lab().database().checkIntegrity(); !s)
        return ctx.fail(Tampered, s.error());
    Result<ChainVerifier::Report> r = ChainVerifier(ctx.lab().database().connection()).verify();
    if (!r)
        return ctx.fail(Failure, r.error());
    const ChainVerifier::Report &rep = r.value();
    if (json) {
        QJsonObject o{{QStringLiteral("intact"), rep.intact()},
                      {QStringLiteral("entries"), rep.entries},
                      {QStringLiteral("stations"), rep.stations}};
        if (rep.finding)
            o.insert(
                QStringLiteral("finding"),
                QJsonObject{{QStringLiteral("problem"), ChainVerifier::problemName(rep.finding->problem)},
                            {QStringLiteral("station"), rep.finding->stationId},
                            {QStringLiteral("station_seq"), rep.finding->stationSeq},
                            {QStringLiteral("event_id"), rep.finding->eventId},
                            {QStringLiteral("message"), rep.finding->message}});
        ctx.printJson(o);
    }
    if (rep.finding) {
        ctx.note(tr("TAMPERING DETECTED: %1").arg(rep.finding->message));
        return Tampered;
    }
    if (!json)
        ctx.out() << tr("Journal intact: %1 entries from %2 station(s) verified.")
                         .arg(rep.entries)
                         .arg(rep.stations)
                  << '\n';
    return Ok;
}

int rebuild(CommandContext &ctx)
{
    const bool json = ctx.invocation().json;
    if (ctx.invocation().flag("--check")) {
        Result<QStringList> diff = RebuildCheck::differences(ctx.lab().database());
        if (!diff)
            return ctx.fail(Failure, diff.error());
        if (json)
            ctx.printJson(
                QJsonObject{{QStringLiteral("consistent"), diff.value().isEmpty()},
                            {QStringLiteral("differences"), QJsonArray::fromStringList(diff.value())}});
        if (!diff.value().isEmpty()) {
            for (const QString &d : diff.value())
                ctx.note(d);
            return ctx.fail(Tampered,
                            tr("The live views differ from the journal. Run \"benchside-cli rebuild\" "
                               "to rebuild them from the journal."));
        }
        if (!json)
            ctx.out() << tr("The views match the journal.") << '\n';
        return Ok;
    }
    if (Status s = ctx.lab().store().projector().rebuild(); !s)
        return ctx.fail(Failure, s.error());
    if (json)
        ctx.printJson(QJsonObject{{QStringLiteral("rebuilt"), true}});
    else
        ctx.out() << tr("The views were rebuilt from the journal.") << '\n';
    return Ok;
}

} // namespace

const QList<Command> &journalCommands()
{
    using enum Command::Needs;
    static const QList<Command> commands{
        {"verify", OpenLab, &verify, QT_TRANSLATE_NOOP("benchside::cli", "verify"),
         QT_TRANSLATE_NOOP("benchside::cli", "check every station's hash chain (exit 3 on tampering)")},
        {"rebuild", OpenLab, &rebuild, QT_TRANSLATE_NOOP("benchside::cli", "rebuild [--check]"),
         QT_TRANSLATE_NOOP("benchside::cli", "rebuild the views from the journal, or compare them with it")},
    };
    return commands;
}

} // namespace benchside::cli
