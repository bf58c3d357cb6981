// SPDX-License-Identifier: GPL-3.0-or-later
// A site of many stations on one PostgreSQL server (issue 22, part 3). Not a CTest test: it prints JSON.
//
//   site_bench [--stations 50] [--minutes 10] [--seed-events 10000000] [--seed-stations 200]
//              [--seed-sites 10] [--history 1000] [--interval 60] [--burst-every 45]
//              [--offline-events 20000] [--probe-ms 1000] [--qc-share 0.05] [--week-site MAIN]
//              [--out DIR] [--station-dir DIR]
//
// 1. Starts its own PostgreSQL 15 (tests/util/pgserver.h: initdb in a temporary folder, durable
//    settings) with room for the stations' connections, and applies the server schema.
// 2. Seeds --seed-events events on the server from --seed-stations synthetic stations spread over
//    --seed-sites other sites: the kinds, subjects and payloads of a real demo journal, each with a
//    new id, time, sequence and hash (Event::computeHash), so that they form valid chains. They go
//    in by COPY, one statement per station: a twentieth through the same append trigger that checks
//    every push (hash, link, sequence), timed on its own; the rest with the table's triggers off, then
//    each station's head set from its last row and a sample of rows checked against the server's
//    event_hash() and links. Then VACUUM ANALYZE, as autovacuum would have left a server that has held
//    them for a while.
// 3. Site MAIN: station DEMO records --history demo specimens (DemoSeeder: catalogue, users, QC
//    lots, specimens) and pushes them; --stations stations are set up and each pulls that history,
//    as a new station would; one more (WEEK) pulls it too and then records --offline-events events
//    offline, in bursts through the same services.
// 4. The run: every station is a process of its own (this program, `station` mode) that records
//    bursts of receipts, results (entered, then released by a supervisor) and QC runs through the
//    models' services on its main thread, a mean of --burst-every seconds apart, and syncs with the
//    GUI's background worker (SyncWorker: its own thread, the connection kept) every --interval
//    seconds. Each logs its rounds. A probe station in this process syncs every --probe-ms with a kept
//    connection, for a dense series of round trips. Halfway through, WEEK comes back: its first round
//    pushes what it recorded offline while the others go on. Every 5 s the server's and the
//    stations' CPU (utime+stime from /proc) and memory (PSS from /proc/PID/smaps_rollup) are sampled.
// 5. After --minutes every station stops recording and syncs until nothing waits, then exits; every
//    station syncs once more (a new connection each). Compared: each station's journal with the
//    server's (per station: count, last sequence and last hash; the server has no gaps), and every
//    station's projections (one digest over Projector::tables()).
// 6. A new station pulls the whole site (timed), and the push and pull queries are run at this size
//    under EXPLAIN (ANALYZE, BUFFERS) as station roles, with auto_explain logging the statements
//    that the append trigger and the row-level security functions run; every plan is searched for
//    sequential scans. Plans go to DIR/plans.txt.
// Station databases live in --station-dir (default /dev/shm): 50 stations share one disk here, where a
// site has 50 disks; the server's data is on the disk, with fsync on.

#include "benchtiming.h"
#include "demo/demoseeder.h"
#include "lab/lab.h"
#include "labhelpers.h"
#include "pgserver.h"
#include "projection/projector.h"
#include "qc/qcservice.h"
#include "result/resultrepository.h"
#include "result/resultservice.h"
#include "sync/journalpuller.h"
#include "sync/journalpusher.h"
#include "sync/serveradmin.h"
#include "sync/syncengine.h"
#include "sync/syncworker.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace benchside;
using benchside::test::PgServer;

namespace {

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stderr, "site_bench: %s\n", qPrintable(message));
    std::fflush(stderr);
    std::_Exit(1);
}

template<typename T> T check(Result<T> r, const char *what)
{
    if (!r)
        die(QStringLiteral("%1: %2").arg(QLatin1String(what), r.error()));
    return std::move(r.value());
}

void checkStatus(const Status &s, const char *what)
{
    if (!s)
        die(QStringLiteral("%1: %2").arg(QLatin1String(what), s.error()));
}

QString arg(const QStringList &args, const QString &name, const QString &fallback)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}

// A UUIDv7 as makeUuid7 lays it out, from a seeded generator: the system's generator is a system call
// per id, and 10 million ids are a visible part of the seeding.
QString fastUuid7(qint64 unixMs, QRandomGenerator &rng)
{
    std::array<quint8, 16> b{};
    rng.fillRange(reinterpret_cast<quint32 *>(b.data()), 4);
    for (int i = 0; i < 6; ++i)
        b[size_t(i)] = quint8((unixMs >> (8 * (5 - i))) & 0xff);
    b[6] = quint8(0x70 | (b[6] & 0x0f));
    b[8] = quint8(0x80 | (b[8] & 0x3f));
    return QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char *>(b.data()), 16))
        .toString(QUuid::WithoutBraces);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void note(const QString &text)
{
    std::fprintf(stderr, "[%s] %s\n", qPrintable(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))),
                 qPrintable(text));
    std::fflush(stderr);
}

// ---------------------------------------------------------------------------------------------------
// What a bench does: bursts of work through the models' services, as the GUI's pages call them.

class BenchWork
{
public:
    BenchWork(Lab &lab, quint32 seed, double qcShare = 0.05)
        : m_qcShare(qcShare), m_lab(lab), m_repo(lab.database().connection()),
          m_results(lab.store(), m_repo, lab.catalog()), m_qc(lab.store(), lab.catalog()), m_rng(seed)
    {}

    // One burst; returns the number of actions that failed (each failure's message kept in lastError).
    int burst()
    {
        const double r = m_rng.generateDouble();
        if (r < m_qcShare)
            return qcRun();
        if (r < m_qcShare + (1 - m_qcShare) * 0.58)
            return receipts(1 + int(m_rng.bounded(8)));
        return results(4 + int(m_rng.bounded(9)));
    }

    // A rack of tubes: accessioned and received, one committed event (or two) per scan.
    int receipts(int tubes)
    {
        static const QStringList Tests{QStringLiteral("GLU"), QStringLiteral("NA"), QStringLiteral("K"),
                                       QStringLiteral("CREA")};
        int failed = 0;
        for (int i = 0; i < tubes; ++i) {
            // Patients come back, to any bench of the site: the same number always has the same details.
            const int n = int(m_rng.bounded(20000));
            AccessionRequest r;
            r.patient = {QStringLiteral("L%1").arg(n, 6, 10, QLatin1Char('0')),
                         QStringLiteral("Load, Patient %1").arg(n),
                         QDate(1940, 1, 1).addDays(n % 25000).toString(Qt::ISODate),
                         n % 2 ? QStringLiteral("F") : QStringLiteral("M")};
            r.specimenType = QStringLiteral("SERUM");
            r.collector = QStringLiteral("Ward %1").arg(1 + n % 12);
            QStringList tests = Tests;
            while (tests.size() > 1 && m_rng.bounded(2))
                tests.removeAt(int(m_rng.bounded(int(tests.size()))));
            r.tests = tests;
            Result<Specimen> s = m_lab.accessioner().accession(r, QStringLiteral("p.nair"));
            if (!s) {
                lastError = s.error();
                ++failed;
                continue;
            }
            const ScanOutcome scan = m_lab.scanner().process(
                s.value().accession, ScanProcessor::Action::Receive, QStringLiteral("p.nair"));
            if (scan.type != ScanOutcome::Type::Received) {
                lastError = QStringLiteral("receipt of %1 was not a receipt").arg(s.value().accession);
                ++failed;
                continue;
            }
            for (const QString &t : std::as_const(tests))
                m_waiting << s.value().accession + QLatin1Char('-') + t;
        }
        return failed;
    }

    // Results typed in, then the normal ones released by a supervisor in one go.
    int results(int n)
    {
        int failed = 0;
        QStringList entered;
        for (int i = 0; i < n && !m_waiting.isEmpty(); ++i) {
            const QString order = m_waiting.takeFirst();
            const QString test = order.mid(order.lastIndexOf(QLatin1Char('-')) + 1);
            const double base = test == QLatin1String("GLU")  ? 5.2
                                : test == QLatin1String("NA") ? 140
                                : test == QLatin1String("K")  ? 4.3
                                                              : 80;
            const double value = base * (0.85 + 0.3 * m_rng.generateDouble());
            Result<ResultService::Recorded> r =
                m_results.enter(order, QString::number(value, 'f', test == QLatin1String("NA") ? 0 : 1), {},
                                QStringLiteral("p.nair"));
            if (!r) {
                lastError = r.error();
                ++failed;
                continue;
            }
            entered << order;
        }
        if (!entered.isEmpty()) {
            Result<ResultService::BatchOutcome> v =
                m_results.verifyNormal(entered, QStringLiteral("a.okafor"));
            if (!v) {
                lastError = v.error();
                ++failed;
            }
        }
        return failed;
    }

    // Both potassium controls of one run.
    int qcRun()
    {
        QcRunDraft run;
        run.testCode = QStringLiteral("K");
        run.analyzer = QStringLiteral("AU680");
        run.values = {
            QcRunValue{QStringLiteral("K-2410"), 1, 3.60 + 0.07 * (m_rng.generateDouble() - 0.5), 0},
            QcRunValue{QStringLiteral("K-2410"), 2, 6.40 + 0.11 * (m_rng.generateDouble() - 0.5), 0}};
        Result<QcService::RecordedRun> r = m_qc.record(run, QStringLiteral("p.nair"));
        if (!r) {
            lastError = r.error();
            return 1;
        }
        return 0;
    }

