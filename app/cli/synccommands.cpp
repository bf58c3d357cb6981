// SPDX-License-Identifier: GPL-3.0-or-later
#include "synccommands.h"

#include "commandcontext.h"
#include "review/manualreview.h"
#include "review/reviewservice.h"
#include "settings/settings.h"
#include "sync/serveradmin.h"
#include "sync/stationcredentials.h"
#include "sync/syncengine.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace benchside::cli {

namespace {

// --url, or the station's saved server (sync only; server commands always name theirs).
int serverUrl(CommandContext &ctx, bool fromSettings, ServerUrl &out)
{
    const Invocation &inv = ctx.invocation();
    if (inv.flag("--url")) {
        Result<ServerUrl> url = ServerUrl::parse(inv.option("--url"));
        if (!url)
            return ctx.fail(BadInput, url.error());
        out = url.value();
        return Ok;
    }
    if (!fromSettings)
        return ctx.fail(BadInput,
                        tr("%1 needs --url postgresql://USER:PASSWORD@HOST:PORT/DATABASE.").arg(inv.command));
    Settings settings;
    Result<ServerUrl> url = StationCredentials(settings, StationCredentials::defaultKeyFile()).load();
    if (!url)
        return ctx.fail(BadInput, url.error());
    out = url.value();
    return Ok;
}

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : tr("never");
}

QJsonValue isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

int serverInit(CommandContext &ctx, ServerConnection &server)
{
    Result<int> version = ServerAdmin(server).init();
    if (!version)
        return ctx.fail(Failure, version.error());
    if (ctx.invocation().json)
        ctx.printJson(QJsonObject{{QStringLiteral("schema_version"), version.value()},
                                  {QStringLiteral("url"), server.url().toString()}});
    else
        ctx.out() << tr("The sync server %1 is at schema version %2.")
                         .arg(server.url().toString())
                         .arg(version.value())
                  << '\n';
    return Ok;
}

int serverAddStation(CommandContext &ctx, ServerConnection &server)
{
    const QString id = ctx.positional(1).toUpper();
    if (id.isEmpty())
        return ctx.fail(BadInput,
                        tr("server add-station needs the station's id, as it was set up (init --station)."));
    Result<ServerAdmin::NewStation> added =
        ServerAdmin(server).addStation(id, ctx.invocation().option("--site", QStringLiteral("MAIN")));
    if (!added)
        return ctx.fail(BadInput, added.error());
    if (ctx.invocation().json) {
        ctx.printJson(QJsonObject{{QStringLiteral("station"), added.value().id},
                                  {QStringLiteral("role"), added.value().role},
                                  {QStringLiteral("url"), added.value().url}});
    } else {
        ctx.out() << tr("Station %1 may now sync as role %2. Its sync URL, with its password, is shown only "
                        "this once:")
                         .arg(added.value().id, added.value().role)
                  << "\n  " << added.value().url << '\n'
                  << tr("On the station: benchside-cli sync --url '<that URL>' --remember") << '\n';
    }
    return Ok;
}

int serverStatus(CommandContext &ctx, ServerConnection &server)
{
    ServerAdmin admin(server);
    Result<QList<ServerAdmin::StationStatus>> stations = admin.status();
    if (!stations)
        return ctx.fail(Failure, stations.error());
    Result<qint64> events = admin.serverEvents();
    if (!events)
        return ctx.fail(Failure, events.error());
    if (ctx.invocation().json) {
        QJsonArray rows;
        for (const ServerAdmin::StationStatus &s : stations.value())
            rows.append(QJsonObject{{QStringLiteral("id"), s.id},
                                    {QStringLiteral("site"), s.site},
                                    {QStringLiteral("last_seq"), s.lastSeq},
                                    {QStringLiteral("last_push_at"), isoOrNull(s.lastPushAt)},
                                    {QStringLiteral("last_pull_at"), isoOrNull(s.lastPullAt)},
                                    {QStringLiteral("pull_cursor"), s.pullCursor},
                                    {QStringLiteral("lag"), s.lag}});
        ctx.printJson(
            QJsonObject{{QStringLiteral("events"), events.value()}, {QStringLiteral("stations"), rows}});
        return Ok;
    }
    ctx.out() << tr("%1 events on %2").arg(events.value()).arg(server.url().toString()) << '\n';
    ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                     .arg(tr("STATION"), -8)
                     .arg(tr("SITE"), -8)
                     .arg(tr("EVENTS"), 8)
                     .arg(tr("LAST PUSH"), -19)
                     .arg(tr("LAST PULL"), -19)
                     .arg(tr("LAG"), 6);
    for (const ServerAdmin::StationStatus &s : stations.value())
        ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                         .arg(s.id, -8)
                         .arg(s.site, -8)
                         .arg(s.lastSeq, 8)
                         .arg(when(s.lastPushAt), -19)
                         .arg(when(s.lastPullAt), -19)
                         .arg(s.lag, 6);
    return Ok;
}

