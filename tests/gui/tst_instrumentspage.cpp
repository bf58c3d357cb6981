// SPDX-License-Identifier: GPL-3.0-or-later
// The Instruments page (issue 20): the analyzers set up at the station are listed with their lines;
// a reading that could not be entered shows in the unmatched list, where a technician matches it to a
// tube (typed or scanned), which enters the result, or discards it, only with a reason. With the
// AnalyzerHost running in the window, the lines' states show on the page and in the status bar, a
// message from a simulated analyzer over TCP is counted and its unmatched reading listed, and only an
// administrator stops the lines. Administrators add analyzers and load their maps in a dialog that
// refuses a bad CSV file and records nothing.

#include "analyzer/analyzerhost.h"
#include "analyzer/analyzerintake.h"
#include "analyzer/analyzerlinemodel.h"
#include "analyzer/analyzermapcsv.h"
#include "analyzer/analyzerregistry.h"
#include "analyzer/unmatchedmodel.h"
#include "astm/astmsimulator.h"
#include "benchfixture.h"
#include "instruments/analyzerstatusindicator.h"
#include "instruments/instrumentspage.h"
#include "labhelpers.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

using namespace benchside;

namespace {
const QString Technician = QStringLiteral("p.nair");
const QString Administrator = QStringLiteral("admin");

// A chemistry analyzer's message for one sample, as a Roche analyzer writes it.
QByteArray message(const QString &specimen, const QList<QStringList> &results)
{
    QStringList records{QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1|20261206101500"),
                        QStringLiteral("P|1"), QStringLiteral("O|1|%1||^^^717/|R").arg(specimen)};
    int n = 0;
    for (const QStringList &r : results)
        records << QStringLiteral("R|%1|^^^%2|%3|%4||%5||F||op||20261206101200|P1")
                       .arg(++n)
                       .arg(r.value(0), r.value(1), r.value(2), r.value(3));
    records << QStringLiteral("L|1|N");
    return records.join(QLatin1Char('\r')).toUtf8() + '\r';
}

// A port nothing listens on at this moment.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot find a free port");
    return probe.serverPort();
}

QList<AnalyzerMapEntry> map(const QByteArray &csv)
{
    Result<QList<AnalyzerMapEntry>> m = AnalyzerMapCsv::parse(csv);
    if (!m)
        qFatal("bad map in the test: %s", qPrintable(m.error()));
    return m.value();
}

QString text(const QSqlDatabase &db, const QString &sql)
{
    return testlab::queryText(db, sql);
}
} // namespace

class TestInstrumentsPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listsTheAnalyzersSetUp();
    void unmatchedReadingIsMatchedToATube();
    void discardNeedsAReason();
    void unknownTubesAskedAboutAreShown();
    void hostRunsTheLinesAndOnlyAdministratorsStopThem();
    void analyzerDialogAddsAnalyzerWithItsMap();
    void cleanupTestCase();

private:
    template<typename T> T *child(const QString &name) const
    {
        T *found = m_page->findChild<T *>(name);
        if (!found)
            qFatal("no %s on the Instruments page", qPrintable(name));
        return found;
    }
    int rowOf(QTableView *view, int column, const QString &text) const;
    QString cell(QTableView *view, int row, int column) const
    {
        return view->model()->index(row, column).data().toString();
    }
    // One analyzer's cell: its row moves when the list is read again with another analyzer in it.
    QString line(const QString &name, int column) const
    {
        return cell(m_lines, rowOf(m_lines, AnalyzerLineModel::Name, name), column);
    }
    QString messageText() const { return child<QLabel>(QStringLiteral("instrumentsMessage"))->text(); }
    AnalyzerRegistry registry()
    {
        return AnalyzerRegistry(m_fixture.lab().store(), m_fixture.lab().permissions(),
                                m_fixture.lab().catalog());
    }
    AnalyzerDefinition analyzer(const QString &name);

    testlab::BenchFixture m_fixture;
    InstrumentsPage *m_page = nullptr;
    QTableView *m_lines = nullptr;
    QTableView *m_unmatched = nullptr;
    std::unique_ptr<AnalyzerHost> m_host;
    quint16 m_simPort = 0;
};

