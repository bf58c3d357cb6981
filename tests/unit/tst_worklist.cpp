// SPDX-License-Identifier: GPL-3.0-or-later
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
#include <algorithm>
#include <tuple>

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
    void keysetPagesCoverEveryRowOnce_data();
    void keysetPagesCoverEveryRowOnce();
    void sortNames();
    void pagesAreReadWithAnIndex_data();
    void pagesAreReadWithAnIndex();
    void slowestOpenMergesBenchesAndPriorities();
    void modelFetchesIncrementally();
    void modelInsertsANewlyReceivedTube();
    void modelUpdatesAndRemovesRowsAsResultsArrive();
    void refreshKeepsRowIdentity();
    void revealAccessionLoadsItsRows();
    void revealReadsAFarRowInOneInsert();
    void revealJumpsToAWindowFarDown();
    void headerSortReordersThroughTheQuery();
    void newTubeTakesItsPlaceInAnotherOrder();
    void timesFromAnotherDaySayWhich();

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

void TestWorklist::keysetPagesCoverEveryRowOnce_data()
{
    QTest::addColumn<QString>("sort");
    QTest::addColumn<QString>("test");
    for (const QString &name : WorklistSort::names()) {
        QTest::addRow("%s", qPrintable(name)) << name << QString();
        QTest::addRow("-%s", qPrintable(name)) << QStringLiteral("-") + name << QString();
    }
    QTest::addRow("test, one test") << QStringLiteral("test") << QStringLiteral("NA");
    QTest::addRow("-test, one test") << QStringLiteral("-test") << QStringLiteral("NA");
}

void TestWorklist::keysetPagesCoverEveryRowOnce()
{
    QFETCH(QString, sort);
    QFETCH(QString, test);
    const QStringList priorities{QStringLiteral("stat"), QStringLiteral("routine"), QStringLiteral("asap")};
    const QList<QStringList> tests{{QStringLiteral("NA"), QStringLiteral("K")},
                                   {QStringLiteral("GLU"), QStringLiteral("NA")},
                                   {QStringLiteral("TROPI")}};
    int expected = 0;
    for (int i = 0; i < 9; ++i) {
        // TROPI is on a plasma tube with a 45-minute turnaround: due times do not follow receipt.
        const QStringList t = tests.at(i % 3);
        if (t.first() == QLatin1String("TROPI")) {
            AccessionRequest r = testlab::serumRequest(t);
            r.specimenType = QStringLiteral("PLASMA_LH");
            r.priority = priorities.at((i / 3) % 3);
            Result<Specimen> s = m_lab->accessioner().accession(r, Tech);
            QVERIFY2(s.ok(), qPrintable(s.error()));
            QCOMPARE(m_lab->scanner().process(s.value().accession, ScanProcessor::Action::Receive, Tech).type,
                     ScanOutcome::Type::Received);
        } else {
            receive(priorities.at((i / 3) % 3), t);
        }
        expected += test.isEmpty() ? int(t.size()) : int(t.contains(test));
        QTest::qWait(2); // distinct receipt times
    }
    WorklistFilter f = chemistry();
    f.testCode = test;
    f.sort = WorklistSort::fromName(sort).value();
    const QList<WorklistRow> all = page(f);
    QCOMPARE(all.size(), expected);
    // The database's order is the order of the model's keys, strictly (no two rows share a key).
    for (qsizetype i = 1; i < all.size(); ++i)
        QVERIFY2(f.sort.keyOf(all.at(i - 1)) < f.sort.keyOf(all.at(i)), qPrintable(all.at(i).orderId));
    // And it is the order the user asked for.
    auto field = [&](const WorklistRow &r) -> QVariant {
        switch (f.sort.by) {
        case WorklistSort::Priority:
            return r.priorityRank;
        case WorklistSort::Received:
            return r.receivedAtMs;
        case WorklistSort::Due:
            return r.dueAtMs;
        case WorklistSort::Accession:
            return r.accession;
        case WorklistSort::Test:
            return r.testCode;
        }
        return {};
    };
    for (qsizetype i = 1; i < all.size(); ++i) {
        const QPartialOrdering c = QVariant::compare(field(all.at(i - 1)), field(all.at(i)));
        QVERIFY2(f.sort.descending ? c != QPartialOrdering::Less : c != QPartialOrdering::Greater,
                 qPrintable(all.at(i).orderId));
    }
    QVERIFY(field(all.first()) != field(all.last()) || !test.isEmpty());

    WorklistQuery q(m_lab->database().connection());
    QList<WorklistRow> paged;
    std::optional<WorklistKey> after;
    int pages = 0;
    for (;;) {
        Result<QList<WorklistRow>> p = q.page(f, after, 4);
        QVERIFY(p.ok());
        QVERIFY(p.value().size() <= 4);
        if (p.value().isEmpty())
            break;
        ++pages;
        paged += p.value();
        after = f.sort.keyOf(p.value().last());
    }
    QCOMPARE(pages, (expected + 3) / 4);
    QCOMPARE(paged, all);

    // Ranges read the same rows as the pages they replace.
    using Range = WorklistQuery::Range;
    const WorklistKey second = f.sort.keyOf(all.at(1));
    const WorklistKey last = f.sort.keyOf(all.last());
    Result<QList<WorklistRow>> gap =
        q.rows(f, Range{second, false, f.sort.keyOf(all.at(all.size() - 2)), 0, false});
    QVERIFY(gap.ok());
    QCOMPARE(gap.value(), all.mid(2, all.size() - 3));
    Result<QList<WorklistRow>> from = q.rows(f, Range{second, true, std::nullopt, 2, false});
    QVERIFY(from.ok());
    QCOMPARE(from.value(), all.mid(1, 2));
    Result<QList<WorklistRow>> before = q.rows(f, Range{last, false, std::nullopt, 3, true});
    QVERIFY(before.ok());
    QCOMPARE(before.value(), all.mid(all.size() - 4, 3)); // the three before the last, in display order
    Result<QList<WorklistRow>> head = q.rows(f, Range{second, false, std::nullopt, 5, true});
    QVERIFY(head.ok());
    QCOMPARE(head.value(), all.mid(0, 1)); // only one row comes before the second
}