int server(CommandContext &ctx)
{
    const QString what = ctx.positional(0);
    if (what != QLatin1String("init") && what != QLatin1String("add-station") &&
        what != QLatin1String("status"))
        return ctx.fail(BadInput, tr("server needs init, add-station ID or status, and --url."));
    ServerUrl url;
    if (int e = serverUrl(ctx, false, url); e != Ok)
        return e;
    Result<std::unique_ptr<ServerConnection>> connection = ServerConnection::open(url);
    if (!connection)
        return ctx.fail(Failure, connection.error());
    if (what == QLatin1String("init"))
        return serverInit(ctx, *connection.value());
    if (what == QLatin1String("add-station"))
        return serverAddStation(ctx, *connection.value());
    return serverStatus(ctx, *connection.value());
}

QJsonObject refusalJson(const SyncRefusal &r)
{
    return QJsonObject{{QStringLiteral("event_id"), r.eventId},
                       {QStringLiteral("station_seq"), r.stationSeq},
                       {QStringLiteral("attempts"), r.attempts},
                       {QStringLiteral("reason"), r.reason},
                       {QStringLiteral("dead_letter"), r.dead}};
}

int syncStatus(CommandContext &ctx)
{
    Result<SyncStatus> s = SyncState(ctx.lab().database().connection()).status();
    if (!s)
        return ctx.fail(Failure, s.error());
    const SyncStatus &st = s.value();
    const auto ms = [](qint64 v) {
        return v > 0 ? QJsonValue(QDateTime::fromMSecsSinceEpoch(v, Qt::UTC).toString(Qt::ISODateWithMs))
                     : QJsonValue();
    };
    if (ctx.invocation().json) {
        QJsonArray dead;
        for (const SyncRefusal &r : st.deadLetters)
            dead.append(refusalJson(r));
        ctx.printJson(QJsonObject{{QStringLiteral("waiting"), st.waiting},
                                  {QStringLiteral("last_success_at"), ms(st.lastSuccessAtMs)},
                                  {QStringLiteral("last_attempt_at"), ms(st.lastAttemptAtMs)},
                                  {QStringLiteral("last_error"), st.lastError},
                                  {QStringLiteral("cursor"), st.cursor},
                                  {QStringLiteral("dead_letters"), dead}});
        return Ok;
    }
    ctx.out() << tr("%1 event(s) waiting to be pushed; last successful sync: %2.")
                     .arg(st.waiting)
                     .arg(st.lastSuccessAtMs > 0 ? when(QDateTime::fromMSecsSinceEpoch(st.lastSuccessAtMs))
                                                 : tr("never"))
              << '\n';
    if (!st.lastError.isEmpty())
        ctx.out() << tr("Last problem: %1").arg(st.lastError) << '\n';
    for (const SyncRefusal &r : st.deadLetters)
        ctx.out() << tr("Set aside: event #%1 (%2), refused %3 times: %4")
                         .arg(r.stationSeq)
                         .arg(r.eventId)
                         .arg(r.attempts)
                         .arg(r.reason)
                  << '\n';
    return Ok;
}

int sync(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (ctx.positional(0) == QLatin1String("status"))
        return syncStatus(ctx);
    if (!ctx.positional(0).isEmpty())
        return ctx.fail(BadInput, tr("Unexpected argument \"%1\".").arg(ctx.positional(0)));
    if (inv.flag("--remember")) {
        if (int e = ctx.resolveActor(); e != Ok)
            return e;
        if (Status s = ctx.lab().permissions().check(ctx.actor(), Permission::ChangeSettings); !s)
            return ctx.fail(BadInput, s.error());
    }
    ServerUrl url;
    if (int e = serverUrl(ctx, true, url); e != Ok)
        return e;
    SyncEngine engine(ctx.lab().store());
    if (inv.flag("--retry")) {
        Result<int> revived = engine.state().reviveDeadLetters();
        if (!revived)
            return ctx.fail(Failure, revived.error());
    }
    Result<SyncReport> r = engine.sync(url);
    if (!r)
        return ctx.fail(Failure, r.error());
    if (inv.flag("--remember")) {
        Settings settings;
        if (Status s = StationCredentials(settings, StationCredentials::defaultKeyFile()).save(url); !s)
            return ctx.fail(Failure, s.error());
    }
    const SyncReport &rep = r.value();
    if (!rep.warning.isEmpty())
        ctx.note(rep.warning);
    if (inv.json) {
        QJsonArray refused;
        for (const SyncRefusal &x : rep.refused)
            refused.append(refusalJson(x));
        ctx.printJson(QJsonObject{{QStringLiteral("pushed"), rep.pushed},
                                  {QStringLiteral("pulled"), rep.pulled},
                                  {QStringLiteral("cursor"), rep.cursor},
                                  {QStringLiteral("waiting"), rep.waiting},
                                  {QStringLiteral("rebuilt"), rep.rebuilt},
                                  {QStringLiteral("flagged"), rep.flagged},
                                  {QStringLiteral("refused"), refused},
                                  {QStringLiteral("held"), rep.held},
                                  {QStringLiteral("elapsed_ms"), rep.elapsedMs}});
    } else {
        ctx.out() << tr("Pushed %1, pulled %2; cursor %3; %4 waiting.")
                         .arg(rep.pushed)
                         .arg(rep.pulled)
                         .arg(rep.cursor)
                         .arg(rep.waiting)
                  << '\n';
        if (rep.flagged > 0)
            ctx.out() << tr("%1 conflict(s) between stations flagged for review: benchside-cli review")
                             .arg(rep.flagged)
                      << '\n';
    }
    if (!rep.held.isEmpty())
        return ctx.fail(Failure, rep.held);
    return Ok;
}