void TestInstrumentsPage::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.setUp(error), qPrintable(error));
    m_page = m_fixture.window().findChild<InstrumentsPage *>(QStringLiteral("instrumentsPage"));
    QVERIFY(m_page);
    m_lines = child<QTableView>(QStringLiteral("analyzerLinesTable"));
    m_unmatched = child<QTableView>(QStringLiteral("unmatchedTable"));
    for (QTableView *view : {m_lines, m_unmatched})
        new QAbstractItemModelTester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest,
                                     this);
    m_fixture.setActor(Technician);
    // Reached from the keyboard like the other pages.
    QVERIFY(!m_page->isVisible());
    QTest::keyClick(&m_fixture.window(), Qt::Key_K, Qt::ControlModifier);
    QVERIFY(m_page->isVisible());
}

int TestInstrumentsPage::rowOf(QTableView *view, int column, const QString &text) const
{
    for (int r = 0; r < view->model()->rowCount(); ++r) {
        if (cell(view, r, column) == text)
            return r;
    }
    return -1;
}

AnalyzerDefinition TestInstrumentsPage::analyzer(const QString &name)
{
    Result<std::optional<AnalyzerDefinition>> found = registry().find(name);
    if (!found || !found.value())
        qFatal("no analyzer %s", qPrintable(name));
    return *found.value();
}

void TestInstrumentsPage::listsTheAnalyzersSetUp()
{
    QCOMPARE(m_lines->model()->rowCount(), 0);
    QVERIFY(child<QLabel>(QStringLiteral("analyzerHostState"))
                ->text()
                .contains(QStringLiteral("do not run in this window")));
    AnalyzerDefinition c311;
    c311.name = QStringLiteral("c311");
    // Nothing listens there: once the lines run, this one is in error with the reason.
    c311.endpoint = AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), freePort());
    c311.profile = AstmProfile::Roche;
    QVERIFY(registry().define(c311, Administrator));
    QVERIFY(registry().setMap(QStringLiteral("c311"),
                              map("analyzer_code,test,unit,factor\n717/,GLU,mmol/l,\n685/,ALT,U/l,\n"),
                              Administrator));
    AnalyzerDefinition xn;
    xn.name = QStringLiteral("xn550");
    xn.endpoint = AstmEndpoint::serial(QStringLiteral("/dev/ttyUSB7"), 19200);
    xn.active = false;
    QVERIFY(registry().define(xn, Administrator));

    // Nobody presses anything: the page reads the list again by itself.
    QTRY_COMPARE_WITH_TIMEOUT(m_lines->model()->rowCount(), 2, 3 * InstrumentsPage::RefreshMs);
    const int c = rowOf(m_lines, AnalyzerLineModel::Name, QStringLiteral("c311"));
    const int x = rowOf(m_lines, AnalyzerLineModel::Name, QStringLiteral("xn550"));
    QVERIFY(c >= 0 && x >= 0);
    QCOMPARE(cell(m_lines, c, AnalyzerLineModel::Where), c311.endpoint.describe());
    QCOMPARE(cell(m_lines, c, AnalyzerLineModel::State), QStringLiteral("stopped"));
    QCOMPARE(cell(m_lines, x, AnalyzerLineModel::Where), QStringLiteral("serial /dev/ttyUSB7 19200 8N1"));
    QCOMPARE(cell(m_lines, x, AnalyzerLineModel::State), QStringLiteral("switched off"));
    QCOMPARE(cell(m_lines, c, AnalyzerLineModel::Entered), QStringLiteral("0"));
}

