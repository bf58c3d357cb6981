// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessionnumber.h"
#include "custody/custodystepdialog.h"
#include "custody/custodytimelinemodel.h"
#include "labhelpers.h"
#include "specimen/specimenpage.h"
#include "testdatabase.h"

#include <QComboBox>
#include <QFile>
#include <QFont>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;
using Col = CustodyTimelineModel::Column;

namespace {
const QString Tech = QStringLiteral("p.nair");
} // namespace

class TestSpecimenPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void typedNumberShowsWhereItIs();
    void badCheckCharacterIsExplained();
    void unknownNumberOffersAccessioning();
    void storeStepChangesTimelineAndHeader();
    void refusedStepKeepsDialogAndRecordsNothing();
    void rejectedSpecimenCannotBeReceived();
    void staleReceiveIsRefusedByTheRules();
    void aliquotsAreLinked();
    void statStandsOut();
    void reportIsSaved();
    void manualReviewIsMarkedAndCleared();

private:
    template<typename T> T *widget(const char *name) const
    {
        T *w = m_page->findChild<T *>(QLatin1String(name));
        if (!w)
            qFatal("no %s on the specimen page", name);
        return w;
    }
    QString text(const char *label) const { return widget<QLabel>(label)->text(); }
    QString timelineCell(int row, Col column) const
    {
        const QAbstractItemModel *m = widget<QTableView>("timelineView")->model();
        return m->data(m->index(row, column)).toString();
    }
    int timelineRows() const { return widget<QTableView>("timelineView")->model()->rowCount(); }
    QString accession(const QString &priority = QStringLiteral("routine"));
    CustodyStepDialog *openStep(const char *button);
    void record(const QString &accession, const CustodyRules::Step &step);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<SpecimenPage> m_page;
};

void TestSpecimenPage::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab));
    m_page = std::make_unique<SpecimenPage>(*m_lab);
    m_page->setActor(Tech);
    m_page->resize(1400, 900);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestSpecimenPage::init()
{
    // A step dialog left open by a failed test must not leak into the next one.
    for (CustodyStepDialog *d : m_page->findChildren<CustodyStepDialog *>())
        delete d;
}

void TestSpecimenPage::cleanupTestCase()
{
    m_page.reset();
    m_lab.reset();
    m_db.reset();
}

QString TestSpecimenPage::accession(const QString &priority)
{
    AccessionRequest r = testlab::serumRequest();
    r.priority = priority;
    Result<Specimen> s = m_lab->accessioner().accession(r, Tech);
    if (!s)
        qFatal("cannot accession: %s", qPrintable(s.error()));
    return s.value().accession;
}

void TestSpecimenPage::record(const QString &accession, const CustodyRules::Step &step)
{
    Result<CustodyService::Recorded> r = m_lab->custody().record(accession, step, Tech);
    QVERIFY2(r, qPrintable(r.error()));
}