    QString lastError;

private:
    double m_qcShare; // the share of bursts that are a QC run
    Lab &m_lab;
    ResultRepository m_repo;
    ResultService m_results;
    QcService m_qc;
    QRandomGenerator m_rng;
    QStringList m_waiting; // order ids received here and not resulted yet
};

qint64 ownEvents(Lab &lab)
{
    QSqlQuery q(lab.database().connection());
    q.prepare(QStringLiteral("SELECT coalesce(max(last_seq), 0) FROM chain_heads WHERE station_id = ?"));
    q.addBindValue(lab.station().id);
    if (!q.exec() || !q.next())
        die(QStringLiteral("cannot read chain_heads: %1").arg(q.lastError().text()));
    return q.value(0).toLongLong();
}

// ---------------------------------------------------------------------------------------------------
// `station` mode: one workstation as the GUI runs it (work on the main thread, SyncWorker in its own).

struct Round
{
    qint64 startMs = 0;
    double ms = 0;
    int pushed = 0;
    int pulled = 0;
    bool ok = false;
    bool reached = false;
    bool reconnected = false;
    bool rebuilt = false;  // pulled events came out of replay order and every view was rebuilt
    bool replayed = false; // ...or only the specimens they are about were re-projected
    int waiting = 0;
    QString error;
};

int stationMain(const QStringList &args)
{
    const QString path = arg(args, QStringLiteral("--db"), {});
    const QString logFile = arg(args, QStringLiteral("--log"), {});
    const int interval = arg(args, QStringLiteral("--interval"), QStringLiteral("60")).toInt();
    const double burstEvery = arg(args, QStringLiteral("--burst-every"), QStringLiteral("45")).toDouble();
    const qint64 startAt = arg(args, QStringLiteral("--start-at"), QStringLiteral("0")).toLongLong();
    const qint64 endAt = arg(args, QStringLiteral("--end-at"), QStringLiteral("0")).toLongLong();
    const quint32 seed = arg(args, QStringLiteral("--seed"), QStringLiteral("1")).toUInt();
    const double qcShare = arg(args, QStringLiteral("--qc-share"), QStringLiteral("0.05")).toDouble();
    const ServerUrl url = check(ServerUrl::parse(qEnvironmentVariable("SITE_BENCH_URL")), "url");

    auto lab = check(Lab::open(path), "open station");
    BenchWork work(*lab, seed, qcShare);
    const qint64 ownBefore = ownEvents(*lab);
    QRandomGenerator rng(seed ^ 0x5eed);

    std::mutex mutex;
    std::vector<Round> rounds;
    QElapsedTimer clock;
    clock.start();
    qint64 roundStartNs = 0;
    qint64 roundStartMs = 0;
    std::atomic<bool> inFlight = false;

    QThread thread;
    auto *worker = new SyncWorker(path, url, interval);
    worker->moveToThread(&thread);
    // Timed in the worker's thread: the main thread may be busy with a burst when the signal arrives.
    QObject::connect(
        worker, &SyncWorker::started, worker,
        [&] {
            roundStartNs = clock.nsecsElapsed();
            roundStartMs = nowMs();
            inFlight = true;
        },
        Qt::DirectConnection);
    QObject::connect(
        worker, &SyncWorker::finished, worker,
        [&](const SyncOutcome &o) {
            Round r;
            r.startMs = roundStartMs;
            r.ms = double(clock.nsecsElapsed() - roundStartNs) / 1e6;
            r.pushed = o.report.pushed;
            r.pulled = o.report.pulled;
            r.ok = o.ok;
            r.reached = o.reached;
            r.reconnected = o.reconnected;
            r.rebuilt = o.report.rebuilt;
            r.replayed = o.report.replayed;
            r.waiting = o.status.waiting;
            r.error = o.error;
            std::lock_guard lock(mutex);
            rounds.push_back(r);
            inFlight = false;
        },
        Qt::DirectConnection);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();

    int bursts = 0, failures = 0;
    QString lastFailure;
    QTimer burstTimer;
    burstTimer.setSingleShot(true);
    // Bursts arrive at random (exponential gaps, mean burstEvery): racks come when the porter does.
    auto nextBurst = [&] {
        const double gap = -std::log(1.0 - rng.generateDouble()) * burstEvery;
        burstTimer.start(int(std::min(gap, burstEvery * 5) * 1000));
    };
    QObject::connect(&burstTimer, &QTimer::timeout, [&] {
        if (nowMs() >= endAt)
            return;
        const int f = work.burst();
        ++bursts;
        failures += f;
        if (f)
            lastFailure = work.lastError;
        nextBurst();
    });

    // The first round at start-at (staggered by the orchestrator, so that rounds spread over the
    // interval as the stations of a real site, switched on at different times, do).
    QTimer::singleShot(int(std::max<qint64>(0, startAt - nowMs())), [&] {
        QMetaObject::invokeMethod(worker, &SyncWorker::start, Qt::QueuedConnection);
        nextBurst();
    });

    // At the end: no more work; sync until nothing waits, then leave (one round at a time: a round
    // asked for while one runs would only queue behind it).
    QTimer drain;
    drain.setSingleShot(true);
    QObject::connect(&drain, &QTimer::timeout, [&] {
        if (inFlight && nowMs() < endAt + 600'000) {
            drain.start(1000);
            return;
        }
        bool done = false;
        {
            std::lock_guard lock(mutex);
            done = !rounds.empty() && rounds.back().startMs >= endAt && rounds.back().ok &&
                   rounds.back().waiting == 0;
        }
        if (done || nowMs() > endAt + 600'000) {
            QCoreApplication::quit();
            return;
        }
        QMetaObject::invokeMethod(worker, &SyncWorker::syncNow, Qt::QueuedConnection);
        drain.start(3000);
    });
    QTimer::singleShot(int(std::max<qint64>(0, endAt - nowMs())), [&] {
        burstTimer.stop();
        drain.start(0);
    });

    QCoreApplication::exec();
    QMetaObject::invokeMethod(worker, &SyncWorker::stop, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();

    QJsonArray list;
    {
        std::lock_guard lock(mutex);
        for (const Round &r : rounds)
            list.append(QJsonObject{{QStringLiteral("start_ms"), r.startMs},
                                    {QStringLiteral("ms"), benchtiming::round3(r.ms)},
                                    {QStringLiteral("pushed"), r.pushed},
                                    {QStringLiteral("pulled"), r.pulled},
                                    {QStringLiteral("ok"), r.ok},
                                    {QStringLiteral("reached"), r.reached},
                                    {QStringLiteral("reconnected"), r.reconnected},
                                    {QStringLiteral("rebuilt"), r.rebuilt},
                                    {QStringLiteral("replayed"), r.replayed},
                                    {QStringLiteral("waiting"), r.waiting},
                                    {QStringLiteral("error"), r.error}});
    }
    const qint64 ownAfter = ownEvents(*lab);
    QJsonObject out{{QStringLiteral("station"), lab->station().id},
                    {QStringLiteral("rounds"), list},
                    {QStringLiteral("bursts"), bursts},
                    {QStringLiteral("failures"), failures},
                    {QStringLiteral("last_failure"), lastFailure},
                    {QStringLiteral("events_recorded"), ownAfter - ownBefore},
                    {QStringLiteral("own_events"), ownAfter}};
    QFile f(logFile);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(out).toJson(QJsonDocument::Compact)) < 0)
        die(QStringLiteral("cannot write %1").arg(logFile));
    return 0;
}

// ---------------------------------------------------------------------------------------------------
// /proc: CPU ticks and proportional memory of a set of processes.

struct ProcSample
{
    qint64 ticks = 0; // utime + stime of the live processes (+ reaped children, for the postmaster)
    qint64 pssKb = 0; // proportional set size: shared_buffers counted once over all backends
    qint64 rssKb = 0;
    int processes = 0;
};

QList<qint64> childrenOf(qint64 parent)
{
    QList<qint64> out;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &p : pids) {
        bool isPid = false;
        const qint64 pid = p.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = f.readAll();
        const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 2 && fields.at(1).toLongLong() == parent)
            out << pid;
    }
    return out;
}

void addProcess(ProcSample &s, qint64 pid, bool withReaped)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> f = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (f.size() < 15)
        return;
    // Fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 here, after pid and comm.
    s.ticks += f.at(11).toLongLong() + f.at(12).toLongLong();
    if (withReaped)
        s.ticks += f.at(13).toLongLong() + f.at(14).toLongLong();
    ++s.processes;
    QFile smaps(QStringLiteral("/proc/%1/smaps_rollup").arg(pid));
    if (smaps.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : smaps.readAll().split('\n')) {
            if (line.startsWith("Pss:"))
                s.pssKb += line.mid(4).trimmed().split(' ').value(0).toLongLong();
            else if (line.startsWith("Rss:"))
                s.rssKb += line.mid(4).trimmed().split(' ').value(0).toLongLong();
        }
    }
}

ProcSample sampleServer(qint64 postmaster)
{
    ProcSample s;
    if (postmaster <= 0)
        return s;
    addProcess(s, postmaster, true);
    for (qint64 pid : childrenOf(postmaster))
        addProcess(s, pid, false);
    return s;
}

