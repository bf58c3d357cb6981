// WorklistQuery (display order, filters, keyset pages, query plan) and WorklistModel (incremental
// fetching, live updates with row identity), on a station database.
#include "labhelpers.h"
#include "result/resultservice.h"
#include "testdatabase.h"
#include "worklist/worklistmodel.h"
#include "worklist/worklistquery.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace benchside;

namespace {
const QString Tech = QStringLiteral("p.nair");

WorklistFilter chemistry()
{
    WorklistFilter f;
    f.bench = QStringLiteral("CHEM");
    return f;
}
} // namespace

class TestWorklist : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void statFirstThenOldestReceived();
    void onlyReceivedOpenWorkIsListed();
    void filters();
    void keysetPagesCoverEveryRowOnce();
    void pagesAreReadWithAnIndex();
    void modelFetchesIncrementally();
    void modelInsertsANewlyReceivedTube();
    void modelUpdatesAndRemovesRowsAsResultsArrive();
    void refreshKeepsRowIdentity();
    void revealAccessionLoadsItsRows();

private:
    QString receive(const QString &priority, const QStringList &tests = {QStringLiteral("NA")});
    QString accessionOnly(const QString &priority, const QStringList &tests = {QStringLiteral("NA")});
    QList<WorklistRow> page(const WorklistFilter &f, int limit = 1000);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<ResultRepository> m_repo;
    std::unique_ptr<ResultService> m_results;
};

void TestWorklist::init()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab).ok());
    m_repo = std::make_unique<ResultRepository>(m_lab->database().connection());
    m_results = std::make_unique<ResultService>(m_lab->store(), *m_repo, m_lab->catalog());
}

void TestWorklist::cleanup()
{
    m_results.reset();
    m_repo.reset();
    m_lab.reset();
    m_db.reset();
}

QString TestWorklist::accessionOnly(const QString &priority, const QStringList &tests)
{
    AccessionRequest r = testlab::serumRequest(tests);
    r.priority = priority;
    Result<Specimen> s = m_lab->accessioner().accession(r, Tech);
    if (!s)
        qFatal("accession failed: %s", qPrintable(s.error()));
    return s.value().accession;
}

QString TestWorklist::receive(const QString &priority, const QStringList &tests)
{
    const QString a = accessionOnly(priority, tests);
    if (m_lab->scanner().process(a, ScanProcessor::Action::Receive, Tech).type != ScanOutcome::Type::Received)
        qFatal("receipt failed");
    return a;
}

QList<WorklistRow> TestWorklist::page(const WorklistFilter &f, int limit)
{
    Result<QList<WorklistRow>> r = WorklistQuery(m_lab->database().connection()).page(f, std::nullopt, limit);
    if (!r)
        qFatal("worklist failed: %s", qPrintable(r.error()));
    return r.value();
}