void TestInstrumentsPage::unmatchedReadingIsMatchedToATube()
{
    const QString tube = m_fixture.receivedSpecimen({QStringLiteral("GLU")});
    AnalyzerIntake intake(m_fixture.lab(), QStringLiteral("c311"));
    // A sample number the station does not know (the ward's own label, say): both readings wait.
    Result<AnalyzerIntake::Outcome> o = intake.receive(
        analyzer(QStringLiteral("c311")),
        message(
            QStringLiteral("WARD-7"),
            {{QStringLiteral("717/"), QStringLiteral("4.4"), QStringLiteral("mmol/l"), QStringLiteral("N")},
             {QStringLiteral("685/"), QStringLiteral("12"), QStringLiteral("U/l"), QStringLiteral("N")}}));
    QVERIFY2(o, qPrintable(o.error()));
    QCOMPARE(o.value().unmatched, 2);

    QTRY_COMPARE_WITH_TIMEOUT(m_unmatched->model()->rowCount(), 2, 3 * InstrumentsPage::RefreshMs);
    QVERIFY2(child<QLabel>(QStringLiteral("unmatchedTitle"))->text().contains(QStringLiteral("2 waiting")),
             qPrintable(child<QLabel>(QStringLiteral("unmatchedTitle"))->text()));
    const int glucose = rowOf(m_unmatched, UnmatchedModel::Code, QStringLiteral("717/"));
    QVERIFY(glucose >= 0);
    QCOMPARE(cell(m_unmatched, glucose, UnmatchedModel::Analyzer), QStringLiteral("c311"));
    QCOMPARE(cell(m_unmatched, glucose, UnmatchedModel::SampleId), QStringLiteral("WARD-7"));
    QCOMPARE(cell(m_unmatched, glucose, UnmatchedModel::Test), QStringLiteral("GLU"));
    QCOMPARE(cell(m_unmatched, glucose, UnmatchedModel::Value), QStringLiteral("4.4 mmol/l"));
    QCOMPARE(cell(m_unmatched, glucose, UnmatchedModel::Flags), QStringLiteral("N"));
    QVERIFY(!cell(m_unmatched, glucose, UnmatchedModel::Reason).isEmpty());

    auto *match = child<QPushButton>(QStringLiteral("matchButton"));
    QVERIFY(!match->isEnabled()); // nothing chosen yet
    m_unmatched->setCurrentIndex(m_unmatched->model()->index(glucose, 0));
    QVERIFY(match->isEnabled());

    // A tube that does not exist: refused, said on the page, and the reading still waits.
    m_fixture.whenDialog(this, QStringLiteral("matchDialog"), [](QDialog *dialog) {
        qobject_cast<QInputDialog *>(dialog)->setTextValue(QStringLiteral("NOSUCH"));
        dialog->accept();
    });
    QTest::mouseClick(match, Qt::LeftButton);
    QVERIFY(child<QLabel>(QStringLiteral("instrumentsMessage"))->isVisible());
    QVERIFY2(messageText().contains(QStringLiteral("NOSUCH")), qPrintable(messageText()));
    QCOMPARE(m_unmatched->model()->rowCount(), 2);
    QCOMPARE(text(m_fixture.lab().database().connection(), QStringLiteral("SELECT count(*) FROM results")),
             QStringLiteral("0"));

    // The tube scanned into the field, as fast as a scanner types: the field takes it like typing.
    bool scanned = false;
    m_fixture.whenDialog(this, QStringLiteral("matchDialog"), [&scanned, tube](QDialog *dialog) {
        auto *field = dialog->findChild<QLineEdit *>();
        QVERIFY(field);
        QVERIFY(field->hasFocus());
        field->clear();
        for (const QChar c : tube)
            QTest::keyClick(field, c.toLatin1());
        QTest::keyClick(field, Qt::Key_Return);
        QTRY_COMPARE(field->text(), tube);
        scanned = true;
        if (dialog->isVisible())
            dialog->accept();
    });
    QTest::mouseClick(match, Qt::LeftButton);
    QVERIFY(scanned);
    QVERIFY2(messageText().contains(QStringLiteral("entered on %1").arg(tube)), qPrintable(messageText()));
    QCOMPARE(m_unmatched->model()->rowCount(), 1);
    QCOMPARE(rowOf(m_unmatched, UnmatchedModel::Code, QStringLiteral("717/")), -1);
    const QSqlDatabase db = m_fixture.lab().database().connection();
    QCOMPARE(text(db, QStringLiteral("SELECT value, analyzer, entered_by FROM results WHERE accession = '%1'")
                          .arg(tube)),
             QStringLiteral("4.4|c311|") + Technician);
    QCOMPARE(text(db, QStringLiteral("SELECT state, resolved_by FROM instrument_unmatched WHERE "
                                     "analyzer_code = '717/'")),
             QStringLiteral("matched|") + Technician);
}

