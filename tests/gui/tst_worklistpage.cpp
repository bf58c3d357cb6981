// SPDX-License-Identifier: GPL-3.0-or-later
// The bench worklist with its result entry, driven as a technician does: keyboard only, a result
// per row, the list following receipts without losing the row they are on.

#include "benchfixture.h"
#include "result/resultservice.h"
#include "results/resulthistorytable.h"
#include "worklist/worklistmodel.h"
#include "worklist/worklistpage.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPrinter>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>

using namespace benchside;

namespace {
constexpr int HumanGapMs = 40;  // slower than a scanner's burst (WedgeSettings::maxGapMs)
constexpr int ScannerGapMs = 2; // a scanner's burst
const QString Technician = QStringLiteral("p.nair");
const QString Supervisor = QStringLiteral("a.okafor");
} // namespace

class TestWorklistPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void functionKeyOpensWorklist();
    void statFirstThenOldest();
    void evaluationFollowsTyping_data();
    void evaluationFollowsTyping();
    void keyboardAloneEntersResultsRowAfterRow();
    void criticalResultAsksForTheCall();
    void implausibleValueAsksForAReason();
    void liveReceiptKeepsSelectedRow();
    void receiptOnReceivingPageShowsOnReturn();
    void scanJumpsToTubeRows();
    void scanFarDownJumpsAndTheRowsAboveFollow();
    void headingClickSortsAndKeepsTheOrderSelected();
    void amendNeedsReasonAndKeepsHistory();
    void csvHasTheWorklist();
    void printHasTheWorklist();
    void nextUserDoesNotSeeTheLastUsersMessage();
    void clickedRowTakesTypedResult();
    void cleanupTestCase();

private:
    QString orderOf(const QString &accession, const QString &test);
    void select(const QString &orderId);
    void typeValue(const QString &text, bool enter);
    QString evaluation() const;

    testlab::BenchFixture m_fixture;
    WorklistPage *m_page = nullptr;
    QLineEdit *m_value = nullptr;
    QStringList m_routine; // accessions received at the start, oldest first
};

void TestWorklistPage::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.setUp(error), qPrintable(error));
    for (int i = 0; i < 4; ++i) {
        m_routine << m_fixture.receivedSpecimen({QStringLiteral("GLU"), QStringLiteral("NA")});
        QTest::qWait(5); // distinct receipt times, so "oldest first" has something to order
    }
    m_page = m_fixture.window().findChild<WorklistPage *>(QStringLiteral("worklistPage"));
    m_value = m_fixture.window().findChild<QLineEdit *>(QStringLiteral("resultValue"));
    QVERIFY(m_page && m_value);
    new QAbstractItemModelTester(m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest,
                                 this);
}

void TestWorklistPage::init()
{
    QApplication::setActiveWindow(&m_fixture.window());
    m_fixture.setActor(Technician);
    m_fixture.window().showPage(MainWindow::Page::Worklist);
    auto *bench = m_page->findChild<QComboBox *>(QStringLiteral("worklistBench"));
    bench->setCurrentIndex(bench->findData(QStringLiteral("CHEM")));
    m_page->findChild<QComboBox *>(QStringLiteral("worklistStatus"))->setCurrentIndex(0); // open
    m_page->model()->setPageSize(200);
    m_page->model()->setJumpRows(1000);
    m_page->table()->setMinimumHeight(0);
    m_page->table()->setMaximumHeight(QWIDGETSIZE_MAX);
    m_page->table()->horizontalHeader()->setSortIndicator(WorklistModel::Priority, Qt::AscendingOrder);
    m_page->refresh();
}

void TestWorklistPage::cleanupTestCase()
{
    m_fixture.tearDown();
}

QString TestWorklistPage::orderOf(const QString &accession, const QString &test)
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

