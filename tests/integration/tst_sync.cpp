// SPDX-License-Identifier: GPL-3.0-or-later
// Sync against a real PostgreSQL (tests/util/pgserver.h starts one in a temporary folder): push and
// pull, interruptions, restored stations, refusals, convergence, row-level security and TLS.
// Every test uses a site of its own, so the stations of one test never see another test's events.

#include "clirunner.h"
#include "pgserver.h"
#include "projection/rebuildcheck.h"
#include "review/reviewservice.h"
#include "sync/journalpuller.h"
#include "sync/syncrunner.h"
#include "sync/syncworker.h"
#include "syncstation.h"
#include "tcpproxy.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlError>
#include <algorithm>
#include <thread>

using namespace benchside;
using benchside::test::PgServer;
using benchside::test::TcpProxy;
using synctest::SyncStation;

class TestSync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void initIsRepeatableAndStationRolesUseScram();
    void pushTwicePullTwiceAddsNothing();
    void bigFirstPullBuildsTheViewsOnce();
    void payloadEscapingMatchesTheServersHash();
    void stationWritesOnlyItsOwnEventsAndReadsOnlyItsSite();
    void stationCannotBypassThePolicies();
    void unreachableServerChangesNothing();
    void serverStoppedMidPushResumes();
    void connectionCutMidPullResumes();
    void connectionCutMidPushResumes();
    void restoredBackupCatchesUpAndContinuesItsChain();
    void restoredBackupThatRecordedFirstIsRefusedPlainly();
    void refusedEventIsSetAsideNeverDropped();
    void offlineCustodyConverges();
    void concurrentResultChangesAreFlaggedForReview();
    void randomisedConvergence();
    void statusShowsLastPushAndLag();
    void cliSyncContract();
    void backgroundRunnerSyncsOffTheGuiThreadAndBacksOff();
    void backgroundWorkerKeepsItsConnectionAndReconnectsAfterRestart();
    void tlsVerifyFull(); // last: it restarts the server with TLS on

private:
    std::unique_ptr<SyncStation> station(const QString &id, const QString &site);
    std::unique_ptr<SyncStation> seededStation(const QString &id, const QString &site);
    qint64 serverCount(const QString &where);
    static void syncOk(SyncStation &s);
    static void addNotes(SyncStation &s, int n, const QString &text = QStringLiteral("note"));

    PgServer m_pg;
    ServerUrl m_admin;
};

void TestSync::initTestCase()
{
    QString why;
    // CI installs PostgreSQL (packaging/install-deps.sh): a missing server is a broken machine, not a pass.
    QVERIFY2(PgServer::available(&why), qPrintable(why));
    QVERIFY2(m_pg.start(&why), qPrintable(why));
    Result<ServerUrl> url = ServerUrl::parse(m_pg.adminUrl());
    QVERIFY2(url, qPrintable(url.error()));
    m_admin = url.value();
    Result<std::unique_ptr<ServerConnection>> admin = ServerConnection::open(m_admin);
    QVERIFY2(admin, qPrintable(admin.error()));
    Result<int> version = ServerAdmin(*admin.value()).init();
    QVERIFY2(version, qPrintable(version.error()));
    QCOMPARE(version.value(), 3);
}

std::unique_ptr<SyncStation> TestSync::station(const QString &id, const QString &site)
{
    return std::make_unique<SyncStation>(id, site, m_admin);
}

// A station holding the demo catalogue (benches, tests, users, locations), already on the server.
std::unique_ptr<SyncStation> TestSync::seededStation(const QString &id, const QString &site)
{
    auto s = station(id, site);
    if (Status st = testlab::importDemoCatalog(s->lab()); !st)
        qFatal("cannot import the demo catalogue: %s", qPrintable(st.error()));
    Result<SyncReport> r = s->sync();
    if (!r || !r.value().held.isEmpty())
        qFatal("the first sync of %s failed: %s", qPrintable(id), qPrintable(r ? r.value().held : r.error()));
    return s;
}

qint64 TestSync::serverCount(const QString &where)
{
    QString out, error;
    if (!m_pg.psql(QStringLiteral("benchside"),
                   QStringLiteral("SELECT count(*) FROM benchside.journal WHERE ") + where, &out, &error))
        qFatal("%s", qPrintable(error));
    return out.toLongLong();
}

void TestSync::syncOk(SyncStation &s)
{
    Result<SyncReport> r = s.sync();
    QVERIFY2(r, qPrintable(s.id() + QStringLiteral(": ") + (r ? QString() : r.error())));
    QVERIFY2(r.value().held.isEmpty(), qPrintable(r.value().held));
}

// Many events in one local transaction: kinds the projections ignore, accepted by the server.
void TestSync::addNotes(SyncStation &s, int n, const QString &text)
{
    Result<QList<Event>> written = s.lab().store().write(QStringLiteral("admin"), [&]() {
        QList<EventDraft> drafts;
        for (int i = 0; i < n; ++i)
            drafts << EventDraft{
                QStringLiteral("note.recorded"), QStringLiteral("N%1").arg(i),
                QJsonObject{{QStringLiteral("text"), QStringLiteral("%1 %2").arg(text).arg(i)}}};
        return Result<QList<EventDraft>>(drafts);
    });
    QVERIFY2(written, qPrintable(written ? QString() : written.error()));
}

void TestSync::initIsRepeatableAndStationRolesUseScram()
{
    Result<std::unique_ptr<ServerConnection>> admin = ServerConnection::open(m_admin);
    QVERIFY2(admin, qPrintable(admin.error()));
    Result<int> again = ServerAdmin(*admin.value()).init();
    QVERIFY2(again, qPrintable(again.error()));
    QCOMPARE(again.value(), 3);

    auto s = station(QStringLiteral("INITA"), QStringLiteral("INIT"));
    QString out;
    QVERIFY(m_pg.psql(QStringLiteral("benchside"),
                      QStringLiteral("SELECT left(rolpassword, 14), rolsuper, rolbypassrls, rolcreaterole "
                                     "FROM pg_authid WHERE rolname = '%1'")
                          .arg(ServerAdmin::roleFor(s->id())),
                      &out));
    QCOMPARE(out, QStringLiteral("SCRAM-SHA-256$|f|f|f"));
    // The station's role owns nothing it could lift the policies of.
    QVERIFY(
        m_pg.psql(QStringLiteral("benchside"),
                  QStringLiteral("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles "
                                 "WHERE rolname = '%1')")
                      .arg(ServerAdmin::roleFor(s->id())),
                  &out));
    QCOMPARE(out, QStringLiteral("0"));
    // The URL printed at setup carries the password; the station signs in with it.
    QVERIFY(!s->url().password.isEmpty());
    syncOk(*s);
}