CustodyStepDialog *TestSpecimenPage::openStep(const char *button)
{
    auto *b = widget<QPushButton>(button);
    if (!b->isEnabled())
        return nullptr;
    QTest::mouseClick(b, Qt::LeftButton);
    // Dialogs of earlier steps may still await deletion: the open one is the visible one.
    for (CustodyStepDialog *dialog : m_page->findChildren<CustodyStepDialog *>()) {
        if (dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

void TestSpecimenPage::typedNumberShowsWhereItIs()
{
    const QString acc = accession();
    auto *find = widget<QLineEdit>("findEdit");
    find->clear();
    QTest::keyClicks(find, acc.toLower()); // typed by hand, in lower case
    QTest::keyClick(find, Qt::Key_Return);

    QCOMPARE(text("accessionLabel"), acc);
    QCOMPARE(text("statusLabel"), QStringLiteral("Accessioned, not yet received"));
    QCOMPARE(text("locationLabel"), QStringLiteral("Main Lab / Receiving"));
    QVERIFY2(text("sinceLabel").contains(QStringLiteral("Accessioned by Priya Nair at station TST")),
             qPrintable(text("sinceLabel")));
    QCOMPARE(text("patientNameLabel"), QStringLiteral("Doe, Jane"));
    QCOMPARE(text("patientMrnLabel"), QStringLiteral("M0000001"));
    QVERIFY(text("patientDobLabel").startsWith(QStringLiteral("1980-04-02 (")));
    QCOMPARE(text("patientSexLabel"), QStringLiteral("Female"));
    QCOMPARE(text("specimenTypeLabel"), QStringLiteral("Serum"));
    QVERIFY(text("containerLabel").startsWith(QStringLiteral("Serum separator tube")));
    QVERIFY(text("collectedLabel").endsWith(QStringLiteral("by Ward 3")));
    QVERIFY(text("testsLabel").contains(QStringLiteral("Chemistry")));
    QVERIFY(text("testsLabel").contains(QStringLiteral("Glucose")));
    QCOMPARE(timelineRows(), 1);
    QCOMPARE(timelineCell(0, Col::Step), QStringLiteral("Accessioned"));
    QCOMPARE(m_page->currentAccession(), acc);
    QVERIFY(!widget<QWidget>("messageBar")->isVisible());
    // A specimen not yet received can be received, not retrieved.
    QVERIFY(widget<QPushButton>("receiveButton")->isEnabled());
    QVERIFY(!widget<QPushButton>("retrieveButton")->isEnabled());
    QVERIFY(!widget<QPushButton>("retrieveButton")->toolTip().isEmpty());
}

void TestSpecimenPage::badCheckCharacterIsExplained()
{
    const QString good = accession();
    QChar wrong = good.back() == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    const QString bad = good.left(good.size() - 1) + wrong;
    auto *find = widget<QLineEdit>("findEdit");
    find->clear();
    QTest::keyClicks(find, bad);
    QTest::keyClick(find, Qt::Key_Return);
    QVERIFY(widget<QWidget>("messageBar")->isVisible());
    QCOMPARE(text("messageLabel"),
             AccessionNumber::problemText(AccessionNumber::Problem::BadCheckCharacter, bad));
    QVERIFY(!widget<QPushButton>("accessionButton")->isVisible());
}

void TestSpecimenPage::unknownNumberOffersAccessioning()
{
    const QString unknown = AccessionNumber::compose(QStringLiteral("TST"), 26, 880001);
    QSignalSpy requested(m_page.get(), &SpecimenPage::accessionRequested);
    m_page->showSpecimen(unknown);
    QVERIFY(widget<QWidget>("messageBar")->isVisible());
    QVERIFY2(text("messageLabel").contains(QStringLiteral("No specimen %1").arg(unknown)),
             qPrintable(text("messageLabel")));
    QVERIFY(m_page->currentAccession().isEmpty());
    QVERIFY(widget<QLabel>("emptyLabel")->isVisible());
    auto *button = widget<QPushButton>("accessionButton");
    QVERIFY(button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).toString(), unknown);
}

void TestSpecimenPage::storeStepChangesTimelineAndHeader()
{
    const QString acc = accession();
    m_page->showSpecimen(acc);
    QSignalSpy changed(m_page.get(), &SpecimenPage::specimenChanged);
    const qint64 before = testlab::journalCount(*m_lab);

    QTest::mouseClick(widget<QPushButton>("receiveButton"), Qt::LeftButton);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(timelineCell(0, Col::Step), QStringLiteral("Received"));
    QCOMPARE(text("statusLabel"), QStringLiteral("Received"));
    QVERIFY(!widget<QPushButton>("receiveButton")->isEnabled());

    CustodyStepDialog *dialog = openStep("storeButton");
    QVERIFY(dialog);
    auto *location = dialog->findChild<QComboBox *>(QStringLiteral("locationCombo"));
    QVERIFY(location);
    QVERIFY(location->findText(QStringLiteral("Freezer 2 (-80 °C) / Rack 5")) >= 0); // the catalogue's places
    QTest::keyClicks(location->lineEdit(), QStringLiteral("Freezer 2 (-80 °C) / Rack 5"));
    auto *well = dialog->findChild<QLineEdit *>(QStringLiteral("wellEdit"));
    QTest::keyClicks(well, QStringLiteral("b7"));
    QCOMPARE(well->text(), QStringLiteral("B7"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("recordButton")), Qt::LeftButton);

    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.last().at(0).toString(), acc);
    QCOMPARE(testlab::journalCount(*m_lab), before + 2);
    QCOMPARE(timelineRows(), 3);
    QCOMPARE(timelineCell(0, Col::Step), QStringLiteral("Stored"));
    QCOMPARE(timelineCell(0, Col::Location), QStringLiteral("Freezer 2 (-80 °C) / Rack 5 / B7"));
    QCOMPARE(timelineCell(0, Col::Actor), QStringLiteral("Priya Nair"));
    QCOMPARE(timelineCell(0, Col::Station), QStringLiteral("TST"));
    QCOMPARE(text("statusLabel"), QStringLiteral("Stored"));
    QCOMPARE(text("locationLabel"), QStringLiteral("Freezer 2 (-80 °C) / Rack 5 / B7"));
    QVERIFY2(text("sinceLabel").contains(QStringLiteral("Stored by Priya Nair at station TST")),
             qPrintable(text("sinceLabel")));
    // Now in storage: it can be retrieved.
    QVERIFY(widget<QPushButton>("retrieveButton")->isEnabled());
    // The database agrees with the page.
    Result<std::optional<Specimen>> found = m_lab->specimens().find(acc);
    QVERIFY(found && found.value());
    QCOMPARE(found.value()->location, QStringLiteral("Freezer 2 (-80 °C) / Rack 5 / B7"));
}

void TestSpecimenPage::refusedStepKeepsDialogAndRecordsNothing()
{
    const QString acc = accession();
    record(acc, {CustodyKind::Received, {}, {}, {}, 0, {}});
    m_page->showSpecimen(acc);
    const qint64 before = testlab::journalCount(*m_lab);
    QSignalSpy changed(m_page.get(), &SpecimenPage::specimenChanged);

    CustodyStepDialog *dialog = openStep("storeButton");
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("reasonEdit")), QStringLiteral("keep"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("recordButton")), Qt::LeftButton);

    // No place given: the rules refuse, the dialog stays with their message and what was typed.
    QVERIFY(dialog->isVisible());
    auto *message = dialog->findChild<QLabel *>(QStringLiteral("messageLabel"));
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(), CustodyRules::check(*m_lab->specimens().find(acc).value(),
                                                  {CustodyKind::Stored, {}, {}, {}, 0, {}})
                                  .message);
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("reasonEdit"))->text(), QStringLiteral("keep"));
    QCOMPARE(testlab::journalCount(*m_lab), before);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(timelineCell(0, Col::Step), QStringLiteral("Received"));
    dialog->reject();
}

