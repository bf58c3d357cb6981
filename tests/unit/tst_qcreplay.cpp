// SPDX-License-Identifier: GPL-3.0-or-later
// QC events pulled late (QcReplay through SubjectReplay, as JournalPuller applies a batch): only the
// tests they are about are re-projected, the views then equal a full rebuild, other tests' QC rows are
// not written, and what cannot be replayed per test still falls back to the full rebuild.
#include "labhelpers.h"
#include "projection/projector.h"
#include "qc/qcprojection.h"
#include "qc/qcservice.h"
#include "sync/journalpuller.h"
#include "sync/syncstate.h"
#include "testdatabase.h"

#include <QDate>
#include <QDateTime>
#include <QSqlError>
#include <QTest>
#include <QUuid>

using namespace benchside;

namespace {
const QString Tech = QStringLiteral("p.nair");
const QString Supervisor = QStringLiteral("a.okafor");
const QString Glu = QStringLiteral("GLU");
const QString Na = QStringLiteral("NA");
const QString K = QStringLiteral("K");

// A station database and the services the test drives on it.
struct Workstation
{
    explicit Workstation(const QString &id) : db(id), lab(db.open()), qc(lab->store(), lab->catalog()) {}
    QSqlDatabase connection() { return lab->database().connection(); }

    TestDatabase db;
    std::unique_ptr<Lab> lab;
    QcService qc;
};

QcRunDraft run(const QString &test, const QString &lot, const QString &runId, double level1, double level2)
{
    QcRunDraft r;
    r.runId = runId;
    r.testCode = test;
    r.values = {{lot, 1, level1, 0}, {lot, 2, level2, 0}};
    return r;
}

void defineAnalyzer(Workstation &s, const QString &name, const QString &valueColumn)
{
    const Result<QcAnalyzerMapping> m = QcAnalyzerMapping::parse(
        name, QStringLiteral("test=Test,lot=Lot,level=Level,value=%1,time=Time").arg(valueColumn));
    QVERIFY(m.ok() && s.qc.defineAnalyzer(m.value(), Supervisor).ok());
}

// Every QC row of the station, table by table: what two stations holding the same events agree on.
QStringList qcRows(Workstation &s)
{
    QStringList rows;
    for (const QString &table : QcProjection::tables())
        rows << testlab::tableRows(s.connection(), table);
    return rows;
}
} // namespace

class TestQcReplay : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void lateRunsReplayOnlyTheirTest();
    void flaggedEventOfTheTestFallsBackToRebuild();
    void lateKindThisVersionDoesNotKnowFallsBack();
    void eventReadAsAnotherTestFallsBack();

private:
    void defineLots(Workstation &s);
    void record(Workstation &s, const QcRunDraft &draft, const QString &expected);
    // Pulls what `to` lacks of `from`'s journal as one batch, as JournalPuller applies it.
    void pull(Workstation &to, Workstation &from, SyncReport &report);
    bool stale(Workstation &s);
    // The pull does not re-project: the views are marked stale, and the rebuild matches the journal.
    void pullLeavesItToTheRebuild(Workstation &to, Workstation &from);
    // Appends `payload` as it is (not as Qt would write it) to `s`'s journal, not projected there.
    void appendRaw(Workstation &s, const QString &kind, const QString &subject, const QString &payload);
    // Records into temp.touched every write to a QC row of `s` from now on, with its test.
    void watchQcWrites(Workstation &s);
    qint64 touched(Workstation &s, const QString &test, const QString &op,
                   const QString &table = QStringLiteral("%"));

    std::unique_ptr<Workstation> m_a; // the station that pulls late events
    std::unique_ptr<Workstation> m_b; // the station whose events come late
    qint64 m_serverSeq = 0;
};

void TestQcReplay::init()
{
    m_a = std::make_unique<Workstation>(QStringLiteral("STA"));
    m_b = std::make_unique<Workstation>(QStringLiteral("STB"));
    QVERIFY(testlab::importDemoCatalog(*m_a->lab).ok());
    defineLots(*m_a);
    // The rule set is the test's too: replayed with it.
    QVERIFY(m_a->qc.configureRules(Glu, QStringLiteral("1-2s, 1-3s, 2-2s, R-4s"), Supervisor).ok());
    SyncReport first;
    pull(*m_b, *m_a, first);
    QVERIFY(!first.replayed && !stale(*m_b));
}