void TestWorklistPage::select(const QString &orderId)
{
    const int row = m_page->model()->rowOf(orderId);
    QVERIFY2(row >= 0, qPrintable(orderId));
    m_page->table()->selectionModel()->setCurrentIndex(
        m_page->model()->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(m_page->currentOrderId(), orderId);
}

void TestWorklistPage::typeValue(const QString &text, bool enter)
{
    m_value->setFocus();
    m_value->selectAll();
    QTest::keyClick(m_value, Qt::Key_Backspace);
    QTest::keyClicks(m_value, text, Qt::NoModifier, HumanGapMs);
    if (enter)
        QTest::keyClick(m_value, Qt::Key_Return);
}

QString TestWorklistPage::evaluation() const
{
    return m_page->findChild<QLabel *>(QStringLiteral("resultEvaluation"))->text();
}

void TestWorklistPage::functionKeyOpensWorklist()
{
    auto *pages = m_fixture.window().findChild<QStackedWidget *>(QStringLiteral("pages"));
    m_fixture.window().showPage(MainWindow::Page::Receiving);
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : &m_fixture.window(),
                    Qt::Key_F5);
    QTRY_COMPARE(pages->currentWidget()->objectName(), QStringLiteral("worklistPage"));
}

void TestWorklistPage::statFirstThenOldest()
{
    const QString stat = m_fixture.receivedSpecimen({QStringLiteral("GLU")}, QStringLiteral("stat"));
    m_page->refresh();
    QCOMPARE(m_page->model()->rowAt(0).accession, stat);
    QCOMPARE(m_page->model()->index(0, WorklistModel::Priority).data().toString(), QStringLiteral("STAT"));
    // Then the routine tubes in the order they arrived.
    QCOMPARE(m_page->model()->rowAt(1).accession, m_routine.first());
    QCOMPARE(m_page->model()->rowAt(m_page->model()->rowCount() - 1).accession, m_routine.last());
}

void TestWorklistPage::evaluationFollowsTyping_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("shown");
    QTest::newRow("normal") << "5.0"
                            << "N Normal";
    QTest::newRow("low") << "3.2"
                         << "L Low";
    QTest::newRow("high") << "7.5"
                          << "H High";
    QTest::newRow("critically low") << "1.9"
                                    << "LL Critically low";
    QTest::newRow("critically high") << "31"
                                     << "HH Critically high";
    QTest::newRow("not a number") << "abc"
                                  << "✗";
}

void TestWorklistPage::evaluationFollowsTyping()
{
    QFETCH(QString, value);
    QFETCH(QString, shown);
    const QString order = orderOf(m_routine.at(0), QStringLiteral("GLU"));
    select(order);
    const qint64 journal = testlab::journalCount(m_fixture.lab());
    typeValue(value, false);
    QVERIFY2(evaluation().contains(shown), qPrintable(evaluation()));
    QCOMPARE(testlab::journalCount(m_fixture.lab()), journal); // judged, not recorded
    m_value->clear();
}

void TestWorklistPage::keyboardAloneEntersResultsRowAfterRow()
{
    const QString glu = orderOf(m_routine.at(0), QStringLiteral("GLU"));
    const QString na = orderOf(m_routine.at(0), QStringLiteral("NA"));
    select(glu);
    const int row = m_page->table()->currentIndex().row();
    const qint64 journal = testlab::journalCount(m_fixture.lab());

    typeValue(QStringLiteral("5.1"), true);

    std::optional<OrderResult> o = m_fixture.order(glu);
    QVERIFY(o && o->result);
    QCOMPARE(o->status, QStringLiteral("entered"));
    QCOMPARE(o->result->value, QStringLiteral("5.1"));
    QCOMPARE(o->result->flag, QStringLiteral("N"));
    QCOMPARE(o->result->enteredBy, Technician);
    QCOMPARE(testlab::journalCount(m_fixture.lab()), journal + 1);
    // The list shows it at once, and the cursor is on the next row with the field ready.
    QCOMPARE(m_page->model()->index(m_page->model()->rowOf(glu), WorklistModel::WorkStatus).data().toString(),
             QStringLiteral("entered"));
    QCOMPARE(m_page->table()->currentIndex().row(), row + 1);
    QCOMPARE(m_page->currentOrderId(), na);
    QCOMPARE(QApplication::focusWidget(), m_value);
    QVERIFY(m_value->text().isEmpty());

    // The next one in the same breath, and Up goes back to the first without the mouse.
    QTest::keyClicks(m_value, QStringLiteral("141"), Qt::NoModifier, HumanGapMs);
    QTest::keyClick(m_value, Qt::Key_Return);
    QCOMPARE(m_fixture.order(na)->result->value, QStringLiteral("141"));
    QCOMPARE(m_page->table()->currentIndex().row(), row + 2);
    QTest::keyClick(m_value, Qt::Key_Up);
    QTest::keyClick(m_value, Qt::Key_Up);
    QCOMPARE(m_page->currentOrderId(), glu);
}

