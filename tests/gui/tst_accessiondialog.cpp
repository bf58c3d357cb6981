// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessiondialog.h"
#include "accession/accessionnumber.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>
#include <QTreeWidget>

using namespace benchside;

namespace {
const QString Tech = QStringLiteral("p.nair");
} // namespace

class TestAccessionDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void savesWhatWasTyped();
    void knownMrnFillsPatientReadOnly();
    void refusedSaveKeepsTheForm();
    void missingPatientFieldIsNamed();
    void preprintedLabelKeepsItsNumber();
    void badPreprintedLabelIsExplained();
    void testsAreFilteredBySpecimenType();
    void filterEnterTicksTheOnlyMatch();
    void containerFollowsTheTests();
    void keyboardOnly();
    void stationWithoutCatalogueSaysSo();

private:
    template<typename T> T *field(const char *name) const
    {
        T *w = m_dialog->findChild<T *>(QLatin1String(name));
        if (!w)
            qFatal("no %s in the accession dialog", name);
        return w;
    }
    void chooseType(const QString &code);
    void tick(const QString &code);
    QStringList visibleTests() const;
    QLabel *message() const { return field<QLabel>("messageLabel"); }

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<AccessionDialog> m_dialog;
};

void TestAccessionDialog::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab));
    // A patient the station already knows from an earlier specimen.
    Result<Specimen> earlier = m_lab->accessioner().accession(testlab::serumRequest(), Tech);
    QVERIFY2(earlier, qPrintable(earlier.error()));
}

void TestAccessionDialog::init()
{
    m_dialog = std::make_unique<AccessionDialog>(*m_lab, Tech);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
}

void TestAccessionDialog::cleanup()
{
    m_dialog.reset();
}

void TestAccessionDialog::cleanupTestCase()
{
    m_lab.reset();
    m_db.reset();
}

void TestAccessionDialog::chooseType(const QString &code)
{
    auto *type = field<QComboBox>("specimenTypeCombo");
    const int index = type->findData(code);
    QVERIFY(index >= 0);
    type->setCurrentIndex(index);
}

void TestAccessionDialog::tick(const QString &code)
{
    auto *tree = field<QTreeWidget>("testsTree");
    for (QTreeWidgetItem *item :
         tree->findItems(code + QStringLiteral(" — "), Qt::MatchStartsWith | Qt::MatchRecursive)) {
        QVERIFY2(!item->isHidden(), qPrintable(code));
        // Keyboard, as a technician would: select the row and press Space.
        tree->setFocus();
        tree->setCurrentItem(item);
        QTest::keyClick(tree, Qt::Key_Space);
        QCOMPARE(item->checkState(0), Qt::Checked);
        return;
    }
    QFAIL(qPrintable(QStringLiteral("no test %1 in the list").arg(code)));
}

QStringList TestAccessionDialog::visibleTests() const
{
    auto *tree = field<QTreeWidget>("testsTree");
    QStringList codes;
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = tree->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i) {
            if (!group->isHidden() && !group->child(i)->isHidden())
                codes << group->child(i)->text(0).section(QStringLiteral(" — "), 0, 0);
        }
    }
    return codes;
}