void TestQcReplay::cleanup()
{
    m_b.reset();
    m_a.reset();
}

void TestQcReplay::defineLots(Workstation &s)
{
    const QString expires = QDate::currentDate().addYears(1).toString(Qt::ISODate);
    for (const auto &[test, lot, level, mean, sd] : {std::tuple{Glu, QStringLiteral("G-1"), 1, 5.0, 0.2},
                                                     std::tuple{Glu, QStringLiteral("G-1"), 2, 15.0, 0.5},
                                                     std::tuple{Na, QStringLiteral("N-1"), 1, 140.0, 2.0},
                                                     std::tuple{Na, QStringLiteral("N-1"), 2, 120.0, 2.0},
                                                     std::tuple{K, QStringLiteral("K-1"), 1, 3.6, 0.1},
                                                     std::tuple{K, QStringLiteral("K-1"), 2, 6.4, 0.15}}) {
        QcService::LotDefinition d;
        d.testCode = test;
        d.lot = lot;
        d.level = level;
        d.mean = mean;
        d.sd = sd;
        d.expires = expires;
        const Result<Event> e = s.qc.defineLot(d, Supervisor);
        QVERIFY2(e.ok(), qPrintable(e.error()));
    }
}

void TestQcReplay::record(Workstation &s, const QcRunDraft &draft, const QString &expected)
{
    const Result<QcService::RecordedRun> r = s.qc.record(draft, Tech);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(r.value().status, expected);
}

void TestQcReplay::pull(Workstation &to, Workstation &from, SyncReport &report)
{
    QHash<QString, qint64> held;
    QSqlQuery heads(to.connection());
    QVERIFY(heads.exec(QStringLiteral("SELECT station_id, last_seq FROM chain_heads")));
    while (heads.next())
        held.insert(heads.value(0).toString(), heads.value(1).toLongLong());
    QSqlQuery q(from.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT %1 FROM journal ORDER BY station_id, station_seq")
                       .arg(QLatin1String(Event::Columns))));
    QList<JournalPuller::Pulled> batch;
    for (const Event &e : Event::fromRows(q)) {
        if (e.stationSeq > held.value(e.stationId))
            batch << JournalPuller::Pulled{e, ++m_serverSeq};
    }
    QVERIFY(!batch.isEmpty() && batch.size() < JournalPuller::BulkPull);
    SyncState state(to.connection());
    const Status s = JournalPuller(to.lab->store(), state).apply(batch, report);
    QVERIFY2(s.ok(), qPrintable(s.error()));
    QCOMPARE(report.pulled, int(batch.size()));
}

bool TestQcReplay::stale(Workstation &s)
{
    const Result<bool> r = SyncState(s.connection()).projectionsStale();
    if (!r)
        qFatal("%s", qPrintable(r.error()));
    return r.value();
}

void TestQcReplay::appendRaw(Workstation &s, const QString &kind, const QString &subject,
                             const QString &payload)
{
    QSqlQuery q(s.connection());
    QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
    // A station's first event continues the genesis hash.
    QVERIFY(q.exec(
        QStringLiteral("SELECT h.last_seq, h.last_hash, (SELECT max(hlc) FROM journal) FROM (SELECT 1) "
                       "LEFT JOIN chain_heads h ON h.station_id = '%1'")
            .arg(s.lab->station().id)));
    QVERIFY(q.next());
    Event e;
    e.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.stationId = s.lab->station().id;
    e.stationSeq = q.value(0).toLongLong() + 1;
    e.prevHash = q.value(1).isNull() ? Event::genesisHash() : q.value(1).toString();
    e.hlc = std::max(HybridClock::fromMs(QDateTime::currentMSecsSinceEpoch()), q.value(2).toLongLong() + 1);
    q.finish();
    e.actor = Supervisor;
    e.kind = kind;
    e.subject = subject;
    e.payload = payload;
    e.hash = e.computeHash();
    QVERIFY(s.lab->store().insertLocked(e).ok());
    QVERIFY(s.lab->store().setHeadLocked(e.stationId, e.stationSeq, e.hash).ok());
    QVERIFY(q.exec(QStringLiteral("COMMIT")));
}