void TestWorklistPage::criticalResultAsksForTheCall()
{
    const QString glu = orderOf(m_routine.at(1), QStringLiteral("GLU"));
    select(glu);
    bool asked = false;
    m_fixture.whenDialog(this, QStringLiteral("notificationDialog"), [&asked](QDialog *dialog) {
        asked = true;
        QTest::keyClick(dialog, Qt::Key_Escape); // "Later"
    });
    typeValue(QStringLiteral("1.4"), true);
    QTRY_VERIFY(asked);
    std::optional<OrderResult> o = m_fixture.order(glu);
    QCOMPARE(o->result->flag, QStringLiteral("LL"));
    QVERIFY(o->result->notifiedTo.isEmpty());

    // Put off, the call can still be documented from the entry panel.
    select(glu);
    auto *call = m_page->findChild<QPushButton *>(QStringLiteral("resultNotifyButton"));
    QVERIFY(call->isVisible());
    m_fixture.whenDialog(this, QStringLiteral("notificationDialog"), [](QDialog *dialog) {
        auto *to = dialog->findChild<QLineEdit *>(QStringLiteral("notifiedTo"));
        QTest::keyClicks(to, QStringLiteral("Dr. Lee, ward 3"), Qt::NoModifier, HumanGapMs);
        dialog->findChild<QCheckBox *>(QStringLiteral("notifiedReadBack"))->setChecked(true);
        QTest::keyClick(to, Qt::Key_Return);
    });
    QTest::mouseClick(call, Qt::LeftButton);
    QTRY_COMPARE(m_fixture.order(glu)->result->notifiedTo, QStringLiteral("Dr. Lee, ward 3"));
    QVERIFY(!call->isVisible());
}

void TestWorklistPage::implausibleValueAsksForAReason()
{
    const QString glu = orderOf(m_routine.at(2), QStringLiteral("GLU"));
    select(glu);
    const qint64 journal = testlab::journalCount(m_fixture.lab());
    // Typed 600 for 6.00: refused unless a reason is given; cancelling records nothing.
    QString asked;
    m_fixture.whenDialog(this, QStringLiteral("implausibleReasonDialog"), [&asked](QDialog *dialog) {
        asked = dialog->findChild<QLabel *>()->text();
        QTest::keyClick(dialog, Qt::Key_Escape);
    });
    typeValue(QStringLiteral("600"), false);
    QVERIFY2(evaluation().contains(QLatin1String("plausible")), qPrintable(evaluation()));
    QTest::keyClick(m_value, Qt::Key_Return);
    QTRY_VERIFY(!asked.isEmpty());
    QVERIFY2(asked.contains(QLatin1String("plausibly")), qPrintable(asked));
    QCOMPARE(testlab::journalCount(m_fixture.lab()), journal);
    QVERIFY2(m_page->findChild<QLabel *>(QStringLiteral("resultMessage"))
                 ->text()
                 .startsWith(QLatin1String("Not recorded")),
             qPrintable(m_page->findChild<QLabel *>(QStringLiteral("resultMessage"))->text()));
    QCOMPARE(m_page->currentOrderId(), glu);

    // With a reason it is recorded, the reason with it; then, critical, the call is asked for.
    m_fixture.whenDialog(this, QStringLiteral("implausibleReasonDialog"), [](QDialog *dialog) {
        auto *reason = dialog->findChild<QLineEdit *>();
        QTest::keyClicks(reason, QStringLiteral("hyperosmolar, repeated"), Qt::NoModifier, HumanGapMs);
        QTest::keyClick(reason, Qt::Key_Return);
    });
    bool call = false;
    m_fixture.whenDialog(this, QStringLiteral("notificationDialog"), [&call](QDialog *dialog) {
        call = true;
        QTest::keyClick(dialog, Qt::Key_Escape);
    });
    QTest::keyClick(m_value, Qt::Key_Return);
    QTRY_VERIFY(call);
    const std::optional<OrderResult> o = m_fixture.order(glu);
    QCOMPARE(o->result->value, QStringLiteral("600"));
    QCOMPARE(o->result->implausibleReason, QStringLiteral("hyperosmolar, repeated"));
    QCOMPARE(o->result->flag, QStringLiteral("HH"));
}