void TestSpecimenPage::rejectedSpecimenCannotBeReceived()
{
    const QString acc = accession();
    m_page->showSpecimen(acc);
    CustodyStepDialog *dialog = openStep("rejectButton");
    QVERIFY(dialog);
    auto *reason = dialog->findChild<QComboBox *>(QStringLiteral("reasonCombo"));
    QVERIFY(reason);
    QCOMPARE(reason->count(), int(Catalog::rejectionReasons().size()) + 1);
    reason->setCurrentIndex(reason->findData(QStringLiteral("hemolyzed")));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("reasonEdit")),
                     QStringLiteral("grossly pink"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("recordButton")), Qt::LeftButton);

    QCOMPARE(text("statusLabel"), QStringLiteral("Rejected"));
    QCOMPARE(timelineCell(0, Col::Step), QStringLiteral("Rejected"));
    QCOMPARE(timelineCell(0, Col::Detail), QStringLiteral("Hemolyzed: grossly pink"));
    QVERIFY(text("sinceLabel").contains(QStringLiteral("Hemolyzed")));

    // The page does not offer what the rules refuse, and says why.
    auto *receive = widget<QPushButton>("receiveButton");
    QVERIFY(!receive->isEnabled());
    QVERIFY2(receive->toolTip().contains(QStringLiteral("was rejected")), qPrintable(receive->toolTip()));
    QVERIFY(widget<QPushButton>("disposeButton")->isEnabled());
    QVERIFY(widget<QPushButton>("correctButton")->isEnabled());

    // And receiving it anyway (as a scan would) is refused: nothing is recorded.
    const qint64 before = testlab::journalCount(*m_lab);
    Result<CustodyService::Recorded> r =
        m_lab->custody().record(acc, {CustodyKind::Received, {}, {}, {}, 0, {}}, Tech);
    QVERIFY(!r);
    QCOMPARE(testlab::journalCount(*m_lab), before);
}