void TestQcReplay::watchQcWrites(Workstation &s)
{
    QSqlQuery q(s.connection());
    QVERIFY(q.exec(QStringLiteral("CREATE TEMP TABLE touched (tbl TEXT, test TEXT, op TEXT)")));
    for (const QString &table : QcProjection::tables()) {
        if (table == QLatin1String("qc_analyzers"))
            continue;
        for (const auto &[op, row] : {std::pair{QStringLiteral("INSERT"), QStringLiteral("new")},
                                      std::pair{QStringLiteral("UPDATE"), QStringLiteral("new")},
                                      std::pair{QStringLiteral("DELETE"), QStringLiteral("old")}}) {
            const QString sql = QStringLiteral("CREATE TEMP TRIGGER touched_%1_%2 AFTER %2 ON main.%1 BEGIN "
                                               "INSERT INTO touched VALUES ('%1', %3.test_code, '%2'); END")
                                    .arg(table, op, row);
            QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
        }
    }
}

qint64 TestQcReplay::touched(Workstation &s, const QString &test, const QString &op, const QString &table)
{
    QSqlQuery q(s.connection());
    q.prepare(QStringLiteral("SELECT count(*) FROM touched WHERE test = ? AND op LIKE ? AND tbl LIKE ?"));
    q.addBindValue(test);
    q.addBindValue(op);
    q.addBindValue(table);
    if (!q.exec() || !q.next())
        qFatal("cannot read temp.touched: %s", qPrintable(q.lastError().text()));
    return q.value(0).toLongLong();
}