void TestInstrumentsPage::discardNeedsAReason()
{
    QCOMPARE(m_unmatched->model()->rowCount(), 1);
    m_unmatched->setCurrentIndex(m_unmatched->model()->index(0, 0));
    auto *discard = child<QPushButton>(QStringLiteral("discardReadingButton"));
    QVERIFY(discard->isEnabled());
    m_fixture.whenDialog(this, QStringLiteral("discardReadingDialog"),
                         [](QDialog *dialog) { dialog->accept(); });
    QTest::mouseClick(discard, Qt::LeftButton);
    QVERIFY2(messageText().contains(QStringLiteral("only with a reason")), qPrintable(messageText()));
    QCOMPARE(m_unmatched->model()->rowCount(), 1);
    const QSqlDatabase db = m_fixture.lab().database().connection();
    QCOMPARE(text(db, QStringLiteral("SELECT state FROM instrument_unmatched WHERE analyzer_code = '685/'")),
             QStringLiteral("open"));

    m_fixture.whenDialog(this, QStringLiteral("discardReadingDialog"), [](QDialog *dialog) {
        auto *input = qobject_cast<QInputDialog *>(dialog);
        QVERIFY(input->labelText().contains(QStringLiteral("Why?")));
        input->setTextValue(QStringLiteral("Tube of another lab, sent by mistake"));
        input->accept();
    });
    QTest::mouseClick(discard, Qt::LeftButton);
    QCOMPARE(m_unmatched->model()->rowCount(), 0);
    QVERIFY(!discard->isEnabled());
    QCOMPARE(text(db, QStringLiteral("SELECT state, resolved_by, resolution FROM instrument_unmatched WHERE "
                                     "analyzer_code = '685/'")),
             QStringLiteral("discarded|%1|Tube of another lab, sent by mistake").arg(Technician));
    QVERIFY(child<QLabel>(QStringLiteral("unmatchedTitle"))->text().contains(QStringLiteral("none")));
    testlab::verifyViewsMatchJournal(m_fixture.lab());
}

// A host query for a tube nobody ordered here is shown below the list: someone must find it.
void TestInstrumentsPage::unknownTubesAskedAboutAreShown()
{
    auto *asked = child<QLabel>(QStringLiteral("unknownQueries"));
    m_page->refresh();
    QVERIFY(!asked->isVisibleTo(m_page));
    AnalyzerIntake intake(m_fixture.lab(), Technician);
    const QByteArray query = "H|\\^&|||c311^1|||||host|TSREQ^REAL|P|1\rQ|1|^NOBODY-42||ALL||||||||O\rL|1|N\r";
    Result<AnalyzerIntake::Outcome> o = intake.receive(analyzer(QStringLiteral("c311")), query);
    QVERIFY2(o, qPrintable(o.error()));
    QCOMPARE(o.value().answers.size(), 1);
    m_page->refresh();
    QVERIFY(asked->isVisibleTo(m_page));
    QVERIFY2(asked->text().contains(QStringLiteral("NOBODY-42 (c311,")), qPrintable(asked->text()));
}