void TestSync::pushTwicePullTwiceAddsNothing()
{
    auto a = seededStation(QStringLiteral("PUSHA"), QStringLiteral("PUSH"));
    auto b = station(QStringLiteral("PUSHB"), QStringLiteral("PUSH"));
    const QString tube = a->accession();
    QVERIFY(a->custody(tube, CustodyKind::Received));

    Result<SyncReport> first = a->sync();
    QVERIFY2(first, qPrintable(first ? QString() : first.error()));
    QCOMPARE(first.value().pushed, 2);
    QCOMPARE(first.value().waiting, 0);
    Result<SyncReport> second = a->sync();
    QVERIFY(second);
    QCOMPARE(second.value().pushed, 0);
    QCOMPARE(serverCount(QStringLiteral("station_id = 'PUSHA'")), a->journalCount());

    Result<SyncReport> pull1 = b->sync();
    QVERIFY2(pull1, qPrintable(pull1 ? QString() : pull1.error()));
    QCOMPARE(pull1.value().pulled, int(a->journalCount()));
    Result<SyncReport> pull2 = b->sync();
    QVERIFY(pull2);
    QCOMPARE(pull2.value().pulled, 0);
    QCOMPARE(pull2.value().cursor, pull1.value().cursor);
    QCOMPARE(b->journalIds(), a->journalIds());
    QCOMPARE(b->projections(), a->projections());
    QCOMPARE(b->lab().specimens().find(tube).value()->status, QStringLiteral("received"));
    // The server holds each event once, however often it was pushed.
    QCOMPARE(serverCount(QStringLiteral("station_id IN ('PUSHA', 'PUSHB')")), a->journalCount());
}

void TestSync::bigFirstPullBuildsTheViewsOnce()
{
    auto a = seededStation(QStringLiteral("BULKA"), QStringLiteral("BULK"));
    for (int i = 0; i < 600; ++i) {
        const QString tube = a->accession();
        QVERIFY(a->custody(tube, CustodyKind::Received));
    }
    QVERIFY(a->journalCount() >= JournalPuller::BulkPull);
    syncOk(*a);

    // A new station's first batch (all of A's events) is larger than all it holds: journaled as pulled,
    // and the views built once at the end of the sync, worklist indexes set aside and made again.
    auto b = station(QStringLiteral("BULKB"), QStringLiteral("BULK"));
    Result<SyncReport> pulled = b->sync();
    QVERIFY2(pulled, qPrintable(pulled ? QString() : pulled.error()));
    QCOMPARE(pulled.value().pulled, int(a->journalCount()));
    QVERIFY(pulled.value().rebuilt);
    QCOMPARE(b->projections(), a->projections());
    Result<QStringList> diff = RebuildCheck::differences(b->lab().database());
    QVERIFY(diff && diff.value().isEmpty());
    const QString indexes =
        QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE "
                       "'test_orders%'");
    QCOMPARE(testlab::scalar(b->lab().database().connection(), indexes),
             testlab::scalar(a->lab().database().connection(), indexes));

    // Small pulls afterwards are applied event by event again.
    QVERIFY(a->custody(a->accession(), CustodyKind::Received));
    syncOk(*a);
    Result<SyncReport> next = b->sync();
    QVERIFY(next);
    QCOMPARE(next.value().pulled, 2);
    QVERIFY(!next.value().rebuilt);
    QCOMPARE(b->projections(), a->projections());
}

void TestSync::payloadEscapingMatchesTheServersHash()
{
    // The server recomputes every hash from the row (benchside.event_hash): JSON escaping in Qt and in
    // PostgreSQL must agree byte for byte, for whatever a technician types.
    auto a = seededStation(QStringLiteral("ESCA"), QStringLiteral("ESC"));
    const QStringList texts{QStringLiteral("quote \" backslash \\ slash / tab \t newline \n end"),
                            QStringLiteral("Müller, Zoë — 血液 𝄞 \u00e9\u0301"),
                            QStringLiteral("ctrl \u0001\u001f del \u007f"),
                            QStringLiteral("<script>'; DROP TABLE journal; --")};
    for (const QString &t : texts)
        addNotes(*a, 1, t);
    syncOk(*a);
    QCOMPARE(serverCount(QStringLiteral("station_id = 'ESCA'")), a->journalCount());
    QString out;
    QVERIFY(m_pg.psql(
        QStringLiteral("benchside"),
        QStringLiteral("SELECT count(*) FROM benchside.journal WHERE station_id = 'ESCA' AND hash <> "
                       "benchside.event_hash(id, station_id, station_seq, hlc, actor, kind, subject, "
                       "payload, prev_hash)"),
        &out));
    QCOMPARE(out, QStringLiteral("0"));
}