int review(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    ReviewService reviews(ctx.lab().store(), ctx.lab().catalog());
    if (ctx.positional(0) == QLatin1String("resolve")) {
        if (int e = ctx.needPositional(2, tr("an accession number")); e != Ok)
            return e;
        if (int e = ctx.resolveActor(); e != Ok)
            return e;
        Result<Event> done = reviews.resolve(ctx.positional(1), inv.option("--note"), ctx.actor());
        if (!done)
            return ctx.fail(BadInput, done.error());
        if (inv.json)
            ctx.printJson(QJsonObject{{QStringLiteral("event_id"), done.value().id}});
        else
            ctx.out() << tr("Review of %1 recorded.").arg(ctx.positional(1)) << '\n';
        return Ok;
    }
    if (ctx.positional(0) == QLatin1String("mark") || ctx.positional(0) == QLatin1String("clear")) {
        if (int e = ctx.needPositional(2, tr("an accession number")); e != Ok)
            return e;
        if (int e = ctx.resolveActor(); e != Ok)
            return e;
        const bool mark = ctx.positional(0) == QLatin1String("mark");
        const QString accession = ctx.positional(1);
        ManualReview manual(ctx.lab().store(), ctx.lab().catalog());
        Result<Event> done = mark ? manual.mark(accession, inv.option("--reason"), ctx.actor())
                                  : manual.clear(accession, inv.option("--reason"), ctx.actor());
        if (!done)
            return ctx.fail(BadInput, done.error());
        if (inv.json)
            ctx.printJson(QJsonObject{{QStringLiteral("event_id"), done.value().id},
                                      {QStringLiteral("accession"), accession},
                                      {QStringLiteral("manual_review"), mark}});
        else
            ctx.out() << (mark ? tr("%1 is marked for manual review: autoverification releases none of its "
                                    "results.")
                               : tr("%1 is no longer marked for manual review."))
                             .arg(accession)
                      << '\n';
        return Ok;
    }
    if (inv.positional.size() > 1)
        return ctx.fail(BadInput, tr("Unexpected argument \"%1\".").arg(inv.positional.at(1)));
    Result<QList<ReviewFlag>> flags = reviews.flags(ctx.positional(0));
    if (!flags)
        return ctx.fail(Failure, flags.error());
    if (inv.json) {
        QJsonArray rows;
        for (const ReviewFlag &f : flags.value())
            rows.append(QJsonObject{{QStringLiteral("accession"), f.accession},
                                    {QStringLiteral("order_id"), f.orderId},
                                    {QStringLiteral("event_id"), f.eventId},
                                    {QStringLiteral("other_event"), f.otherEvent},
                                    {QStringLiteral("reason"), f.reason},
                                    {QStringLiteral("resolved_by"), f.resolvedBy},
                                    {QStringLiteral("resolution"), f.resolution}});
        ctx.printJson(rows);
        return Ok;
    }
    if (flags.value().isEmpty())
        ctx.out() << tr("Nothing is waiting for review.") << '\n';
    for (const ReviewFlag &f : flags.value())
        ctx.out() << f.accession << "  " << f.reason
                  << (f.resolvedBy.isEmpty() ? QString()
                                             : tr("  [decided by %1: %2]").arg(f.resolvedBy, f.resolution))
                  << '\n';
    return Ok;
}

} // namespace

const QList<Command> &syncCommands()
{
    using enum Command::Needs;
    static const QList<Command> commands{
        {"server", DatabasePath, &server,
         QT_TRANSLATE_NOOP("benchside::cli", "server init|add-station ID [--site SITE]|status --url URL"),
         QT_TRANSLATE_NOOP("benchside::cli",
                           "set up the sync server, register a station, or show the stations")},
        {"sync", OpenLab, &sync,
         QT_TRANSLATE_NOOP("benchside::cli", "sync [--url URL] [--remember] [--retry]"),
         QT_TRANSLATE_NOOP("benchside::cli", "push this station's events and pull the site's; sync status")},
        {"review", OpenLab, &review,
         QT_TRANSLATE_NOOP("benchside::cli", "review [ACCESSION] | review resolve ACCESSION --note TEXT\n"
                                             "      | review mark|clear ACCESSION --reason TEXT"),
         QT_TRANSLATE_NOOP("benchside::cli", "conflicts between stations that a person must decide; a "
                                             "specimen's results held for a person, not autoverified")},
    };
    return commands;
}

} // namespace benchside::cli