void TestWorklistPage::liveReceiptKeepsSelectedRow()
{
    const QString selected = orderOf(m_routine.at(2), QStringLiteral("NA"));
    select(selected);
    const int rows = m_page->model()->rowCount();
    const int scroll = m_page->table()->verticalScrollBar()->value();
    m_page->setRefreshInterval(50);

    // A STAT tube received elsewhere (another station, the CLI): it goes to the top of the list.
    const QString stat =
        m_fixture.receivedSpecimen({QStringLiteral("GLU"), QStringLiteral("NA")}, QStringLiteral("stat"));
    QTRY_COMPARE(m_page->model()->rowCount(), rows + 2);
    m_page->setRefreshInterval(20'000);
    QCOMPARE(m_page->model()->rowAt(0).priority, QStringLiteral("stat"));
    QVERIFY(m_page->model()->rowOf(orderOf(stat, QStringLiteral("GLU"))) >= 0);
    QCOMPARE(m_page->currentOrderId(), selected);
    const QModelIndexList chosen = m_page->table()->selectionModel()->selectedRows();
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.first().data(WorklistModel::OrderIdRole).toString(), selected);
    QCOMPARE(m_page->table()->verticalScrollBar()->value(), scroll);
}

void TestWorklistPage::receiptOnReceivingPageShowsOnReturn()
{
    const QString accession = m_fixture.accessioned({QStringLiteral("GLU")});
    select(orderOf(m_routine.at(3), QStringLiteral("GLU")));
    const QString selected = m_page->currentOrderId();
    m_fixture.window().showPage(MainWindow::Page::Receiving);
    auto *entry = m_fixture.window().findChild<QLineEdit *>(QStringLiteral("manualEntry"));
    entry->setFocus();
    QTest::keyClicks(entry, accession, Qt::NoModifier, HumanGapMs);
    QTest::keyClick(entry, Qt::Key_Return);
    QTRY_COMPARE(m_fixture.lab().specimens().find(accession).value()->status, QStringLiteral("received"));

    m_fixture.window().showPage(MainWindow::Page::Worklist);
    QVERIFY(m_page->model()->rowOf(orderOf(accession, QStringLiteral("GLU"))) >= 0);
    QCOMPARE(m_page->currentOrderId(), selected);
}