void TestWorklist::sortNames()
{
    for (const QString &name : WorklistSort::names()) {
        for (const QString &n : {name, QStringLiteral("-") + name}) {
            const std::optional<WorklistSort> s = WorklistSort::fromName(n);
            QVERIFY(s.has_value());
            QCOMPARE(s->name(), n);
        }
    }
    QVERIFY(!WorklistSort::fromName(QStringLiteral("patient")).has_value());
    QVERIFY(!WorklistSort::fromName(QString()).has_value());
    QCOMPARE(WorklistSort::fromName(QStringLiteral(" Due ")).value(),
             (WorklistSort{WorklistSort::Due, false}));
}

void TestWorklist::pagesAreReadWithAnIndex_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("sort");
    QTest::addColumn<QString>("test");
    for (const QString &status : {QString(), QStringLiteral("pending"), QStringLiteral("entered")}) {
        for (const QString &name : WorklistSort::names()) {
            QTest::addRow("%s %s", qPrintable(status), qPrintable(name)) << status << name << QString();
            QTest::addRow("%s -%s", qPrintable(status), qPrintable(name))
                << status << QStringLiteral("-") + name << QString();
        }
        QTest::addRow("%s test, one test", qPrintable(status))
            << status << QStringLiteral("test") << QStringLiteral("NA");
    }
    // Released work is read through the status index in the default order only.
    QTest::addRow("verified priority")
        << QStringLiteral("verified") << QStringLiteral("priority") << QString();
}