void TestInstrumentsPage::hostRunsTheLinesAndOnlyAdministratorsStopThem()
{
    // The simulated analyzer connects to us.
    m_simPort = freePort();
    AnalyzerDefinition sim;
    sim.name = QStringLiteral("sim");
    sim.endpoint = AstmEndpoint::tcpServer(QStringLiteral("127.0.0.1"), m_simPort);
    QVERIFY(registry().define(sim, Administrator));
    QVERIFY(registry().setMap(QStringLiteral("sim"), map("analyzer_code,test,unit,factor\nGLU,GLU,mmol/l,\n"),
                              Administrator));

    m_host = std::make_unique<AnalyzerHost>();
    m_fixture.window().setAnalyzerHost(m_host.get());
    auto *state = child<QLabel>(QStringLiteral("analyzerHostState"));
    QVERIFY2(state->text().contains(QStringLiteral("stopped")), qPrintable(state->text()));
    auto *start = child<QPushButton>(QStringLiteral("startLinesButton"));
    auto *stop = child<QPushButton>(QStringLiteral("stopLinesButton"));
    auto *indicator = m_fixture.window().statusBar()->findChild<AnalyzerStatusIndicator *>();
    QVERIFY(indicator);
    QVERIFY(!indicator->isVisible());

    // A technician starts the lines (results waiting on the analyzers come in) …
    QVERIFY(start->isEnabled());
    QVERIFY(!stop->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);
    // Generous waits: the lines open in threads of their own, and CI runs tests two at a time.
    QTRY_COMPARE_WITH_TIMEOUT(m_host->state(), AnalyzerHost::State::Running, 15'000);
    // … the switched-off analyzer stays off; the other two run.
    QCOMPARE(m_host->lines().size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(line(QStringLiteral("sim"), AnalyzerLineModel::State),
                              QStringLiteral("listening"), 15'000);
    QCOMPARE(line(QStringLiteral("sim"), AnalyzerLineModel::Detail),
             QStringLiteral("127.0.0.1:%1").arg(m_simPort));
    QTRY_COMPARE_WITH_TIMEOUT(line(QStringLiteral("c311"), AnalyzerLineModel::State), QStringLiteral("error"),
                              15'000);
    QVERIFY2(line(QStringLiteral("c311"), AnalyzerLineModel::Detail).contains(QStringLiteral("trying again")),
             qPrintable(line(QStringLiteral("c311"), AnalyzerLineModel::Detail)));
    QCOMPARE(line(QStringLiteral("xn550"), AnalyzerLineModel::State), QStringLiteral("switched off"));
    QVERIFY(indicator->isVisible());
    QVERIFY(indicator->label(QStringLiteral("sim")));
    QVERIFY2(indicator->label(QStringLiteral("sim"))->text().contains(QStringLiteral("sim: listening")),
             qPrintable(indicator->label(QStringLiteral("sim"))->text()));
    QVERIFY(indicator->label(QStringLiteral("c311"))->text().contains(QStringLiteral("c311: error")));
    QVERIFY(!indicator->label(QStringLiteral("xn550")));
    QVERIFY2(state->text().contains(QStringLiteral("1 of 2 connected or listening")),
             qPrintable(state->text()));
    QVERIFY(!start->isEnabled());
    // A technician cannot stop them.
    QVERIFY(!stop->isEnabled());

    // The analyzer connects and sends a result for a tube nobody here knows.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_simPort);
    QVERIFY(socket.waitForConnected(5'000));
    QTRY_COMPARE_WITH_TIMEOUT(line(QStringLiteral("sim"), AnalyzerLineModel::State),
                              QStringLiteral("connected"), 15'000);
    QTRY_VERIFY_WITH_TIMEOUT(
        indicator->label(QStringLiteral("sim"))->text().contains(QStringLiteral("sim: connected")), 15'000);
    AstmSimulator simulator(QStringLiteral("SIM"));
    simulator.attach(&socket);
    AstmSimulatedResult glucose;
    glucose.testCode = QStringLiteral("GLU");
    glucose.value = QStringLiteral("5.5");
    glucose.unit = QStringLiteral("mmol/l");
    simulator.sendResults({{QStringLiteral("UNKNOWN-42"), QStringLiteral("P9"), {glucose}}});
    QTRY_COMPARE_WITH_TIMEOUT(line(QStringLiteral("sim"), AnalyzerLineModel::Unmatched), QStringLiteral("1"),
                              10'000);
    QVERIFY(!line(QStringLiteral("sim"), AnalyzerLineModel::LastMessage).isEmpty());
    const QString today = child<QLabel>(QStringLiteral("takenToday"))->text();
    QVERIFY2(today.contains(QStringLiteral("0 result(s) entered")) &&
                 today.contains(QStringLiteral("1 unmatched")),
             qPrintable(today));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_unmatched, UnmatchedModel::SampleId, QStringLiteral("UNKNOWN-42")) >= 0,
                             15'000);
    simulator.detach();

    // An administrator stops them: at once, with the analyzer still connected.
    m_fixture.setActor(Administrator);
    QVERIFY(stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);
    QCOMPARE(m_host->state(), AnalyzerHost::State::Stopped);
    QVERIFY(m_host->lines().isEmpty());
    QCOMPARE(line(QStringLiteral("sim"), AnalyzerLineModel::State), QStringLiteral("stopped"));
    QVERIFY(!indicator->isVisible());
    QVERIFY2(state->text().contains(QStringLiteral("stopped")), qPrintable(state->text()));
    QVERIFY(start->isEnabled());
    QVERIFY(!stop->isEnabled());
    m_fixture.setActor(Technician);
}

void TestInstrumentsPage::analyzerDialogAddsAnalyzerWithItsMap()
{
    auto *button = child<QPushButton>(QStringLiteral("analyzersButton"));
    auto *action = m_fixture.window().findChild<QAction *>(QStringLiteral("analyzersAction"));
    QVERIFY(action);
    m_fixture.setActor(Technician);
    QVERIFY(!button->isEnabled());
    QVERIFY(!action->isEnabled());
    m_fixture.setActor(Administrator);
    QVERIFY(button->isEnabled());
    QVERIFY(action->isEnabled());

    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.csv"));
    const QString good = dir.filePath(QStringLiteral("cobas.csv"));
    for (const auto &[path, content] :
         {std::pair{bad, QByteArray("code,test\n717/,GLU\n")},
          std::pair{
              good,
              QByteArray("analyzer_code,test,unit,factor\n717/,GLU,mmol/l,\n690/,CREA,mg/dl,88.42\n")}}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const QString countSql = QStringLiteral("SELECT count(*) FROM journal WHERE kind LIKE 'analyzer.%'");
    const QString before = text(m_fixture.lab().database().connection(), countSql);

    const auto chooseFile = [this](const QString &path) {
        m_fixture.whenDialog(this, QStringLiteral("mapFileDialog"), [path](QDialog *dialog) {
            auto *files = qobject_cast<QFileDialog *>(dialog);
            QVERIFY(files);
            // As a person types the path: selectFile() alone selects nothing a second time in a folder
            // the dialog is still reading.
            auto *edit = files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
            QVERIFY(edit);
            edit->setText(path);
            dialog->accept(); // QFileDialog::accept, reached through QDialog's public one
        });
    };
    bool answered = false;
    QString refusal;
    m_fixture.whenDialog(this, QStringLiteral("analyzerDialog"), [&, this](QDialog *dialog) {
        answered = true;
        QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("analyzerPick"))->currentIndex(), 0);
        dialog->findChild<QLineEdit *>(QStringLiteral("analyzerName"))->setText(QStringLiteral("cobas"));
        auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("analyzerKind"));
        kind->setCurrentIndex(kind->findData(int(AstmEndpoint::Kind::TcpClient)));
        dialog->findChild<QLineEdit *>(QStringLiteral("analyzerHost"))->setText(QStringLiteral("10.0.0.5"));
        dialog->findChild<QSpinBox *>(QStringLiteral("analyzerPort"))->setValue(5100);
        dialog->findChild<QComboBox *>(QStringLiteral("analyzerProfile"))
            ->setCurrentText(QStringLiteral("roche"));
        auto *load = dialog->findChild<QPushButton *>(QStringLiteral("loadMapButton"));
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("analyzerError"));
        auto *summary = dialog->findChild<QLabel *>(QStringLiteral("analyzerMapSummary"));

        // A file that is no map: refused with the parser's reason, in the dialog.
        chooseFile(bad);
        QTest::mouseClick(load, Qt::LeftButton);
        QVERIFY(error->isVisible());
        refusal = error->text();
        QVERIFY(summary->text().contains(QStringLiteral("No map yet")));

        chooseFile(good);
        QTest::mouseClick(load, Qt::LeftButton);
        QVERIFY(!error->isVisible());
        QVERIFY2(summary->text().contains(QStringLiteral("2 analyzer code(s) from cobas.csv")),
                 qPrintable(summary->text()));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
    });
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(answered);
    QVERIFY2(refusal.contains(QStringLiteral("bad.csv")) && refusal.contains(QStringLiteral("header")),
             qPrintable(refusal));
    const AnalyzerDefinition cobas = analyzer(QStringLiteral("cobas"));
    QCOMPARE(cobas.endpoint.describe(), QStringLiteral("tcp 10.0.0.5:5100"));
    QCOMPARE(cobas.profile, AstmProfile::Roche);
    QVERIFY(cobas.active);
    QCOMPARE(cobas.map.size(), 2);
    const AnalyzerMapEntry *creatinine = cobas.entryForCode(QStringLiteral("690/"));
    QVERIFY(creatinine);
    QCOMPARE(creatinine->test, QStringLiteral("CREA"));
    QCOMPARE(creatinine->factor, std::optional<double>(88.42));
    // The refused file recorded nothing: one definition and one map, no more.
    QCOMPARE(text(m_fixture.lab().database().connection(), countSql).toInt(), before.toInt() + 2);
    QVERIFY2(messageText().contains(QStringLiteral("cobas is saved")), qPrintable(messageText()));
    QVERIFY(rowOf(m_lines, AnalyzerLineModel::Name, QStringLiteral("cobas")) >= 0);

    // A bad CSV alone, then Cancel: nothing recorded either.
    answered = false;
    m_fixture.whenDialog(this, QStringLiteral("analyzerDialog"), [&, this](QDialog *dialog) {
        answered = true;
        auto *pick = dialog->findChild<QComboBox *>(QStringLiteral("analyzerPick"));
        pick->setCurrentIndex(pick->findText(QStringLiteral("cobas"), Qt::MatchStartsWith));
        QVERIFY(dialog->findChild<QLineEdit *>(QStringLiteral("analyzerName"))->isReadOnly());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("analyzerMapSummary"))
                    ->text()
                    .contains(QStringLiteral("2 analyzer code(s) mapped")));
        chooseFile(bad);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("loadMapButton")), Qt::LeftButton);
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("analyzerError"))->isVisible());
        dialog->reject();
    });
    action->trigger();
    QVERIFY(answered);
    QCOMPARE(text(m_fixture.lab().database().connection(), countSql).toInt(), before.toInt() + 2);
    QCOMPARE(analyzer(QStringLiteral("cobas")).map.size(), 2);
    m_fixture.setActor(Technician);
}

void TestInstrumentsPage::cleanupTestCase()
{
    m_fixture.window().setAnalyzerHost(nullptr);
    m_host.reset();
    m_fixture.tearDown();
}

QTEST_MAIN(TestInstrumentsPage)
#include "tst_instrumentspage.moc"
