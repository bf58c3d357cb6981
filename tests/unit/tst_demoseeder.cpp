// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessionnumber.h"
#include "analyzer/analyzerprojection.h"
#include "custody/custodyrules.h"
#include "demo/demoseeder.h"
#include "journal/chainverifier.h"
#include "labhelpers.h"
#include "projection/rebuildcheck.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>
#include <algorithm>

using namespace benchside;

namespace {
constexpr qint64 Specimens = 400;

// Columns that hold wall-clock readings, and the salted password and PIN hashes: two seedings a
// second apart differ there and nowhere else.
const QStringList TimeColumns{
    QStringLiteral("password_hash"), QStringLiteral("pin_hash"), QStringLiteral("password_hlc"),
    QStringLiteral("pin_hlc"), QStringLiteral("badge_hlc"), QStringLiteral("collected_at"),
    QStringLiteral("accessioned_at"), QStringLiteral("received_at"), QStringLiteral("last_event_at"),
    QStringLiteral("ordered_at"), QStringLiteral("at"), QStringLiteral("hlc"), QStringLiteral("event_id"),
    QStringLiteral("last_event"), QStringLiteral("entered_at"), QStringLiteral("verified_at"),
    QStringLiteral("released_at"), QStringLiteral("notified_at"),
    // QC (qc_* tables): measurement, definition and lockout times.
    QStringLiteral("measured_at"), QStringLiteral("defined_at"), QStringLiteral("targets_set_at"),
    QStringLiteral("configured_at"), QStringLiteral("rejected_at"), QStringLiteral("lookback_from"),
    QStringLiteral("corrective_at"), QStringLiteral("override_at"), QStringLiteral("resolved_at"),
    QStringLiteral("reviewed_at"), QStringLiteral("last_run_at"), QStringLiteral("last_good_at"),
    QStringLiteral("first_run_at")};

QStringList column(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        qFatal("query failed: %s", qPrintable(sql));
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}
} // namespace

class TestDemoSeeder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void seedsTheCatalogue();
    void benchesAreTheSixOfALaboratory();
    void testsAreComplete();
    void usersHaveRoles();
    void storageLocationsExist();
    void createsTheSpecimensAskedFor();
    void someSpecimensHavePatientsWithoutBirthDateOrSex();
    void historiesFollowTheCustodyRules();
    void seededDatabaseIsIntact();
    void seedsQualityControlHistory();
    void sameSeedGivesTheSameLaboratory();
    void otherSeedGivesAnotherLaboratory();
    void refusesADatabaseWithRealSpecimens();
    void cliRefusesADatabaseWithRealSpecimens();
    void negativeCountIsRefused();
    void nothingIsStampedInTheFuture();

private:
    struct Seeded
    {
        std::unique_ptr<TestDatabase> db;
        std::unique_ptr<Lab> lab;
        DemoSeeder::Summary summary;
        QSqlDatabase conn() const { return lab->database().connection(); }
    };
    static void seed(Seeded &s, quint32 seed);

    Seeded m_a, m_b, m_other;
};

void TestDemoSeeder::seed(Seeded &s, quint32 seed)
{
    s.db = std::make_unique<TestDatabase>(QStringLiteral("DEMO"));
    s.lab = s.db->open();
    DemoSeeder seeder(s.lab->database(), seed);
    Result<DemoSeeder::Summary> r = seeder.seed(Specimens);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    s.summary = r.value();
}

void TestDemoSeeder::initTestCase()
{
    seed(m_a, 42);
    seed(m_b, 42);
    seed(m_other, 43);
}

void TestDemoSeeder::cleanupTestCase()
{
    for (Seeded *s : {&m_a, &m_b, &m_other}) {
        s->lab.reset();
        s->db.reset();
    }
}

void TestDemoSeeder::seedsTheCatalogue()
{
    Result<Station> station = Station::load(m_a.conn());
    QVERIFY(station.ok());
    QVERIFY2(station.value().isDemo, "a seeded database must be marked as a demo");
    for (const char *kind :
         {"catalog.bench.defined", "catalog.test.defined", "catalog.user.defined", "catalog.location.defined",
          "catalog.specimen_type.defined", "catalog.container.defined"}) {
        QVERIFY2(testlab::scalar(m_a.conn(), QStringLiteral("SELECT count(*) FROM journal WHERE kind = '%1'")
                                                 .arg(QLatin1String(kind))) > 0,
                 kind);
    }
}