void TestWorklist::pagesAreReadWithAnIndex()
{
    QFETCH(QString, status);
    QFETCH(QString, sort);
    QFETCH(QString, test);
    WorklistFilter f = chemistry();
    f.status = status;
    f.testCode = test;
    f.sort = WorklistSort::fromName(sort).value();
    // In priority order (and by test within one test, which is the same) a page is an index range;
    // any other order sorts the keys of the bench's open work, read from that index alone.
    const bool indexOrder = f.sort.by == WorklistSort::Priority || !test.isEmpty();
    const QString index = status == QLatin1String("verified") ? QStringLiteral("test_orders_verified")
                                                              : QStringLiteral("test_orders_open_worklist");
    for (bool withKey : {false, true}) {
        const QString sql = WorklistQuery::pageSql(f, withKey);
        QSqlQuery q(m_lab->database().connection());
        QVERIFY(q.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + sql));
        // The plan does not depend on the values, only on which terms there are.
        for (qsizetype i = 0, n = sql.count(QLatin1Char('?')); i < n; ++i)
            q.addBindValue(i == 0 ? QVariant(f.bench) : QVariant(1));
        QVERIFY(q.exec());
        QStringList plan;
        QStringList inner; // the steps of the subquery that chooses the page's orders
        while (q.next()) {
            plan << q.value(3).toString();
            if (q.value(1).toInt() != 0)
                inner << q.value(3).toString();
        }
        const QString text = plan.join(QLatin1String(" | "));
        QVERIFY2(!inner.isEmpty(), qPrintable(text));
        // The orders are chosen from the index alone: no table row is read for them.
        QVERIFY2(inner.first().contains(QLatin1String("USING COVERING INDEX ") + index), qPrintable(text));
        QCOMPARE(inner.filter(QLatin1String("TEMP B-TREE")).isEmpty(), indexOrder);
        // The table is read only for the page's rows, by rowid; nothing scans it.
        QVERIFY2(text.contains(QLatin1String("SEARCH o USING INTEGER PRIMARY KEY (rowid=?)")),
                 qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("SCAN o")), qPrintable(text));
    }
}

void TestWorklist::slowestOpenMergesBenchesAndPriorities()
{
    // Interleaved priorities on two benches, one tube with work on both, one order closed.
    const QString routine1 = receive(QStringLiteral("routine"), {QStringLiteral("NA"), QStringLiteral("K")});
    AccessionRequest blood = testlab::serumRequest({QStringLiteral("HGB"), QStringLiteral("WBC")});
    blood.specimenType = QStringLiteral("WB_EDTA");
    blood.priority = QStringLiteral("stat");
    const Result<Specimen> heme = m_lab->accessioner().accession(blood, Tech);
    QVERIFY2(heme.ok(), qPrintable(heme.error()));
    QCOMPARE(m_lab->scanner().process(heme.value().accession, ScanProcessor::Action::Receive, Tech).type,
             ScanOutcome::Type::Received);
    const QString stat = receive(QStringLiteral("stat"));
    const QString done = receive(QStringLiteral("asap"), {QStringLiteral("NA"), QStringLiteral("GLU")});
    QVERIFY(m_results->enter(done + QStringLiteral("-NA"), QStringLiteral("140"), {}, Tech).ok());
    QVERIFY(m_results->verify(done + QStringLiteral("-NA"), QStringLiteral("a.okafor")).ok());
    receive(QStringLiteral("routine"));

    // The oracle: every open row of both benches, read whole, in receipt order.
    QList<WorklistRow> all;
    for (const QString &bench : {QStringLiteral("CHEM"), QStringLiteral("HEME")}) {
        WorklistFilter f;
        f.bench = bench;
        all << page(f);
    }
    QCOMPARE(all.size(), 7);
    std::sort(all.begin(), all.end(), [](const WorklistRow &a, const WorklistRow &b) {
        return std::tie(a.receivedAtMs, a.orderId) < std::tie(b.receivedAtMs, b.orderId);
    });
    const auto ids = [](const QList<WorklistRow> &rows) {
        QStringList out;
        for (const WorklistRow &r : rows)
            out << r.orderId;
        return out;
    };
    const WorklistQuery query(m_lab->database().connection());
    for (int limit : {1, 3, 5, 7, 20}) {
        const Result<QList<WorklistRow>> slowest = query.slowestOpen(QString(), limit);
        QVERIFY2(slowest.ok(), qPrintable(slowest.error()));
        QCOMPARE(ids(slowest.value()), ids(all.mid(0, limit)));
    }
    QCOMPARE(ids(query.slowestOpen(QString(), 2).value()),
             (QStringList{routine1 + QStringLiteral("-K"), routine1 + QStringLiteral("-NA")}));
    // One bench: only its own orders, the closed one left out.
    const QStringList chem = ids(query.slowestOpen(QStringLiteral("CHEM"), 10).value());
    QCOMPARE(chem.size(), 5);
    QVERIFY(!chem.join(QLatin1Char(' ')).contains(heme.value().accession));
    QVERIFY(!chem.contains(done + QStringLiteral("-NA")));
    QVERIFY(chem.contains(done + QStringLiteral("-GLU")));
    QVERIFY(chem.contains(stat + QStringLiteral("-NA")));
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

void TestWorklist::revealReadsAFarRowInOneInsert()
{
    QString last;
    for (int i = 0; i < 30; ++i)
        last = receive(QStringLiteral("routine"));
    WorklistModel model(m_lab->database().connection());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(3);
    QVERIFY(model.setFilter(chemistry()).ok());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(model.revealAccession(last), QList<int>{29});
    // One read and one insert for 27 rows, not nine pages.
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 3);
    QCOMPARE(inserted.first().at(2).toInt(), 29);
    // Loading continues after the revealed row as before.
    QVERIFY(!model.canFetchMore() || (model.fetchMore(), model.rowCount() == 30));
    QCOMPARE(model.rowCount(), 30);
}