void TestWorklist::statFirstThenOldestReceived()
{
    const QString routine1 = receive(QStringLiteral("routine"));
    const QString stat1 = receive(QStringLiteral("stat"));
    const QString asap = receive(QStringLiteral("asap"));
    const QString routine2 = receive(QStringLiteral("routine"));
    const QString stat2 = receive(QStringLiteral("stat"));
    QStringList order;
    for (const WorklistRow &r : page(chemistry()))
        order << r.accession;
    QCOMPARE(order, (QStringList{stat1, stat2, asap, routine1, routine2}));
    const WorklistRow first = page(chemistry()).first();
    QCOMPARE(first.status, QStringLiteral("pending"));
    QCOMPARE(first.dueAtMs - first.receivedAtMs, qint64(60) * 60'000); // NA: 60 minutes
    QCOMPARE(first.patientName, QStringLiteral("Doe, Jane"));
}

void TestWorklist::onlyReceivedOpenWorkIsListed()
{
    const QString waiting = accessionOnly(QStringLiteral("stat"));
    const QString received = receive(QStringLiteral("routine"), {QStringLiteral("NA"), QStringLiteral("K")});
    const QString done = receive(QStringLiteral("routine"));
    QVERIFY(m_results->enter(done + QStringLiteral("-NA"), QStringLiteral("140"), {}, Tech).ok());
    QVERIFY(m_results->verify(done + QStringLiteral("-NA"), QStringLiteral("a.okafor")).ok());
    const QString entered = receive(QStringLiteral("routine"));
    QVERIFY(m_results->enter(entered + QStringLiteral("-NA"), QStringLiteral("140"), {}, Tech).ok());

    QStringList open;
    for (const WorklistRow &r : page(chemistry()))
        open << r.orderId;
    QCOMPARE(open, (QStringList{received + QStringLiteral("-K"), received + QStringLiteral("-NA"),
                                entered + QStringLiteral("-NA")}));
    QVERIFY(!open.join(QLatin1Char(' ')).contains(waiting));
    WorklistFilter hem;
    hem.bench = QStringLiteral("HEME");
    QVERIFY(page(hem).isEmpty());
}

void TestWorklist::filters()
{
    const QString stat = receive(QStringLiteral("stat"), {QStringLiteral("NA"), QStringLiteral("GLU")});
    const QString routine = receive(QStringLiteral("routine"), {QStringLiteral("NA")});
    QVERIFY(m_results->enter(routine + QStringLiteral("-NA"), QStringLiteral("150"), {}, Tech).ok());

    WorklistFilter f = chemistry();
    f.priority = QStringLiteral("stat");
    QCOMPARE(page(f).size(), 2);
    f = chemistry();
    f.testCode = QStringLiteral("GLU");
    QCOMPARE(page(f).size(), 1);
    QCOMPARE(page(f).first().orderId, stat + QStringLiteral("-GLU"));
    f = chemistry();
    f.status = QStringLiteral("entered");
    QCOMPARE(page(f).size(), 1);
    QCOMPARE(page(f).first().flag, QStringLiteral("H"));
    f.status = QStringLiteral("pending");
    QCOMPARE(page(f).size(), 2);
    f = chemistry();
    f.receivedFromMs = QDateTime::currentMSecsSinceEpoch() + 60'000;
    QVERIFY(page(f).isEmpty());
    f.receivedFromMs = 0;
    f.receivedToMs = QDateTime::currentMSecsSinceEpoch() + 60'000;
    QCOMPARE(page(f).size(), 3);

    f = chemistry();
    f.status = QStringLiteral("finished");
    QVERIFY(!WorklistQuery::validate(f).ok());
    QVERIFY(!WorklistQuery(m_lab->database().connection()).page(f, std::nullopt, 10).ok());
}

void TestWorklist::keysetPagesCoverEveryRowOnce()
{
    for (int i = 0; i < 9; ++i)
        receive(i % 3 == 0 ? QStringLiteral("stat") : QStringLiteral("routine"),
                {QStringLiteral("NA"), QStringLiteral("K")});
    const QList<WorklistRow> all = page(chemistry());
    QCOMPARE(all.size(), 18);
    WorklistQuery q(m_lab->database().connection());
    QList<WorklistRow> paged;
    std::optional<WorklistKey> after;
    int pages = 0;
    for (;;) {
        Result<QList<WorklistRow>> p = q.page(chemistry(), after, 4);
        QVERIFY(p.ok());
        QVERIFY(p.value().size() <= 4);
        if (p.value().isEmpty())
            break;
        ++pages;
        paged += p.value();
        after = p.value().last().key();
    }
    QCOMPARE(pages, 5);
    QCOMPARE(paged, all);
}

void TestWorklist::pagesAreReadWithAnIndex()
{
    for (const QString &status : {QString(), QStringLiteral("pending"), QStringLiteral("verified")}) {
        WorklistFilter f = chemistry();
        f.status = status;
        for (bool withKey : {false, true}) {
            QSqlQuery q(m_lab->database().connection());
            QVERIFY(q.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + WorklistQuery::pageSql(f, withKey)));
            q.addBindValue(f.bench);
            if (!status.isEmpty())
                q.addBindValue(status == QLatin1String("pending") ? QStringLiteral("ordered") : status);
            if (withKey) {
                q.addBindValue(0);
                q.addBindValue(0);
                q.addBindValue(QString());
            }
            q.addBindValue(50);
            QVERIFY(q.exec());
            QStringList plan;
            while (q.next())
                plan << q.value(3).toString();
            const QString text = plan.join(QLatin1String(" | "));
            // Driven by a test_orders index, in its order: no scan of the table, no sort of all rows.
            QVERIFY2(plan.first().contains(QLatin1String("USING INDEX test_orders_")), qPrintable(text));
            QVERIFY2(!text.contains(QLatin1String("TEMP B-TREE")), qPrintable(text));
            QVERIFY2(!text.contains(QLatin1String("SCAN o")) || text.contains(QLatin1String("SCAN o USING")),
                     qPrintable(text));
        }
    }
}