void TestWorklistPage::scanFarDownJumpsAndTheRowsAboveFollow()
{
    WorklistModel *model = m_page->model();
    QTableView *table = m_page->table();
    while (model->canFetchMore())
        model->fetchMore();
    const QString firstOrder = model->rowAt(0).orderId;
    const int all = model->rowCount();
    // A view fetches pages until it can scroll: a table two rows high keeps the list to its first page.
    table->setFixedHeight(table->horizontalHeader()->height() +
                          table->verticalHeader()->defaultSectionSize() * 2 + table->frameWidth() * 2);
    model->setPageSize(2);
    model->setJumpRows(1);
    QVERIFY(model->setFilter(model->filter()).ok());
    QApplication::processEvents();
    QVERIFY(model->rowCount() < all);
    const QString target = m_routine.last();
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    table->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), table);
    for (const QChar c : target) {
        QTest::keyClick(table, c.toLatin1());
        QTest::qWait(ScannerGapMs);
    }
    QTest::keyClick(table, Qt::Key_Return);
    QTRY_COMPARE(table->currentIndex().data(WorklistModel::AccessionRole).toString(), target);
    QCOMPARE(reset.count(), 1); // jumped instead of reading every row in between
    QVERIFY(!model->atStart());
    QVERIFY2(
        m_page->findChild<QLabel *>(QStringLiteral("worklistCount"))->text().contains(QLatin1String("above")),
        qPrintable(m_page->findChild<QLabel *>(QStringLiteral("worklistCount"))->text()));

    // Scrolling to the top brings the rows above, a page at a time, and the selection stays.
    for (int i = 0; i < 20 && !model->atStart(); ++i)
        table->verticalScrollBar()->setValue(table->verticalScrollBar()->minimum());
    QVERIFY(model->atStart());
    QCOMPARE(model->rowAt(0).orderId, firstOrder);
    QCOMPARE(table->currentIndex().data(WorklistModel::AccessionRole).toString(), target);

    table->setMinimumHeight(0);
    table->setMaximumHeight(QWIDGETSIZE_MAX);
    model->setPageSize(200);
    model->setJumpRows(1000);
}

void TestWorklistPage::headingClickSortsAndKeepsTheOrderSelected()
{
    QHeaderView *header = m_page->table()->horizontalHeader();
    auto click = [header](int section) {
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                          QPoint(header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
                                 header->height() / 2));
    };
    const QString order = orderOf(m_routine.at(2), QStringLiteral("NA"));
    select(order);

    // Age: the first click puts the oldest first, whatever the priority.
    const QString stat = m_fixture.receivedSpecimen({QStringLiteral("GLU")}, QStringLiteral("stat"));
    m_page->refresh();
    select(order);
    click(WorklistModel::Age);
    QCOMPARE(m_page->model()->filter().sort, (WorklistSort{WorklistSort::Received, false}));
    QCOMPARE(m_page->model()->rowAt(0).accession, m_routine.first());
    QCOMPARE(m_page->currentOrderId(), order);
    click(WorklistModel::Age); // again: the newest first
    QCOMPARE(m_page->model()->rowAt(0).accession, stat);
    QCOMPARE(m_page->currentOrderId(), order);

    click(WorklistModel::Test);
    QCOMPARE(m_page->model()->filter().sort, (WorklistSort{WorklistSort::Test, false}));
    QCOMPARE(m_page->model()->rowAt(0).testCode, QStringLiteral("GLU"));
    QCOMPARE(m_page->model()->rowAt(m_page->model()->rowCount() - 1).testCode, QStringLiteral("NA"));
    QCOMPARE(m_page->currentOrderId(), order);

    // A column without an index says so and keeps the order and its indicator.
    click(WorklistModel::Patient);
    QCOMPARE(m_page->model()->filter().sort, (WorklistSort{WorklistSort::Test, false}));
    QCOMPARE(header->sortIndicatorSection(), int(WorklistModel::Test));
    QVERIFY2(m_page->findChild<QLabel *>(QStringLiteral("worklistMessage"))
                 ->text()
                 .contains(QLatin1String("patient")),
             qPrintable(m_page->findChild<QLabel *>(QStringLiteral("worklistMessage"))->text()));

    // A filter change keeps the chosen order.
    auto *priority = m_page->findChild<QComboBox *>(QStringLiteral("worklistPriority"));
    QVERIFY(priority);
    priority->setCurrentIndex(priority->findData(QStringLiteral("routine")));
    QCOMPARE(m_page->model()->filter().sort, (WorklistSort{WorklistSort::Test, false}));
    priority->setCurrentIndex(0);
}