void TestDemoSeeder::benchesAreTheSixOfALaboratory()
{
    const Result<QList<CodeName>> benches = m_a.lab->catalog().benches();
    QVERIFY(benches.ok());
    QVERIFY(benches.value().size() >= 6);
    QStringList names;
    for (const CodeName &b : benches.value())
        names << b.name;
    for (const char *name :
         {"Chemistry", "Hematology", "Coagulation", "Urinalysis", "Microbiology", "Blood Bank"})
        QVERIFY2(names.contains(QLatin1String(name)), name);
}

void TestDemoSeeder::testsAreComplete()
{
    const Result<QList<TestDefinition>> tests = m_a.lab->catalog().tests();
    QVERIFY(tests.ok());
    QVERIFY2(tests.value().size() >= 35 && tests.value().size() <= 60,
             qPrintable(QString::number(tests.value().size())));

    auto codes = [](const Result<QList<CodeName>> &list) {
        QSet<QString> out;
        for (const CodeName &cn : list.value())
            out.insert(cn.code);
        return out;
    };
    const QSet<QString> benches = codes(m_a.lab->catalog().benches());
    const QSet<QString> types = codes(m_a.lab->catalog().specimenTypes());
    const QSet<QString> containers = codes(m_a.lab->catalog().containers());
    QVERIFY(!benches.isEmpty() && !types.isEmpty() && !containers.isEmpty());

    QSet<QString> usedBenches;
    for (const TestDefinition &t : tests.value()) {
        QVERIFY2(!t.name.isEmpty(), qPrintable(t.code));
        QVERIFY2(benches.contains(t.bench), qPrintable(t.code));
        QVERIFY2(types.contains(t.specimenType), qPrintable(t.code));
        QVERIFY2(containers.contains(t.container), qPrintable(t.code));
        QVERIFY2(t.tatMinutes > 0, qPrintable(t.code));
        usedBenches.insert(t.bench);
        if (t.resultType == QLatin1String("numeric")) {
            const QJsonObject definition =
                QJsonDocument::fromJson(
                    column(m_a.conn(), QStringLiteral("SELECT definition FROM tests WHERE "
                                                      "code = '%1'")
                                           .arg(t.code))
                        .value(0)
                        .toUtf8())
                    .object();
            const QJsonArray ranges = definition.value(QLatin1String("reference_ranges")).toArray();
            QVERIFY2(!ranges.isEmpty(), qPrintable(t.code));
            for (const QJsonValue &r : ranges)
                QVERIFY2(r.toObject().value(QLatin1String("low")).toDouble() <
                             r.toObject().value(QLatin1String("high")).toDouble(),
                         qPrintable(t.code));
        }
    }
    QCOMPARE(usedBenches, benches); // every bench has work
}

void TestDemoSeeder::usersHaveRoles()
{
    const Result<QList<User>> users = m_a.lab->catalog().users();
    QVERIFY(users.ok());
    QVERIFY(users.value().size() >= 4);
    QSet<QString> roles;
    for (const User &u : users.value()) {
        QVERIFY2(!u.displayName.isEmpty(), qPrintable(u.name));
        roles.insert(u.role);
    }
    QCOMPARE(roles, (QSet<QString>{QStringLiteral("administrator"), QStringLiteral("supervisor"),
                                   QStringLiteral("technician")}));
    QVERIFY(m_a.lab->catalog().user(m_a.lab->station().defaultActor));
    // Custody steps are recorded by the demo's staff, who are all users of the catalogue, and never by
    // the administrator account.
    QCOMPARE(
        testlab::scalar(m_a.conn(), QStringLiteral("SELECT count(*) FROM journal WHERE kind LIKE 'custody.%' "
                                                   "AND actor NOT IN (SELECT name FROM users WHERE role <> "
                                                   "'administrator')")),
        qint64(0));
    QVERIFY(testlab::scalar(m_a.conn(),
                            QStringLiteral("SELECT count(DISTINCT actor) FROM journal WHERE kind LIKE "
                                           "'custody.%'")) > 3);
}

