// SPDX-License-Identifier: GPL-3.0-or-later
// Autoverification for supervisors (issue 21): the rules dialog on the Station menu shows a test's
// rules in force in words and as JSON, saves edited rules only with a reason and only for a
// supervisor (a technician's refusal is shown), and tries edited rules on the analyzer results of
// the last days, made here with AnalyzerIntake; the Overview counts today's analyzer results and
// those the rules released, per bench and test.

#include "analyzer/analyzerintake.h"
#include "analyzer/analyzermapcsv.h"
#include "analyzer/analyzerregistry.h"
#include "autoverify/autoverifydialog.h"
#include "autoverify/autoverifyrate.h"
#include "autoverify/autoverifyratetable.h"
#include "autoverify/autoverifyservice.h"
#include "benchfixture.h"
#include "labhelpers.h"
#include "overview/overviewpage.h"
#include "qc/qcservice.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStatusBar>

using namespace benchside;

namespace {
const QString Technician = QStringLiteral("p.nair");
const QString Supervisor = QStringLiteral("a.okafor");
const QString Administrator = QStringLiteral("admin");

// A chemistry analyzer's message for one tube: GLU (717/) with its value and flag, measured now.
QByteArray message(const QString &specimen, const QString &value, const QString &flag)
{
    const QString now = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMddHHmmss"));
    const QStringList records{QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1|%1").arg(now),
                              QStringLiteral("P|1"), QStringLiteral("O|1|%1||^^^717/|R").arg(specimen),
                              QStringLiteral("R|1|^^^717/|%1|mmol/l||%2||F||op||%3|P1").arg(value, flag, now),
                              QStringLiteral("L|1|N")};
    return records.join(QLatin1Char('\r')).toUtf8() + '\r';
}

// Typed into a field: the station's scanner filter holds fast keystrokes a moment before it gives
// them back as typing.
bool typeInto(QLineEdit *field, const QString &text)
{
    field->setFocus();
    QTest::keyClicks(field, text);
    return QTest::qWaitFor([&] { return field->text() == text; }, 3000);
}

template<typename T> T *in(QWidget *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qFatal("no %s", qPrintable(name));
    return found;
}
} // namespace

class TestAutoverifyPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void technicianCannotSetRules();
    void supervisorSetsRulesWithAReason();
    void tryShowsWhatEditedRulesWouldDo();
    void rateCountsTodaysAnalyzerResults();
    void cleanupTestCase() { m_fixture.tearDown(); }

private:
    AutoverifyRules rules()
    {
        Result<AutoverifyRules> r = AutoverifyService(m_fixture.lab().store(), m_fixture.lab().catalog(),
                                                      m_fixture.lab().permissions())
                                        .rules(QStringLiteral("GLU"));
        if (!r)
            qFatal("cannot read the rules: %s", qPrintable(r.error()));
        return r.value();
    }
    QString analyzerResult(const QString &value, const QString &flag);

    testlab::BenchFixture m_fixture;
    std::unique_ptr<AnalyzerIntake> m_intake;
    AnalyzerDefinition m_analyzer;
    QStringList m_accessions; // released, held (flag A), released: in that order
};

void TestAutoverifyPage::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.setUp(error), qPrintable(error));
    Lab &lab = m_fixture.lab();
    AnalyzerRegistry registry(lab.store(), lab.permissions(), lab.catalog());
    AnalyzerDefinition d;
    d.name = QStringLiteral("c311");
    d.endpoint = AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), 5000);
    d.profile = AstmProfile::Roche;
    QVERIFY(registry.define(d, Administrator));
    Result<QList<AnalyzerMapEntry>> map =
        AnalyzerMapCsv::parse("analyzer_code,test,unit,factor\n717/,GLU,mmol/l,\n");
    QVERIFY2(map, qPrintable(map.error()));
    QVERIFY(registry.setMap(QStringLiteral("c311"), map.value(), Administrator));
    Result<std::optional<AnalyzerDefinition>> found = registry.find(QStringLiteral("c311"));
    QVERIFY(found && found.value());
    m_analyzer = *found.value();
    m_intake = std::make_unique<AnalyzerIntake>(lab, QStringLiteral("c311"));
    m_intake->setClock([] { return QDateTime::currentDateTime(); });
}

