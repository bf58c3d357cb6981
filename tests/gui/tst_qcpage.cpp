// SPDX-License-Identifier: GPL-3.0-or-later
// The QC page as a technician uses it: a run typed level by level and recorded with Enter, the
// chart and lockout following the judgement, an analyzer export with a broken row, and the monthly
// summary a lab manager signs.

#include "benchfixture.h"
#include "qc/leveyjenningschart.h"
#include "qc/leveyjenningsview.h"
#include "qc/qclockoutpanel.h"
#include "qc/qcpage.h"
#include "qc/qcrunentry.h"
#include "qc/qcservice.h"
#include "worklist/worklistpage.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace benchside;

namespace {
const QString Technician = QStringLiteral("p.nair");
const QString Supervisor = QStringLiteral("a.okafor");
constexpr int HumanGapMs = 30;
} // namespace

class TestQcPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keyboardRunIsRecordedAndCharted();
    void overrideIsOfferedToSupervisorsOnly();
    void overriddenLockoutSaysSo();
    void rejectedRunLocksUntilCorrectedAndAccepted();
    void badValueRecordsNothing();
    void nextUserDoesNotSeeTheLastRunsMessage();
    void importKeepsGoodRowsAndNamesBadLines();
    void monthlySummaryPdf();
    void cleanupTestCase();

private:
    void typeRun(const QStringList &values);
    QString outcome() const;
    QString lockoutText() const;

    testlab::BenchFixture m_fixture;
    QcPage *m_page = nullptr;
    std::unique_ptr<QcService> m_service;
};

void TestQcPage::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.setUp(error), qPrintable(error));
    m_service = std::make_unique<QcService>(m_fixture.lab().store(), m_fixture.lab().catalog());
    for (int level : {1, 2}) {
        QcService::LotDefinition d;
        d.testCode = QStringLiteral("GLU");
        d.lot = QStringLiteral("L7");
        d.level = level;
        d.mean = level == 1 ? 5.5 : 16.0;
        d.sd = level == 1 ? 0.2 : 0.5;
        d.expires = QDate::currentDate().addYears(1).toString(Qt::ISODate);
        Result<Event> defined = m_service->defineLot(d, Supervisor);
        QVERIFY2(defined.ok(), qPrintable(defined.error()));
    }
    m_fixture.setActor(Technician);
    m_page = m_fixture.window().findChild<QcPage *>(QStringLiteral("qcPage"));
    QVERIFY(m_page);
    m_fixture.window().showPage(MainWindow::Page::Qc);
    auto *bench = m_page->findChild<QComboBox *>(QStringLiteral("qcBench"));
    bench->setCurrentIndex(bench->findData(QStringLiteral("CHEM")));
    auto *test = m_page->findChild<QComboBox *>(QStringLiteral("qcTest"));
    QCOMPARE(test->currentData().toString(), QStringLiteral("GLU"));
    auto *lot = m_page->findChild<QComboBox *>(QStringLiteral("qcLot"));
    QCOMPARE(lot->currentData().toString(), QStringLiteral("L7"));
    QCOMPARE(m_page->entry()->fields().size(), 2);
}

void TestQcPage::cleanupTestCase()
{
    m_service.reset();
    m_fixture.tearDown();
}

void TestQcPage::typeRun(const QStringList &values)
{
    const QList<QLineEdit *> fields = m_page->entry()->fields();
    fields.first()->setFocus();
    for (qsizetype i = 0; i < values.size(); ++i) {
        QLineEdit *field = fields.at(i);
        QTRY_COMPARE(QApplication::focusWidget(), field);
        QTest::keyClicks(field, values.at(i), Qt::NoModifier, HumanGapMs);
        QTest::keyClick(field, Qt::Key_Return); // the next level, or record after the last
    }
}

QString TestQcPage::outcome() const
{
    return m_page->findChild<QLabel *>(QStringLiteral("qcRunOutcome"))->text();
}

QString TestQcPage::lockoutText() const
{
    return m_page->findChild<QLabel *>(QStringLiteral("qcLockoutState"))->text();
}

void TestQcPage::keyboardRunIsRecordedAndCharted()
{
    typeRun({QStringLiteral("5.6"), QStringLiteral("15.8")});
    QVERIFY2(outcome().contains(QLatin1String(": accepted.")), qPrintable(outcome()));
    const LeveyJenningsData &shown = m_page->chart()->shownData();
    QCOMPARE(shown.points.size(), 2);
    QCOMPARE(shown.points.at(0).qc.user, Technician);
    QCOMPARE(*shown.points.at(0).z, (5.6 - 5.5) / 0.2);
    QCOMPARE(m_page->chart()->chart()->statusPoints(WestgardEvaluator::RunStatus::Accepted).size(), 2);
    // Ready for the next run: fields cleared, the first one focused.
    QVERIFY(m_page->entry()->fields().first()->text().isEmpty());
    QCOMPARE(QApplication::focusWidget(), m_page->entry()->fields().first());
}