void TestWorklist::revealJumpsToAWindowFarDown()
{
    QStringList received;
    for (int i = 0; i < 30; ++i)
        received << receive(QStringLiteral("routine"));
    const QList<WorklistRow> all = page(chemistry());
    WorklistModel model(m_lab->database().connection());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(3);
    model.setJumpRows(5);
    QVERIFY(model.setFilter(chemistry()).ok());
    QVERIFY(model.atStart());
    QVERIFY(!model.canFetchBefore());

    // 26 rows lie between the loaded page and the tube: more than 5, so the model jumps.
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const QList<int> rows = model.revealAccession(received.at(28));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(rows, QList<int>{3}); // a page of context above it (at most twenty rows)
    QCOMPARE(model.rowCount(), 5); // and a page from it on: rows 25..29
    QVERIFY(!model.atStart());
    QCOMPARE(model.rowAt(0).orderId, all.at(25).orderId);

    // Live updates inside the window still apply; above it they wait for fetchBefore.
    Event receipt;
    receipt.kind = QStringLiteral("custody.received");
    receipt.subject = receive(QStringLiteral("stat"));
    QVERIFY(model.applyEvents({receipt}).ok());
    QCOMPARE(model.rowOf(receipt.subject + QStringLiteral("-NA")), -1);
    QVERIFY(model.refresh().ok());
    QCOMPARE(model.rowOf(receipt.subject + QStringLiteral("-NA")), -1);
    QCOMPARE(model.rowAt(0).orderId, all.at(25).orderId);

    // Scrolling up brings the rows above, page by page, down to the STAT tube at the top.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    int calls = 0, came = 0;
    while (model.canFetchBefore() && ++calls < 20)
        came += model.fetchBefore();
    QVERIFY(model.atStart());
    QCOMPARE(came, 26);
    QCOMPARE(inserted.count(), 9); // 25 + 1 rows in pages of 3
    QCOMPARE(model.rowCount(), 31);
    QCOMPARE(model.rowAt(0).accession, receipt.subject);
    for (int i = 0; i < 30; ++i)
        QCOMPARE(model.rowAt(i + 1).orderId, all.at(i).orderId);
}