// The whole machine's busy share since the last call, from /proc/stat.
struct CpuTotals
{
    qint64 busy = 0;
    qint64 all = 0;
};
CpuTotals machineCpu()
{
    QFile f(QStringLiteral("/proc/stat"));
    CpuTotals t;
    if (!f.open(QIODevice::ReadOnly))
        return t;
    const QList<QByteArray> v = f.readLine().simplified().split(' ');
    for (int i = 1; i < v.size(); ++i) {
        const qint64 x = v.at(i).toLongLong();
        t.all += x;
        if (i != 4 && i != 5) // idle, iowait
            t.busy += x;
    }
    return t;
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).simplified() : QString();
}

// ---------------------------------------------------------------------------------------------------
// The orchestrator.

struct Options
{
    int stations = 50;
    double minutes = 10;
    qint64 seedEvents = 10'000'000;
    int seedStations = 200;
    int seedSites = 10;
    int history = 1000;
    int interval = 60;
    double burstEvery = 45;
    int offlineEvents = 20000;
    int probeMs = 1000;
    double qcShare = 0.05;
    QString weekSite = QStringLiteral("MAIN");
    QString outDir;
    QString stationDir;
};

class SiteBench
{
public:
    explicit SiteBench(Options o) : m_o(std::move(o)) {}
    int run();

private:
    QString sql(const QString &text)
    {
        QString out, error;
        if (!m_pg.psql(QStringLiteral("benchside"), text, &out, &error))
            die(error);
        return out;
    }
    std::unique_ptr<ServerConnection> admin()
    {
        return check(ServerConnection::open(m_adminUrl), "admin connection");
    }
    ServerUrl addStation(const QString &id, const QString &site)
    {
        auto a = admin();
        return check(ServerUrl::parse(check(ServerAdmin(*a).addStation(id, site), "add-station").url),
                     "station url");
    }
    QString stationPath(const QString &id) const { return m_stationDir + QLatin1Char('/') + id + ".db"; }
    void newStation(const QString &id, const QString &name)
    {
        checkStatus(Lab::initialise(stationPath(id), Station{id, QStringLiteral("MAIN"), name,
                                                             QStringLiteral("admin"), false}),
                    "initialise station");
        m_urls.insert(id, addStation(id, QStringLiteral("MAIN")));
    }

    QJsonObject seedServer();
    QJsonObject seedHistory();
    QJsonObject setUpStations();
    QJsonObject runSite();
    QJsonObject converge();
    QJsonObject newStationPull();
    QJsonObject explainAll();
    QJsonObject serverSizes();

    Options m_o;
    PgServer m_pg;
    ServerUrl m_adminUrl;
    QString m_stationDir;
    std::unique_ptr<QTemporaryDir> m_stationTmp;
    QMap<QString, ServerUrl> m_urls; // every station of site MAIN
    ServerUrl m_weekUrl;             // WEEK's, when it is on a site of its own (--week-site)
    ServerUrl urlOf(const QString &id) const { return m_urls.contains(id) ? m_urls.value(id) : m_weekUrl; }
    QStringList m_live;       // the stations run as processes from the start
    QList<Event> m_templates; // the demo journal the synthetic stations' events are made from
};

QJsonObject SiteBench::seedServer()
{
    QJsonObject out;
    if (m_o.seedEvents <= 0)
        return out;
    // The synthetic stations' rows, as add-station makes them (no login role: nobody signs in as them).
    QStringList rows;
    for (int k = 1; k <= m_o.seedStations; ++k)
        rows << QStringLiteral("('S%1Z', 'SITE%2', 'synthetic_s%1z')")
                    .arg(k, 4, 10, QLatin1Char('0'))
                    .arg(1 + (k - 1) % m_o.seedSites, 2, 10, QLatin1Char('0'));
    sql(QStringLiteral("INSERT INTO benchside.stations (id, site, role_name) VALUES ") +
        rows.join(QLatin1Char(',')));

    const qint64 perStation = m_o.seedEvents / m_o.seedStations;
    const qint64 spanMs = 2LL * 365 * 24 * 3600 * 1000; // two years of work
    const qint64 t0 = nowMs() - spanMs - 86'400'000;
    std::atomic<qint64> copied = 0;
    std::atomic<bool> failed = false;
    const QString psql = PgServer::binDir() + QStringLiteral("/psql");
    auto worker = [&](int first, int last, int part, int parts) {
        for (int k = first + part; k <= last && !failed; k += parts) {
            const QString station = QStringLiteral("S%1Z").arg(k, 4, 10, QLatin1Char('0'));
            const QString command =
                QStringLiteral("%1 -X -q -v ON_ERROR_STOP=1 -h %2 -p %3 -U %4 -d benchside -c "
                               "\"COPY benchside.journal (id, station_id, station_seq, hlc, actor, kind, "
                               "subject, payload, prev_hash, hash) FROM STDIN\"")
                    .arg(psql, m_pg.socketDir())
                    .arg(m_pg.port())
                    .arg(m_pg.adminUser());
            FILE *pipe = ::popen(command.toLocal8Bit().constData(), "w");
            if (!pipe) {
                failed = true;
                return;
            }
            QRandomGenerator rng{quint32(k)};
            Event e;
            e.stationId = station;
            e.prevHash = Event::genesisHash();
            QByteArray line;
            for (qint64 i = 0; i < perStation; ++i) {
                const Event &tpl = m_templates.at(int((i + k * 7919) % m_templates.size()));
                const qint64 at = t0 + i * spanMs / perStation + k;
                e.id = fastUuid7(at, rng);
                e.stationSeq = i + 1;
                e.hlc = at << 16;
                e.actor = tpl.actor;
                e.kind = tpl.kind;
                e.subject = tpl.subject;
                e.payload = tpl.payload;
                e.hash = e.computeHash();
                line.clear();
                for (const QString *v : {&e.id, &e.stationId}) {
                    line += v->toUtf8();
                    line += '\t';
                }
                line += QByteArray::number(e.stationSeq) + '\t' + QByteArray::number(e.hlc) + '\t';
                for (const QString *v : {&e.actor, &e.kind, &e.subject, &e.payload, &e.prevHash}) {
                    QByteArray b = v->toUtf8();
                    b.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r");
                    line += b;
                    line += '\t';
                }
                line += e.hash.toLatin1();
                line += '\n';
                if (std::fwrite(line.constData(), 1, size_t(line.size()), pipe) != size_t(line.size())) {
                    failed = true;
                    break;
                }
                e.prevHash = e.hash;
            }
            if (::pclose(pipe) != 0)
                failed = true;
            copied += perStation;
        }
    };
    // Two streams: two cores, and each COPY runs in its own backend.
    auto load = [&](int first, int last) {
        QElapsedTimer t;
        t.start();
        const qint64 before = copied;
        std::thread a(worker, first, last, 0, 2), b(worker, first, last, 1, 2);
        QElapsedTimer progress;
        progress.start();
        while (copied - before < perStation * (last - first + 1) && !failed) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            if (progress.elapsed() > 30'000) {
                note(QStringLiteral("seeded %1 events").arg(copied.load()));
                progress.restart();
            }
        }
        a.join();
        b.join();
        if (failed)
            die(QStringLiteral("seeding by COPY failed; server log:\n") + m_pg.logText().right(3000));
        return std::pair<double, qint64>(benchtiming::ms(t), copied - before);
    };
    // A share of the stations goes through the append trigger, as every push does: the rate of checked
    // COPY. The rest is loaded with the trigger off (the same valid chains, built by Event::computeHash),
    // then each station's head is set from its last row as the trigger would have, and a sample of
    // rows is checked against the server's own event_hash() and links afterwards.
    const int checkedStations = std::max(2, m_o.seedStations / 20);
    const auto [checkedMs, checkedRows] = load(1, checkedStations);
    // ALL: the foreign key's check on stations too (the synthetic stations' rows were inserted above).
    sql(QStringLiteral("ALTER TABLE benchside.journal DISABLE TRIGGER ALL"));
    const auto [bulkMs, bulkRows] = load(checkedStations + 1, m_o.seedStations);
    sql(QStringLiteral("ALTER TABLE benchside.journal ENABLE TRIGGER ALL"));
    sql(QStringLiteral("UPDATE benchside.stations s SET last_seq = j.station_seq, last_hash = j.hash, "
                       "last_push_at = now() FROM benchside.journal j WHERE s.site LIKE 'SITE%' AND "
                       "j.station_id = s.id AND j.station_seq = %1")
            .arg(perStation));
    QElapsedTimer t;
    t.start();
    sql(QStringLiteral("VACUUM (ANALYZE) benchside.journal"));
    const double vacuumMs = benchtiming::ms(t);
    const QStringList sample =
        sql(QStringLiteral(
                "SELECT count(*) || '|' || count(*) FILTER (WHERE j.hash <> benchside.event_hash(j.id, "
                "j.station_id, j.station_seq, j.hlc, j.actor, j.kind, j.subject, j.payload, j.prev_hash) "
                "OR j.prev_hash <> coalesce(p.hash, repeat('0', 64))) FROM benchside.journal j "
                "TABLESAMPLE SYSTEM (0.2) LEFT JOIN benchside.journal p ON p.station_id = j.station_id "
                "AND p.station_seq = j.station_seq - 1"))
            .split(QLatin1Char('|'));
    if (sample.value(1) != QLatin1String("0"))
        die(QStringLiteral("%1 of %2 sampled seeded events do not check")
                .arg(sample.value(1), sample.value(0)));
    out.insert(
        QStringLiteral("checked_copy"),
        QJsonObject{{QStringLiteral("events"), checkedRows},
                    {QStringLiteral("s"), benchtiming::round3(checkedMs / 1000)},
                    {QStringLiteral("events_per_s"), qRound64(double(checkedRows) / (checkedMs / 1000))}});
    out.insert(QStringLiteral("bulk_copy_trigger_off"),
               QJsonObject{{QStringLiteral("events"), bulkRows},
                           {QStringLiteral("s"), benchtiming::round3(bulkMs / 1000)},
                           {QStringLiteral("events_per_s"), qRound64(double(bulkRows) / (bulkMs / 1000))}});
    out.insert(QStringLiteral("sample_checked"), sample.value(0).toLongLong());
    out.insert(QStringLiteral("events"), copied.load());
    out.insert(QStringLiteral("stations"), m_o.seedStations);
    out.insert(QStringLiteral("sites"), m_o.seedSites);
    out.insert(QStringLiteral("vacuum_analyze_s"), benchtiming::round3(vacuumMs / 1000));
    return out;
}