void TestSpecimenPage::staleReceiveIsRefusedByTheRules()
{
    // The page shows a tube waiting to be received; meanwhile a scan at receiving rejects it.
    const QString acc = accession();
    m_page->showSpecimen(acc);
    auto *receive = widget<QPushButton>("receiveButton");
    QVERIFY(receive->isEnabled());
    record(acc, {CustodyKind::Rejected, {}, QStringLiteral("leaking"), {}, 0, {}});
    const qint64 before = testlab::journalCount(*m_lab);
    QSignalSpy changed(m_page.get(), &SpecimenPage::specimenChanged);

    QTest::mouseClick(receive, Qt::LeftButton);

    QCOMPARE(testlab::journalCount(*m_lab), before);
    QCOMPARE(changed.count(), 0);
    QVERIFY(widget<QWidget>("messageBar")->isVisible());
    QVERIFY2(text("messageLabel").contains(QStringLiteral("%1 was rejected").arg(acc)),
             qPrintable(text("messageLabel")));
    // The page now shows what is true.
    QCOMPARE(text("statusLabel"), QStringLiteral("Rejected"));
    QCOMPARE(timelineCell(0, Col::Step), QStringLiteral("Rejected"));
    QVERIFY(!receive->isEnabled());
}

void TestSpecimenPage::aliquotsAreLinked()
{
    const QString parent = accession();
    record(parent, {CustodyKind::Received, {}, {}, {}, 0, {}});
    m_page->showSpecimen(parent);
    CustodyStepDialog *dialog = openStep("aliquotButton");
    QVERIFY(dialog);
    auto *count = dialog->findChild<QSpinBox *>(QStringLiteral("aliquotSpin"));
    count->setValue(3);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("recordButton")), Qt::LeftButton);

    Result<std::optional<Specimen>> found = m_lab->specimens().find(parent);
    QVERIFY(found && found.value());
    const QStringList children = found.value()->children;
    QCOMPARE(children.size(), 3);
    auto *family = widget<QLabel>("familyLabel");
    for (const QString &c : children)
        QVERIFY2(family->text().contains(QStringLiteral("href=\"%1\"").arg(c)), qPrintable(family->text()));
    QVERIFY(text("messageLabel").contains(children.first()));

    // Following a link opens the aliquot, which links back to its parent.
    emit family->linkActivated(children.at(1));
    QCOMPARE(m_page->currentAccession(), children.at(1));
    QCOMPARE(text("accessionLabel"), children.at(1));
    QVERIFY(family->text().contains(QStringLiteral("href=\"%1\"").arg(parent)));
    QCOMPARE(timelineCell(0, Col::Step), QStringLiteral("Created as aliquot"));
    emit family->linkActivated(parent);
    QCOMPARE(m_page->currentAccession(), parent);
}

