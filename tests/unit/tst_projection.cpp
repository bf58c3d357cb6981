// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/analyzerprojection.h"
#include "demo/demoseeder.h"
#include "journal/chainverifier.h"
#include "labhelpers.h"
#include "projection/projector.h"
#include "projection/rebuildcheck.h"
#include "result/resultrepository.h"
#include "result/resultservice.h"
#include "testdatabase.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <algorithm>

using namespace benchside;

namespace {
struct JournalRow
{
    QVariantList values; // id, station_id, station_seq, hlc, actor, kind, subject, payload, prev_hash, hash
};

QList<JournalRow> journalRows(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT id, station_id, station_seq, hlc, actor, kind, subject, payload, prev_hash, "
            "hash FROM journal")))
        qFatal("cannot read the journal");
    QList<JournalRow> rows;
    while (q.next()) {
        JournalRow r;
        for (int i = 0; i < 10; ++i)
            r.values << q.value(i);
        rows << r;
    }
    return rows;
}

// A fresh database that receives the journal rows in the given order, the way a station receives
// events from a sync server: in whatever order they arrive. Inserting is allowed with the
// append-only triggers in place.
Status receiveInOrder(Database &db, const QList<JournalRow> &rows)
{
    QSqlDatabase conn = db.connection();
    if (!conn.transaction())
        return Status::failure(conn.lastError().text());
    QSqlQuery insert(conn);
    insert.prepare(
        QStringLiteral("INSERT INTO journal (id, station_id, station_seq, hlc, actor, kind, subject, "
                       "payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const JournalRow &r : rows) {
        for (const QVariant &v : r.values)
            insert.addBindValue(v);
        if (!insert.exec())
            return Status::failure(insert.lastError().text());
    }
    if (!conn.commit())
        return Status::failure(conn.lastError().text());
    return {};
}
} // namespace

class TestProjection : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void historyIsRealistic();
    void liveProjectionsMatchTheJournal();
    void shuffledArrivalGivesTheSameProjections_data();
    void shuffledArrivalGivesTheSameProjections();
    void rebuildIsIdempotent();
    void unknownEventKindsAreKeptButNotProjected();
    void corruptedProjectionIsReported_data();
    void corruptedProjectionIsReported();

private:
    Status buildHistory();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    QHash<QString, QStringList> m_original; // table -> rows, as projected live
    QTemporaryDir m_copies;
};

