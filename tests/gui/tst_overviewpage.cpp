// SPDX-License-Identifier: GPL-3.0-or-later
// The supervisor overview: each bench's open work counted, turnaround times charted for the
// period chosen, and the orders waiting longest listed first.

#include "benchfixture.h"
#include "overview/benchcountstable.h"
#include "overview/overviewpage.h"
#include "overview/slowestorderstable.h"
#include "overview/tatchartview.h"
#include "result/resultservice.h"

#include <QDateEdit>
#include <QDateTime>
#include <QHeaderView>
#include <QScrollBar>
#include <QSplitter>

using namespace benchside;

class TestOverviewPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void functionKeyOpensOverview();
    void countsEachBenchsOpenWork();
    void chartShowsTodaysTurnaround();
    void slowestOrderComesFirst();
    void waitingLongestShowsEveryColumn();
    void cleanupTestCase();

private:
    QString orderOf(const QString &accession, const QString &test);
    int expected(const QString &bench, const QString &where);

    testlab::BenchFixture m_fixture;
    OverviewPage *m_page = nullptr;
    QString m_released; // GLU released today
};

void TestOverviewPage::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.setUp(error, 40), qPrintable(error));
    m_page = m_fixture.window().findChild<OverviewPage *>(QStringLiteral("overviewPage"));
    QVERIFY(m_page);

    // One result released now, so that today has a turnaround on CHEM whatever the demo did.
    m_released = m_fixture.receivedSpecimen({QStringLiteral("GLU"), QStringLiteral("NA")});
    ResultRepository repository(m_fixture.lab().database().connection());
    ResultService service(m_fixture.lab().store(), repository, m_fixture.lab().catalog());
    QVERIFY(service.enter(orderOf(m_released, QStringLiteral("GLU")), QStringLiteral("5.0"), {},
                          QStringLiteral("p.nair")));
    QVERIFY(service.verify(orderOf(m_released, QStringLiteral("GLU")), QStringLiteral("a.okafor")));
}

// What the board should say, counted straight from the projection.
int TestOverviewPage::expected(const QString &bench, const QString &where)
{
    return int(testlab::scalar(m_fixture.lab().database().connection(),
                               QStringLiteral("SELECT count(*) FROM test_orders WHERE bench = '%1' AND "
                                              "received_at IS NOT NULL AND %2")
                                   .arg(bench, where)));
}

void TestOverviewPage::cleanupTestCase()
{
    m_fixture.tearDown();
}

QString TestOverviewPage::orderOf(const QString &accession, const QString &test)
{
    Result<QList<OrderResult>> orders =
        ResultRepository(m_fixture.lab().database().connection()).orders(accession);
    if (orders) {
        for (const OrderResult &o : orders.value()) {
            if (o.testCode == test)
                return o.orderId;
        }
    }
    qFatal("no %s order on %s", qPrintable(test), qPrintable(accession));
}

void TestOverviewPage::functionKeyOpensOverview()
{
    QApplication::setActiveWindow(&m_fixture.window());
    m_fixture.window().showPage(MainWindow::Page::Receiving);
    QTest::keyClick(&m_fixture.window(), Qt::Key_F7);
    QTRY_VERIFY(m_page->isVisible());
}

void TestOverviewPage::countsEachBenchsOpenWork()
{
    QVERIFY(m_page->refresh().ok());
    const BenchCountsTable *counts = m_page->counts();
    const QString open = QStringLiteral("status IN ('ordered', 'entered', 'amended')");
    const QString overdue = open + QStringLiteral(" AND received_at + tat_minutes * 60000 < %1")
                                       .arg(QDateTime::currentMSecsSinceEpoch());
    int overdueSeen = 0;
    for (const QString &bench : {QStringLiteral("CHEM"), QStringLiteral("HEME"), QStringLiteral("COAG"),
                                 QStringLiteral("UA"), QStringLiteral("MICRO"), QStringLiteral("BB")}) {
        QCOMPARE(counts->count(bench, BenchCountsTable::Pending),
                 expected(bench, QStringLiteral("status = 'ordered'")));
        QCOMPARE(counts->count(bench, BenchCountsTable::InProgress),
                 expected(bench, QStringLiteral("status IN ('entered', 'amended')")));
        QCOMPARE(counts->count(bench, BenchCountsTable::Overdue), expected(bench, overdue));
        QCOMPARE(counts->count(bench, BenchCountsTable::Stat),
                 expected(bench, open + QStringLiteral(" AND priority = 'stat'")));
        overdueSeen += counts->count(bench, BenchCountsTable::Overdue);
    }
    QVERIFY(overdueSeen > 0); // the demo's old work, so the comparison above meant something

    // A receipt shows on the next refresh.
    const int pending = counts->count(QStringLiteral("CHEM"), BenchCountsTable::Pending);
    const int stat = counts->count(QStringLiteral("CHEM"), BenchCountsTable::Stat);
    m_fixture.receivedSpecimen({QStringLiteral("GLU")}, QStringLiteral("stat"));
    QVERIFY(m_page->refresh().ok());
    QCOMPARE(counts->count(QStringLiteral("CHEM"), BenchCountsTable::Pending), pending + 1);
    QCOMPARE(counts->count(QStringLiteral("CHEM"), BenchCountsTable::Stat), stat + 1);
}