void TestSpecimenPage::statStandsOut()
{
    const QString stat = accession(QStringLiteral("stat"));
    m_page->showSpecimen(stat);
    QCOMPARE(text("priorityLabel"), QStringLiteral("STAT"));
    QVERIFY(widget<QLabel>("priorityLabel")->styleSheet().contains(QStringLiteral("background")));
    m_page->showSpecimen(accession());
    QCOMPARE(text("priorityLabel"), QStringLiteral("Routine"));
    QVERIFY(!widget<QLabel>("priorityLabel")->styleSheet().contains(QStringLiteral("background")));
}

void TestSpecimenPage::reportIsSaved()
{
    const QString acc = accession();
    record(acc, {CustodyKind::Received, {}, {}, {}, 0, {}});
    m_page->showSpecimen(acc);
    QVERIFY(widget<QPushButton>("reportButton")->isEnabled());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("custody.pdf"));
    QVERIFY(m_page->saveReport(path));
    QFile pdf(path);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QVERIFY(text("messageLabel").contains(path));

    // A folder that does not exist: the message says so and the page stays as it was.
    QVERIFY(!m_page->saveReport(dir.filePath(QStringLiteral("missing/custody.pdf"))));
    QVERIFY(text("messageLabel").contains(QStringLiteral("Cannot write")));
    QCOMPARE(m_page->currentAccession(), acc);
}

QTEST_MAIN(TestSpecimenPage)
#include "tst_specimenpage.moc"

// Issue 21: a person holds a tube's results for manual review, with a reason; the header says so,
// the timeline records it without taking it for the tube's custody step, and the mark is cleared.
void TestSpecimenPage::manualReviewIsMarkedAndCleared()
{
    const QString acc = accession();
    m_page->showSpecimen(acc);
    auto *button = widget<QPushButton>("manualReviewButton");
    QVERIFY(button->isEnabled());
    QVERIFY2(button->text().contains(QStringLiteral("Hold")), qPrintable(button->text()));
    QVERIFY(!widget<QLabel>("manualReviewLabel")->isVisible());
    const int before = timelineRows();

    QVERIFY(!m_page->setManualReview(true, QStringLiteral("  ")));
    QVERIFY(widget<QWidget>("messageBar")->isVisible());
    QVERIFY2(text("messageLabel").contains(QStringLiteral("Say why")), qPrintable(text("messageLabel")));
    QCOMPARE(timelineRows(), before);

    QVERIFY(m_page->setManualReview(true, QStringLiteral("clinician asked to see it first")));
    QVERIFY(widget<QLabel>("manualReviewLabel")->isVisible());
    QCOMPARE(widget<QLabel>("manualReviewLabel")->toolTip(),
             QStringLiteral("clinician asked to see it first"));
    QVERIFY2(button->text().contains(QStringLiteral("Clear")), qPrintable(button->text()));
    QCOMPARE(timelineRows(), before + 1);
    QCOMPARE(timelineCell(0, Col::Step), QStringLiteral("Manual review"));
    // Bold is the tube's current step, not the row about its results.
    const QAbstractItemModel *model = widget<QTableView>("timelineView")->model();
    QVERIFY(!model->index(0, Col::Step).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(model->index(1, Col::Step).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY2(text("sinceLabel").contains(QStringLiteral("Accessioned by")), qPrintable(text("sinceLabel")));

    // Clearing lets the rules release again: not for a technician.
    QVERIFY(!m_page->setManualReview(false, QStringLiteral("seen")));
    QVERIFY(widget<QLabel>("manualReviewLabel")->isVisible());
    m_page->setActor(QStringLiteral("a.okafor"));
    QVERIFY(m_page->setManualReview(false, QStringLiteral("seen")));
    m_page->setActor(Tech);
    QVERIFY(!widget<QLabel>("manualReviewLabel")->isVisible());
    QVERIFY2(button->text().contains(QStringLiteral("Hold")), qPrintable(button->text()));
    QCOMPARE(timelineRows(), before + 2);
}