void TestDemoSeeder::storageLocationsExist()
{
    const Result<QList<Location>> locations = m_a.lab->catalog().locations();
    QVERIFY(locations.ok());
    QHash<QString, int> kinds;
    for (const Location &l : locations.value())
        ++kinds[l.kind];
    QVERIFY(kinds.value(QStringLiteral("freezer")) + kinds.value(QStringLiteral("refrigerator")) >= 2);
    QVERIFY(kinds.value(QStringLiteral("receiving")) >= 1);
    QVERIFY(kinds.value(QStringLiteral("bench")) >= 6);
    // Stored specimens sit in a storage location of the catalogue, down to the rack position.
    const QStringList stored =
        column(m_a.conn(), QStringLiteral("SELECT location FROM specimens WHERE status = 'stored'"));
    QVERIFY(!stored.isEmpty());
    QStringList storage;
    for (const Location &l : locations.value()) {
        if (l.kind == QLatin1String("freezer") || l.kind == QLatin1String("refrigerator"))
            storage << l.path;
    }
    for (const QString &where : stored) {
        const bool known = std::any_of(storage.cbegin(), storage.cend(), [&](const QString &p) {
            return where.startsWith(p + QStringLiteral(" / "));
        });
        QVERIFY2(known, qPrintable(where));
    }
}

void TestDemoSeeder::createsTheSpecimensAskedFor()
{
    QCOMPARE(m_a.summary.specimens, Specimens);
    QCOMPARE(testlab::scalar(m_a.conn(), QStringLiteral("SELECT count(*) FROM specimens WHERE parent = ''")),
             Specimens);
    QCOMPARE(m_a.summary.events, testlab::journalCount(*m_a.lab));
    QCOMPARE(m_a.summary.pendingReceipt, Specimens / 20);
    // The newest tubes are still on their way (and a few more whose receipt is not due yet).
    const qint64 waiting = testlab::scalar(
        m_a.conn(), QStringLiteral("SELECT count(*) FROM specimens WHERE status = 'accessioned'"));
    QVERIFY(waiting >= m_a.summary.pendingReceipt);
    QVERIFY(waiting < Specimens / 4);

    // A realistic mix: most received and worked on, some rejected, aliquoted, stored.
    QHash<QString, qint64> byStatus;
    QSqlQuery q(m_a.conn());
    QVERIFY(q.exec(QStringLiteral("SELECT status, count(*) FROM specimens GROUP BY status")));
    while (q.next())
        byStatus.insert(q.value(0).toString(), q.value(1).toLongLong());
    for (const char *status : {"received", "at_bench", "stored", "rejected"})
        QVERIFY2(byStatus.value(QLatin1String(status)) > 0, status);
    QVERIFY(testlab::scalar(m_a.conn(), QStringLiteral("SELECT count(*) FROM specimens WHERE parent <> ''")) >
            0);
    QVERIFY(testlab::scalar(m_a.conn(), QStringLiteral("SELECT count(*) FROM patients")) > Specimens / 10);
    QVERIFY(testlab::scalar(m_a.conn(), QStringLiteral("SELECT count(DISTINCT priority) FROM specimens")) ==
            3);
    for (const QString &n : column(m_a.conn(), QStringLiteral("SELECT accession FROM specimens")))
        QVERIFY2(AccessionNumber::validate(n) == AccessionNumber::Problem::None, qPrintable(n));
}

void TestDemoSeeder::someSpecimensHavePatientsWithoutBirthDateOrSex()
{
    // Four patients whose birth date, sex or both are not known, one specimen each with a numeric
    // first test, so that results judged without the patient's own reference range can be seen.
    const QSqlDatabase db = m_a.conn();
    QCOMPARE(testlab::scalar(
                 db, QStringLiteral("SELECT count(*) FROM patients WHERE birth_date = '' AND sex <> ''")),
             qint64(2));
    QCOMPARE(testlab::scalar(
                 db, QStringLiteral("SELECT count(*) FROM patients WHERE birth_date <> '' AND sex = ''")),
             qint64(1));
    QCOMPARE(testlab::scalar(
                 db, QStringLiteral("SELECT count(*) FROM patients WHERE birth_date = '' AND sex = ''")),
             qint64(1));
    const QString unknown = QStringLiteral("SELECT s.accession FROM specimens s JOIN patients p ON p.mrn = "
                                           "s.patient_mrn WHERE p.birth_date = '' OR p.sex = '' ORDER BY 1");
    QCOMPARE(column(db, unknown).size(), 4);
    QCOMPARE(column(m_b.conn(), unknown), column(db, unknown)); // the same seed picks the same tubes
    QVERIFY(
        testlab::scalar(db, QStringLiteral("SELECT count(*) FROM results r JOIN specimens s ON s.accession "
                                           "= r.accession JOIN patients p ON p.mrn = s.patient_mrn WHERE "
                                           "(p.birth_date = '' OR p.sex = '') AND r.numeric_value IS NOT "
                                           "NULL")) > 0);
}