QJsonObject SiteBench::seedHistory()
{
    QElapsedTimer t;
    t.start();
    const QString path = stationPath(QStringLiteral("DEMO"));
    {
        auto db = check(Database::open(path), "open demo");
        check(DemoSeeder(*db, 1).seed(m_o.history), "seed demo");
    }
    const double seedMs = benchtiming::ms(t);
    auto demo = check(Lab::open(path), "open DEMO");
    QSqlQuery q(demo->database().connection());
    q.setForwardOnly(true);
    if (!q.exec(
            QStringLiteral("SELECT %1 FROM journal ORDER BY station_seq").arg(QLatin1String(Event::Columns))))
        die(q.lastError().text());
    m_templates = Event::fromRows(q);
    m_urls.insert(QStringLiteral("DEMO"), addStation(QStringLiteral("DEMO"), QStringLiteral("MAIN")));
    t.restart();
    const SyncReport r =
        check(SyncEngine(demo->store()).sync(m_urls.value(QStringLiteral("DEMO"))), "push DEMO");
    return QJsonObject{{QStringLiteral("specimens"), m_o.history},
                       {QStringLiteral("events"), m_templates.size()},
                       {QStringLiteral("seed_s"), benchtiming::round3(seedMs / 1000)},
                       {QStringLiteral("push_s"), benchtiming::round3(benchtiming::ms(t) / 1000)},
                       {QStringLiteral("pushed"), r.pushed}};
}

QJsonObject SiteBench::setUpStations()
{
    QElapsedTimer t;
    t.start();
    std::vector<double> pulls;
    for (int i = 1; i <= m_o.stations; ++i) {
        const QString id = QStringLiteral("B%1S").arg(i, 2, 10, QLatin1Char('0'));
        newStation(id, QStringLiteral("Main Lab / Bench %1").arg(i));
        m_live << id;
    }
    if (m_o.weekSite == QLatin1String("MAIN")) {
        newStation(QStringLiteral("WEEK"), QStringLiteral("Main Lab / Night bench"));
    } else {
        // WEEK on a site of its own: the others do not pull its events, so what its push costs them
        // on the server is seen apart from what taking its events in costs each of them.
        checkStatus(Lab::initialise(stationPath(QStringLiteral("WEEK")),
                                    Station{QStringLiteral("WEEK"), m_o.weekSite,
                                            QStringLiteral("Night bench"), QStringLiteral("admin"), false}),
                    "initialise WEEK");
        m_weekUrl = addStation(QStringLiteral("WEEK"), m_o.weekSite);
        auto lab = check(Lab::open(stationPath(QStringLiteral("WEEK"))), "open WEEK");
        checkStatus(testlab::importDemoCatalog(*lab), "WEEK catalogue");
    }
    newStation(QStringLiteral("PROBE"), QStringLiteral("Main Lab / Office"));
    // Each pulls the site's history, as a new station does on its first sync.
    for (const QString &id : m_urls.keys()) {
        if (id == QLatin1String("DEMO"))
            continue;
        auto lab = check(Lab::open(stationPath(id)), "open station");
        QElapsedTimer p;
        p.start();
        const SyncReport r = check(SyncEngine(lab->store()).sync(m_urls.value(id)), "first pull");
        pulls.push_back(benchtiming::ms(p));
        if (!r.held.isEmpty())
            die(r.held);
    }
    const double setupMs = benchtiming::ms(t);

    // WEEK records a week of work offline, through the same services (no sync).
    auto week = check(Lab::open(stationPath(QStringLiteral("WEEK"))), "open WEEK");
    BenchWork work(*week, 4242);
    t.restart();
    int failures = 0;
    while (ownEvents(*week) < m_o.offlineEvents) {
        failures += work.receipts(8);
        failures += work.results(20);
        if (failures > 100)
            die(QStringLiteral("WEEK cannot record: ") + work.lastError);
    }
    return QJsonObject{{QStringLiteral("stations"), m_o.stations},
                       {QStringLiteral("first_pull_ms"), benchtiming::stats(pulls)},
                       {QStringLiteral("setup_s"), benchtiming::round3(setupMs / 1000)},
                       {QStringLiteral("week_offline_events"), ownEvents(*week)},
                       {QStringLiteral("week_record_s"), benchtiming::round3(benchtiming::ms(t) / 1000)}};
}

// The probe: one more station in this process, syncing often on a kept connection.
struct ProbeRound
{
    qint64 startMs;
    double ms;
    int pulled;
};