void TestWorklist::headerSortReordersThroughTheQuery()
{
    const QString older = receive(QStringLiteral("routine"));
    QTest::qWait(2);
    const QString stat = receive(QStringLiteral("stat"));
    WorklistModel model(m_lab->database().connection());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setFilter(chemistry()).ok());
    QCOMPARE(model.rowAt(0).accession, stat);

    // The oldest first whatever the priority: the Age column, largest first.
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.sort(WorklistModel::Age, Qt::DescendingOrder);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.filter().sort, (WorklistSort{WorklistSort::Received, false}));
    QCOMPARE(model.rowAt(0).accession, older);
    model.sort(WorklistModel::Received, Qt::DescendingOrder);
    QCOMPARE(model.rowAt(0).accession, stat);
    model.sort(WorklistModel::Accession, Qt::AscendingOrder);
    QVERIFY(model.rowAt(0).accession <= model.rowAt(model.rowCount() - 1).accession);
    QCOMPARE(reset.count(), 3);

    // Columns without an index do not sort: nothing is re-read, the order stays.
    const WorklistSort before = model.filter().sort;
    for (int column :
         {int(WorklistModel::Patient), int(WorklistModel::WorkStatus), int(WorklistModel::Flag)}) {
        QVERIFY(!WorklistModel::sortFor(column, Qt::AscendingOrder).has_value());
        model.sort(column, Qt::AscendingOrder);
    }
    QCOMPARE(reset.count(), 3);
    QCOMPARE(model.filter().sort, before);
}

void TestWorklist::newTubeTakesItsPlaceInAnotherOrder()
{
    receive(QStringLiteral("routine"));
    receive(QStringLiteral("routine"));
    WorklistModel model(m_lab->database().connection());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setFilter(chemistry()).ok());
    model.sort(WorklistModel::Received, Qt::DescendingOrder); // newest first
    QTest::qWait(2);
    const QString routine = receive(QStringLiteral("routine"));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    Event receipt;
    receipt.kind = QStringLiteral("custody.received");
    receipt.subject = routine;
    QVERIFY(model.applyEvents({receipt}).ok());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0); // a routine tube, at the top of this order
    QCOMPARE(model.rowAt(0).accession, routine);
}

// "07:33" on work received two days ago reads as this morning (GUI audit of session 15, finding 40):
// a time from another day than today carries its day, on screen and in the CSV and PDF, which take
// the column's text.
void TestWorklist::timesFromAnotherDaySayWhich()
{
    const QDateTime now(QDate(2026, 12, 7), QTime(9, 30));
    const qint64 today = QDateTime(QDate(2026, 12, 7), QTime(7, 33)).toMSecsSinceEpoch();
    const qint64 earlier = QDateTime(QDate(2026, 12, 5), QTime(7, 33)).toMSecsSinceEpoch();
    QCOMPARE(WorklistModel::clockText(today, now.toMSecsSinceEpoch()), QStringLiteral("07:33"));
    const QString old = WorklistModel::clockText(earlier, now.toMSecsSinceEpoch());
    QVERIFY2(old.startsWith(QStringLiteral("5 ")) && old.endsWith(QStringLiteral(" 07:33")), qPrintable(old));

    // In the model: the received time of a tube, two days on.
    const QString tube = receive(QStringLiteral("routine"));
    WorklistModel model(m_lab->database().connection());
    QVERIFY(model.setFilter(chemistry()).ok());
    model.setClock([] { return QDateTime::currentMSecsSinceEpoch() + 2 * 24 * 3600 * 1000LL; });
    const int row = [&] {
        for (int i = 0; i < model.rowCount(); ++i) {
            if (model.rowAt(i).accession == tube)
                return i;
        }
        return -1;
    }();
    QVERIFY(row >= 0);
    const QString shown = model.index(row, WorklistModel::Received).data().toString();
    QVERIFY2(shown.size() > 5 && shown.contains(QLatin1Char(' ')), qPrintable(shown));
}

QTEST_GUILESS_MAIN(TestWorklist)
#include "tst_worklist.moc"