void TestQcPage::rejectedRunLocksUntilCorrectedAndAccepted()
{
    typeRun({QStringLiteral("6.3"), QStringLiteral("16.1")}); // level 1 at +4 SD: 1-3s
    QVERIFY2(outcome().contains(QLatin1String("rejected")), qPrintable(outcome()));
    QVERIFY2(outcome().contains(QLatin1String("1-3s")), qPrintable(outcome()));
    QVERIFY2(lockoutText().contains(QLatin1String("rejected")), qPrintable(lockoutText()));
    QCOMPARE(m_page->chart()->chart()->statusPoints(WestgardEvaluator::RunStatus::Rejected).size(), 2);
    auto *correctiveButton = m_page->findChild<QPushButton *>(QStringLiteral("qcCorrectiveButton"));
    QVERIFY(correctiveButton->isEnabled());
    // The chemistry worklist says why GLU results will not be released.
    auto *worklist = m_fixture.window().findChild<WorklistPage *>(QStringLiteral("worklistPage"));
    auto *hold = worklist->findChild<QLabel *>(QStringLiteral("worklistQcHold"));
    auto *worklistBench = worklist->findChild<QComboBox *>(QStringLiteral("worklistBench"));
    worklistBench->setCurrentIndex(worklistBench->findData(QStringLiteral("CHEM")));
    worklist->refresh();
    QVERIFY(!hold->isHidden());
    QVERIFY2(hold->text().contains(QLatin1String("<b>GLU</b>")), qPrintable(hold->text()));

    // An accepted run without a corrective action does not lift the hold.
    typeRun({QStringLiteral("5.5"), QStringLiteral("16.0")});
    QVERIFY2(outcome().contains(QLatin1String("accepted")), qPrintable(outcome()));
    QVERIFY2(lockoutText().contains(QLatin1String("rejected")), qPrintable(lockoutText()));

    QVERIFY(
        m_service->correctiveAction(QStringLiteral("GLU"), QStringLiteral("Recalibrated"), Technician).ok());
    m_page->reload();
    QVERIFY2(lockoutText().contains(QLatin1String("Recalibrated")), qPrintable(lockoutText()));
    typeRun({QStringLiteral("5.45"), QStringLiteral("16.2")});
    QVERIFY2(outcome().contains(QLatin1String("accepted")), qPrintable(outcome()));
    QVERIFY2(lockoutText().contains(QLatin1String("in control")), qPrintable(lockoutText()));
    QVERIFY(!correctiveButton->isEnabled());
    worklist->refresh();
    QVERIFY(hold->isHidden());
}

void TestQcPage::badValueRecordsNothing()
{
    const qsizetype before = m_page->chart()->shownData().points.size();
    typeRun({QStringLiteral("5,5x"), QStringLiteral("16")});
    QVERIFY2(outcome().contains(QLatin1String("not a number")), qPrintable(outcome()));
    QCOMPARE(m_page->chart()->shownData().points.size(), before);
    // The field keeps what was typed, to correct it.
    QCOMPARE(m_page->entry()->fields().first()->text(), QStringLiteral("5,5x"));
    m_page->entry()->fields().first()->clear();
    m_page->entry()->fields().last()->clear();
}

// Decision 69: the previous user's run outcome and messages go when someone else signs in.
void TestQcPage::nextUserDoesNotSeeTheLastRunsMessage()
{
    typeRun({QStringLiteral("5,5x"), QStringLiteral("16")});
    QVERIFY2(outcome().contains(QLatin1String("not a number")), qPrintable(outcome()));
    m_fixture.setActor(Supervisor);
    QCOMPARE(outcome(), QString());
    QCOMPARE(m_page->message(), QString());
    m_fixture.setActor(Technician);
    m_page->entry()->fields().first()->clear();
    m_page->entry()->fields().last()->clear();
}