void TestOverviewPage::chartShowsTodaysTurnaround()
{
    m_page->setPeriod(OverviewPage::Period::Today);
    QVERIFY(m_page->refresh().ok());
    TatChartView *chart = m_page->chart();
    QVERIFY(!chart->isShowingEmptyState());
    const qint64 today = QDate::currentDate().startOfDay().toMSecsSinceEpoch();
    const int releasedToday = int(testlab::scalar(
        m_fixture.lab().database().connection(),
        QStringLiteral("SELECT count(*) FROM results r JOIN test_orders o ON o.order_id = r.order_id "
                       "WHERE o.bench = 'CHEM' AND r.released_at >= %1 AND r.released_at < %2")
            .arg(today)
            .arg(QDate::currentDate().addDays(1).startOfDay().toMSecsSinceEpoch())));
    const auto chem = std::find_if(chart->shownGroups().cbegin(), chart->shownGroups().cend(),
                                   [](const TatDistribution &g) { return g.label == QLatin1String("CHEM"); });
    QVERIFY(chem != chart->shownGroups().cend());
    QCOMPARE(chem->minutes.size(), releasedToday);

    auto *bench = m_page->findChild<QComboBox *>(QStringLiteral("overviewBench"));
    bench->setCurrentIndex(bench->findData(QStringLiteral("CHEM")));
    auto *groupBy = m_page->findChild<QComboBox *>(QStringLiteral("overviewGroupBy"));
    groupBy->setCurrentIndex(1); // per test
    const auto glu = std::find_if(chart->shownGroups().cbegin(), chart->shownGroups().cend(),
                                  [](const TatDistribution &g) { return g.label == QLatin1String("GLU"); });
    QVERIFY(glu != chart->shownGroups().cend());
    QCOMPARE(glu->targetMinutes, 60.0);
    groupBy->setCurrentIndex(0);
    bench->setCurrentIndex(0);

    // A range in the future: the chart says it has nothing.
    m_page->setPeriod(OverviewPage::Period::Range);
    m_page->findChild<QDateEdit *>(QStringLiteral("overviewTo"))->setDate(QDate::currentDate().addDays(9));
    m_page->findChild<QDateEdit *>(QStringLiteral("overviewFrom"))->setDate(QDate::currentDate().addDays(2));
    QVERIFY(chart->isShowingEmptyState());
    m_page->setPeriod(OverviewPage::Period::Today);
}

void TestOverviewPage::slowestOrderComesFirst()
{
    QVERIFY(m_page->refresh().ok());
    const SlowestOrdersTable *slowest = m_page->slowest();
    QVERIFY(slowest->rowCount() >= 2);
    const qint64 oldest = testlab::scalar(
        m_fixture.lab().database().connection(),
        QStringLiteral("SELECT min(received_at) FROM test_orders WHERE status IN ('ordered', 'entered', "
                       "'amended') AND received_at IS NOT NULL"));
    QCOMPARE(slowest->item(0, 4)->text(),
             QDateTime::fromMSecsSinceEpoch(oldest).toString(QStringLiteral("MM-dd HH:mm")));
    for (int row = 1; row < slowest->rowCount(); ++row)
        QVERIFY(slowest->item(row - 1, 4)->text() <= slowest->item(row, 4)->text());
}

// Finding 21: "⚠ OVER…" — the Due column of Waiting longest was cut off beside the chart. However the
// splitter is dragged, the table keeps the width of its columns.
void TestOverviewPage::waitingLongestShowsEveryColumn()
{
    m_fixture.window().showPage(MainWindow::Page::Overview);
    QVERIFY(m_page->refresh().ok());
    SlowestOrdersTable *slowest = m_page->slowest();
    QVERIFY(slowest->rowCount() > 0);
    auto *splitter = qobject_cast<QSplitter *>(slowest->parentWidget()->parentWidget());
    QVERIFY(splitter);
    splitter->setSizes({5000, 100}); // the chart as wide as it can be
    QTRY_VERIFY2(slowest->horizontalHeader()->length() <= slowest->viewport()->width() &&
                     slowest->horizontalScrollBar()->maximum() == 0,
                 qPrintable(QStringLiteral("%1 > %2")
                                .arg(slowest->horizontalHeader()->length())
                                .arg(slowest->viewport()->width())));
    QVERIFY(slowest->isVisible());
}

QTEST_MAIN(TestOverviewPage)
#include "tst_overviewpage.moc"