QString TestAutoverifyPage::analyzerResult(const QString &value, const QString &flag)
{
    const QString accession =
        testlab::receivedFor(m_fixture.lab(), QStringLiteral("adult"), {QStringLiteral("GLU")});
    Result<AnalyzerIntake::Outcome> o = m_intake->receive(m_analyzer, message(accession, value, flag));
    if (!o)
        qFatal("the analyzer's result was not taken: %s", qPrintable(o.error()));
    return accession;
}

void TestAutoverifyPage::technicianCannotSetRules()
{
    m_fixture.setActor(Technician);
    auto *action = in<QAction>(&m_fixture.window(), QStringLiteral("autoverifyAction"));
    QVERIFY(!action->isEnabled());

    // Even with the dialog open (another way in), the rules are not changed and the refusal is shown.
    AutoverifyDialog dialog(m_fixture.lab(), Technician, &m_fixture.window());
    dialog.show();
    QVERIFY(dialog.selectTest(QStringLiteral("GLU")));
    QVERIFY(in<QLabel>(&dialog, QStringLiteral("autoverifyDescription"))
                ->text()
                .startsWith(QStringLiteral("Off: every result of GLU waits for a person.")));
    in<QCheckBox>(&dialog, QStringLiteral("autoverifyEnabled"))->setChecked(true);
    QVERIFY(
        typeInto(in<QLineEdit>(&dialog, QStringLiteral("autoverifyReason")), QStringLiteral("validated")));
    QTest::mouseClick(in<QPushButton>(&dialog, QStringLiteral("autoverifySave")), Qt::LeftButton);
    auto *error = in<QLabel>(&dialog, QStringLiteral("autoverifyError"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("change the autoverification rules")),
             qPrintable(error->text()));
    QVERIFY(dialog.isVisible());
    QCOMPARE(rules().version, 0);
    QVERIFY(!rules().enabled);
}

void TestAutoverifyPage::supervisorSetsRulesWithAReason()
{
    m_fixture.setActor(Supervisor);
    auto *action = in<QAction>(&m_fixture.window(), QStringLiteral("autoverifyAction"));
    QVERIFY(action->isEnabled());
    bool answered = false;
    bool refusedWithoutReason = false;
    QString saveError;
    m_fixture.whenDialog(this, QStringLiteral("autoverifyDialog"), [&](QDialog *dialog) {
        answered = true;
        auto *dialogTest = in<QComboBox>(dialog, QStringLiteral("autoverifyTest"));
        dialogTest->setCurrentIndex(dialogTest->findData(QStringLiteral("GLU")));
        in<QCheckBox>(dialog, QStringLiteral("autoverifyEnabled"))->setChecked(true);
        in<QRadioButton>(dialog, QStringLiteral("autoverifyUseWiden"))->setChecked(true);
        in<QDoubleSpinBox>(dialog, QStringLiteral("autoverifyWiden"))->setValue(10);
        in<QDoubleSpinBox>(dialog, QStringLiteral("autoverifyQcMaxAge"))->setValue(12);
        auto *save = in<QPushButton>(dialog, QStringLiteral("autoverifySave"));
        // Without a reason: refused, the dialog stays open.
        QTest::mouseClick(save, Qt::LeftButton);
        refusedWithoutReason =
            dialog->isVisible() && in<QLabel>(dialog, QStringLiteral("autoverifyError"))
                                       ->text()
                                       .contains(QStringLiteral("Say why the rules change"));
        if (!typeInto(in<QLineEdit>(dialog, QStringLiteral("autoverifyReason")),
                      QStringLiteral("validated on 200 results"))) {
            saveError = QStringLiteral("the reason could not be typed");
            dialog->reject();
            return;
        }
        QTest::mouseClick(save, Qt::LeftButton);
        if (dialog->isVisible()) { // refused: said in the test's failure below
            saveError = in<QLabel>(dialog, QStringLiteral("autoverifyError"))->text();
            dialog->reject();
        }
    });
    action->trigger();
    QVERIFY(answered);
    QVERIFY2(saveError.isEmpty(), qPrintable(saveError));
    QVERIFY(refusedWithoutReason);
    const AutoverifyRules r = rules();
    QCOMPARE(r.version, 1);
    QVERIFY(r.enabled);
    QVERIFY(!r.low && !r.high);
    QCOMPARE(r.widenPercent, 10.0);
    QVERIFY(!r.deltaLimit);
    QCOMPARE(r.qcMaxAgeHours, 12.0);
    QVERIFY(m_fixture.window().statusBar()->currentMessage().startsWith(QStringLiteral("On (rules v1)")));
}