QJsonObject SiteBench::runSite()
{
    sql(QStringLiteral(
        "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()"));
    const qint64 start = nowMs() + 3000;
    const qint64 end = start + qint64(m_o.minutes * 60'000);
    const qint64 weekAt = start + (end - start) / 2;
    QDir().mkpath(m_o.outDir + QStringLiteral("/logs"));
    QList<QProcess *> procs;
    QMap<QProcess *, QString> names;
    QRandomGenerator rng(7);
    auto launch = [&](const QString &id, qint64 startAt, quint32 seed) {
        auto *p = new QProcess;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SITE_BENCH_URL"), urlOf(id).toString(true));
        p->setProcessEnvironment(env);
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("station"), QStringLiteral("--db"), stationPath(id), QStringLiteral("--log"),
                  m_o.outDir + QStringLiteral("/logs/") + id + QStringLiteral(".json"),
                  QStringLiteral("--interval"), QString::number(m_o.interval),
                  QStringLiteral("--burst-every"), QString::number(m_o.burstEvery),
                  QStringLiteral("--start-at"), QString::number(startAt), QStringLiteral("--end-at"),
                  QString::number(end), QStringLiteral("--seed"), QString::number(seed),
                  QStringLiteral("--qc-share"), QString::number(m_o.qcShare)});
        if (!p->waitForStarted(30'000))
            die(QStringLiteral("cannot start station %1").arg(id));
        procs << p;
        names.insert(p, id);
    };
    for (int i = 0; i < m_live.size(); ++i)
        launch(m_live.at(i), start + rng.bounded(m_o.interval * 1000), quint32(100 + i));

    // The probe, in a thread of its own (its own station database and server connections).
    std::atomic<bool> stopProbe = false;
    std::vector<ProbeRound> probe;
    std::mutex probeMutex;
    QString probeError;
    std::thread probeThread([&] {
        auto lab = check(Lab::open(stationPath(QStringLiteral("PROBE"))), "open PROBE");
        auto conn = check(ServerConnection::open(m_urls.value(QStringLiteral("PROBE"))), "PROBE connection");
        SyncEngine engine(lab->store());
        while (!stopProbe) {
            const qint64 at = nowMs();
            QElapsedTimer r;
            r.start();
            Result<SyncReport> rep = engine.sync(*conn);
            const double ms = benchtiming::ms(r);
            if (!rep) {
                std::lock_guard lock(probeMutex);
                probeError = rep.error();
            } else {
                std::lock_guard lock(probeMutex);
                probe.push_back({at, ms, rep.value().pulled});
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(m_o.probeMs));
        }
    });

    // Sampling every 5 s until every station process has finished.
    QJsonArray samples;
    const qint64 postmaster = m_pg.postmasterPid();
    const long hz = ::sysconf(_SC_CLK_TCK);
    auto stationsSample = [&] {
        ProcSample s;
        for (QProcess *p : std::as_const(procs))
            if (p->state() == QProcess::Running)
                addProcess(s, p->processId(), false);
        return s;
    };
    ProcSample lastServer = sampleServer(postmaster);
    ProcSample lastStations = stationsSample();
    CpuTotals lastMachine = machineCpu();
    auto siteEvents = [&] {
        return sql(QStringLiteral("SELECT sum(last_seq) FROM benchside.stations WHERE site = 'MAIN'"))
            .toLongLong();
    };
    const qint64 eventsAtStart = siteEvents();
    qint64 lastEvents = eventsAtStart;
    qint64 lastAt = nowMs();
    std::vector<double> serverCpu, stationsCpu, machineBusy, rate;
    qint64 serverPssMax = 0, stationsPssMax = 0, serverRssMax = 0;
    bool weekLaunched = false;
    qint64 lastMinute = -1;
    int lockWaitersMax = 0;  // backends waiting for a lock at a sample
    qint64 stationTicks = 0; // summed over the windows, since finished processes leave the sample
    for (;;) {
        QThread::msleep(5000);
        QCoreApplication::processEvents();
        if (!weekLaunched && nowMs() >= weekAt) {
            launch(QStringLiteral("WEEK"), nowMs(), 999);
            weekLaunched = true;
        }
        const qint64 at = nowMs();
        const ProcSample server = sampleServer(postmaster);
        const ProcSample st = stationsSample();
        const CpuTotals machine = machineCpu();
        const qint64 events = siteEvents();
        const int lockWaiters =
            sql(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"))
                .toInt();
        lockWaitersMax = std::max(lockWaitersMax, lockWaiters);
        const double secs = double(at - lastAt) / 1000;
        const double srvPct = 100.0 * double(server.ticks - lastServer.ticks) / double(hz) / secs;
        const double stPct =
            100.0 * double(std::max<qint64>(0, st.ticks - lastStations.ticks)) / double(hz) / secs;
        stationTicks += std::max<qint64>(0, st.ticks - lastStations.ticks);
        const double busy = 100.0 * double(machine.busy - lastMachine.busy) /
                            double(std::max<qint64>(1, machine.all - lastMachine.all));
        const bool running = at < end;
        if (running) {
            serverCpu.push_back(srvPct);
            stationsCpu.push_back(stPct);
            machineBusy.push_back(busy);
            rate.push_back(double(events - lastEvents) / secs);
        }
        serverPssMax = std::max(serverPssMax, server.pssKb);
        serverRssMax = std::max(serverRssMax, server.rssKb);
        stationsPssMax = std::max(stationsPssMax, st.pssKb);
        samples.append(QJsonObject{{QStringLiteral("t_s"), benchtiming::round3(double(at - start) / 1000)},
                                   {QStringLiteral("server_cpu_pct"), benchtiming::round3(srvPct)},
                                   {QStringLiteral("stations_cpu_pct"), benchtiming::round3(stPct)},
                                   {QStringLiteral("machine_busy_pct"), benchtiming::round3(busy)},
                                   {QStringLiteral("server_pss_mb"), qint64(server.pssKb / 1024)},
                                   {QStringLiteral("server_processes"), server.processes},
                                   {QStringLiteral("stations_pss_mb"), qint64(st.pssKb / 1024)},
                                   {QStringLiteral("site_events"), events},
                                   {QStringLiteral("lock_waiters"), lockWaiters},
                                   {QStringLiteral("load"), loadAverage()}});
        lastServer = server;
        lastStations = st;
        lastMachine = machine;
        lastEvents = events;
        lastAt = at;
        bool allDone = true;
        for (QProcess *p : std::as_const(procs))
            allDone = allDone && p->state() == QProcess::NotRunning;
        if (at > end && allDone)
            break;
        // A station drains for up to 10 minutes after the end (SyncWorker rounds until nothing waits).
        if (at > end + 720'000)
            die(QStringLiteral("stations still running 12 minutes after the end"));
        if ((at - start) / 60000 != lastMinute) {
            lastMinute = (at - start) / 60000;
            note(QStringLiteral("minute %1: %2 site events, server %3 %, stations %4 %, load %5")
                     .arg(lastMinute)
                     .arg(events)
                     .arg(qRound(srvPct))
                     .arg(qRound(stPct))
                     .arg(loadAverage()));
        }
    }
    stopProbe = true;
    probeThread.join();
    const qint64 runEnd = nowMs();
    // What the server spent on the stations' statements during the run (and their drain): per
    // statement, calls and execution times in ms. Station roles only: the bench's own sampling is not
    // counted.
    QJsonArray statements;
    double serverMs = 0;
    qint64 serverCalls = 0;
    for (const QString &line :
         sql(QStringLiteral(
                 // QPSQL prepares with SQL (PREPARE qpsqlpstmt_N AS …, then EXECUTE): the prepared body is
                 // what pg_stat_statements times, under a new name each time; grouped here by its text.
                 "SELECT sum(calls) || '|' || round(sum(total_exec_time)::numeric, 1) || '|' || "
                 "round((sum(total_exec_time) / sum(calls))::numeric, 3) || '|' || "
                 "round(max(max_exec_time)::numeric, 1) || '|' || sum(rows) || '|' || bool_or(own) || '|' || "
                 "left(q, 110) FROM (SELECT s.calls, s.total_exec_time, s.max_exec_time, s.rows, "
                 "s.toplevel OR s.query LIKE 'PREPARE %' AS own, "
                 "regexp_replace(regexp_replace(s.query, '^PREPARE \\S+ AS ', ''), '\\s+', ' ', 'g') AS q "
                 "FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid "
                 "WHERE NOT r.rolsuper AND pg_has_role(r.oid, 'benchside_station', 'MEMBER') AND r.rolname "
                 "<> "
                 "'benchside_station') x "
                 "GROUP BY q ORDER BY sum(total_exec_time) DESC LIMIT 16"))
             .split(QLatin1Char('\n'))) {
        const QStringList f = line.split(QLatin1Char('|'));
        if (f.size() < 7)
            continue;
        if (f.at(5) == QLatin1String("true")) {
            serverMs += f.at(1).toDouble();
            serverCalls += f.at(0).toLongLong();
        }
        statements.append(
            QJsonObject{{QStringLiteral("calls"), f.at(0).toLongLong()},
                        {QStringLiteral("total_ms"), f.at(1).toDouble()},
                        {QStringLiteral("mean_ms"), f.at(2).toDouble()},
                        {QStringLiteral("max_ms"), f.at(3).toDouble()},
                        {QStringLiteral("rows"), f.at(4).toLongLong()},
                        {QStringLiteral("stations_own"), f.at(5) == QLatin1String("true")},
                        {QStringLiteral("query"), QStringList(f.mid(6)).join(QLatin1Char('|'))}});
    }

    // The station processes' logs.
    std::vector<double> all, allLive, perStationP99, perStationP50;
    // Rounds by what the pulled events made the station do: rebuild every view, re-project some
    // specimens, or apply them in order.
    std::vector<double> byRebuilt, byReplayed, inOrder;
    QJsonObject week;
    qint64 weekStart = 0, weekEnd = 0;
    int roundsFailed = 0, reconnects = 0, workFailures = 0;
    qint64 recorded = 0;
    QStringList failures;
    QMap<QString, QJsonObject> logs;
    for (QProcess *p : std::as_const(procs)) {
        const QString id = names.value(p);
        if (p->exitStatus() != QProcess::NormalExit || p->exitCode() != 0)
            die(QStringLiteral("station %1 ended with %2").arg(id).arg(p->exitCode()));
        QFile f(m_o.outDir + QStringLiteral("/logs/") + id + QStringLiteral(".json"));
        if (!f.open(QIODevice::ReadOnly))
            die(QStringLiteral("no log from %1").arg(id));
        const QJsonObject log = QJsonDocument::fromJson(f.readAll()).object();
        logs.insert(id, log);
        recorded += log.value(QStringLiteral("events_recorded")).toInteger();
        workFailures += log.value(QStringLiteral("failures")).toInt();
        if (!log.value(QStringLiteral("last_failure")).toString().isEmpty())
            failures << id + QStringLiteral(": ") + log.value(QStringLiteral("last_failure")).toString();
        const QJsonArray rounds = log.value(QStringLiteral("rounds")).toArray();
        if (id == QLatin1String("WEEK") && !rounds.isEmpty()) {
            const QJsonObject first = rounds.first().toObject();
            weekStart = first.value(QStringLiteral("start_ms")).toInteger();
            weekEnd = weekStart + qint64(first.value(QStringLiteral("ms")).toDouble());
            week = QJsonObject{{QStringLiteral("first_round_ms"), first.value(QStringLiteral("ms"))},
                               {QStringLiteral("pushed"), first.value(QStringLiteral("pushed"))},
                               {QStringLiteral("pulled"), first.value(QStringLiteral("pulled"))},
                               {QStringLiteral("ok"), first.value(QStringLiteral("ok"))}};
        }
        std::vector<double> mine;
        for (const QJsonValue &v : rounds) {
            const QJsonObject r = v.toObject();
            if (!r.value(QStringLiteral("ok")).toBool()) {
                ++roundsFailed;
                failures << id + QStringLiteral(" round: ") + r.value(QStringLiteral("error")).toString();
            }
            reconnects += r.value(QStringLiteral("reconnected")).toBool() ? 1 : 0;
            // Rounds during the run only: the drain at the end is not a regular round.
            if (r.value(QStringLiteral("start_ms")).toInteger() >= end)
                continue;
            const double ms = r.value(QStringLiteral("ms")).toDouble();
            if (id != QLatin1String("WEEK"))
                mine.push_back(ms);
            if (id != QLatin1String("WEEK"))
                (r.value(QStringLiteral("rebuilt")).toBool()    ? byRebuilt
                 : r.value(QStringLiteral("replayed")).toBool() ? byReplayed
                                                                : inOrder)
                    .push_back(ms);
        }
        if (!mine.empty() && id != QLatin1String("WEEK")) {
            all.insert(all.end(), mine.begin(), mine.end());
            const QJsonObject s = benchtiming::stats(mine);
            perStationP50.push_back(s.value(QStringLiteral("p50")).toDouble());
            perStationP99.push_back(s.value(QStringLiteral("p99")).toDouble());
        }
    }
    // Others' rounds that overlapped WEEK's first round (its push), against all the others.
    std::vector<double> during, outside, probeDuring, probeOutside, probeAll;
    for (auto it = logs.cbegin(); it != logs.cend(); ++it) {
        if (it.key() == QLatin1String("WEEK"))
            continue;
        for (const QJsonValue &v : it.value().value(QStringLiteral("rounds")).toArray()) {
            const QJsonObject r = v.toObject();
            const qint64 s = r.value(QStringLiteral("start_ms")).toInteger();
            const double ms = r.value(QStringLiteral("ms")).toDouble();
            if (s >= end)
                continue;
            (s + qint64(ms) >= weekStart && s <= weekEnd ? during : outside).push_back(ms);
        }
    }
    for (const ProbeRound &r : probe) {
        if (r.startMs >= end)
            continue;
        probeAll.push_back(r.ms);
        (r.startMs + qint64(r.ms) >= weekStart && r.startMs <= weekEnd ? probeDuring : probeOutside)
            .push_back(r.ms);
    }
    week.insert(QStringLiteral("others_rounds_during_ms"), benchtiming::stats(during));
    week.insert(QStringLiteral("others_rounds_outside_ms"), benchtiming::stats(outside));
    week.insert(QStringLiteral("probe_rounds_during_ms"), benchtiming::stats(probeDuring));
    week.insert(QStringLiteral("probe_rounds_outside_ms"), benchtiming::stats(probeOutside));

    const double runS = double(end - start) / 1000;
    const qint64 eventsAtEnd = siteEvents();
    failures.removeDuplicates();
    return QJsonObject{
        {QStringLiteral("minutes"), m_o.minutes},
        {QStringLiteral("stations"), int(m_live.size())},
        {QStringLiteral("interval_s"), m_o.interval},
        {QStringLiteral("burst_every_s"), m_o.burstEvery},
        {QStringLiteral("qc_share"), m_o.qcShare},
        {QStringLiteral("round_trip_ms"), benchtiming::stats(all)},
        {QStringLiteral("round_trip_per_station_p50_ms"), benchtiming::stats(perStationP50)},
        {QStringLiteral("round_trip_per_station_p99_ms"), benchtiming::stats(perStationP99)},
        {QStringLiteral("probe_round_trip_ms"), benchtiming::stats(probeAll)},
        {QStringLiteral("probe_error"), probeError},
        {QStringLiteral("rounds_failed"), roundsFailed},
        {QStringLiteral("round_trip_by_kind_ms"),
         QJsonObject{{QStringLiteral("views_rebuilt"), benchtiming::stats(byRebuilt)},
                     {QStringLiteral("specimens_replayed"), benchtiming::stats(byReplayed)},
                     {QStringLiteral("in_order"), benchtiming::stats(inOrder)}}},
        {QStringLiteral("reconnects"), reconnects},
        {QStringLiteral("work_failures"), workFailures},
        {QStringLiteral("failures_sample"), QJsonArray::fromStringList(failures.mid(0, 10))},
        {QStringLiteral("events_recorded_by_stations"), recorded},
        {QStringLiteral("site_events_before"), eventsAtStart},
        {QStringLiteral("site_events_after"), eventsAtEnd},
        {QStringLiteral("events_accepted_per_s"),
         QJsonObject{
             {QStringLiteral("over_run"), benchtiming::round3(double(eventsAtEnd - eventsAtStart) / runS)},
             {QStringLiteral("per_5s_window"), benchtiming::stats(rate)}}},
        {QStringLiteral("server_cpu_pct_of_one_core"), benchtiming::stats(serverCpu)},
        {QStringLiteral("stations_cpu_pct_of_one_core"), benchtiming::stats(stationsCpu)},
        {QStringLiteral("stations_cpu_s_total"), benchtiming::round3(double(stationTicks) / double(hz))},
        {QStringLiteral("machine_busy_pct"), benchtiming::stats(machineBusy)},
        {QStringLiteral("lock_waiters_max_at_a_sample"), lockWaitersMax},
        {QStringLiteral("server_statements"), statements},
        {QStringLiteral("server_exec_ms_stations_statements"), benchtiming::round3(serverMs)},
        {QStringLiteral("server_calls_stations_statements"), serverCalls},
        {QStringLiteral("server_pss_mb_max"), qint64(serverPssMax / 1024)},
        {QStringLiteral("server_rss_mb_max_summed"), qint64(serverRssMax / 1024)},
        {QStringLiteral("stations_pss_mb_max"), qint64(stationsPssMax / 1024)},
        {QStringLiteral("week"), week},
        {QStringLiteral("wall_s"), benchtiming::round3(double(runEnd - start) / 1000)},
        {QStringLiteral("samples"), samples}};
}

// Every station syncs once more, then its journal is compared with the server's, and its views with
// every other station's.
QJsonObject SiteBench::converge()
{
    QElapsedTimer t;
    t.start();
    int pulledLast = 0, waiting = 0;
    std::vector<double> finals;
    for (int pass = 0; pass < 2; ++pass) {
        pulledLast = 0;
        for (const QString &id : m_urls.keys()) {
            auto lab = check(Lab::open(stationPath(id)), "open station");
            QElapsedTimer r;
            r.start();
            const SyncReport rep = check(SyncEngine(lab->store()).sync(m_urls.value(id)), "final sync");
            if (pass == 1)
                finals.push_back(benchtiming::ms(r));
            if (!rep.held.isEmpty())
                die(id + QStringLiteral(": ") + rep.held);
            if (pass == 1)
                pulledLast += rep.pulled;
            waiting += pass == 1 ? rep.waiting : 0;
        }
    }
    QString weekProblem;
    if (!m_urls.contains(QStringLiteral("WEEK"))) {
        auto lab = check(Lab::open(stationPath(QStringLiteral("WEEK"))), "open WEEK");
        const SyncReport rep = check(SyncEngine(lab->store()).sync(m_weekUrl), "final sync WEEK");
        const QString server = sql(QStringLiteral(
            "SELECT last_seq || '|' || last_hash || '|' || (SELECT count(*) FROM benchside.journal "
            "WHERE station_id = 'WEEK') FROM benchside.stations WHERE id = 'WEEK'"));
        QSqlQuery q(lab->database().connection());
        if (!q.exec(
                QStringLiteral("SELECT last_seq || '|' || last_hash || '|' || (SELECT count(*) FROM journal) "
                               "FROM chain_heads WHERE station_id = 'WEEK'")) ||
            !q.next())
            die(q.lastError().text());
        if (q.value(0).toString() != server || rep.waiting != 0)
            weekProblem = QStringLiteral("WEEK holds %1, the server %2").arg(q.value(0).toString(), server);
    }
    const double syncMs = benchtiming::ms(t);

    // The server: per station of the site, its head, and how many rows it holds (no gaps: UNIQUE
    // (station_id, station_seq) forbids duplicates, count = last_seq = max forbids holes).
    const QStringList server =
        sql(QStringLiteral(
                "SELECT s.id || '|' || s.last_seq || '|' || s.last_hash || '|' || "
                "(SELECT count(*) FROM benchside.journal j WHERE j.station_id = s.id) || '|' || "
                "(SELECT coalesce(max(station_seq), 0) FROM benchside.journal j WHERE j.station_id = s.id) "
                "FROM benchside.stations s WHERE s.site = 'MAIN' ORDER BY s.id"))
            .split(QLatin1Char('\n'));
    QMap<QString, QStringList> heads;
    qint64 serverTotal = 0;
    int serverGaps = 0;
    for (const QString &line : server) {
        const QStringList f = line.split(QLatin1Char('|'));
        heads.insert(f.at(0), f);
        serverTotal += f.at(3).toLongLong();
        serverGaps += f.at(1) != f.at(3) || f.at(1) != f.at(4) ? 1 : 0;
    }
    int mismatched = 0;
    QStringList problems;
    QSet<QString> digests;
    for (const QString &id : m_urls.keys()) {
        auto lab = check(Lab::open(stationPath(id)), "open station");
        QSqlDatabase db = lab->database().connection();
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT h.station_id, h.last_seq, h.last_hash, "
                                   "(SELECT count(*) FROM journal j WHERE j.station_id = h.station_id) "
                                   "FROM chain_heads h ORDER BY h.station_id")))
            die(q.lastError().text());
        int seen = 0;
        while (q.next()) {
            const QString station = q.value(0).toString();
            const QStringList s = heads.value(station);
            ++seen;
            if (s.isEmpty() || s.at(1).toLongLong() != q.value(1).toLongLong() ||
                s.at(2) != q.value(2).toString() || q.value(3).toLongLong() != q.value(1).toLongLong()) {
                ++mismatched;
                problems << QStringLiteral("%1 holds %2 of %3 as #%4 (%5 rows); the server #%6")
                                .arg(id, station, q.value(2).toString().left(8))
                                .arg(q.value(1).toLongLong())
                                .arg(q.value(3).toLongLong())
                                .arg(s.value(1));
            }
        }
        // Stations that never recorded anything have no head; every one that did must be there.
        int expected = 0;
        for (const QStringList &s : std::as_const(heads))
            expected += s.at(1).toLongLong() > 0 ? 1 : 0;
        if (seen != expected) {
            ++mismatched;
            problems << QStringLiteral("%1 holds %2 chains of %3").arg(id).arg(seen).arg(expected);
        }
        QCryptographicHash h(QCryptographicHash::Sha256);
        for (const QString &table : Projector::tables()) {
            QStringList rows = testlab::tableRows(db, table);
            rows.sort();
            for (const QString &row : std::as_const(rows))
                h.addData(row.toUtf8() + '\n');
        }
        digests.insert(QString::fromLatin1(h.result().toHex()));
    }
    return QJsonObject{{QStringLiteral("final_sync_s"), benchtiming::round3(syncMs / 1000)},
                       {QStringLiteral("final_round_ms"), benchtiming::stats(finals)},
                       {QStringLiteral("pulled_in_last_pass"), pulledLast},
                       {QStringLiteral("waiting_after"), waiting},
                       {QStringLiteral("stations_compared"), int(m_urls.size())},
                       {QStringLiteral("week_other_site_problem"), weekProblem},
                       {QStringLiteral("server_site_events"), serverTotal},
                       {QStringLiteral("server_stations_with_gaps"), serverGaps},
                       {QStringLiteral("journal_mismatches"), mismatched},
                       {QStringLiteral("problems"), QJsonArray::fromStringList(problems.mid(0, 10))},
                       {QStringLiteral("distinct_projection_digests"), int(digests.size())}};
}