void TestQcReplay::lateRunsReplayOnlyTheirTest()
{
    // B, first: GLU level 1 ends above +2 SD, a potassium run, and a specimen.
    record(*m_b, run(Glu, QStringLiteral("G-1"), QStringLiteral("B-GLU-1"), 5.0, 15.0),
           QStringLiteral("accepted"));
    record(*m_b, run(Glu, QStringLiteral("G-1"), QStringLiteral("B-GLU-2"), 5.45, 15.0),
           QStringLiteral("warning"));
    record(*m_b, run(K, QStringLiteral("K-1"), QStringLiteral("B-K-1"), 3.62, 6.41),
           QStringLiteral("accepted"));
    QVERIFY(m_b->lab->accessioner().accession(testlab::serumRequest({Glu}), Tech).ok());
    defineAnalyzer(*m_b, QStringLiteral("AU680"), QStringLiteral("Result"));
    defineAnalyzer(*m_b, QStringLiteral("AU480"), QStringLiteral("Result"));
    QTest::qWait(5); // A's events come after B's in replay order

    // A, not knowing of B's runs: GLU warns, is rejected (1-3s), corrected and accepted; NA is
    // rejected and overridden.
    record(*m_a, run(Glu, QStringLiteral("G-1"), QStringLiteral("A-GLU-1"), 5.46, 15.0),
           QStringLiteral("warning"));
    record(*m_a, run(Glu, QStringLiteral("G-1"), QStringLiteral("A-GLU-2"), 5.0, 15.1),
           QStringLiteral("accepted"));
    record(*m_a, run(Glu, QStringLiteral("G-1"), QStringLiteral("A-GLU-3"), 5.7, 15.0),
           QStringLiteral("rejected"));
    QVERIFY(m_a->qc.correctiveAction(Glu, QStringLiteral("recalibrated"), Tech).ok());
    record(*m_a, run(Glu, QStringLiteral("G-1"), QStringLiteral("A-GLU-4"), 5.05, 14.9),
           QStringLiteral("accepted"));
    record(*m_a, run(Na, QStringLiteral("N-1"), QStringLiteral("A-NA-1"), 140.5, 120.0),
           QStringLiteral("accepted"));
    record(*m_a, run(Na, QStringLiteral("N-1"), QStringLiteral("A-NA-2"), 147.0, 120.0),
           QStringLiteral("rejected"));
    QVERIFY(m_a->qc.overrideLockout(Na, QStringLiteral("patient care cannot wait"), Supervisor).ok());
    defineAnalyzer(*m_a, QStringLiteral("AU680"), QStringLiteral("Conc"));
    const QString lockedBy =
        QStringLiteral("SELECT group_concat(run_id || ':' || state, ',') FROM qc_lockouts "
                       "WHERE test_code = 'GLU'");
    QCOMPARE(testlab::queryText(m_a->connection(), lockedBy), QStringLiteral("A-GLU-3:resolved"));
    QTest::qWait(5);
    // B again, after all of that: a GLU run that A pulls in order, with B's late ones.
    record(*m_b, run(Glu, QStringLiteral("G-1"), QStringLiteral("B-GLU-3"), 5.0, 15.0),
           QStringLiteral("accepted"));

    watchQcWrites(*m_a);
    SyncReport report;
    pull(*m_a, *m_b, report);
    // (a) re-projected, not rebuilt.
    QVERIFY(report.replayed);
    QVERIFY(!stale(*m_a));
    // (b) exactly what replaying the whole journal gives.
    testlab::verifyViewsMatchJournal(*m_a->lab);
    // With B-GLU-2 before it, A-GLU-1 is the second level-1 value above +2 SD in a row (2-2s): the
    // lockout now starts there, and A-GLU-3 is a rejection within it.
    QCOMPARE(testlab::queryText(m_a->connection(), QStringLiteral("SELECT run_status FROM qc_results WHERE "
                                                                  "run_id = 'A-GLU-1' AND level = 1")),
             QStringLiteral("rejected"));
    QCOMPARE(testlab::queryText(m_a->connection(), lockedBy), QStringLiteral("A-GLU-1:resolved"));
    // A's mapping of the AU680 is the newer one; B's of the AU480 the only one.
    QCOMPARE(testlab::queryText(m_a->connection(),
                                QStringLiteral("SELECT name, json_extract(mapping, '$.columns.value') "
                                               "FROM qc_analyzers ORDER BY name")),
             QStringLiteral("AU480|Result\nAU680|Conc"));
    // (c) GLU was replayed whole, each of its seven runs once (B-GLU-3 too, though it came in order);
    // K, whose held events all come before B's run, only had that run applied; NA was not written.
    QVERIFY(touched(*m_a, Glu, QStringLiteral("DELETE")) > 0);
    QCOMPARE(touched(*m_a, Glu, QStringLiteral("INSERT"), QStringLiteral("qc_results")), 7 * 2);
    QCOMPARE(touched(*m_a, K, QStringLiteral("DELETE")), 0);
    QCOMPARE(touched(*m_a, K, QStringLiteral("INSERT"), QStringLiteral("qc_results")), 2);
    QCOMPARE(touched(*m_a, Na, QStringLiteral("%")), 0);

    // B, pulling A's events, which come before its last run: GLU replayed there too, NA only applied.
    SyncReport back;
    pull(*m_b, *m_a, back);
    QVERIFY(back.replayed && !stale(*m_b));
    testlab::verifyViewsMatchJournal(*m_b->lab);
    QCOMPARE(qcRows(*m_b), qcRows(*m_a));
}