void TestAutoverifyPage::tryShowsWhatEditedRulesWouldDo()
{
    // A history: an accepted QC run on the analyzer, then three results of GLU (range 3.9–5.5).
    Lab &lab = m_fixture.lab();
    QcService qc(lab.store(), lab.catalog());
    QVERIFY(qc.defineLot({QStringLiteral("GLU"), QStringLiteral("G-9"), 1, 5.0, 0.1, {}, {}}, Administrator));
    QVERIFY(qc.definePattern({QStringLiteral("GLU"), QStringLiteral("G-9"), 1, QStringLiteral("QC-G9-*")},
                             Administrator));
    QCOMPARE(m_intake
                 ->receive(m_analyzer,
                           message(QStringLiteral("QC-G9-1"), QStringLiteral("5.02"), QStringLiteral("N")))
                 .value()
                 .qcRuns,
             1);
    m_accessions << analyzerResult(QStringLiteral("5.6"), QStringLiteral("N")) // within 3.74–5.66
                 << analyzerResult(QStringLiteral("4.9"), QStringLiteral("A")) // an analyzer flag
                 << analyzerResult(QStringLiteral("4.6"), QStringLiteral("N"));
    QCOMPARE(m_fixture.order(m_accessions.at(0) + QStringLiteral("-GLU"))->result->verifiedBy,
             QStringLiteral("autoverify"));
    QVERIFY(m_fixture.order(m_accessions.at(1) + QStringLiteral("-GLU"))->result->verifiedBy.isEmpty());

    AutoverifyDialog dialog(lab, Supervisor, &m_fixture.window());
    dialog.show();
    QVERIFY(dialog.selectTest(QStringLiteral("GLU")));
    QVERIFY(in<QLabel>(&dialog, QStringLiteral("autoverifyDescription"))
                ->text()
                .startsWith(QStringLiteral("On (rules v1): a result of GLU")));
    const QString json = in<QPlainTextEdit>(&dialog, QStringLiteral("autoverifyJson"))->toPlainText();
    QVERIFY2(json.contains(QStringLiteral("\"widen_percent\": 10")), qPrintable(json));
    QVERIFY(json.contains(QStringLiteral("\"qc_max_age_hours\": 12")));
    QVERIFY(in<QLineEdit>(&dialog, QStringLiteral("autoverifyReason"))->text().isEmpty());

    // Stricter limits of their own: the released 5.6 would be held.
    in<QRadioButton>(&dialog, QStringLiteral("autoverifyUseLimits"))->setChecked(true);
    in<QDoubleSpinBox>(&dialog, QStringLiteral("autoverifyLow"))->setValue(4.0);
    in<QDoubleSpinBox>(&dialog, QStringLiteral("autoverifyHigh"))->setValue(5.5);
    QTest::mouseClick(in<QPushButton>(&dialog, QStringLiteral("autoverifyTry")), Qt::LeftButton);
    const QString trial = in<QLabel>(&dialog, QStringLiteral("autoverifyTrial"))->text();
    QVERIFY2(trial.startsWith(QStringLiteral(
                 "3 analyzer results in 30 days: would release 1, hold 2; 1 decided differently.")),
             qPrintable(trial));
    QVERIFY2(trial.contains(m_accessions.at(0) + QStringLiteral("-GLU (5.6): now held")), qPrintable(trial));
    QVERIFY(!trial.contains(m_accessions.at(2)));
    // Trying saves nothing.
    QCOMPARE(rules().version, 1);

    // Limits the wrong way round: said in the dialog, nothing tried.
    in<QDoubleSpinBox>(&dialog, QStringLiteral("autoverifyLow"))->setValue(6.0);
    QTest::mouseClick(in<QPushButton>(&dialog, QStringLiteral("autoverifyTry")), Qt::LeftButton);
    QVERIFY(in<QLabel>(&dialog, QStringLiteral("autoverifyError"))
                ->text()
                .contains(QStringLiteral("low autoverification limit must be below")));
    QVERIFY(in<QLabel>(&dialog, QStringLiteral("autoverifyTrial"))->text().isEmpty());

    // Saved with a delta limit: version 2 with exactly those values.
    in<QDoubleSpinBox>(&dialog, QStringLiteral("autoverifyLow"))->setValue(4.0);
    in<QCheckBox>(&dialog, QStringLiteral("autoverifyUseDelta"))->setChecked(true);
    in<QDoubleSpinBox>(&dialog, QStringLiteral("autoverifyDelta"))->setValue(1.5);
    QVERIFY(!in<QDoubleSpinBox>(&dialog, QStringLiteral("autoverifyIcterus"))->isEnabled());
    in<QCheckBox>(&dialog, QStringLiteral("autoverifyIcterusOn"))->setChecked(true);
    QVERIFY(in<QDoubleSpinBox>(&dialog, QStringLiteral("autoverifyIcterus"))->isEnabled());
    in<QDoubleSpinBox>(&dialog, QStringLiteral("autoverifyIcterus"))->setValue(20);
    QVERIFY(typeInto(in<QLineEdit>(&dialog, QStringLiteral("autoverifyReason")), QStringLiteral("stricter")));
    QTest::mouseClick(in<QPushButton>(&dialog, QStringLiteral("autoverifySave")), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const AutoverifyRules r = rules();
    QCOMPARE(r.version, 2);
    QCOMPARE(r.low, std::optional<double>(4.0));
    QCOMPARE(r.high, std::optional<double>(5.5));
    QCOMPARE(r.deltaLimit, std::optional<double>(1.5));
    QCOMPARE(r.icterusMax, std::optional<double>(20.0));
    QVERIFY(!r.hemolysisMax && !r.lipemiaMax);
    QCOMPARE(dialog.saved().version, 2);
}

void TestAutoverifyPage::rateCountsTodaysAnalyzerResults()
{
    Lab &lab = m_fixture.lab();
    // A typed result is not the analyzers' work: not counted.
    const QString typed = m_fixture.receivedSpecimen({QStringLiteral("GLU")});
    QVERIFY(testlab::writeResultEvent(lab, Technician, QStringLiteral("result.entered"),
                                      typed + QStringLiteral("-GLU"),
                                      {{QStringLiteral("test"), QStringLiteral("GLU")},
                                       {QStringLiteral("value"), QStringLiteral("5.0")},
                                       {QStringLiteral("numeric"), 5.0},
                                       {QStringLiteral("unit"), QStringLiteral("mmol/l")},
                                       {QStringLiteral("flag"), QStringLiteral("N")}}));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Result<QList<AutoverifyRate::Row>> rate = AutoverifyRate(lab.database().connection()).today(now);
    QVERIFY2(rate, qPrintable(rate.error()));
    QCOMPARE(rate.value().size(), 1);
    const AutoverifyRate::Row row = rate.value().first();
    QCOMPARE(row.bench, lab.catalog().test(QStringLiteral("GLU"))->bench);
    QCOMPARE(row.test, QStringLiteral("GLU"));
    QCOMPARE(row.analyzerResults, 3);
    QCOMPARE(row.released, 2);
    // Yesterday had none.
    Result<QList<AutoverifyRate::Row>> yesterday =
        AutoverifyRate(lab.database().connection()).today(now - 86'400'000);
    QVERIFY(yesterday && yesterday.value().isEmpty());

    m_fixture.window().showPage(MainWindow::Page::Overview);
    auto *page = m_fixture.window().findChild<OverviewPage *>(QStringLiteral("overviewPage"));
    QVERIFY(page && page->isVisible());
    QVERIFY(page->refresh());
    AutoverifyRateTable *table = page->autoverifyRate();
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, AutoverifyRateTable::Test)->text(), QStringLiteral("GLU"));
    QCOMPARE(table->item(0, AutoverifyRateTable::AnalyzerResults)->text(), QStringLiteral("3"));
    QCOMPARE(table->item(0, AutoverifyRateTable::Released)->text(), QStringLiteral("2"));
    QCOMPARE(table->item(0, AutoverifyRateTable::Rate)->text(), QStringLiteral("67 %"));
}

QTEST_MAIN(TestAutoverifyPage)
#include "tst_autoverifypage.moc"