QJsonObject SiteBench::newStationPull()
{
    newStation(QStringLiteral("NEWS"), QStringLiteral("Main Lab / New bench"));
    auto lab = check(Lab::open(stationPath(QStringLiteral("NEWS"))), "open NEWS");
    QElapsedTimer t;
    t.start();
    const SyncReport r =
        check(SyncEngine(lab->store()).sync(m_urls.value(QStringLiteral("NEWS"))), "NEWS pull");
    const double ms = benchtiming::ms(t);
    return QJsonObject{
        {QStringLiteral("events"), r.pulled},
        {QStringLiteral("s"), benchtiming::round3(ms / 1000)},
        {QStringLiteral("events_per_s"), qRound64(double(r.pulled) / (ms / 1000))},
        {QStringLiteral("rebuilt"), r.rebuilt},
        {QStringLiteral("database_mb"),
         benchtiming::round3(double(QFileInfo(stationPath(QStringLiteral("NEWS"))).size()) / 1048576)}};
}

QJsonObject SiteBench::serverSizes()
{
    const QStringList f = sql(QStringLiteral("SELECT (SELECT count(*) FROM benchside.journal) || '|' || "
                                             "pg_relation_size('benchside.journal') || '|' || "
                                             "pg_indexes_size('benchside.journal') || '|' || "
                                             "pg_total_relation_size('benchside.journal') || '|' || "
                                             "pg_database_size('benchside')"))
                              .split(QLatin1Char('|'));
    auto mb = [](const QString &bytes) {
        return qint64(bytes.toLongLong() / 1048576);
    };
    QJsonObject indexes;
    for (const QString &line :
         sql(QStringLiteral(
                 "SELECT indexrelname || '|' || pg_relation_size(indexrelid) FROM pg_stat_user_indexes "
                 "WHERE schemaname = 'benchside' ORDER BY 1"))
             .split(QLatin1Char('\n'))) {
        const QStringList p = line.split(QLatin1Char('|'));
        if (p.size() == 2)
            indexes.insert(p.at(0), mb(p.at(1)));
    }
    return QJsonObject{{QStringLiteral("journal_rows"), f.value(0).toLongLong()},
                       {QStringLiteral("journal_heap_mb"), mb(f.value(1))},
                       {QStringLiteral("journal_indexes_mb"), mb(f.value(2))},
                       {QStringLiteral("journal_total_mb"), mb(f.value(3))},
                       {QStringLiteral("database_mb"), mb(f.value(4))},
                       {QStringLiteral("index_mb"), indexes}};
}