void TestQcReplay::flaggedEventOfTheTestFallsBackToRebuild()
{
    // A rule set that cannot be read, as a station of another version might write it: every GLU
    // run judged after it cannot be projected and goes to the review list.
    record(*m_b, run(Glu, QStringLiteral("G-1"), QStringLiteral("B-GLU-1"), 5.0, 15.0),
           QStringLiteral("accepted"));
    QVERIFY(m_b->lab->store()
                .writeOne(Supervisor, {QStringLiteral("qc.rules.configured"), Glu,
                                       QJsonObject{{QStringLiteral("test"), Glu},
                                                   {QStringLiteral("rules"), QStringLiteral("9-9z")}}})
                .ok());
    QTest::qWait(5);
    record(*m_a, run(Glu, QStringLiteral("G-1"), QStringLiteral("A-GLU-1"), 5.1, 15.0),
           QStringLiteral("accepted"));
    record(*m_a, run(Na, QStringLiteral("N-1"), QStringLiteral("A-NA-1"), 140.5, 120.0),
           QStringLiteral("accepted"));
    const QStringList before = qcRows(*m_a);

    SyncReport report;
    pull(*m_a, *m_b, report);
    // A replay of GLU alone would raise the flag that a rebuild may find resolved: left to the rebuild,
    // with the views as they were until it runs.
    QVERIFY(!report.replayed);
    QVERIFY(stale(*m_a));
    QCOMPARE(qcRows(*m_a), before);
    QCOMPARE(testlab::scalar(m_a->connection(), QStringLiteral("SELECT count(*) FROM review_flags")), 0);

    QVERIFY(m_a->lab->store().projector().rebuild().ok());
    QVERIFY(SyncState(m_a->connection()).setStale(false).ok());
    testlab::verifyViewsMatchJournal(*m_a->lab);
    QCOMPARE(
        testlab::queryText(m_a->connection(),
                           QStringLiteral("SELECT j.subject FROM review_flags f JOIN journal j ON j.id = "
                                          "f.event_id")),
        QStringLiteral("A-GLU-1"));
}

void TestQcReplay::lateKindThisVersionDoesNotKnowFallsBack()
{
    QVERIFY(m_b->lab->store()
                .writeOne(Tech, {QStringLiteral("qc.calibration.logged"), Glu,
                                 QJsonObject{{QStringLiteral("test"), Glu},
                                             {QStringLiteral("lot"), QStringLiteral("G-1")}}})
                .ok());
    QTest::qWait(5);
    record(*m_a, run(Glu, QStringLiteral("G-1"), QStringLiteral("A-GLU-1"), 5.1, 15.0),
           QStringLiteral("accepted"));

    pullLeavesItToTheRebuild(*m_a, *m_b);
}

void TestQcReplay::eventReadAsAnotherTestFallsBack()
{
    // A payload naming two tests (another station's bug): Qt reads the last, SQLite's JSON, which
    // files the event in the journal's index, the first. It is left out of the views.
    appendRaw(*m_b, QStringLiteral("qc.rules.configured"), Na,
              QStringLiteral(R"({"rules":"1-3s","test":"GLU","test":"NA"})"));
    SyncReport inOrder;
    pull(*m_a, *m_b, inOrder);
    QVERIFY(!inOrder.replayed && !stale(*m_a));
    QCOMPARE(
        testlab::scalar(m_a->connection(), QStringLiteral("SELECT count(*) FROM qc_rules WHERE test_code = "
                                                          "'NA'")),
        0);
    QCOMPARE(testlab::queryText(m_a->connection(), QStringLiteral("SELECT accession FROM review_flags")), Na);
    QTest::qWait(5);
    record(*m_b, run(Glu, QStringLiteral("G-1"), QStringLiteral("B-GLU-1"), 5.0, 15.0),
           QStringLiteral("accepted"));
    QTest::qWait(5);
    record(*m_a, run(Glu, QStringLiteral("G-1"), QStringLiteral("A-GLU-1"), 5.1, 15.0),
           QStringLiteral("accepted"));

    // GLU's replay meets it among GLU's events, and its flag (whose resolution it would lose).
    pullLeavesItToTheRebuild(*m_a, *m_b);
}

void TestQcReplay::pullLeavesItToTheRebuild(Workstation &to, Workstation &from)
{
    SyncReport report;
    pull(to, from, report);
    QVERIFY(!report.replayed);
    QVERIFY(stale(to));
    QVERIFY(to.lab->store().projector().rebuild().ok());
    testlab::verifyViewsMatchJournal(*to.lab);
}

QTEST_GUILESS_MAIN(TestQcReplay)
#include "tst_qcreplay.moc"