Status TestProjection::buildHistory()
{
    // Several hundred specimens with back-dated custody histories…
    DemoSeeder seeder(m_lab->database(), 20240611);
    Result<DemoSeeder::Summary> seeded = seeder.seed(300);
    if (!seeded)
        return Status::failure(seeded.error());

    // …then today's work through the services: accessions (new and known patients), receipts by
    // scan, aliquots, rejections, storage, disposal and corrections.
    const QString tech = QStringLiteral("p.nair");
    QStringList fresh;
    for (int i = 0; i < 12; ++i) {
        AccessionRequest r =
            testlab::serumRequest(i % 2 ? QStringList{QStringLiteral("GLU")}
                                        : QStringList{QStringLiteral("NA"), QStringLiteral("K")});
        r.patient.mrn = QStringLiteral("P%1").arg(i % 4);
        r.patient.name = i < 4 ? QStringLiteral("Patient %1").arg(i) : QString();
        r.priority = i % 3 == 0 ? QStringLiteral("stat") : QStringLiteral("routine");
        Result<Specimen> s = m_lab->accessioner().accession(r, tech);
        if (!s)
            return Status::failure(s.error());
        fresh << s.value().accession;
    }
    for (int i = 0; i < 10; ++i) {
        const ScanOutcome o = m_lab->scanner().process(fresh.at(i), ScanProcessor::Action::Receive, tech);
        if (o.type != ScanOutcome::Type::Received)
            return Status::failure(o.message);
    }
    using K = CustodyKind;
    const QList<std::pair<int, CustodyRules::Step>> steps{
        {0, {K::Centrifuged, {}, {}, {}, 0, {}}},
        {0, {K::Aliquoted, {}, {}, {}, 3, {}}},
        {0, {K::Stored, QStringLiteral("Freezer 2 (-80 °C) / Rack 5 / B7"), {}, {}, 0, {}}},
        {1, {K::Rejected, {}, QStringLiteral("hemolyzed"), QStringLiteral("grossly"), 0, {}}},
        {1, {K::Disposed, {}, {}, {}, 0, {}}},
        {1,
         {K::Corrected,
          {},
          {},
          QStringLiteral("rejection was entered on the wrong tube"),
          0,
          QStringLiteral("received")}},
        {2, {K::SentToBench, QStringLiteral("Main Lab / Chemistry bench"), {}, {}, 0, {}}},
        {2, {K::InTransit, QStringLiteral("Transit / Courier to Reference Laboratory"), {}, {}, 0, {}}},
        {2, {K::Received, {}, {}, {}, 0, {}}},
        {3, {K::Stored, QStringLiteral("Refrigerator 1 (4 °C) / Shelf 2"), {}, {}, 0, {}}},
        {3, {K::Retrieved, {}, {}, {}, 0, {}}},
        {3, {K::Corrected, {}, {}, QStringLiteral("location mistyped"), 0, {}}},
        {11, {K::Rejected, {}, QStringLiteral("unlabeled"), {}, 0, {}}},
    };
    for (const auto &[index, step] : steps) {
        Result<CustodyService::Recorded> r = m_lab->custody().record(fresh.at(index), step, tech);
        if (!r)
            return Status::failure(fresh.at(index) + QStringLiteral(": ") + r.error());
    }

    // A second station's events in the same journal (as a sync pull would leave them): its own
    // chain, interleaved in time with this station's.
    Station other{QStringLiteral("OTH"), QStringLiteral("NORTH"), QStringLiteral("North Site / Receiving"),
                  QStringLiteral("admin"), false};
    EventStore otherStore(m_lab->database().connection(), other);
    SpecimenRepository otherSpecimens(m_lab->database().connection());
    Accessioner otherAccessioner(otherStore, otherSpecimens, m_lab->catalog());
    CustodyService otherCustody(otherStore, otherSpecimens);
    for (int i = 0; i < 3; ++i) {
        AccessionRequest r = testlab::serumRequest();
        r.patient.mrn = QStringLiteral("P1"); // known: the name comes from this station's record
        r.patient.name.clear();
        Result<Specimen> s = otherAccessioner.accession(r, QStringLiteral("j.kowalski"));
        if (!s)
            return Status::failure(s.error());
        if (Result<CustodyService::Recorded> rec = otherCustody.record(
                s.value().accession, {K::Received, {}, {}, {}, 0, {}}, QStringLiteral("j.kowalski"));
            !rec)
            return Status::failure(rec.error());
        // …and this station stores what the other received.
        if (Result<CustodyService::Recorded> rec = m_lab->custody().record(
                s.value().accession, {K::Stored, QStringLiteral("Freezer 1 (-20 °C)"), {}, {}, 0, {}}, tech);
            !rec)
            return Status::failure(rec.error());
    }

    // A result both stations changed without seeing each other's change: the other station's entry
    // names no base, so the projections flag it for review (review_flags), whatever the arrival order.
    ResultRepository repo(m_lab->database().connection());
    ResultService results(m_lab->store(), repo, m_lab->catalog());
    const QString order = fresh.at(5) + QStringLiteral("-GLU");
    Result<ResultService::Recorded> entered = results.enter(order, QStringLiteral("5.2"), {}, tech);
    if (!entered)
        return Status::failure(entered.error());
    QJsonObject concurrent = entered.value().event.payloadObject();
    concurrent.insert(QStringLiteral("value"), QStringLiteral("7.9"));
    concurrent.insert(QStringLiteral("base"), QString());
    if (Result<Event> e = otherStore.writeOne(QStringLiteral("j.kowalski"),
                                              {QStringLiteral("result.entered"), fresh.at(5), concurrent});
        !e)
        return Status::failure(e.error());
    return {};
}

void TestProjection::initTestCase()
{
    QVERIFY(m_copies.isValid());
    m_db = std::make_unique<TestDatabase>(QStringLiteral("PRJ"));
    m_lab = m_db->open();
    const Status built = buildHistory();
    QVERIFY2(built.ok(), qPrintable(built.error()));
    for (const QString &table : Projector::tables())
        m_original.insert(table, testlab::tableRows(m_lab->database().connection(), table));
}

void TestProjection::cleanupTestCase()
{
    m_lab.reset();
    m_db.reset();
}

void TestProjection::historyIsRealistic()
{
    const QSqlDatabase db = m_lab->database().connection();
    QVERIFY(testlab::journalCount(*m_lab) > 1000);
    QVERIFY(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM specimens")) >= 315);
    QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(DISTINCT station_id) FROM journal")),
             qint64(2));
    for (const char *kind :
         {"specimen.accessioned", "custody.received", "custody.centrifuged", "custody.aliquoted",
          "custody.stored", "custody.sent_to_bench", "custody.in_transit", "custody.retrieved",
          "custody.disposed", "custody.rejected", "custody.corrected"}) {
        QVERIFY2(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM journal WHERE kind = '%1'")
                                         .arg(QLatin1String(kind))) > 0,
                 kind);
    }
    QVERIFY(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM specimens WHERE parent <> ''")) > 3);
    QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM review_flags")), qint64(1));
    const Result<ChainVerifier::Report> report = ChainVerifier(db).verify();
    QVERIFY(report.ok());
    QVERIFY(report.value().intact());
    QCOMPARE(report.value().stations, 2);
}