void TestWorklist::modelFetchesIncrementally()
{
    for (int i = 0; i < 7; ++i)
        receive(QStringLiteral("routine"), {QStringLiteral("NA"), QStringLiteral("K")});
    WorklistModel model(m_lab->database().connection());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(5);
    QVERIFY(model.setFilter(chemistry()).ok());
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(model.canFetchMore());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore();
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(inserted.count(), 1);
    model.fetchMore();
    QCOMPARE(model.rowCount(), 14);
    QVERIFY(!model.canFetchMore());
    QCOMPARE(model.data(model.index(0, WorklistModel::Priority)).toString(), QStringLiteral("ROUTINE"));
    QVERIFY(!model.data(model.index(0, 0), WorklistModel::OrderIdRole).toString().isEmpty());
    QCOMPARE(model.rowOf(model.rowAt(7).orderId), 7);
    QCOMPARE(model.rowOf(QStringLiteral("nope")), -1);
}

void TestWorklist::modelInsertsANewlyReceivedTube()
{
    receive(QStringLiteral("routine"));
    receive(QStringLiteral("routine"));
    WorklistModel model(m_lab->database().connection());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setFilter(chemistry()).ok());
    QCOMPARE(model.rowCount(), 2);
    const QString firstOrder = model.rowAt(0).orderId;

    const QString stat = accessionOnly(QStringLiteral("stat"));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const ScanOutcome o = m_lab->scanner().process(stat, ScanProcessor::Action::Receive, Tech);
    QCOMPARE(o.type, ScanOutcome::Type::Received);
    // The committed receipt, as the journal holds it (the fields the model reads).
    Event receipt;
    receipt.kind = QStringLiteral("custody.received");
    receipt.subject = stat;
    const QList<Event> events{receipt};
    QVERIFY(model.applyEvents(events).ok());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0); // STAT goes to the top
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.rowAt(0).accession, stat);
    QCOMPARE(model.rowOf(firstOrder), 1); // the other rows keep their identity
}

void TestWorklist::modelUpdatesAndRemovesRowsAsResultsArrive()
{
    const QString a = receive(QStringLiteral("routine"), {QStringLiteral("NA"), QStringLiteral("K")});
    receive(QStringLiteral("routine"));
    WorklistModel model(m_lab->database().connection());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setFilter(chemistry()).ok());
    QCOMPARE(model.rowCount(), 3);
    const int naRow = model.rowOf(a + QStringLiteral("-NA"));
    QVERIFY(naRow >= 0);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    Result<ResultService::Recorded> r =
        m_results->enter(a + QStringLiteral("-NA"), QStringLiteral("150"), {}, Tech);
    QVERIFY(r.ok());
    QVERIFY(model.applyEvents({r.value().event}).ok());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), naRow);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(model.data(model.index(naRow, 0), WorklistModel::StatusRole).toString(),
             QStringLiteral("entered"));
    QCOMPARE(model.data(model.index(naRow, WorklistModel::Flag)).toString(), QStringLiteral("H"));

    // Released: no longer open work.
    Result<Event> v = m_results->verify(a + QStringLiteral("-NA"), QStringLiteral("a.okafor"));
    QVERIFY(v.ok());
    QVERIFY(model.applyEvents({v.value()}).ok());
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(a + QStringLiteral("-NA")), -1);
    QVERIFY(model.rowOf(a + QStringLiteral("-K")) >= 0);
}

void TestWorklist::refreshKeepsRowIdentity()
{
    const QString a = receive(QStringLiteral("routine"));
    const QString b = receive(QStringLiteral("routine"));
    WorklistModel model(m_lab->database().connection());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setFilter(chemistry()).ok());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // Changes made elsewhere (another process, a sync pull): a refresh finds them.
    const QString stat = receive(QStringLiteral("stat"));
    QVERIFY(m_results->enter(b + QStringLiteral("-NA"), QStringLiteral("140"), {}, Tech).ok());
    QVERIFY(model.refresh().ok());
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.rowAt(0).accession, stat);
    QCOMPARE(model.rowOf(a + QStringLiteral("-NA")), 1);
    QCOMPARE(model.rowAt(2).status, QStringLiteral("entered"));
    QVERIFY(model.refresh().ok()); // nothing changed: no signal
    QCOMPARE(inserted.count() + removed.count() + changed.count(), 2);
}

void TestWorklist::revealAccessionLoadsItsRows()
{
    QString last;
    for (int i = 0; i < 12; ++i)
        last = receive(QStringLiteral("routine"));
    WorklistModel model(m_lab->database().connection());
    model.setPageSize(3);
    QVERIFY(model.setFilter(chemistry()).ok());
    QCOMPARE(model.rowCount(), 3);
    const QList<int> rows = model.revealAccession(last);
    QCOMPARE(rows, QList<int>{11});
    QCOMPARE(model.rowAt(11).accession, last);
    QVERIFY(model.revealAccession(QStringLiteral("UNKNOWN")).isEmpty());
}

QTEST_GUILESS_MAIN(TestWorklist)
#include "tst_worklist.moc"