void TestWorklistPage::scanJumpsToTubeRows()
{
    const QString target = m_routine.at(3);
    select(orderOf(m_routine.at(0), QStringLiteral("GLU")));
    QWidget *focus = m_page->table();
    focus->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), focus);
    for (const QChar c : target) {
        QTest::keyClick(focus, c.toLatin1());
        QTest::qWait(ScannerGapMs);
    }
    QTest::keyClick(focus, Qt::Key_Return);
    QTRY_COMPARE(m_page->table()->currentIndex().data(WorklistModel::AccessionRole).toString(), target);
    // Ready for its result, and the lookup recorded nothing.
    QCOMPARE(QApplication::focusWidget(), m_value);
    QVERIFY(m_value->text().isEmpty());
}

void TestWorklistPage::amendNeedsReasonAndKeepsHistory()
{
    // Released the way the verification page does it: by someone other than who entered it.
    const QString order = orderOf(m_routine.at(3), QStringLiteral("NA"));
    ResultRepository repository(m_fixture.lab().database().connection());
    ResultService service(m_fixture.lab().store(), repository, m_fixture.lab().catalog());
    QVERIFY(service.enter(order, QStringLiteral("139"), {}, Technician));
    QVERIFY(service.verify(order, Supervisor));

    m_page->findChild<QComboBox *>(QStringLiteral("worklistStatus"))
        ->setCurrentIndex(m_page->findChild<QComboBox *>(QStringLiteral("worklistStatus"))
                              ->findData(QStringLiteral("verified")));
    select(order);

    // No reason: the model refuses, and says so.
    m_fixture.whenDialog(this, QStringLiteral("amendReasonDialog"),
                         [](QDialog *dialog) { QTest::keyClick(dialog, Qt::Key_Return); });
    typeValue(QStringLiteral("149"), true);
    QTRY_VERIFY(!m_page->findChild<QLabel *>(QStringLiteral("resultMessage"))->text().isEmpty());
    QCOMPARE(m_fixture.order(order)->status, QStringLiteral("verified"));
    QCOMPARE(m_fixture.order(order)->result->value, QStringLiteral("139"));

    m_fixture.whenDialog(this, QStringLiteral("amendReasonDialog"), [](QDialog *dialog) {
        QTest::keyClicks(dialog->findChild<QLineEdit *>(), QStringLiteral("Transcription error"),
                         Qt::NoModifier, HumanGapMs);
        QTest::keyClick(dialog->findChild<QLineEdit *>(), Qt::Key_Return);
    });
    typeValue(QStringLiteral("149"), true);
    QTRY_COMPARE(m_fixture.order(order)->status, QStringLiteral("amended"));
    QCOMPARE(m_fixture.order(order)->result->value, QStringLiteral("149"));

    // The old value stays in sight, with the reason for the change.
    m_page->findChild<QComboBox *>(QStringLiteral("worklistStatus"))->setCurrentIndex(0);
    select(order);
    auto *history = m_page->findChild<ResultHistoryTable *>(QStringLiteral("resultHistory"));
    QStringList values, details;
    for (int r = 0; r < history->rowCount(); ++r) {
        values << history->item(r, 2)->text();
        details << history->item(r, 5)->text();
    }
    QVERIFY2(values.contains(QStringLiteral("139 mmol/L")), qPrintable(values.join(QLatin1Char('|'))));
    QVERIFY2(values.contains(QStringLiteral("149 mmol/L")), qPrintable(values.join(QLatin1Char('|'))));
    QVERIFY(details.contains(QStringLiteral("Transcription error")));
}