// The push and the pull under EXPLAIN (ANALYZE, BUFFERS), as station roles (row-level security
// applies: SET SESSION AUTHORIZATION makes session_user the station's role, as signing in does), with
// auto_explain logging what the append trigger and the policies' functions run inside them.
QJsonObject SiteBench::explainAll()
{
    // A station of a seeded site, to pull 1/seed-sites of the seeded events from zero.
    const QString farId = QStringLiteral("FARNEW");
    if (m_o.seedEvents > 0)
        addStation(farId, QStringLiteral("SITE01"));
    auto news = check(Lab::open(stationPath(QStringLiteral("NEWS"))), "open NEWS");
    BenchWork work(*news, 77);
    const qint64 before = ownEvents(*news);
    while (ownEvents(*news) - before < 100)
        work.receipts(5);
    QSqlQuery pending(news->database().connection());
    pending.prepare(QStringLiteral("SELECT %1 FROM journal WHERE station_id = 'NEWS' AND station_seq > ? "
                                   "ORDER BY station_seq")
                        .arg(QLatin1String(Event::Columns)));
    pending.addBindValue(before);
    if (!pending.exec())
        die(pending.lastError().text());
    const QList<Event> batch = Event::fromRows(pending);
    // The NEWS station's own copy of the site's heads: a caught-up pull.
    QStringList ids, seqs, zeros;
    QSqlQuery heads(news->database().connection());
    if (!heads.exec(QStringLiteral("SELECT station_id, last_seq FROM chain_heads")))
        die(heads.lastError().text());
    while (heads.next()) {
        ids << heads.value(0).toString();
        seqs << heads.value(1).toString();
        zeros << QStringLiteral("0");
    }
    auto positional = [](QString text) {
        for (int n = 1; text.contains(QLatin1Char('?')); ++n)
            text.replace(text.indexOf(QLatin1Char('?')), 1, QStringLiteral("$%1").arg(n));
        return text;
    };

    auto conn = admin();
    QSqlDatabase db = conn->database();
    QStringList plans;
    auto exec = [&](const QString &text, const QVariantList &values = {}) {
        QSqlQuery q(db);
        // EXPLAIN cannot be prepared (only its EXECUTE of a prepared statement can be explained).
        const bool done = values.isEmpty() ? q.exec(text) : (q.prepare(text), [&] {
            for (const QVariant &v : values)
                q.addBindValue(v);
            return q.exec();
        }());
        if (!done)
            die(QStringLiteral("%1: %2").arg(text.left(80), q.lastError().text()));
        QStringList lines;
        while (q.next())
            lines << q.value(0).toString();
        return lines;
    };
    auto plain = [&](const QString &text) {
        QSqlQuery q(db);
        if (!q.exec(text))
            die(QStringLiteral("%1: %2").arg(text.left(80), q.lastError().text()));
    };
    plain(QStringLiteral("LOAD 'auto_explain'"));
    for (const char *s : {"SET auto_explain.log_min_duration = 0", "SET auto_explain.log_analyze = on",
                          "SET auto_explain.log_buffers = on", "SET auto_explain.log_nested_statements = on",
                          "SET auto_explain.log_level = 'LOG'", "SET client_min_messages = 'warning'"})
        plain(QLatin1String(s));
    const QString marker = QStringLiteral("site_bench explain %1").arg(nowMs());
    plain(QStringLiteral("DO $$ BEGIN RAISE LOG '%1 begin'; END $$").arg(marker));
    auto as = [&](const QString &role) {
        plain(QStringLiteral("RESET SESSION AUTHORIZATION"));
        plain(QStringLiteral("SET SESSION AUTHORIZATION \"%1\"").arg(role));
        plain(QStringLiteral("SET jit = off")); // as ServerUrl's options set it for stations
    };
    auto explain = [&](const QString &title, const QString &prepared, const QString &types,
                       const QString &args, const QVariantList &values) {
        plain(QStringLiteral("DEALLOCATE ALL"));
        plain(QStringLiteral("PREPARE q(%1) AS %2").arg(types, prepared));
        // The long values (a batch, arrays) are bound into settings of the session, then passed on.
        for (int i = 0; i < values.size(); ++i)
            exec(QStringLiteral("SELECT set_config('bench.v%1', ?, false)").arg(i + 1), {values.at(i)});
        const QStringList lines = exec(QStringLiteral("EXPLAIN (ANALYZE, BUFFERS) EXECUTE q(%1)").arg(args));
        plans << QStringLiteral("=== %1 ===").arg(title) << lines << QString();
        return lines;
    };
    const QString pullArgs = QStringLiteral("current_setting('bench.v1')::text[], "
                                            "current_setting('bench.v2')::bigint[], 2000, 2000");
    const QString pullTypes = QStringLiteral("text[], bigint[], int, int");
    const QString idList = QStringLiteral("{%1}").arg(ids.join(QLatin1Char(',')));
    const QString newsRole = ServerAdmin::roleFor(QStringLiteral("NEWS"));
    QJsonObject times;
    auto execTime = [](const QStringList &lines) {
        for (const QString &l : lines)
            if (l.startsWith(QLatin1String("Execution Time:")))
                return l.mid(15).trimmed();
        return QString();
    };

    as(newsRole);
    times.insert(QStringLiteral("pull_caught_up"),
                 execTime(explain(QStringLiteral("pull, NEWS caught up (site MAIN)"),
                                  positional(JournalPuller::fetchSql()), pullTypes, pullArgs,
                                  {idList, QStringLiteral("{%1}").arg(seqs.join(QLatin1Char(',')))})));
    times.insert(QStringLiteral("pull_from_zero"),
                 execTime(explain(QStringLiteral("pull, first batch from zero (site MAIN)"),
                                  positional(JournalPuller::fetchSql()), pullTypes, pullArgs,
                                  {idList, QStringLiteral("{%1}").arg(zeros.join(QLatin1Char(',')))})));
    times.insert(
        QStringLiteral("server_head"),
        execTime(explain(QStringLiteral("push: the server's head of the station"),
                         QStringLiteral("SELECT last_seq, last_hash FROM benchside.stations WHERE id = $1"),
                         QStringLiteral("text"), QStringLiteral("'NEWS'"), {})));
    db.transaction();
    times.insert(QStringLiteral("push_100"),
                 execTime(explain(QStringLiteral("push of %1 events (rolled back)").arg(batch.size()),
                                  positional(JournalPusher::insertSql()), QStringLiteral("json"),
                                  QStringLiteral("current_setting('bench.v1')::json"),
                                  {QString::fromUtf8(JournalPusher::batchJson(batch))})));
    db.rollback();
    times.insert(
        QStringLiteral("record_pull"),
        execTime(explain(QStringLiteral("record_pull"), QStringLiteral("SELECT benchside.record_pull($1)"),
                         QStringLiteral("bigint"), QStringLiteral("1"), {})));
    if (m_o.seedEvents > 0) {
        as(ServerAdmin::roleFor(farId));
        QStringList farIds, farZeros;
        for (const QString &line :
             sql(QStringLiteral("SELECT id FROM benchside.stations WHERE site = 'SITE01' ORDER BY id"))
                 .split('\n')) {
            farIds << line;
            farZeros << QStringLiteral("0");
        }
        times.insert(
            QStringLiteral("pull_from_zero_seeded_site"),
            execTime(explain(QStringLiteral("pull, first batch from zero (seeded site SITE01, %1 stations)")
                                 .arg(farIds.size()),
                             positional(JournalPuller::fetchSql()), pullTypes, pullArgs,
                             {QStringLiteral("{%1}").arg(farIds.join(QLatin1Char(','))),
                              QStringLiteral("{%1}").arg(farZeros.join(QLatin1Char(',')))})));
    }
    plain(QStringLiteral("RESET SESSION AUTHORIZATION"));
    plain(QStringLiteral("DO $$ BEGIN RAISE LOG '%1 end'; END $$").arg(marker));

    // What auto_explain logged between the markers: the statements inside the trigger and functions.
    const QString log = m_pg.logText();
    const qsizetype from = log.indexOf(marker + QStringLiteral(" begin"));
    const qsizetype to = log.indexOf(marker + QStringLiteral(" end"));
    const QString nested = from >= 0 && to > from ? log.mid(from, to - from) : QString();
    plans << QStringLiteral("=== auto_explain: every statement the above ran, nested ones included ===")
          << nested;
    const QString all = plans.join(QLatin1Char('\n'));
    QFile f(m_o.outDir + QStringLiteral("/plans.txt"));
    if (!f.open(QIODevice::WriteOnly) || f.write(all.toUtf8()) < 0)
        die(QStringLiteral("cannot write plans.txt"));
    QJsonObject seq;
    static const QRegularExpression seqScan(QStringLiteral("Seq Scan on (\\S+)"));
    for (auto it = seqScan.globalMatch(all); it.hasNext();) {
        const QString rel = it.next().captured(1);
        seq.insert(rel, seq.value(rel).toInt() + 1);
    }
    return QJsonObject{{QStringLiteral("execution_ms"), times},
                       {QStringLiteral("seq_scans"), seq},
                       {QStringLiteral("plans_file"), m_o.outDir + QStringLiteral("/plans.txt")}};
}