void TestDemoSeeder::historiesFollowTheCustodyRules()
{
    // Replays every custody step of the demo through the same rules a technician meets: the demo must
    // never show a history the application would refuse to record.
    QHash<QString, Specimen> state;
    QSqlQuery q(m_a.conn());
    q.setForwardOnly(true);
    QVERIFY(q.exec(
        QStringLiteral("SELECT kind, subject, payload, hlc FROM journal WHERE kind LIKE 'custody.%' OR "
                       "kind = 'specimen.accessioned' ORDER BY hlc, station_id, station_seq")));
    int steps = 0;
    while (q.next()) {
        const QString kind = q.value(0).toString();
        const QString subject = q.value(1).toString();
        const QJsonObject p = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
        const qint64 at = q.value(3).toLongLong() >> 16;
        if (kind == QLatin1String("specimen.accessioned")) {
            QVERIFY2(!state.contains(subject), qPrintable(subject));
            Specimen s;
            s.accession = subject;
            s.status = QStringLiteral("accessioned");
            state.insert(subject, s);
            continue;
        }
        QVERIFY2(state.contains(subject), qPrintable(subject));
        const std::optional<CustodyKind> k = CustodyKinds::parse(kind);
        QVERIFY2(k, qPrintable(kind));
        const CustodyRules::Step step{*k,
                                      p.value(QLatin1String("location")).toString(),
                                      p.value(QLatin1String("reason_code")).toString(),
                                      p.value(QLatin1String("reason")).toString(),
                                      int(p.value(QLatin1String("children")).toArray().size()),
                                      p.value(QLatin1String("status")).toString()};
        Specimen &s = state[subject];
        const CustodyRules::Check check = CustodyRules::check(s, step);
        QVERIFY2(check.allowed(),
                 qPrintable(subject + QStringLiteral(" ") + kind + QStringLiteral(": ") + check.message));
        const QString next = QString::fromLatin1(CustodyKinds::info(*k).status);
        if (!next.isEmpty())
            s.status = next;
        if (*k == CustodyKind::Received)
            s.receivedAtMs = at;
        for (const QJsonValue &c : p.value(QLatin1String("children")).toArray()) {
            Specimen child;
            child.accession = c.toObject().value(QLatin1String("accession")).toString();
            child.status = QStringLiteral("received");
            child.receivedAtMs = at;
            QVERIFY(!state.contains(child.accession));
            state.insert(child.accession, child);
        }
        ++steps;
    }
    QVERIFY(steps > Specimens);
    // The replayed statuses are the projected ones.
    for (auto it = state.cbegin(); it != state.cend(); ++it)
        QCOMPARE(m_a.lab->specimens().find(it.key(), false).value()->status, it.value().status);
}

void TestDemoSeeder::seededDatabaseIsIntact()
{
    const Result<ChainVerifier::Report> report = ChainVerifier(m_a.conn()).verify();
    QVERIFY(report.ok());
    QVERIFY(report.value().intact());
    QCOMPARE(report.value().entries, m_a.summary.events);
    const Result<QStringList> diff = RebuildCheck::differences(m_a.lab->database());
    QVERIFY(diff.ok());
    QVERIFY2(diff.value().isEmpty(), qPrintable(diff.value().join(QLatin1Char('\n'))));
}