void TestProjection::liveProjectionsMatchTheJournal()
{
    const Result<QStringList> diff = RebuildCheck::differences(m_lab->database());
    QVERIFY2(diff.ok(), qPrintable(diff.error()));
    QVERIFY2(diff.value().isEmpty(), qPrintable(diff.value().join(QLatin1Char('\n'))));
}

void TestProjection::shuffledArrivalGivesTheSameProjections_data()
{
    QTest::addColumn<quint32>("seedA");
    QTest::addColumn<quint32>("seedB");
    QTest::newRow("two shuffles") << quint32(1) << quint32(2);
    QTest::newRow("reversed and shuffled") << quint32(0) << quint32(99);
}

void TestProjection::shuffledArrivalGivesTheSameProjections()
{
    QFETCH(quint32, seedA);
    QFETCH(quint32, seedB);

    const QList<JournalRow> rows = journalRows(m_lab->database().connection());
    auto arrival = [&rows](quint32 seed) {
        QList<JournalRow> r = rows;
        if (seed == 0) {
            std::reverse(r.begin(), r.end());
        } else {
            QRandomGenerator rng(seed);
            std::shuffle(r.begin(), r.end(), rng);
        }
        return r;
    };
    const QList<JournalRow> orderA = arrival(seedA);
    const QList<JournalRow> orderB = arrival(seedB);
    QVERIFY(orderA.first().values != orderB.first().values || orderA.last().values != orderB.last().values);

    const QString tag =
        QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_'));
    Result<std::unique_ptr<Database>> a = Database::open(m_copies.filePath(tag + QStringLiteral("-a.db")));
    Result<std::unique_ptr<Database>> b = Database::open(m_copies.filePath(tag + QStringLiteral("-b.db")));
    QVERIFY2(a.ok() && b.ok(), qPrintable(a.error() + b.error()));
    QVERIFY(receiveInOrder(*a.value(), orderA).ok());
    QVERIFY(receiveInOrder(*b.value(), orderB).ok());

    for (Database *db : {a.value().get(), b.value().get()}) {
        const Status rebuilt = Projector(db->connection()).rebuild();
        QVERIFY2(rebuilt.ok(), qPrintable(rebuilt.error()));
    }
    for (const QString &table : Projector::tables()) {
        const QStringList rowsA = testlab::tableRows(a.value()->connection(), table);
        const QStringList rowsB = testlab::tableRows(b.value()->connection(), table);
        // The demo seeder writes no HL7 or analyzer traffic; tst_hl7intake, tst_hl7outbox and
        // tst_analyzerintake rebuild theirs.
        const bool interfaces =
            table.startsWith(QLatin1String("hl7_")) || table == QLatin1String("external_orders") ||
            AnalyzerProjection::tables().contains(table) || table == QLatin1String("qc_patterns") ||
            table == QLatin1String("autoverify_rules");
        QVERIFY2(rowsA.isEmpty() == interfaces, qPrintable(table));
        QVERIFY2(rowsA == rowsB, qPrintable(table + QStringLiteral(": the two arrival orders differ")));
        QVERIFY2(rowsA == m_original.value(table),
                 qPrintable(table + QStringLiteral(": the rebuilt table differs from the live one")));
    }
    // The history is order-sensitive: projecting the events naively in arrival order (instead of
    // replay order) gives different tables, so the equality above is not a foregone conclusion.
    {
        Result<std::unique_ptr<Database>> naive =
            Database::open(m_copies.filePath(tag + QStringLiteral("-n.db")));
        QVERIFY(naive.ok());
        QSqlDatabase conn = naive.value()->connection();
        QVERIFY(conn.transaction());
        Projector projector(conn);
        for (const JournalRow &r : orderA) {
            Event e;
            e.id = r.values.at(0).toString();
            e.stationId = r.values.at(1).toString();
            e.stationSeq = r.values.at(2).toLongLong();
            e.hlc = r.values.at(3).toLongLong();
            e.actor = r.values.at(4).toString();
            e.kind = r.values.at(5).toString();
            e.subject = r.values.at(6).toString();
            e.payload = r.values.at(7).toString();
            QVERIFY(projector.apply(e).ok());
        }
        QVERIFY(conn.commit());
        int differing = 0;
        for (const QString &table : Projector::tables())
            differing += testlab::tableRows(conn, table) != m_original.value(table) ? 1 : 0;
        QVERIFY(differing > 0);
    }

    // The hash chains do not depend on arrival order either.
    for (Database *db : {a.value().get(), b.value().get()}) {
        const Result<ChainVerifier::Report> report = ChainVerifier(db->connection()).verify();
        QVERIFY(report.ok());
        QVERIFY2(report.value().intact(),
                 report.value().finding ? qPrintable(report.value().finding->message) : "");
        QCOMPARE(report.value().entries, qint64(rows.size()));
    }
}