void TestQcPage::importKeepsGoodRowsAndNamesBadLines()
{
    QcAnalyzerMapping mapping;
    mapping.analyzer = QStringLiteral("BENCHTOP");
    mapping.test = QStringLiteral("Test");
    mapping.lot = QStringLiteral("Lot");
    mapping.level = QStringLiteral("Level");
    mapping.value = QStringLiteral("Value");
    mapping.time = QStringLiteral("Time");
    Result<Event> defined = m_service->defineAnalyzer(mapping, Supervisor);
    QVERIFY2(defined.ok(), qPrintable(defined.error()));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("export.csv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    // Runs are judged in the order measured: the export's run comes after the ones typed above
    // (its times have minutes only).
    const QString now =
        QDateTime::currentDateTime().addSecs(120).toString(QStringLiteral("yyyy-MM-ddTHH:mm"));
    f.write(QStringLiteral("Test,Lot,Level,Value,Time\n"
                           "GLU,L7,1,5.52,%1\n"
                           "GLU,L7,2,lots,%1\n"
                           "GLU,L7,2,16.1,%1\n")
                .arg(now)
                .toUtf8());
    f.close();
    const qsizetype before = m_page->chart()->shownData().points.size();
    const QcPage::ImportOutcome outcome = m_page->importCsv(path, QStringLiteral("BENCHTOP"));
    const QString &message = outcome.message;
    QVERIFY(!outcome.complete);
    QVERIFY2(message.contains(QLatin1String("Imported 2 value(s)")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("line 3")), qPrintable(message));
    QCOMPARE(m_page->chart()->shownData().points.size(), before + 2);
    QVERIFY2(m_page->importCsv(path, QStringLiteral("NOSUCH"))
                 .message.contains(QLatin1String("No column mapping")),
             "an unknown analyzer must say what to do");
}

void TestQcPage::monthlySummaryPdf()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("summary.pdf"));
    const Status saved = m_page->saveMonthlySummary(path, QDate::currentDate());
    QVERIFY2(saved.ok(), qPrintable(saved.error()));
    QProcess text;
    text.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    QVERIFY2(text.waitForFinished(30'000) && text.exitCode() == 0, "pdftotext (poppler-utils) failed");
    const QString pages = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY2(pages.contains(QLatin1String("QC summary")), qPrintable(pages.left(400)));
    QVERIFY2(pages.contains(QLatin1String("L7")), qPrintable(pages.left(400)));
    // Level 1: 5.6, 6.3, 5.5, 5.45, 5.52 in five runs, one of them rejected.
    QVERIFY2(pages.contains(QLatin1String("5.674")), qPrintable(pages));
    // A month without QC says so instead of printing an empty table.
    QVERIFY(!m_page->saveMonthlySummary(path, QDate::currentDate().addYears(-3)).ok());
}

// Decision 71: a technician is not offered Override… (which could only refuse); the tooltip says who may.
void TestQcPage::overrideIsOfferedToSupervisorsOnly()
{
    auto *panel = m_page->findChild<QcLockoutPanel *>(QStringLiteral("qcLockoutPanel"));
    QcLockoutEpisode locked;
    locked.testCode = QStringLiteral("GLU");
    locked.bench = QStringLiteral("CHEM");
    locked.state = QStringLiteral("locked");
    panel->setEpisode(locked, {});
    auto *override = m_page->findChild<QPushButton *>(QStringLiteral("qcOverrideButton"));
    auto *corrective = m_page->findChild<QPushButton *>(QStringLiteral("qcCorrectiveButton"));
    QVERIFY(!override->isEnabled());
    QVERIFY2(override->toolTip().contains(QLatin1String("only a supervisor may")),
             qPrintable(override->toolTip()));
    QVERIFY(corrective->isEnabled());
    m_fixture.setActor(Supervisor);
    QVERIFY(override->isEnabled());
    m_fixture.setActor(QStringLiteral("admin"));
    QVERIFY(!override->isEnabled());
    QVERIFY(!corrective->isEnabled()); // corrective actions are the bench's, not the administrator's
    m_fixture.setActor(Technician);
    m_page->reload();
}

// Finding 4: an overridden lockout said results "cannot be released until … a supervisor overrides".
void TestQcPage::overriddenLockoutSaysSo()
{
    auto *panel = m_page->findChild<QcLockoutPanel *>(QStringLiteral("qcLockoutPanel"));
    QcLockoutEpisode overridden;
    overridden.testCode = QStringLiteral("GLU");
    overridden.bench = QStringLiteral("CHEM");
    overridden.runId = QStringLiteral("RUN-1");
    overridden.state = QStringLiteral("overridden");
    overridden.overrideBy = Supervisor;
    overridden.overrideReason = QStringLiteral("STAT patients, QC repeat running");
    overridden.correctiveDone = true;
    overridden.correctiveBy = Technician;
    overridden.correctiveAction =
        QStringLiteral("Recalibrated glucose with a new calibrator lot, replaced the reagent "
                       "pack, cleaned the probe and ran the daily maintenance again");
    panel->setEpisode(overridden, {});
    QVERIFY2(lockoutText().contains(QLatin1String("a.okafor overrode the lockout")),
             qPrintable(lockoutText()));
    QVERIFY2(lockoutText().contains(QLatin1String("STAT patients, QC repeat running")),
             qPrintable(lockoutText()));
    QVERIFY2(!lockoutText().contains(QLatin1String("cannot be released")), qPrintable(lockoutText()));
    // Every line of it in sight, the look-back line too, at the window's usual height.
    m_fixture.window().resize(1417, 860);
    auto *state = m_page->findChild<QLabel *>(QStringLiteral("qcLockoutState"));
    QTRY_VERIFY2(
        state->height() >= state->heightForWidth(state->width()),
        qPrintable(
            QStringLiteral("%1 < %2").arg(state->height()).arg(state->heightForWidth(state->width()))));
    m_fixture.setActor(Supervisor);
    auto *override = m_page->findChild<QPushButton *>(QStringLiteral("qcOverrideButton"));
    QVERIFY(!override->isEnabled());
    QVERIFY2(override->toolTip().contains(QLatin1String("already overridden")),
             qPrintable(override->toolTip()));
    m_fixture.setActor(Technician);
    m_page->reload();
}

QTEST_MAIN(TestQcPage)
#include "tst_qcpage.moc"