void TestAccessionDialog::savesWhatWasTyped()
{
    const qint64 before = testlab::journalCount(*m_lab);
    QTest::keyClicks(field<QLineEdit>("mrnEdit"), QStringLiteral("M7700001"));
    QVERIFY(field<QLineEdit>("nameEdit")->isEnabled());
    QVERIFY(!field<QLineEdit>("nameEdit")->isReadOnly());
    QTest::keyClicks(field<QLineEdit>("nameEdit"), QStringLiteral("Rossi, Maria"));
    auto *dob = field<QDateEdit>("birthDateEdit");
    dob->setFocus();
    QTest::keyClicks(dob, QStringLiteral("1975-11-23"));
    QCOMPARE(dob->date(), QDate(1975, 11, 23));
    // Typed with its separators, as people write times, into the collection time.
    auto *collected = field<QDateTimeEdit>("collectedAtEdit");
    const QDateTime earlier = QDateTime::currentDateTime().addSecs(-3600);
    collected->setFocus();
    collected->setSelectedSection(QDateTimeEdit::YearSection);
    QTest::keyClicks(collected, earlier.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    QCOMPARE(collected->dateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
             earlier.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    auto *sex = field<QComboBox>("sexCombo");
    sex->setCurrentIndex(sex->findData(QStringLiteral("F")));
    chooseType(QStringLiteral("SERUM"));
    tick(QStringLiteral("GLU"));
    tick(QStringLiteral("CREA"));
    QTest::mouseClick(field<QRadioButton>("statRadio"), Qt::LeftButton);
    QTest::keyClicks(field<QLineEdit>("collectorEdit"), QStringLiteral("Ward 7 nurse"));
    // Enter in a field saves: the form is keyboard-first.
    QTest::keyClick(field<QLineEdit>("collectorEdit"), Qt::Key_Return);

    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
    QVERIFY2(m_dialog->accessioned().has_value(), qPrintable(message()->text()));
    const QString accession = m_dialog->accessioned()->accession;
    QCOMPARE(AccessionNumber::validate(accession), AccessionNumber::Problem::None);
    QVERIFY(accession.startsWith(QStringLiteral("TST")));
    QCOMPARE(testlab::journalCount(*m_lab), before + 1);

    Result<std::optional<Specimen>> found = m_lab->specimens().find(accession);
    QVERIFY(found && found.value());
    const Specimen &s = *found.value();
    QCOMPARE(s.priority, QStringLiteral("stat"));
    QCOMPARE(s.specimenType, QStringLiteral("SERUM"));
    QCOMPARE(s.container, QStringLiteral("SST"));
    QCOMPARE(s.collector, QStringLiteral("Ward 7 nurse"));
    QStringList tests = s.testCodes();
    tests.sort();
    QCOMPARE(tests, (QStringList{QStringLiteral("CREA"), QStringLiteral("GLU")}));
    QCOMPARE(s.patient.mrn, QStringLiteral("M7700001"));
    QCOMPARE(s.patient.name, QStringLiteral("Rossi, Maria"));
    QCOMPARE(s.patient.birthDate, QStringLiteral("1975-11-23"));
    QCOMPARE(s.patient.sex, QStringLiteral("F"));
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(s.collectedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
             earlier.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
}

void TestAccessionDialog::knownMrnFillsPatientReadOnly()
{
    auto *name = field<QLineEdit>("nameEdit");
    auto *dob = field<QDateEdit>("birthDateEdit");
    auto *sex = field<QComboBox>("sexCombo");
    QVERIFY(!name->isEnabled()); // no MRN yet: a patient without one is "not identified"

    QTest::keyClicks(field<QLineEdit>("mrnEdit"), QStringLiteral("M000000"));
    QVERIFY(name->isEnabled());
    QTest::keyClicks(name, QStringLiteral("Typed, Before"));
    QTest::keyClicks(field<QLineEdit>("mrnEdit"), QStringLiteral("1")); // now M0000001, known
    QCOMPARE(name->text(), QStringLiteral("Doe, Jane"));
    QVERIFY(name->isReadOnly());
    QVERIFY(dob->isReadOnly());
    QCOMPARE(dob->date(), QDate(1980, 4, 2));
    QCOMPARE(sex->currentData().toString(), QStringLiteral("F"));
    QVERIFY(!sex->isEnabled());
    QVERIFY(field<QLabel>("patientNoteLabel")->text().contains(QStringLiteral("Known patient")));

    // Back to an unknown MRN: what the user had typed comes back, editable.
    QTest::keyClick(field<QLineEdit>("mrnEdit"), Qt::Key_Backspace);
    QCOMPARE(name->text(), QStringLiteral("Typed, Before"));
    QVERIFY(!name->isReadOnly());
    QVERIFY(sex->isEnabled());

    // A known patient is saved with the registered details.
    QTest::keyClicks(field<QLineEdit>("mrnEdit"), QStringLiteral("1"));
    chooseType(QStringLiteral("WB_EDTA"));
    tick(QStringLiteral("HGB"));
    QTest::mouseClick(field<QPushButton>("saveButton"), Qt::LeftButton);
    QVERIFY2(m_dialog->accessioned().has_value(), qPrintable(message()->text()));
    QCOMPARE(m_dialog->accessioned()->patient.name, QStringLiteral("Doe, Jane"));
    QCOMPARE(m_dialog->accessioned()->container, QStringLiteral("EDTA"));
}

void TestAccessionDialog::refusedSaveKeepsTheForm()
{
    const qint64 before = testlab::journalCount(*m_lab);
    QTest::keyClicks(field<QLineEdit>("mrnEdit"), QStringLiteral("M7700002"));
    QTest::keyClicks(field<QLineEdit>("nameEdit"), QStringLiteral("Okoro, Ada"));
    field<QDateEdit>("birthDateEdit")->setDate(QDate(1990, 1, 31));
    auto *sex = field<QComboBox>("sexCombo");
    sex->setCurrentIndex(sex->findData(QStringLiteral("U")));
    chooseType(QStringLiteral("URINE"));
    QTest::mouseClick(field<QRadioButton>("asapRadio"), Qt::LeftButton);
    QTest::keyClicks(field<QLineEdit>("collectorEdit"), QStringLiteral("ED triage"));
    QTest::keyClick(field<QLineEdit>("collectorEdit"), Qt::Key_Return); // no test ordered

    QVERIFY(m_dialog->isVisible());
    QVERIFY(m_dialog->result() != int(QDialog::Accepted));
    QVERIFY(!m_dialog->accessioned());
    QVERIFY(message()->isVisible());
    QCOMPARE(message()->text(), QStringLiteral("Order at least one test."));
    QCOMPARE(testlab::journalCount(*m_lab), before);
    // Everything typed is still there.
    QCOMPARE(field<QLineEdit>("mrnEdit")->text(), QStringLiteral("M7700002"));
    QCOMPARE(field<QLineEdit>("nameEdit")->text(), QStringLiteral("Okoro, Ada"));
    QCOMPARE(field<QDateEdit>("birthDateEdit")->date(), QDate(1990, 1, 31));
    QCOMPARE(sex->currentData().toString(), QStringLiteral("U"));
    QCOMPARE(field<QComboBox>("specimenTypeCombo")->currentData().toString(), QStringLiteral("URINE"));
    QVERIFY(field<QRadioButton>("asapRadio")->isChecked());
    QCOMPARE(field<QLineEdit>("collectorEdit")->text(), QStringLiteral("ED triage"));

    // Fixing the one thing and saving again works.
    tick(QStringLiteral("UCULT"));
    QTest::mouseClick(field<QPushButton>("saveButton"), Qt::LeftButton);
    QVERIFY2(m_dialog->accessioned().has_value(), qPrintable(message()->text()));
    QCOMPARE(m_dialog->accessioned()->priority, QStringLiteral("asap"));
    QCOMPARE(m_dialog->accessioned()->testCodes(), QStringList{QStringLiteral("UCULT")});
    QCOMPARE(testlab::journalCount(*m_lab), before + 1);
}

void TestAccessionDialog::missingPatientFieldIsNamed()
{
    const qint64 before = testlab::journalCount(*m_lab);
    QTest::keyClicks(field<QLineEdit>("mrnEdit"), QStringLiteral("M7700003"));
    QTest::keyClicks(field<QLineEdit>("nameEdit"), QStringLiteral("Lee, Min"));
    chooseType(QStringLiteral("SERUM"));
    tick(QStringLiteral("NA"));
    QTest::mouseClick(field<QPushButton>("saveButton"), Qt::LeftButton);
    QVERIFY(!m_dialog->accessioned());
    QVERIFY(message()->isVisible());
    QVERIFY2(message()->text().contains(QStringLiteral("date of birth")), qPrintable(message()->text()));
    QCOMPARE(testlab::journalCount(*m_lab), before);

    // A future collection time is the accessioner's refusal, shown as it words it.
    field<QDateEdit>("birthDateEdit")->setDate(QDate(2001, 2, 3));
    auto *sex = field<QComboBox>("sexCombo");
    sex->setCurrentIndex(sex->findData(QStringLiteral("M")));
    field<QDateTimeEdit>("collectedAtEdit")->setDateTime(QDateTime::currentDateTime().addDays(1));
    QTest::mouseClick(field<QPushButton>("saveButton"), Qt::LeftButton);
    QVERIFY(!m_dialog->accessioned());
    QVERIFY2(message()->text().contains(QStringLiteral("future")), qPrintable(message()->text()));
    QCOMPARE(testlab::journalCount(*m_lab), before);
}

void TestAccessionDialog::preprintedLabelKeepsItsNumber()
{
    const QString label = AccessionNumber::compose(QStringLiteral("TST"), 26, 990001);
    m_dialog = std::make_unique<AccessionDialog>(*m_lab, Tech, label);
    m_dialog->show();
    QCOMPARE(field<QLineEdit>("barcodeEdit")->text(), label);
    QVERIFY(field<QLineEdit>("mrnEdit")->hasFocus() || !m_dialog->isActiveWindow());
    chooseType(QStringLiteral("PLASMA_CIT"));
    tick(QStringLiteral("PT"));
    tick(QStringLiteral("APTT"));
    QTest::mouseClick(field<QPushButton>("saveButton"), Qt::LeftButton);
    QVERIFY2(m_dialog->accessioned().has_value(), qPrintable(message()->text()));
    QCOMPARE(m_dialog->accessioned()->accession, label);
    QVERIFY(m_dialog->accessioned()->patient.mrn.isEmpty());
    QVERIFY(m_lab->specimens().exists(label));

    // The same label a second time is refused with the accessioner's message; nothing is recorded.
    const qint64 before = testlab::journalCount(*m_lab);
    m_dialog = std::make_unique<AccessionDialog>(*m_lab, Tech, label);
    m_dialog->show();
    chooseType(QStringLiteral("PLASMA_CIT"));
    tick(QStringLiteral("PT"));
    QTest::mouseClick(field<QPushButton>("saveButton"), Qt::LeftButton);
    QVERIFY(!m_dialog->accessioned());
    QVERIFY2(message()->text().contains(QStringLiteral("already accessioned")),
             qPrintable(message()->text()));
    QCOMPARE(testlab::journalCount(*m_lab), before);
}

void TestAccessionDialog::badPreprintedLabelIsExplained()
{
    auto *barcode = field<QLineEdit>("barcodeEdit");
    QTest::keyClicks(barcode, QStringLiteral("tst26000123"));
    QCOMPARE(barcode->text(), QStringLiteral("TST26000123")); // typed lower case, kept upper case
    const QString hint = field<QLabel>("barcodeHintLabel")->text();
    QCOMPARE(hint, AccessionNumber::problemText(AccessionNumber::validate(QStringLiteral("TST26000123")),
                                                QStringLiteral("TST26000123")));
    QVERIFY(!hint.isEmpty());
    barcode->selectAll();
    QTest::keyClick(barcode, Qt::Key_Backspace);
    QCOMPARE(field<QLabel>("barcodeHintLabel")->text(),
             QStringLiteral("A new accession number will be assigned."));
}

void TestAccessionDialog::testsAreFilteredBySpecimenType()
{
    // No type chosen: every test is offered, and ticking one chooses its type.
    QCOMPARE(visibleTests().size(), int(m_lab->catalog().tests().value().size()));
    QCOMPARE(field<QComboBox>("specimenTypeCombo")->currentIndex(), -1);
    tick(QStringLiteral("UPH"));
    QCOMPARE(field<QComboBox>("specimenTypeCombo")->currentData().toString(), QStringLiteral("URINE"));
    QStringList urine = visibleTests();
    urine.sort();
    QCOMPARE(urine, (QStringList{QStringLiteral("UCULT"), QStringLiteral("UGLU"), QStringLiteral("UNIT"),
                                 QStringLiteral("UPH"), QStringLiteral("UPROT"), QStringLiteral("USG")}));
    // Grouped by bench: urine tests sit under Urinalysis and Microbiology, nothing else is shown.
    auto *tree = field<QTreeWidget>("testsTree");
    QStringList benches;
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        if (!tree->topLevelItem(g)->isHidden())
            benches << tree->topLevelItem(g)->text(0);
    }
    QCOMPARE(benches, (QStringList{QStringLiteral("Microbiology"), QStringLiteral("Urinalysis")}));

    // A tick under another type is kept but not ordered.
    tick(QStringLiteral("USG"));
    chooseType(QStringLiteral("SERUM"));
    QVERIFY(!visibleTests().contains(QStringLiteral("USG")));
    QVERIFY(field<QLabel>("testSummaryLabel")->text().contains(QStringLiteral("No test")));
    chooseType(QStringLiteral("URINE"));
    QCOMPARE(field<QLabel>("testSummaryLabel")->text(), QStringLiteral("Ordered (2): UPH, USG"));
}

void TestAccessionDialog::filterEnterTicksTheOnlyMatch()
{
    chooseType(QStringLiteral("SERUM"));
    auto *filter = field<QLineEdit>("testFilterEdit");
    QTest::keyClicks(filter, QStringLiteral("creatinine"));
    QCOMPARE(visibleTests(), QStringList{QStringLiteral("CREA")});
    QTest::keyClick(filter, Qt::Key_Return);
    QVERIFY(filter->text().isEmpty());
    // An exact code wins over the other tests whose names contain it.
    QTest::keyClicks(filter, QStringLiteral("na"));
    QVERIFY(visibleTests().size() > 1);
    QTest::keyClick(filter, Qt::Key_Return);
    QVERIFY(m_dialog->isVisible()); // Enter in the filter ticks; it does not save
    QVERIFY(!m_dialog->accessioned());
    QCOMPARE(field<QLabel>("testSummaryLabel")->text(), QStringLiteral("Ordered (2): CREA, NA"));
}

void TestAccessionDialog::containerFollowsTheTests()
{
    auto *container = field<QComboBox>("containerCombo");
    QVERIFY(container->currentData().toString().isEmpty());
    chooseType(QStringLiteral("PLASMA_LH"));
    tick(QStringLiteral("TROPI"));
    QCOMPARE(container->currentData().toString(), QStringLiteral("LH"));
}

void TestAccessionDialog::keyboardOnly()
{
    // A technician who never touches the mouse: Tab from field to field, Enter to save.
    QApplication::setActiveWindow(m_dialog.get());
    QVERIFY(QTest::qWaitForWindowActive(m_dialog.get()));
    const auto focused = [] {
        return QApplication::focusWidget() ? QApplication::focusWidget()->objectName() : QString();
    };
    const auto type = [](const QString &text) {
        QTest::keyClicks(QApplication::focusWidget(), text);
    };
    const auto press = [](Qt::Key key) {
        QTest::keyClick(QApplication::focusWidget(), key);
    };

    QCOMPARE(focused(), QStringLiteral("mrnEdit"));
    type(QStringLiteral("M7700009"));
    press(Qt::Key_Tab);
    QCOMPARE(focused(), QStringLiteral("nameEdit"));
    type(QStringLiteral("Keyes, Alan"));
    press(Qt::Key_Tab);
    QCOMPARE(focused(), QStringLiteral("birthDateEdit"));
    type(QStringLiteral("1960-02-29"));
    press(Qt::Key_Tab);
    QCOMPARE(focused(), QStringLiteral("sexCombo"));
    type(QStringLiteral("M"));
    press(Qt::Key_Tab);
    QCOMPARE(focused(), QStringLiteral("specimenTypeCombo"));
    type(QStringLiteral("Whole")); // keyboard search: the first type whose name starts so
    press(Qt::Key_Tab);
    QCOMPARE(focused(), QStringLiteral("containerCombo"));
    press(Qt::Key_Tab);
    QCOMPARE(focused(), QStringLiteral("collectedAtEdit"));
    press(Qt::Key_Tab);
    QCOMPARE(focused(), QStringLiteral("collectorEdit"));
    type(QStringLiteral("Ward 2"));
    press(Qt::Key_Tab);
    QCOMPARE(focused(), QStringLiteral("routineRadio"));
    press(Qt::Key_Right);
    press(Qt::Key_Right);
    QCOMPARE(focused(), QStringLiteral("statRadio"));
    press(Qt::Key_Tab);
    QCOMPARE(focused(), QStringLiteral("testFilterEdit"));
    // The priority group is one stop both ways: back lands on the checked choice, then the collector.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ShiftModifier);
    QCOMPARE(focused(), QStringLiteral("statRadio"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ShiftModifier);
    QCOMPARE(focused(), QStringLiteral("collectorEdit"));
    press(Qt::Key_Tab);
    press(Qt::Key_Tab);
    QCOMPARE(focused(), QStringLiteral("testFilterEdit"));
    type(QStringLiteral("hgb"));
    press(Qt::Key_Return);
    type(QStringLiteral("plt"));
    press(Qt::Key_Return);
    QVERIFY(!m_dialog->accessioned());
    press(Qt::Key_Return); // empty filter: Enter saves

    QVERIFY2(m_dialog->accessioned().has_value(), qPrintable(message()->text()));
    const Specimen s = *m_dialog->accessioned();
    QCOMPARE(s.patient.name, QStringLiteral("Keyes, Alan"));
    QCOMPARE(s.patient.birthDate, QStringLiteral("1960-02-29"));
    QCOMPARE(s.patient.sex, QStringLiteral("M"));
    QCOMPARE(s.specimenType, QStringLiteral("WB_EDTA"));
    QCOMPARE(s.priority, QStringLiteral("stat"));
    QCOMPARE(s.collector, QStringLiteral("Ward 2"));
    QStringList tests = s.testCodes();
    tests.sort();
    QCOMPARE(tests, (QStringList{QStringLiteral("HGB"), QStringLiteral("PLT")}));
}

void TestAccessionDialog::stationWithoutCatalogueSaysSo()
{
    TestDatabase empty(QStringLiteral("NEW"));
    std::unique_ptr<Lab> lab = empty.open();
    AccessionDialog dialog(*lab, QString());
    dialog.show();
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("messageLabel"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("no catalogue")), qPrintable(message->text()));
    dialog.findChild<QPushButton *>(QStringLiteral("saveButton"))->click();
    QVERIFY(!dialog.accessioned());
    QCOMPARE(testlab::journalCount(*lab), 0);
}

QTEST_MAIN(TestAccessionDialog)
#include "tst_accessiondialog.moc"