int SiteBench::run()
{
    QElapsedTimer total;
    total.start();
    QJsonObject out;
    QFile nproc(QStringLiteral("/proc/meminfo"));
    out.insert(
        QStringLiteral("machine"),
        QJsonObject{{QStringLiteral("cpus"), QThread::idealThreadCount()},
                    {QStringLiteral("kernel"), QSysInfo::kernelVersion()},
                    {QStringLiteral("load_at_start"), loadAverage()},
                    {QStringLiteral("mem_total_kb"),
                     nproc.open(QIODevice::ReadOnly)
                         ? QString::fromLatin1(nproc.readLine()).simplified().split(' ').value(1).toLongLong()
                         : 0}});
    if (m_o.stationDir.isEmpty()) {
        m_stationTmp = std::make_unique<QTemporaryDir>(QStringLiteral("/dev/shm/site-bench-XXXXXX"));
        if (!m_stationTmp->isValid())
            die(QStringLiteral("cannot create a folder in /dev/shm"));
        m_stationDir = m_stationTmp->path();
    } else {
        m_stationDir = m_o.stationDir;
        QDir().mkpath(m_stationDir);
    }
    QDir().mkpath(m_o.outDir);

    QString why;
    if (!PgServer::available(&why))
        die(why);
    // A server sized for a site: a connection per station and then some, a quarter of a small
    // server's memory for shared buffers, checkpoints spaced for the seeding's bulk writes. Durable.
    const int connections = m_o.stations + 30;
    m_pg.setExtraConfig(QStringLiteral("max_connections = %1\nshared_buffers = '2GB'\n"
                                       "effective_cache_size = '8GB'\nmax_wal_size = '8GB'\n"
                                       "checkpoint_timeout = '15min'\nwork_mem = '16MB'\n"
                                       "maintenance_work_mem = '512MB'\nlog_autovacuum_min_duration = 0\n"
                                       // Any statement that waits 20 ms or more for a lock is logged:
                                       // whether one station's push holds up another's is counted.
                                       "log_lock_waits = on\ndeadlock_timeout = '20ms'\n"
                                       // The server's own time per statement, nested ones (the append
                                       // trigger's, the policies' functions) included.
                                       "shared_preload_libraries = 'pg_stat_statements'\n"
                                       "pg_stat_statements.track = 'all'\n")
                            .arg(connections)
                            .toUtf8());
    if (!m_pg.start(&why))
        die(why);
    m_adminUrl = check(ServerUrl::parse(m_pg.adminUrl()), "admin url");
    check(ServerAdmin(*admin()).init(), "server init");
    note(QStringLiteral("server up; seeding the site's history"));

    out.insert(QStringLiteral("history"), seedHistory());
    note(QStringLiteral("seeding %1 events on the server").arg(m_o.seedEvents));
    out.insert(QStringLiteral("seed"), seedServer());
    out.insert(QStringLiteral("server_before"), serverSizes());
    note(QStringLiteral("setting up %1 stations").arg(m_o.stations));
    out.insert(QStringLiteral("setup"), setUpStations());
    note(QStringLiteral("running the site for %1 minutes").arg(m_o.minutes));
    out.insert(QStringLiteral("run"), runSite());
    note(QStringLiteral("converging"));
    out.insert(QStringLiteral("convergence"), converge());
    note(QStringLiteral("a new station pulls the site"));
    out.insert(QStringLiteral("new_station_pull"), newStationPull());
    note(QStringLiteral("plans"));
    out.insert(QStringLiteral("explain"), explainAll());
    out.insert(QStringLiteral("server_after"), serverSizes());
    {
        // Every lock wait of 20 ms or more, with the statement that waited.
        const QStringList log = m_pg.logText().split(QLatin1Char('\n'));
        QJsonArray waits;
        for (int i = 0; i < log.size(); ++i)
            if (log.at(i).contains(QLatin1String("still waiting for")) ||
                log.at(i).contains(QLatin1String("acquired ")))
                waits.append(QStringList(log.mid(i, 3)).join(QStringLiteral(" / ")).left(600));
        out.insert(QStringLiteral("lock_waits_logged"), waits);
    }
    out.insert(QStringLiteral("autovacuum_runs_logged"),
               int(m_pg.logText().count(
                   QStringLiteral("automatic vacuum of table \"benchside.benchside.journal\""))));
    out.insert(QStringLiteral("total_s"), benchtiming::round3(benchtiming::ms(total) / 1000));
    out.insert(QStringLiteral("load_at_end"), loadAverage());
    const QByteArray json = QJsonDocument(out).toJson(QJsonDocument::Indented);
    QFile f(m_o.outDir + QStringLiteral("/site_bench.json"));
    if (f.open(QIODevice::WriteOnly))
        f.write(json);
    // The samples stay in the file; stdout gets the rest.
    QJsonObject brief = out;
    QJsonObject run = brief.value(QStringLiteral("run")).toObject();
    run.remove(QStringLiteral("samples"));
    brief.insert(QStringLiteral("run"), run);
    std::printf("%s\n", QJsonDocument(brief).toJson(QJsonDocument::Indented).constData());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.value(1) == QLatin1String("station"))
        return stationMain(args);
    Options o;
    o.stations = arg(args, QStringLiteral("--stations"), QStringLiteral("50")).toInt();
    o.minutes = arg(args, QStringLiteral("--minutes"), QStringLiteral("10")).toDouble();
    o.seedEvents = arg(args, QStringLiteral("--seed-events"), QStringLiteral("10000000")).toLongLong();
    o.seedStations = arg(args, QStringLiteral("--seed-stations"), QStringLiteral("200")).toInt();
    o.seedSites = arg(args, QStringLiteral("--seed-sites"), QStringLiteral("10")).toInt();
    o.history = arg(args, QStringLiteral("--history"), QStringLiteral("1000")).toInt();
    o.interval = arg(args, QStringLiteral("--interval"), QStringLiteral("60")).toInt();
    o.burstEvery = arg(args, QStringLiteral("--burst-every"), QStringLiteral("45")).toDouble();
    o.offlineEvents = arg(args, QStringLiteral("--offline-events"), QStringLiteral("20000")).toInt();
    o.probeMs = arg(args, QStringLiteral("--probe-ms"), QStringLiteral("1000")).toInt();
    o.weekSite = arg(args, QStringLiteral("--week-site"), QStringLiteral("MAIN"));
    o.qcShare = arg(args, QStringLiteral("--qc-share"), QStringLiteral("0.05")).toDouble();
    o.outDir = arg(args, QStringLiteral("--out"), QDir::temp().filePath(QStringLiteral("site_bench")));
    o.stationDir = arg(args, QStringLiteral("--station-dir"), {});
    return SiteBench(o).run();
}