void TestProjection::rebuildIsIdempotent()
{
    const Status rebuilt = m_lab->store().projector().rebuild();
    QVERIFY2(rebuilt.ok(), qPrintable(rebuilt.error()));
    for (const QString &table : Projector::tables())
        QVERIFY2(testlab::tableRows(m_lab->database().connection(), table) == m_original.value(table),
                 qPrintable(table));
}

void TestProjection::unknownEventKindsAreKeptButNotProjected()
{
    // An event from a newer version: journaled, chained, and ignored by this projector.
    TestDatabase db(QStringLiteral("UNK"));
    std::unique_ptr<Lab> lab = db.open();
    QVERIFY(testlab::importDemoCatalog(*lab).ok());
    const QStringList before = testlab::tableRows(lab->database().connection(), QStringLiteral("specimens"));
    Result<Event> e = lab->store().writeOne(
        QStringLiteral("admin"), {QStringLiteral("result.verified"), QStringLiteral("UNK26000001X"),
                                  QJsonObject{{QStringLiteral("value"), 5.5}}});
    QVERIFY(e.ok());
    QCOMPARE(testlab::tableRows(lab->database().connection(), QStringLiteral("specimens")), before);
    const Result<QStringList> diff = RebuildCheck::differences(lab->database());
    QVERIFY(diff.ok());
    QVERIFY(diff.value().isEmpty());
}

void TestProjection::corruptedProjectionIsReported_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("table");

    QTest::newRow("specimen moved") << "UPDATE specimens SET location = 'Nowhere' WHERE accession = (SELECT "
                                       "min(accession) FROM specimens)"
                                    << "specimens";
    QTest::newRow("status changed")
        << "UPDATE specimens SET status = 'accessioned' WHERE accession = (SELECT "
           "min(accession) FROM specimens WHERE status = 'stored')"
        << "specimens";
    QTest::newRow("order cancelled")
        << "UPDATE test_orders SET status = 'cancelled' WHERE order_id = (SELECT "
           "min(order_id) FROM test_orders WHERE status = 'ordered')"
        << "test_orders";
    QTest::newRow("counter wound back") << "UPDATE accession_counters SET last_seq = last_seq - 1"
                                        << "accession_counters";
    QTest::newRow("user role raised") << "UPDATE users SET role = 'administrator' WHERE name = 'p.nair'"
                                      << "users";
}

void TestProjection::corruptedProjectionIsReported()
{
    QFETCH(QString, sql);
    QFETCH(QString, table);

    // A copy of the station, so the fixture stays intact for the other tests.
    const QString path =
        m_copies.filePath(QStringLiteral("corrupt-%1.db").arg(QString::fromLatin1(QTest::currentDataTag())));
    {
        QSqlQuery vacuum(m_lab->database().connection());
        QVERIFY2(vacuum.exec(QStringLiteral("VACUUM INTO '%1'").arg(path)),
                 qPrintable(vacuum.lastError().text()));
    }
    Result<std::unique_ptr<Lab>> copy = Lab::open(path);
    QVERIFY2(copy.ok(), qPrintable(copy.error()));
    Database &db = copy.value()->database();
    {
        const Result<QStringList> clean = RebuildCheck::differences(db);
        QVERIFY(clean.ok());
        QVERIFY(clean.value().isEmpty());
    }
    QSqlQuery corrupt(db.connection());
    QVERIFY2(corrupt.exec(sql), qPrintable(corrupt.lastError().text()));
    QVERIFY(corrupt.numRowsAffected() > 0);

    const Result<QStringList> diff = RebuildCheck::differences(db);
    QVERIFY2(diff.ok(), qPrintable(diff.error()));
    QVERIFY(!diff.value().isEmpty());
    for (const QString &d : diff.value())
        QVERIFY2(d.startsWith(table + QLatin1Char(':')), qPrintable(d));

    // Rebuilding from the journal repairs it.
    QVERIFY(copy.value()->store().projector().rebuild().ok());
    const Result<QStringList> after = RebuildCheck::differences(db);
    QVERIFY(after.ok());
    QVERIFY2(after.value().isEmpty(), qPrintable(after.value().join(QLatin1Char('\n'))));
    QCOMPARE(testlab::tableRows(db.connection(), table), m_original.value(table));
}

QTEST_GUILESS_MAIN(TestProjection)
#include "tst_projection.moc"