void TestDemoSeeder::seedsQualityControlHistory()
{
    const QSqlDatabase db = m_a.conn();
    QVERIFY(m_a.summary.qcRuns > 500);
    // Two levels for each QC'd test, and a second glucose lot whose targets were established.
    QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(DISTINCT test_code) FROM qc_lots")), 7);
    QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM qc_lots WHERE test_code = 'GLU'")), 4);
    QCOMPARE(
        testlab::scalar(db, QStringLiteral("SELECT count(*) FROM qc_lots WHERE target_source = 'established' "
                                           "AND target_n = 20 AND sd > 0")),
        2);
    // A few months of runs.
    QVERIFY(
        testlab::scalar(db, QStringLiteral("SELECT max(measured_at) - min(measured_at) FROM qc_results")) >
        90LL * 86'400'000);
    // The planned violations are there, judged by the projector as the demo expected.
    for (const char *rule : {"1-3s", "2-2s", "4-1s", "10x"}) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT count(*) FROM qc_results WHERE ',' || violations || ',' LIKE ?"));
        q.addBindValue(QStringLiteral("%,%1,%").arg(QLatin1String(rule)));
        QVERIFY(q.exec() && q.next());
        QVERIFY2(q.value(0).toInt() > 0, rule);
    }
    // Every rejection was followed by a corrective action and an accepted run; one was overridden.
    QVERIFY(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM qc_lockouts")) >= 4);
    QCOMPARE(
        testlab::scalar(db, QStringLiteral("SELECT count(*) FROM qc_lockouts WHERE state <> 'resolved' OR "
                                           "corrective_action = ''")),
        0);
    QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM qc_lockouts l JOIN users u ON u.name = "
                                                "l.override_by WHERE u.role = 'supervisor'")),
             1);
    // No patient result was released while its test was locked out; the look-back was reviewed.
    QCOMPARE(testlab::scalar(
                 db, QStringLiteral("SELECT count(*) FROM qc_lockouts l JOIN results r ON "
                                    "r.test_code = l.test_code JOIN test_orders o ON o.order_id = "
                                    "r.order_id AND o.bench = l.bench WHERE l.override_by = '' AND "
                                    "r.released_at >= l.rejected_at AND r.released_at < l.resolved_at")),
             0);
    QVERIFY(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM qc_lookback_reviews")) > 0);
    QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM qc_test_state WHERE last_run_status = "
                                                "'rejected'")),
             0);
}

void TestDemoSeeder::sameSeedGivesTheSameLaboratory()
{
    QCOMPARE(m_b.summary.specimens, m_a.summary.specimens);
    QCOMPARE(m_b.summary.events, m_a.summary.events);
    QCOMPARE(m_b.summary.pendingReceipt, m_a.summary.pendingReceipt);
    const QString accessions = QStringLiteral("SELECT accession FROM specimens ORDER BY accession");
    QCOMPARE(column(m_b.conn(), accessions), column(m_a.conn(), accessions));
    const QString statuses =
        QStringLiteral("SELECT status || ':' || count(*) FROM specimens GROUP BY status ORDER "
                       "BY status");
    QCOMPARE(column(m_b.conn(), statuses), column(m_a.conn(), statuses));
    for (const QString &table : Projector::tables()) {
        const QStringList a = testlab::tableRows(m_a.conn(), table, TimeColumns);
        // One station never conflicts with itself: its results always name the base they changed.
        if (table == QLatin1String("review_flags")) {
            QVERIFY2(a.isEmpty(), qPrintable(a.join(QLatin1Char('\n'))));
            continue;
        }
        // The seeder writes no HL7 or analyzer traffic (DemoHl7 does, through the real intake, after it).
        if (table.startsWith(QLatin1String("hl7_")) || table == QLatin1String("external_orders") ||
            AnalyzerProjection::tables().contains(table) || table == QLatin1String("qc_patterns") ||
            table == QLatin1String("autoverify_rules")) {
            QVERIFY2(a.isEmpty(), qPrintable(table));
            continue;
        }
        QVERIFY2(!a.isEmpty(), qPrintable(table));
        QVERIFY2(testlab::tableRows(m_b.conn(), table, TimeColumns) == a, qPrintable(table));
    }
    // The journals tell the same story, step by step (ids, clock readings and hashes aside).
    const QString story =
        QStringLiteral("SELECT station_seq || ' ' || actor || ' ' || kind || ' ' || subject FROM "
                       "journal ORDER BY station_seq");
    QCOMPARE(column(m_b.conn(), story), column(m_a.conn(), story));
}