void TestSync::stationWritesOnlyItsOwnEventsAndReadsOnlyItsSite()
{
    auto a = seededStation(QStringLiteral("RLSA"), QStringLiteral("RLS1"));
    auto b = seededStation(QStringLiteral("RLSB"), QStringLiteral("RLS1"));
    auto c = seededStation(QStringLiteral("RLSC"), QStringLiteral("RLS2"));
    syncOk(*a);

    // A pulled its site (B), never the other site (C).
    QCOMPARE(a->count(QStringLiteral("SELECT count(*) FROM journal WHERE station_id = 'RLSB'")),
             b->count(QStringLiteral("SELECT count(*) FROM journal WHERE station_id = 'RLSB'")));
    QCOMPARE(a->count(QStringLiteral("SELECT count(*) FROM journal WHERE station_id = 'RLSC'")), 0);

    Result<std::unique_ptr<ServerConnection>> conn = ServerConnection::open(a->url());
    QVERIFY2(conn, qPrintable(conn.error()));
    QSqlQuery q(conn.value()->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM benchside.journal WHERE station_id = 'RLSC'")) &&
            q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM benchside.stations")) && q.next());
    QCOMPARE(q.value(0).toInt(), 2);

    // An event that would continue B's chain perfectly, sent by A: the policy refuses it.
    QSqlQuery head(conn.value()->database());
    QVERIFY(
        head.exec(QStringLiteral("SELECT last_seq, last_hash FROM benchside.stations WHERE id = 'RLSB'")) &&
        head.next());
    Event forged;
    forged.id = QStringLiteral("0190f0f0-0000-7000-8000-000000000001");
    forged.stationId = QStringLiteral("RLSB");
    forged.stationSeq = head.value(0).toLongLong() + 1;
    forged.hlc = 1;
    forged.actor = QStringLiteral("admin");
    forged.kind = QStringLiteral("note.recorded");
    forged.subject = QStringLiteral("X");
    forged.payload = QStringLiteral("{}");
    forged.prevHash = head.value(1).toString();
    forged.hash = forged.computeHash();
    QSqlQuery insert(conn.value()->database());
    insert.prepare(
        QStringLiteral("INSERT INTO benchside.journal (id, station_id, station_seq, hlc, actor, kind, "
                       "subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v :
         {QVariant(forged.id), QVariant(forged.stationId), QVariant(forged.stationSeq), QVariant(forged.hlc),
          QVariant(forged.actor), QVariant(forged.kind), QVariant(forged.subject), QVariant(forged.payload),
          QVariant(forged.prevHash), QVariant(forged.hash)})
        insert.addBindValue(v);
    QVERIFY(!insert.exec());
    QCOMPARE(insert.lastError().nativeErrorCode(), QStringLiteral("42501"));
    QCOMPARE(serverCount(QStringLiteral("station_id = 'RLSB'")),
             b->count(QStringLiteral("SELECT count(*) FROM journal WHERE station_id = 'RLSB'")));

    // Nor may it register itself into the other site.
    QVERIFY(!q.exec(QStringLiteral("UPDATE benchside.stations SET site = 'RLS2' WHERE id = 'RLSA'")));
}

void TestSync::stationCannotBypassThePolicies()
{
    auto a = seededStation(QStringLiteral("BYPA"), QStringLiteral("BYP1"));
    auto c = seededStation(QStringLiteral("BYPC"), QStringLiteral("BYP2"));
    Result<std::unique_ptr<ServerConnection>> conn = ServerConnection::open(a->url());
    QVERIFY2(conn, qPrintable(conn.error()));
    QSqlDatabase db = conn.value()->database();
    const QString count = QStringLiteral("station_id = 'BYPA'");
    const qint64 before = serverCount(count);

    // Each of these would let a station change history or read another site, were it allowed.
    const QStringList attempts{
        QStringLiteral("SET row_security = off; SELECT count(*) FROM benchside.journal"),
        QStringLiteral("ALTER TABLE benchside.journal DISABLE ROW LEVEL SECURITY"),
        QStringLiteral("ALTER TABLE benchside.journal NO FORCE ROW LEVEL SECURITY"),
        QStringLiteral("DROP POLICY station_reads_site ON benchside.journal"),
        QStringLiteral("UPDATE benchside.journal SET payload = '{}' WHERE station_id = 'BYPA'"),
        QStringLiteral("DELETE FROM benchside.journal WHERE station_id = 'BYPA'"),
        QStringLiteral("TRUNCATE benchside.journal"),
        QStringLiteral("SET ROLE benchside_station; DELETE FROM benchside.journal"),
        QStringLiteral("ALTER TABLE benchside.journal DISABLE TRIGGER journal_chain"),
        QStringLiteral("CREATE TABLE benchside.mine (x int)"),
        QStringLiteral("CREATE TABLE public.mine (x int)"),
        QStringLiteral("UPDATE benchside.stations SET last_seq = 0 WHERE id = 'BYPA'"),
        QStringLiteral("SELECT benchside.check_appended()"),
    };
    for (const QString &sql : attempts) {
        QSqlQuery q(db);
        bool refused = false;
        for (const QString &part : sql.split(QStringLiteral("; "))) {
            if (!q.exec(part)) {
                refused = true;
                break;
            }
            // SET row_security = off is accepted; the query after it must then fail rather than skip
            // policies.
        }
        QVERIFY2(refused, qPrintable(QStringLiteral("accepted: ") + sql));
        QSqlQuery(db).exec(QStringLiteral("RESET ROLE"));
    }
    // UPDATE and DELETE see no rows (no policy allows them), so they may "succeed" doing nothing; the
    // append-only trigger refuses the owner too. What counts is that nothing changed:
    QCOMPARE(serverCount(count), before);
    QString out;
    QVERIFY(m_pg.psql(
        QStringLiteral("benchside"),
        QStringLiteral("SELECT count(*) FROM benchside.journal WHERE station_id = 'BYPA' AND hash <> "
                       "benchside.event_hash(id, station_id, station_seq, hlc, actor, kind, subject, "
                       "payload, prev_hash)"),
        &out));
    QCOMPARE(out, QStringLiteral("0"));

    // COPY through psql: reading applies the same policies, loading is refused under row-level security.
    const QString url = a->url().toString(true);
    QProcess psql;
    psql.start(QStringLiteral("psql"),
               {QStringLiteral("-X"), QStringLiteral("-A"), QStringLiteral("-t"), url, QStringLiteral("-c"),
                QStringLiteral("COPY (SELECT station_id FROM benchside.journal) TO STDOUT")});
    QVERIFY(psql.waitForFinished(30'000));
    const QStringList copied =
        QString::fromUtf8(psql.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(copied.size(), int(before));
    QVERIFY(!copied.contains(c->id()));

    psql.start(QStringLiteral("psql"),
               {QStringLiteral("-X"), url, QStringLiteral("-c"),
                QStringLiteral("COPY benchside.journal (id, station_id, station_seq, hlc, "
                               "actor, kind, subject, payload, prev_hash, hash) FROM STDIN")});
    QVERIFY(psql.waitForStarted());
    psql.write("x\tBYPC\t99\t1\ta\tnote.recorded\ts\t{}\t0\t0\n\\.\n");
    psql.closeWriteChannel();
    QVERIFY(psql.waitForFinished(30'000));
    QVERIFY(psql.exitCode() != 0);
    QCOMPARE(serverCount(QStringLiteral("station_id = 'BYPC'")), c->journalCount());
}

void TestSync::unreachableServerChangesNothing()
{
    auto a = seededStation(QStringLiteral("DOWNA"), QStringLiteral("DOWN"));
    a->accession();
    TcpProxy proxy(quint16(m_pg.port()));
    QVERIFY(proxy.start());
    proxy.setRefusing(true);
    const QStringList before = a->projections();
    const qint64 events = a->journalCount();
    Result<SyncReport> r = a->sync(a->urlVia(proxy.port()));
    QVERIFY(!r);
    QVERIFY2(r.error().contains(QStringLiteral("server")), qPrintable(r.error()));
    // One line for the status bar: libpq's own message comes over several, indented with tabs.
    QVERIFY2(!r.error().contains(QLatin1Char('\n')) && !r.error().contains(QLatin1Char('\t')),
             qPrintable(r.error()));
    QCOMPARE(a->journalCount(), events);
    QCOMPARE(a->projections(), before);
    Result<SyncStatus> st = SyncState(a->db()).status();
    QVERIFY(st);
    QCOMPARE(st.value().waiting, 1);
    QVERIFY(!st.value().lastError.isEmpty());
    QVERIFY(st.value().lastAttemptAtMs >= st.value().lastSuccessAtMs);
    syncOk(*a);
    QCOMPARE(SyncState(a->db()).status().value().lastError, QString());
}

void TestSync::serverStoppedMidPushResumes()
{
    auto a = seededStation(QStringLiteral("STOPA"), QStringLiteral("STOP"));
    // Enough that the push is still running when the server goes (about 5 MB, 15 statements).
    addNotes(*a, 15000, QStringLiteral("a fairly long note so that the push takes several round trips"));
    TcpProxy proxy(quint16(m_pg.port()));
    QVERIFY(proxy.start());
    // Stops the server (immediate: as if it crashed) once part of the push has gone through.
    std::atomic<bool> stopped = false;
    std::thread killer([&] {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (proxy.bytesForwarded() < 400'000 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        stopped = m_pg.stop(PgServer::StopMode::Immediate);
    });
    Result<SyncReport> r = a->sync(a->urlVia(proxy.port()));
    killer.join();
    QVERIFY(stopped);
    QVERIFY2(!r, "the sync should have been cut by the server stopping");
    QVERIFY2(r.error().contains(QStringLiteral("next sync")) || r.error().contains(QStringLiteral("server")),
             qPrintable(r.error()));
    QString why;
    QVERIFY2(m_pg.start(&why), qPrintable(why));
    QVERIFY(serverCount(QStringLiteral("station_id = 'STOPA'")) < a->journalCount());

    syncOk(*a);
    QCOMPARE(serverCount(QStringLiteral("station_id = 'STOPA'")), a->journalCount());
    QString out;
    QVERIFY(m_pg.psql(
        QStringLiteral("benchside"),
        QStringLiteral("SELECT last_seq || ' ' || last_hash FROM benchside.stations WHERE id = 'STOPA'"),
        &out));
    QSqlQuery head(a->db());
    QVERIFY(head.exec(QStringLiteral(
                "SELECT last_seq || ' ' || last_hash FROM chain_heads WHERE station_id = 'STOPA'")) &&
            head.next());
    QCOMPARE(out, head.value(0).toString());
    QCOMPARE(SyncState(a->db()).status().value().waiting, 0);
}

void TestSync::connectionCutMidPullResumes()
{
    auto a = seededStation(QStringLiteral("CUTA"), QStringLiteral("CUT"));
    addNotes(*a, 5000, QStringLiteral("pulled in several batches"));
    a->accession();
    syncOk(*a);
    auto b = station(QStringLiteral("CUTB"), QStringLiteral("CUT"));
    TcpProxy proxy(quint16(m_pg.port()));
    QVERIFY(proxy.start());
    proxy.cutAfterBytes(1'500'000); // the connection goes in the middle of the result rows
    Result<SyncReport> cut = b->sync(b->urlVia(proxy.port()));
    QVERIFY2(!cut, "the pull should have been cut");
    QCOMPARE(proxy.connectionsCut(), 1);
    const qint64 partial = b->count(QStringLiteral("SELECT count(*) FROM journal WHERE station_id = 'CUTA'"));
    QVERIFY(partial < a->journalCount());
    // Whatever was applied is a whole prefix of A's chain.
    QCOMPARE(b->count(QStringLiteral(
                 "SELECT coalesce(max(station_seq), 0) FROM journal WHERE station_id = 'CUTA'")),
             partial);

    Result<SyncReport> resumed = b->sync();
    QVERIFY2(resumed, qPrintable(resumed ? QString() : resumed.error()));
    QCOMPARE(resumed.value().pulled, int(a->journalCount() - partial));
    QCOMPARE(b->journalIds(), a->journalIds());
    QCOMPARE(b->projections(), a->projections());
}

void TestSync::connectionCutMidPushResumes()
{
    auto a = seededStation(QStringLiteral("CUTPA"), QStringLiteral("CUTP"));
    addNotes(*a, 4000, QStringLiteral("pushed in several batches"));
    TcpProxy proxy(quint16(m_pg.port()));
    QVERIFY(proxy.start());
    proxy.setResetOnCut(true);
    proxy.cutAfterBytes(900'000);
    Result<SyncReport> cut = a->sync(a->urlVia(proxy.port()));
    QVERIFY2(!cut, "the push should have been cut");
    const qint64 partial = serverCount(QStringLiteral("station_id = 'CUTPA'"));
    QVERIFY(partial < a->journalCount());
    Result<SyncReport> resumed = a->sync();
    QVERIFY2(resumed, qPrintable(resumed ? QString() : resumed.error()));
    QCOMPARE(resumed.value().pushed, int(a->journalCount() - partial));
    QCOMPARE(serverCount(QStringLiteral("station_id = 'CUTPA'")), a->journalCount());
}

void TestSync::restoredBackupCatchesUpAndContinuesItsChain()
{
    auto a = seededStation(QStringLiteral("BAKA"), QStringLiteral("BAK"));
    const QString first = a->accession();
    syncOk(*a);
    const QString backup = a->backup();
    const QString second = a->accession();
    QVERIFY(a->custody(second, CustodyKind::Received));
    syncOk(*a);
    const QStringList ids = a->journalIds();
    const QStringList views = a->projections();

    a->restore(backup);
    QCOMPARE(a->journalCount(), qint64(ids.size() - 2));
    Result<SyncReport> caughtUp = a->sync();
    QVERIFY2(caughtUp, qPrintable(caughtUp ? QString() : caughtUp.error()));
    QCOMPARE(caughtUp.value().pulled, 2);
    QCOMPARE(caughtUp.value().pushed, 0);
    QCOMPARE(a->journalIds(), ids);
    QCOMPARE(a->projections(), views);

    // Its next accession number follows the ones it had handed out before the restore.
    const QString third = a->accession();
    QVERIFY(third != first && third != second);
    syncOk(*a);
    QCOMPARE(serverCount(QStringLiteral("station_id = 'BAKA'")), a->journalCount());
}

void TestSync::restoredBackupThatRecordedFirstIsRefusedPlainly()
{
    // Ahead by one, the pusher finds the fork (same number, different event); ahead by two, the
    // puller does (the server's next event does not follow the station's).
    for (int ahead : {1, 2}) {
        auto a = seededStation(QStringLiteral("FORK%1").arg(QChar(u'A' + ahead)), QStringLiteral("FORK"));
        const QString backup = a->backup();
        const QString tube = a->accession();
        if (ahead == 2)
            QVERIFY(a->custody(tube, CustodyKind::Received));
        syncOk(*a);
        const QString where = QStringLiteral("station_id = '%1'").arg(a->id());
        const qint64 onServer = serverCount(where);

        a->restore(backup);
        a->accession(); // recorded before syncing: a different event with the number the server has
        const qint64 local = a->journalCount();
        Result<SyncReport> r = a->sync();
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QStringLiteral("backup")), qPrintable(r.error()));
        QCOMPARE(a->journalCount(), local);
        QCOMPARE(serverCount(where), onServer);
    }
}

void TestSync::refusedEventIsSetAsideNeverDropped()
{
    auto a = seededStation(QStringLiteral("DEADA"), QStringLiteral("DEAD"));
    // A kind the server's schema does not accept (written here by an older or broken build).
    Result<Event> bad = a->lab().store().writeOne(
        QStringLiteral("admin"), EventDraft{QStringLiteral("Bad Kind"), QStringLiteral("X"), QJsonObject{}});
    QVERIFY(bad);
    addNotes(*a, 2);
    const qint64 local = a->journalCount();
    const qint64 before = serverCount(QStringLiteral("station_id = 'DEADA'"));
    QCOMPARE(before, local - 3);

    for (int attempt = 1; attempt <= SyncState::MaxAttempts; ++attempt) {
        Result<SyncReport> r = a->sync();
        QVERIFY2(r, qPrintable(r ? QString() : r.error()));
        QCOMPARE(r.value().refused.size(), 1);
        QCOMPARE(r.value().refused.first().eventId, bad.value().id);
        QCOMPARE(r.value().refused.first().attempts, attempt);
        QCOMPARE(r.value().refused.first().dead, attempt == SyncState::MaxAttempts);
        QVERIFY2(r.value().refused.first().reason.contains(QStringLiteral("malformed")),
                 qPrintable(r.value().refused.first().reason));
        QVERIFY(!r.value().held.isEmpty());
    }
    // Dead: not sent again, the queue behind it held, visibly; nothing left the journal.
    Result<SyncReport> held = a->sync();
    QVERIFY(held);
    QVERIFY(held.value().refused.isEmpty());
    QVERIFY2(held.value().held.contains(QStringLiteral("set aside")), qPrintable(held.value().held));
    QCOMPARE(held.value().waiting, 3);
    Result<SyncStatus> st = SyncState(a->db()).status();
    QVERIFY(st);
    QCOMPARE(st.value().deadLetters.size(), 1);
    QCOMPARE(st.value().deadLetters.first().eventId, bad.value().id);
    QCOMPARE(a->journalCount(), local);
    QCOMPARE(serverCount(QStringLiteral("station_id = 'DEADA'")), before);

    // --retry: tried again, counted again from one.
    QCOMPARE(SyncState(a->db()).reviveDeadLetters().value(), 1);
    Result<SyncReport> retried = a->sync();
    QVERIFY(retried);
    QCOMPARE(retried.value().refused.size(), 1);
    QCOMPARE(retried.value().refused.first().attempts, 1);
}

void TestSync::offlineCustodyConverges()
{
    auto a = seededStation(QStringLiteral("CONA"), QStringLiteral("CON"));
    const QString s = a->accession();
    const QString t = a->accession();
    QVERIFY(a->custody(t, CustodyKind::Received));
    syncOk(*a);
    auto b = station(QStringLiteral("CONB"), QStringLiteral("CON"));
    auto c = station(QStringLiteral("CONC"), QStringLiteral("CON"));
    syncOk(*b);
    syncOk(*c);

    // Offline: B receives S while C rejects it; both store T, in different places.
    QVERIFY(b->custody(s, CustodyKind::Received));
    QVERIFY(c->custody(s, CustodyKind::Rejected, {}, QStringLiteral("hemolyzed")));
    QVERIFY(b->custody(t, CustodyKind::Stored, QStringLiteral("Refrigerator 1 (4 °C) / Shelf 1")));
    QVERIFY(c->custody(t, CustodyKind::Stored, QStringLiteral("Freezer 1 (-20 °C)")));

    for (SyncStation *st : {c.get(), b.get(), a.get(), c.get(), b.get()})
        syncOk(*st);
    const QStringList views = a->projections();
    QCOMPARE(b->projections(), views);
    QCOMPARE(c->projections(), views);
    // Each tube's trail shows both stations' steps.
    const auto stepsOf = [](SyncStation &st, const QString &accession, const QStringList &kinds) {
        const Result<QList<CustodyEntry>> trail = st.lab().specimens().custody(accession);
        if (!trail)
            return -1;
        return int(std::count_if(trail.value().begin(), trail.value().end(),
                                 [&](const CustodyEntry &e) { return kinds.contains(e.kind); }));
    };
    for (SyncStation *st : {a.get(), b.get(), c.get()}) {
        QCOMPARE(stepsOf(*st, s, {QStringLiteral("custody.received"), QStringLiteral("custody.rejected")}),
                 2);
        QCOMPARE(stepsOf(*st, t, {QStringLiteral("custody.stored")}), 2);
    }
}

void TestSync::concurrentResultChangesAreFlaggedForReview()
{
    auto a = seededStation(QStringLiteral("REVA"), QStringLiteral("REV"));
    const QString s = a->accession({QStringLiteral("GLU")});
    QVERIFY(a->custody(s, CustodyKind::Received));
    const QString order = s + QStringLiteral("-GLU");
    QVERIFY(a->results().enter(order, QStringLiteral("5.0"), {}, QStringLiteral("p.nair")));
    syncOk(*a);
    auto b = station(QStringLiteral("REVB"), QStringLiteral("REV"));
    syncOk(*b);

    // Offline: A's supervisor releases 5.0 while B's technician corrects it to 6.1.
    QVERIFY(a->results().verify(order, QStringLiteral("a.okafor")));
    QVERIFY(b->results().enter(order, QStringLiteral("6.1"), {}, QStringLiteral("j.kowalski")));
    for (SyncStation *st : {a.get(), b.get(), a.get()})
        syncOk(*st);

    QCOMPARE(b->projections(), a->projections());
    for (SyncStation *st : {a.get(), b.get()}) {
        Result<QList<ReviewFlag>> flags = ReviewService(st->lab().store(), st->lab().catalog()).flags(s);
        QVERIFY(flags);
        QCOMPARE(flags.value().size(), 1);
        QCOMPARE(flags.value().first().orderId, order);
        QVERIFY(flags.value().first().resolvedBy.isEmpty());
        QCOMPARE(
            st->count(QStringLiteral("SELECT count(*) FROM result_history WHERE order_id = '%1'").arg(order)),
            3);
    }
    // Sequential changes (each station saw the other's) raise nothing.
    QVERIFY(b->results().amend(order, QStringLiteral("6.0"), {}, QStringLiteral("recalculated"),
                               QStringLiteral("a.okafor")) ||
            b->results().enter(order, QStringLiteral("6.0"), {}, QStringLiteral("j.kowalski")));
    syncOk(*b);
    syncOk(*a);
    QCOMPARE(a->count(QStringLiteral("SELECT count(*) FROM review_flags")), 1);

    // A supervisor decides on A; B learns of it at its next sync.
    ReviewService reviews(a->lab().store(), a->lab().catalog());
    QVERIFY(!reviews.resolve(s, QStringLiteral("6.1 confirmed"),
                             QStringLiteral("p.nair"))); // a technician may not
    QVERIFY(reviews.resolve(s, QStringLiteral("6.1 confirmed by rerun"), QStringLiteral("a.okafor")));
    syncOk(*a);
    syncOk(*b);
    Result<QList<ReviewFlag>> onB = ReviewService(b->lab().store(), b->lab().catalog()).flags(s);
    QVERIFY(onB);
    QCOMPARE(onB.value().size(), 1);
    QCOMPARE(onB.value().first().resolvedBy, QStringLiteral("a.okafor"));
    QCOMPARE(b->projections(), a->projections());
}

void TestSync::randomisedConvergence()
{
    const quint32 seed = qEnvironmentVariableIsSet("BENCHSIDE_SEED")
                             ? qEnvironmentVariableIntValue("BENCHSIDE_SEED")
                             : QRandomGenerator::global()->generate();
    qInfo("seed %u (BENCHSIDE_SEED=%u repeats this run)", seed, seed);
    QRandomGenerator rng(seed);
    std::vector<std::unique_ptr<SyncStation>> stations;
    stations.push_back(seededStation(QStringLiteral("RNDA"), QStringLiteral("RND")));
    stations.push_back(station(QStringLiteral("RNDB"), QStringLiteral("RND")));
    stations.push_back(station(QStringLiteral("RNDC"), QStringLiteral("RND")));
    for (auto &s : stations)
        syncOk(*s);
    TcpProxy proxy(quint16(m_pg.port()));
    QVERIFY(proxy.start());

    const QStringList places{QStringLiteral("Refrigerator 1 (4 °C) / Shelf 1"),
                             QStringLiteral("Freezer 1 (-20 °C)"),
                             QStringLiteral("Main Lab / Chemistry bench")};
    const QList<CustodyKind> steps{CustodyKind::Received, CustodyKind::Received,  CustodyKind::Centrifuged,
                                   CustodyKind::Stored,   CustodyKind::Retrieved, CustodyKind::SentToBench,
                                   CustodyKind::Rejected, CustodyKind::Disposed,  CustodyKind::Aliquoted};
    auto pick = [&](SyncStation &s, const QString &sql) {
        QSqlQuery q(s.db());
        q.exec(sql);
        QStringList all;
        while (q.next())
            all << q.value(0).toString();
        return all.isEmpty() ? QString() : all.at(int(rng.bounded(quint32(all.size()))));
    };
    int recorded = 0, syncs = 0, cuts = 0;
    const int operations = 1200;
    for (int i = 0; i < operations; ++i) {
        SyncStation &s = *stations[rng.bounded(3u)];
        const quint32 roll = rng.bounded(100u);
        const qint64 before = s.journalCount();
        if (roll < 15) {
            // Forty patients, so that a patient's specimens are sometimes accessioned at two stations.
            s.accession(rng.bounded(2u) ? QStringList{QStringLiteral("GLU")}
                                        : QStringList{QStringLiteral("GLU"), QStringLiteral("NA")},
                        QStringLiteral("M%1").arg(1000000 + rng.bounded(40u)),
                        rng.bounded(2u) ? QStringLiteral("Doe, Jane") : QStringLiteral("Doe-Smith, Jane"));
        } else if (roll < 50) {
            const QString tube = pick(s, QStringLiteral("SELECT accession FROM specimens"));
            if (tube.isEmpty())
                continue;
            const CustodyKind kind = steps.at(int(rng.bounded(quint32(steps.size()))));
            const QString place = kind == CustodyKind::Stored || kind == CustodyKind::SentToBench
                                      ? places.at(int(rng.bounded(quint32(places.size()))))
                                      : QString();
            s.custody(tube, kind, place,
                      kind == CustodyKind::Rejected ? QStringLiteral("hemolyzed") : QString(),
                      kind == CustodyKind::Aliquoted ? 2 : 0);
        } else if (roll < 75) {
            const QString order = pick(s, QStringLiteral("SELECT order_id FROM test_orders"));
            if (order.isEmpty())
                continue;
            const QString value = QString::number(3 + rng.bounded(40u) / 10.0, 'f', 1);
            switch (rng.bounded(3u)) {
            case 0:
                s.results().enter(order, value, {}, QStringLiteral("p.nair"));
                break;
            case 1:
                s.results().verify(order, QStringLiteral("a.okafor"));
                break;
            default:
                s.results().amend(order, value, {}, QStringLiteral("rerun"), QStringLiteral("a.okafor"));
            }
        } else if (roll < 92) {
            Result<SyncReport> r = s.sync();
            QVERIFY2(r && r.value().held.isEmpty(), qPrintable(r ? r.value().held : r.error()));
            ++syncs;
        } else {
            // An interrupted sync: the connection goes after a random number of bytes.
            proxy.cutAfterBytes(qint64(100 + rng.bounded(6'000u)));
            Result<SyncReport> r = s.sync(s.urlVia(proxy.port()));
            proxy.disarm();
            if (!r)
                ++cuts;
        }
        if (s.journalCount() > before)
            ++recorded;
    }
    qInfo("%d operations: %d recorded an event, %d syncs, %d interrupted", operations, recorded, syncs, cuts);
    QVERIFY(recorded > operations / 3);
    QVERIFY(cuts > 0);

    for (int round = 0; round < 2; ++round)
        for (auto &s : stations)
            syncOk(*s);
    auto fresh = station(QStringLiteral("RNDD"), QStringLiteral("RND"));
    syncOk(*fresh);

    int replayed = 0, rebuilt = 0;
    for (auto &s : stations) {
        replayed += s->replayed;
        rebuilt += s->rebuilt;
    }
    qInfo("late arrivals: %d rounds re-projected some specimens, %d rebuilt everything", replayed, rebuilt);
    QVERIFY(replayed > 0);

    const QStringList ids = stations[0]->journalIds();
    const QStringList views = stations[0]->projections();
    QVERIFY(views.size() > 100);
    // The views each station maintained as it went are exactly what a full replay gives.
    for (SyncStation *s : {stations[0].get(), stations[1].get(), stations[2].get(), fresh.get()}) {
        Result<QStringList> diff = RebuildCheck::differences(s->lab().database());
        QVERIFY2(diff, qPrintable(diff ? QString() : diff.error()));
        QVERIFY2(diff.value().isEmpty(),
                 qPrintable(s->id() + QStringLiteral(": ") + diff.value().join('\n')));
    }
    for (SyncStation *s : {stations[1].get(), stations[2].get(), fresh.get()}) {
        QCOMPARE(s->journalIds(), ids);
        QCOMPARE(s->projections(), views);
    }
    QCOMPARE(serverCount(QStringLiteral("station_id LIKE 'RND%'")), qint64(ids.size()));
}

void TestSync::statusShowsLastPushAndLag()
{
    auto a = seededStation(QStringLiteral("STATA"), QStringLiteral("STAT"));
    auto b = station(QStringLiteral("STATB"), QStringLiteral("STAT"));
    Result<std::unique_ptr<ServerConnection>> admin = ServerConnection::open(m_admin);
    QVERIFY(admin);
    auto find = [&](const QString &id) {
        Result<QList<ServerAdmin::StationStatus>> all = ServerAdmin(*admin.value()).status();
        if (!all)
            qFatal("%s", qPrintable(all.error()));
        for (const ServerAdmin::StationStatus &s : all.value())
            if (s.id == id)
                return s;
        qFatal("station %s missing from the status", qPrintable(id));
    };
    ServerAdmin::StationStatus sa = find(a->id());
    QCOMPARE(sa.site, QStringLiteral("STAT"));
    QCOMPARE(sa.lastSeq, a->journalCount());
    QVERIFY(sa.lastPushAt.isValid());
    ServerAdmin::StationStatus sb = find(b->id());
    QCOMPARE(sb.lastSeq, 0);
    QVERIFY(!sb.lastPullAt.isValid());
    QCOMPARE(sb.lag, a->journalCount());
    syncOk(*b);
    sb = find(b->id());
    QCOMPARE(sb.lag, 0);
    QVERIFY(sb.lastPullAt.isValid());
}

void TestSync::cliSyncContract()
{
    auto a = seededStation(QStringLiteral("CLIA"), QStringLiteral("CLI"));
    a->accession();
    const QString home = QFileInfo(a->path()).absolutePath();
    const QString cli = testlab::cliPath();
    a->close(); // the CLI opens the database itself

    // Unreachable: non-zero, a message naming the server, nothing changed.
    ServerUrl nowhere = a->url();
    nowhere.port = 1;
    const qint64 events = a->countClosed(QStringLiteral("SELECT count(*) FROM journal"));
    testlab::CliRun down = testlab::runCli(
        cli, a->path(), home,
        {QStringLiteral("sync"), QStringLiteral("--url"), nowhere.toString(true), QStringLiteral("--json")});
    QVERIFY2(down.exit != 0 && down.exit != -1, down.err.constData());
    QVERIFY2(down.err.contains("server"), down.err.constData());
    QCOMPARE(a->countClosed(QStringLiteral("SELECT count(*) FROM journal")), events);

    testlab::CliRun ok =
        testlab::runCli(cli, a->path(), home,
                        {QStringLiteral("sync"), QStringLiteral("--url"), a->url().toString(true),
                         QStringLiteral("--json"), QStringLiteral("--remember")});
    QVERIFY2(ok.exit == 0, ok.err.constData());
    const QJsonObject report = ok.json().object();
    QCOMPARE(report.value(QStringLiteral("pushed")).toInt(), 1);
    QCOMPARE(report.value(QStringLiteral("pulled")).toInt(), 0);
    QVERIFY(report.value(QStringLiteral("cursor")).isDouble());
    // --remember: later syncs need no URL, and no settings file holds the password.
    testlab::CliRun again =
        testlab::runCli(cli, a->path(), home, {QStringLiteral("sync"), QStringLiteral("--json")});
    QVERIFY2(again.exit == 0, again.err.constData());
    QCOMPARE(again.json().object().value(QStringLiteral("pushed")).toInt(), 0);
    QDirIterator files(home, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile f(files.next());
        if (f.fileName().endsWith(QLatin1String(".db")) || !f.open(QIODevice::ReadOnly))
            continue;
        QVERIFY2(!f.readAll().contains(a->url().password.toUtf8()), qPrintable(f.fileName()));
    }

    testlab::CliRun status =
        testlab::runCli(cli, a->path(), home,
                        {QStringLiteral("server"), QStringLiteral("status"), QStringLiteral("--url"),
                         m_admin.toString(true), QStringLiteral("--json")});
    QVERIFY2(status.exit == 0, status.err.constData());
    QVERIFY(status.json().object().value(QStringLiteral("stations")).isArray());
    QVERIFY(status.json().object().value(QStringLiteral("events")).toInt() > 0);

    // Killed in the middle of a sync (SIGKILL): the next sync completes it.
    a->reopen();
    addNotes(*a, 6000, QStringLiteral("killed while these are pushed"));
    a->close();
    for (int delayMs : {30, 120, 400}) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
        p.setProcessEnvironment(env);
        p.start(cli, {QStringLiteral("--db"), a->path(), QStringLiteral("sync")});
        QVERIFY(p.waitForStarted());
        QTest::qWait(delayMs);
        p.kill();
        p.waitForFinished();
    }
    testlab::CliRun finish =
        testlab::runCli(cli, a->path(), home, {QStringLiteral("sync"), QStringLiteral("--json")});
    QVERIFY2(finish.exit == 0, finish.err.constData());
    QCOMPARE(serverCount(QStringLiteral("station_id = 'CLIA'")),
             a->countClosed(QStringLiteral("SELECT count(*) FROM journal")));
    testlab::CliRun verify = testlab::runCli(cli, a->path(), home, {QStringLiteral("verify")});
    QVERIFY2(verify.exit == 0, verify.err.constData());
    a->reopen();
}

void TestSync::backgroundRunnerSyncsOffTheGuiThreadAndBacksOff()
{
    auto a = seededStation(QStringLiteral("BGA"), QStringLiteral("BG"));
    auto b = station(QStringLiteral("BGB"), QStringLiteral("BG"));
    const QString tube = a->accession();
    syncOk(*a);

    // B's GUI: its own Lab stays open on this thread while the runner's worker uses its own connections.
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    SyncRunner runner(b->path(), settings, dir.filePath(QStringLiteral("sync.key")));
    QVERIFY(!runner.configured());
    QSignalSpy rounds(&runner, &SyncRunner::roundFinished);
    QVERIFY2(runner.configure(b->url(), 3600), "configure");
    QVERIFY(runner.running());
    QVERIFY(rounds.wait(30'000));
    SyncOutcome first = rounds.takeFirst().first().value<SyncOutcome>();
    QVERIFY2(first.ok, qPrintable(first.error));
    QCOMPARE(first.report.pulled, int(a->count(QStringLiteral("SELECT count(*) FROM journal"))));
    QCOMPARE(first.nextInMs, 3'600'000);
    QVERIFY(b->lab().specimens().find(tube).value().has_value());
    // The settings hold the URL without the password; the runner reads it back unsealed.
    QVERIFY(!settings.value(Settings::Key::SyncUrl).toString().contains(b->url().password));
    QCOMPARE(runner.url().value().password, b->url().password);

    // The server goes away: offline, retried after 5 s, then 10 s.
    TcpProxy proxy(quint16(m_pg.port()));
    QVERIFY(proxy.start());
    proxy.setRefusing(true);
    QVERIFY(runner.configure(b->urlVia(proxy.port()), 3600));
    QVERIFY(rounds.wait(30'000));
    SyncOutcome down = rounds.takeFirst().first().value<SyncOutcome>();
    QVERIFY(!down.ok);
    QVERIFY(!down.reached);
    QCOMPARE(down.nextInMs, SyncWorker::FirstRetryMs);
    b->accession();
    runner.syncNow();
    QVERIFY(rounds.wait(30'000));
    SyncOutcome again = rounds.takeFirst().first().value<SyncOutcome>();
    QCOMPARE(again.nextInMs, 2 * SyncWorker::FirstRetryMs);
    QCOMPARE(again.status.waiting, 1);
    // Back: the scheduled retry (5 s … 10 s) finds the server and sends what waited.
    proxy.setRefusing(false);
    QVERIFY(rounds.wait(30'000));
    SyncOutcome back = rounds.takeFirst().first().value<SyncOutcome>();
    QVERIFY2(back.ok, qPrintable(back.error));
    QCOMPARE(back.report.pushed, 1);
    QCOMPARE(back.status.waiting, 0);
    runner.stop();
    QVERIFY(!runner.running());
}

// The GUI's worker signs in once and keeps the connection from round to round; when the server restarts
// (which ends every session), the next round signs in again by itself and loses nothing; while the
// server is down, the round says so plainly and the events wait.
void TestSync::backgroundWorkerKeepsItsConnectionAndReconnectsAfterRestart()
{
    auto a = seededStation(QStringLiteral("KEEPA"), QStringLiteral("KEEP"));
    auto b = station(QStringLiteral("KEEPB"), QStringLiteral("KEEP"));
    a->accession();
    syncOk(*a);
    const QString role = ServerAdmin::roleFor(b->id());
    auto backends = [&] {
        QString out;
        if (!m_pg.psql(QStringLiteral("postgres"),
                       QStringLiteral("SELECT string_agg(pid::text, ',' ORDER BY pid) FROM pg_stat_activity "
                                      "WHERE usename = '%1'")
                           .arg(role),
                       &out))
            qFatal("cannot read pg_stat_activity");
        return out;
    };

    SyncWorker worker(b->path(), b->url(), 3600);
    QSignalSpy rounds(&worker, &SyncWorker::finished);
    auto round = [&](auto &&trigger) {
        const qsizetype before = rounds.size();
        trigger();
        if (rounds.size() == before && !rounds.wait(30'000))
            qFatal("no sync round finished");
        return rounds.takeLast().first().value<SyncOutcome>();
    };
    const SyncOutcome first = round([&] { worker.start(); });
    QVERIFY2(first.ok, qPrintable(first.error));
    QVERIFY(!first.reconnected);
    QCOMPARE(first.report.pulled, int(a->journalCount()));
    const QString session = backends();
    QVERIFY2(!session.isEmpty() && !session.contains(QLatin1Char(',')), qPrintable(session));
    b->accession();
    const SyncOutcome second = round([&] { worker.syncNow(); });
    QVERIFY2(second.ok, qPrintable(second.error));
    QCOMPARE(second.report.pushed, 1);
    QVERIFY(!second.reconnected);
    QCOMPARE(backends(), session); // the same session: no new sign-in

    // A restart ends every session; the next round notices on its first statement and signs in again.
    QString why;
    QVERIFY2(m_pg.restart(&why), qPrintable(why));
    b->accession();
    const SyncOutcome afterRestart = round([&] { worker.syncNow(); });
    QVERIFY2(afterRestart.ok, qPrintable(afterRestart.error));
    QVERIFY(afterRestart.reconnected);
    QCOMPARE(afterRestart.report.pushed, 1);
    QVERIFY(backends() != session);
    QCOMPARE(serverCount(QStringLiteral("station_id = 'KEEPB'")),
             b->count(QStringLiteral("SELECT count(*) FROM journal WHERE "
                                     "station_id = 'KEEPB'")));

    // Down: the round says the connection went and the server cannot be reached; the event waits.
    QVERIFY2(m_pg.stop(PgServer::StopMode::Fast, &why), qPrintable(why));
    b->accession();
    const SyncOutcome down = round([&] { worker.syncNow(); });
    QVERIFY(!down.ok);
    QVERIFY(!down.reached);
    QVERIFY(down.reconnected);
    QVERIFY2(down.error.contains(QStringLiteral("closed the connection")) &&
                 down.error.contains(QStringLiteral("offline")),
             qPrintable(down.error));
    QVERIFY2(!down.error.contains(QLatin1Char('\n')), qPrintable(down.error));
    QCOMPARE(down.status.waiting, 1);
    QCOMPARE(down.nextInMs, SyncWorker::FirstRetryMs);

    // Back: the next round signs in afresh and sends what waited.
    QVERIFY2(m_pg.start(&why), qPrintable(why));
    const SyncOutcome back = round([&] { worker.syncNow(); });
    QVERIFY2(back.ok, qPrintable(back.error));
    QVERIFY(!back.reconnected); // there was no connection left to lose
    QCOMPARE(back.report.pushed, 1);
    QCOMPARE(back.status.waiting, 0);
    QCOMPARE(serverCount(QStringLiteral("station_id = 'KEEPB'")),
             b->count(QStringLiteral("SELECT count(*) FROM journal WHERE station_id = 'KEEPB'")));
    worker.stop();
}

void TestSync::tlsVerifyFull()
{
    m_pg.enableTls();
    QString why;
    QVERIFY2(m_pg.restart(&why), qPrintable(why));
    auto a = seededStation(QStringLiteral("TLSA"), QStringLiteral("TLS"));
    ServerUrl tls = a->url();
    tls.host = QStringLiteral("localhost"); // the name in the server's certificate
    tls.sslMode = QStringLiteral("verify-full");
    tls.sslRootCert = m_pg.caFile();
    a->accession();
    Result<SyncReport> r = a->sync(tls);
    QVERIFY2(r, qPrintable(r ? QString() : r.error()));
    QCOMPARE(r.value().pushed, 1);
    Result<std::unique_ptr<ServerConnection>> conn = ServerConnection::open(tls);
    QVERIFY(conn);
    QSqlQuery q(conn.value()->database());
    QVERIFY(q.exec(QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) && q.next());
    QVERIFY(q.value(0).toBool());

    // A certificate signed by someone else: refused before any password is sent.
    ServerUrl wrongCa = tls;
    wrongCa.sslRootCert = m_pg.otherCaFile();
    a->accession();
    Result<SyncReport> refused = a->sync(wrongCa);
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("certificate")), qPrintable(refused.error()));
    QCOMPARE(SyncState(a->db()).status().value().waiting, 1);
}

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
