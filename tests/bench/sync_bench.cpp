// SPDX-License-Identifier: GPL-3.0-or-later
// Sync benchmark (issue 6, "Quality and performance"), against a PostgreSQL started in a temporary
// folder by tests/util/pgserver.h (durable settings, as in production):
//
//   sync_bench [--specimens N] [--round-trips R] [--seed S]
//
// 1. Station DEMO is seeded with N demo specimens (about 8 events each: 12,500 give ~100,000).
// 2. Limit: the same rows (its whole journal, as COPY text) loaded with `psql \copy` into the same
//    table benchside.journal of a fresh database with the same schema, triggers and checks. Run
//    before the push and again after the pull; both are reported.
// 3. Push: one sync of DEMO into an empty server. Pull: one sync of a new, empty station of the
//    same site. Events per second, and their ratio to the COPY rate (target ≥ 0.5).
// 4. Round trip: R times, DEMO records one accession and syncs, then station B syncs and sees it.
//    Reported: B's sync (the "next sync" the issue times; target < 20 ms) and push + pull together,
//    first with a new connection per sync (benchside-cli sync), then with connections kept open
//    between rounds (the GUI's background worker), then with B recording an accession of its own
//    before it syncs, so that A's event arrives late and B re-projects that specimen.
// 5. The same round trip with B's sync as a user meets it: the one-shot `benchside-cli sync` (a
//    process: start, open the station, sign in, sync; its wall time), and the GUI's SyncWorker with
//    its kept connection (a round from its started() to its finished()).
// Prints one JSON object.

#include "benchsetup.h"
#include "benchtiming.h"
#include "demo/demoseeder.h"
#include "lab/lab.h"
#include "labhelpers.h"
#include "pgserver.h"
#include "sync/serveradmin.h"
#include "sync/syncengine.h"
#include "sync/syncworker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>

using namespace benchside;
using benchside::test::PgServer;

using benchsetup::check;
using benchsetup::die;