void TestDemoSeeder::otherSeedGivesAnotherLaboratory()
{
    QCOMPARE(m_other.summary.specimens, Specimens);
    QVERIFY(testlab::tableRows(m_other.conn(), QStringLiteral("specimens"), TimeColumns) !=
            testlab::tableRows(m_a.conn(), QStringLiteral("specimens"), TimeColumns));
    // Same catalogue, whatever the seed.
    QCOMPARE(testlab::tableRows(m_other.conn(), QStringLiteral("tests")),
             testlab::tableRows(m_a.conn(), QStringLiteral("tests")));
}

void TestDemoSeeder::refusesADatabaseWithRealSpecimens()
{
    TestDatabase db(QStringLiteral("REAL"));
    std::unique_ptr<Lab> lab = db.open();
    QVERIFY(testlab::importDemoCatalog(*lab).ok());
    QVERIFY(lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("p.nair")).ok());
    const QStringList journal = testlab::tableRows(lab->database().connection(), QStringLiteral("journal"));

    DemoSeeder seeder(lab->database(), 1);
    Result<DemoSeeder::Summary> r = seeder.seed(20);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QLatin1String("real specimens")), qPrintable(r.error()));
    QCOMPARE(testlab::tableRows(lab->database().connection(), QStringLiteral("journal")), journal);
    QVERIFY(!Station::load(lab->database().connection()).value().isDemo);
}

void TestDemoSeeder::cliRefusesADatabaseWithRealSpecimens()
{
    const QString cli = qEnvironmentVariable("BENCHSIDE_CLI");
    if (cli.isEmpty())
        QSKIP("BENCHSIDE_CLI is not set (run through ctest)");
    TestDatabase db(QStringLiteral("REAL"));
    {
        std::unique_ptr<Lab> lab = db.open();
        QVERIFY(testlab::importDemoCatalog(*lab).ok());
        QVERIFY(lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("p.nair")).ok());
    }
    QProcess p;
    p.start(cli, {QStringLiteral("--db"), db.path(), QStringLiteral("seed-demo"),
                  QStringLiteral("--specimens"), QStringLiteral("10")});
    QVERIFY2(p.waitForStarted(), qPrintable(cli + QStringLiteral(": ") + p.errorString()));
    QVERIFY(p.waitForFinished(30'000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 2);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(QLatin1String("real specimens")), qPrintable(err));
    QCOMPARE(err.count(QLatin1Char('\n')), 1); // one line saying what was wrong
    std::unique_ptr<Lab> lab = db.open();
    QCOMPARE(testlab::scalar(lab->database().connection(), QStringLiteral("SELECT count(*) FROM specimens")),
             qint64(1));
}

void TestDemoSeeder::negativeCountIsRefused()
{
    TestDatabase db(QStringLiteral("NEG"));
    std::unique_ptr<Lab> lab = db.open();
    DemoSeeder seeder(lab->database(), 1);
    QVERIFY(!seeder.seed(-1).ok());
    QCOMPARE(testlab::journalCount(*lab), qint64(0));
}

void TestDemoSeeder::nothingIsStampedInTheFuture()
{
    // The station's clock follows the newest event it holds: one seeded ahead of the present made
    // every later scan on the demo carry a future time. Few specimens (the GUI tests' 40, seed 11)
    // are where the random steps between accessions overran the span by hours.
    for (const quint32 rng : {11u, 42u, 7u}) {
        TestDatabase db(QStringLiteral("DEMO"));
        std::unique_ptr<Lab> lab = db.open();
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        Result<DemoSeeder::Summary> r = DemoSeeder(lab->database(), rng).seed(40);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        const qint64 newestMs = testlab::scalar(lab->database().connection(),
                                                QStringLiteral("SELECT max(hlc) >> 16 FROM journal"));
        QVERIFY2(newestMs <= QDateTime::currentMSecsSinceEpoch(),
                 qPrintable(QStringLiteral("seed %1: an event at %2, %3 min after the seeding began")
                                .arg(rng)
                                .arg(QDateTime::fromMSecsSinceEpoch(newestMs).toString(Qt::ISODate))
                                .arg((newestMs - before) / 60'000)));
    }
}

QTEST_GUILESS_MAIN(TestDemoSeeder)
#include "tst_demoseeder.moc"