void TestWorklistPage::csvHasTheWorklist()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chem.csv"));
    const Status saved = m_page->saveCsv(path);
    QVERIFY2(saved.ok(), qPrintable(saved.error()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    QVERIFY(csv.contains(QLatin1String("Accession")));
    for (int row = 0; row < m_page->model()->rowCount(); ++row)
        QVERIFY(csv.contains(m_page->model()->rowAt(row).orderId.isEmpty()
                                 ? QString()
                                 : m_page->model()->rowAt(row).accession));
    QCOMPARE(csv.count(QLatin1Char('\n')), m_page->model()->rowCount() + 1);
}

void TestWorklistPage::printHasTheWorklist()
{
    // A printer that writes PDF: the same pages a paper printer would get.
    QTemporaryDir dir;
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setOutputFileName(dir.filePath(QStringLiteral("printed.pdf")));
    printer.setPageOrientation(QPageLayout::Landscape);
    const Status printed = m_page->print(printer);
    QVERIFY2(printed.ok(), qPrintable(printed.error()));
    QProcess text;
    text.start(QStringLiteral("pdftotext"),
               {QStringLiteral("-layout"), printer.outputFileName(), QStringLiteral("-")});
    QVERIFY2(text.waitForFinished(30'000) && text.exitCode() == 0, "pdftotext (poppler-utils) failed");
    const QString pages = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY2(pages.contains(QStringLiteral("Worklist — CHEM")), qPrintable(pages.left(300)));
    QVERIFY(m_page->model()->rowCount() > 0);
    for (int row = 0; row < m_page->model()->rowCount(); ++row)
        QVERIFY2(pages.contains(m_page->model()->rowAt(row).accession),
                 qPrintable(m_page->model()->rowAt(row).accession));
}

// Decision 69: a refusal addressed to the technician goes when the supervisor takes over the station;
// the value being typed stays, as everything else on screen does (decision 46).
void TestWorklistPage::nextUserDoesNotSeeTheLastUsersMessage()
{
    const QString accession = m_fixture.receivedSpecimen({QStringLiteral("GLU")});
    m_page->refresh();
    select(orderOf(accession, QStringLiteral("GLU")));
    m_fixture.whenDialog(this, QStringLiteral("implausibleReasonDialog"),
                         [](QDialog *dialog) { QTest::keyClick(dialog, Qt::Key_Escape); });
    typeValue(QStringLiteral("600"), true);
    auto *message = m_page->findChild<QLabel *>(QStringLiteral("resultMessage"));
    QTRY_VERIFY2(message->text().startsWith(QLatin1String("Not recorded")), qPrintable(message->text()));

    m_fixture.setActor(Technician); // the same person again: their message stays
    QVERIFY(message->text().startsWith(QLatin1String("Not recorded")));
    m_fixture.setActor(Supervisor);
    QCOMPARE(message->text(), QString());
    QCOMPARE(m_page->findChild<QLabel *>(QStringLiteral("worklistMessage"))->text(), QString());
    QCOMPARE(m_value->text(), QStringLiteral("600"));
    m_value->clear();
}

// Finding 10: after a click on a row, "450" typed next went to the table, not to the Result field.
void TestWorklistPage::clickedRowTakesTypedResult()
{
    const QString accession = m_fixture.receivedSpecimen({QStringLiteral("GLU")});
    m_page->refresh();
    const int row = m_page->model()->rowOf(orderOf(accession, QStringLiteral("GLU")));
    QVERIFY(row >= 0);
    m_page->table()->scrollTo(m_page->model()->index(row, WorklistModel::Accession));
    const QRect cell = m_page->table()->visualRect(m_page->model()->index(row, WorklistModel::Accession));
    QTest::mouseClick(m_page->table()->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(m_page->currentOrderId(), orderOf(accession, QStringLiteral("GLU")));
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(m_value));
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("4.5"), Qt::NoModifier, HumanGapMs);
    QCOMPARE(m_value->text(), QStringLiteral("4.5"));
    m_value->clear();
}

QTEST_MAIN(TestWorklistPage)
#include "tst_worklistpage.moc"