namespace {
// COPY text format: backslash, tab, newline and carriage return escaped.
QByteArray copyField(const QString &v)
{
    QByteArray out = v.toUtf8();
    out.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r");
    return out;
}

qint64 writeCopyFile(const QSqlDatabase &db, const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        die(QStringLiteral("cannot write %1").arg(file));
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.exec(QStringLiteral(
        "SELECT id, station_id, station_seq, hlc, actor, kind, subject, payload, prev_hash, hash "
        "FROM journal ORDER BY station_seq"));
    qint64 n = 0;
    while (q.next()) {
        QByteArray line;
        for (int i = 0; i < 10; ++i) {
            if (i)
                line += '\t';
            line += copyField(q.value(i).toString());
        }
        f.write(line + '\n');
        ++n;
    }
    return n;
}

// The limit: psql loading the file into benchside.journal of a fresh database with the schema.
double copyRate(PgServer &pg, const QString &dbName, const QString &file, qint64 rows)
{
    QString error;
    if (!pg.createDatabase(dbName, &error))
        die(error);
    auto admin =
        check(ServerConnection::open(check(ServerUrl::parse(pg.adminUrl(dbName)), "url")), "connect");
    check(ServerAdmin(*admin).init(), "init");
    // The station's row as add-station makes it (its role already exists in the cluster).
    if (!pg.psql(dbName,
                 QStringLiteral(
                     "INSERT INTO benchside.stations (id, site, role_name) VALUES ('DEMO', 'MAIN', '%1')")
                     .arg(ServerAdmin::roleFor(QStringLiteral("DEMO"))),
                 nullptr, &error))
        die(error);
    QProcess psql;
    psql.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
    QElapsedTimer t;
    t.start();
    psql.start(
        QStringLiteral("psql"),
        {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
         pg.adminUrl(dbName), QStringLiteral("-c"),
         QStringLiteral("\\copy benchside.journal (id, station_id, station_seq, hlc, actor, kind, subject, "
                        "payload, prev_hash, hash) FROM '%1'")
             .arg(file)});
    if (!psql.waitForFinished(600'000) || psql.exitCode() != 0)
        die(QStringLiteral("COPY failed: %1").arg(QString::fromUtf8(psql.readAllStandardError())));
    const double ms = benchtiming::ms(t);
    return double(rows) / (ms / 1000.0);
}

QString arg(const QStringList &args, const QString &name, const QString &fallback)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 specimens = arg(args, QStringLiteral("--specimens"), QStringLiteral("12500")).toLongLong();
    const int roundTrips = arg(args, QStringLiteral("--round-trips"), QStringLiteral("50")).toInt();
    const quint32 seed = arg(args, QStringLiteral("--seed"), QStringLiteral("1")).toUInt();

    QString why;
    if (!PgServer::available(&why))
        die(why);
    PgServer pg;
    if (!pg.start(&why))
        die(why);
    const ServerUrl adminUrl = check(ServerUrl::parse(pg.adminUrl()), "admin url");
    auto admin = check(ServerConnection::open(adminUrl), "connect");
    check(ServerAdmin(*admin).init(), "init");

    QTemporaryDir dir;
    const QString pathA = dir.filePath(QStringLiteral("demo.db"));
    QElapsedTimer seeding;
    seeding.start();
    {
        auto db = check(Database::open(pathA), "open demo");
        check(DemoSeeder(*db, seed).seed(specimens), "seed");
    }
    const double seedMs = benchtiming::ms(seeding);
    auto a = check(Lab::open(pathA), "open A");
    const ServerUrl urlA = check(
        ServerUrl::parse(
            check(ServerAdmin(*admin).addStation(QStringLiteral("DEMO"), QStringLiteral("MAIN")), "add A")
                .url),
        "url A");
    const QString pathB = dir.filePath(QStringLiteral("b.db"));
    if (Status s = Lab::initialise(pathB, Station{QStringLiteral("BENCHB"), QStringLiteral("MAIN"),
                                                  QStringLiteral("Main Lab / Receiving"),
                                                  QStringLiteral("admin"), false});
        !s)
        die(s.error());
    auto b = check(Lab::open(pathB), "open B");
    const ServerUrl urlB = check(
        ServerUrl::parse(
            check(ServerAdmin(*admin).addStation(QStringLiteral("BENCHB"), QStringLiteral("MAIN")), "add B")
                .url),
        "url B");

    const QString copyFile = dir.filePath(QStringLiteral("journal.copy"));
    const qint64 events = writeCopyFile(a->database().connection(), copyFile);
    const double copyBefore = copyRate(pg, QStringLiteral("copy_before"), copyFile, events);

    SyncEngine engineA(a->store());
    QElapsedTimer t;
    t.start();
    const SyncReport pushed = check(engineA.sync(urlA), "push");
    const double pushMs = benchtiming::ms(t);
    if (pushed.pushed != events || !pushed.held.isEmpty())
        die(QStringLiteral("pushed %1 of %2: %3").arg(pushed.pushed).arg(events).arg(pushed.held));

    SyncEngine engineB(b->store());
    t.restart();
    const SyncReport pulled = check(engineB.sync(urlB), "pull");
    const double pullMs = benchtiming::ms(t);
    if (pulled.pulled != events)
        die(QStringLiteral("pulled %1 of %2").arg(pulled.pulled).arg(events));
    const double copyAfter = copyRate(pg, QStringLiteral("copy_after"), copyFile, events);
    const double copy = (copyBefore + copyAfter) / 2;

    // One new event on A, seen on B after B's next sync: A's push and B's pull, in ms.
    struct Rounds
    {
        std::vector<double> push, pull, total;
        int replayed = 0; // B's syncs that re-projected a specimen (A's event was late)
    };
    // Each tube of its own patient: the demo's patients have a few specimens each, and a late event
    // re-projects its patient's other specimens too.
    int patients = 0;
    auto request = [&patients] {
        AccessionRequest r = testlab::serumRequest();
        r.patient.mrn = QStringLiteral("RT%1").arg(++patients);
        return r;
    };
    auto roundTrip = [&](auto &&syncA, auto &&syncB, bool bRecordsToo) {
        Rounds out;
        for (int i = 0; i < roundTrips; ++i) {
            const QString tube =
                check(a->accessioner().accession(request(), QStringLiteral("admin")), "accession").accession;
            // B's own newer event makes A's arrive late at B: B re-projects that specimen.
            if (bRecordsToo)
                check(b->accessioner().accession(request(), QStringLiteral("admin")), "accession B");
            QElapsedTimer r;
            r.start();
            const SyncReport up = check(syncA(), "round-trip push");
            const double upMs = benchtiming::ms(r);
            r.restart();
            const SyncReport down = check(syncB(), "round-trip pull");
            const double downMs = benchtiming::ms(r);
            if (up.pushed != 1 || down.pulled != 1 || down.rebuilt ||
                !check(b->specimens().find(tube), "find"))
                die(QStringLiteral("round trip %1 did not carry the accession").arg(i));
            out.replayed += down.replayed ? 1 : 0;
            out.push.push_back(upMs);
            out.pull.push_back(downMs);
            out.total.push_back(upMs + downMs);
        }
        return out;
    };
    // Each sync with a connection of its own, as `benchside-cli sync`; how much of B's sync is
    // signing in (connection, SCRAM, the driver's session set-up) is timed on its own…
    std::vector<double> connectB;
    const Rounds fresh = roundTrip([&] { return engineA.sync(urlA); },
                                   [&] {
                                       QElapsedTimer c;
                                       c.start();
                                       auto conn = check(ServerConnection::open(urlB), "connect B");
                                       connectB.push_back(benchtiming::ms(c));
                                       return engineB.sync(*conn);
                                   },
                                   false);
    // …and with each station's connection kept open between rounds, as the GUI's worker does.
    auto connA = check(ServerConnection::open(urlA), "connect A");
    auto connB = check(ServerConnection::open(urlB), "connect B");
    const Rounds kept =
        roundTrip([&] { return engineA.sync(*connA); }, [&] { return engineB.sync(*connB); }, false);
    // …and with B recording meanwhile, so that A's event reaches B late.
    const Rounds late =
        roundTrip([&] { return engineA.sync(*connA); }, [&] { return engineB.sync(*connB); }, true);

    // B's sync as the user meets it: the one-shot CLI (a process each time), then the GUI's worker.
    QTemporaryDir home;
    const QString cli = QCoreApplication::applicationDirPath() + QStringLiteral("/../../app/benchside-cli");
    std::vector<double> cliMs, workerMs;
    for (int i = 0; i < roundTrips; ++i) {
        const QString tube =
            check(a->accessioner().accession(request(), QStringLiteral("admin")), "accession").accession;
        check(engineA.sync(*connA), "push for the CLI");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        p.setProcessEnvironment(env);
        QElapsedTimer c;
        c.start();
        p.start(cli, {QStringLiteral("--db"), pathB, QStringLiteral("sync"), QStringLiteral("--url"),
                      urlB.toString(true), QStringLiteral("--json")});
        if (!p.waitForFinished(60'000) || p.exitCode() != 0)
            die(QStringLiteral("benchside-cli sync failed: %1")
                    .arg(QString::fromUtf8(p.readAllStandardError())));
        cliMs.push_back(benchtiming::ms(c));
        if (!check(b->specimens().find(tube), "find after CLI"))
            die(QStringLiteral("the CLI's sync did not carry the accession"));
    }
    {
        SyncWorker worker(pathB, urlB, 3600);
        QElapsedTimer c;
        std::vector<double> rounds;
        QObject::connect(&worker, &SyncWorker::started, [&c] { c.start(); });
        QObject::connect(&worker, &SyncWorker::finished, [&](const SyncOutcome &o) {
            if (!o.ok)
                die(QStringLiteral("worker round failed: %1").arg(o.error));
            rounds.push_back(benchtiming::ms(c));
        });
        worker.start(); // signs in: the first round is not counted
        for (int i = 0; i < roundTrips; ++i) {
            const QString tube =
                check(a->accessioner().accession(request(), QStringLiteral("admin")), "accession").accession;
            check(engineA.sync(*connA), "push for the worker");
            worker.syncNow();
            if (!check(b->specimens().find(tube), "find after worker"))
                die(QStringLiteral("the worker's round did not carry the accession"));
        }
        worker.stop();
        workerMs.assign(rounds.begin() + 1, rounds.end());
    }

    const double pushRate = double(events) / (pushMs / 1000.0);
    const double pullRate = double(events) / (pullMs / 1000.0);
    QJsonObject out{
        {QStringLiteral("machine"), QJsonObject{{QStringLiteral("cpus"), QThread::idealThreadCount()},
                                                {QStringLiteral("kernel"), QSysInfo::kernelVersion()}}},
        {QStringLiteral("events"), events},
        {QStringLiteral("seed_ms"), benchtiming::round3(seedMs)},
        {QStringLiteral("copy_events_per_s"), QJsonObject{{QStringLiteral("before"), qRound(copyBefore)},
                                                          {QStringLiteral("after"), qRound(copyAfter)},
                                                          {QStringLiteral("mean"), qRound(copy)}}},
        {QStringLiteral("push"),
         QJsonObject{{QStringLiteral("ms"), benchtiming::round3(pushMs)},
                     {QStringLiteral("events_per_s"), qRound(pushRate)},
                     {QStringLiteral("ratio_to_copy"), benchtiming::round3(pushRate / copy)}}},
        {QStringLiteral("pull"),
         QJsonObject{{QStringLiteral("ms"), benchtiming::round3(pullMs)},
                     {QStringLiteral("events_per_s"), qRound(pullRate)},
                     {QStringLiteral("ratio_to_copy"), benchtiming::round3(pullRate / copy)}}},
        {QStringLiteral("round_trip_ms"),
         QJsonObject{{QStringLiteral("b_next_sync"), benchtiming::stats(fresh.pull)},
                     {QStringLiteral("b_connect"), benchtiming::stats(connectB)},
                     {QStringLiteral("a_push_sync"), benchtiming::stats(fresh.push)},
                     {QStringLiteral("a_push_plus_b_pull"), benchtiming::stats(fresh.total)}}},
        {QStringLiteral("round_trip_late_arrival_ms"),
         QJsonObject{{QStringLiteral("b_syncs_that_replayed"), late.replayed},
                     {QStringLiteral("b_next_sync"), benchtiming::stats(late.pull)},
                     {QStringLiteral("a_push_plus_b_pull"), benchtiming::stats(late.total)}}},
        {QStringLiteral("round_trip_kept_connection_ms"),
         QJsonObject{{QStringLiteral("b_next_sync"), benchtiming::stats(kept.pull)},
                     {QStringLiteral("a_push_plus_b_pull"), benchtiming::stats(kept.total)}}},
        // B's next sync as the user meets it: one-shot CLI process vs the GUI's background worker.
        {QStringLiteral("b_sync_one_shot_cli_ms"), benchtiming::stats(cliMs)},
        {QStringLiteral("b_sync_gui_worker_kept_connection_ms"), benchtiming::stats(workerMs)},
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Indented).constData());
    return 0;
}
