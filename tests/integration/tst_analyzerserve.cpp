// SPDX-License-Identifier: GPL-3.0-or-later
// Analyzers over ASTM end to end (issue 20, ANCHORS.md behaviours 13–20 and the held last ACK of
// docs/decisions.md section 53): `benchside-cli analyzer serve` on a temporary station with 50
// received tubes of 10 chemistry tests each, an analyzer set up with --listen and a map, and an
// AstmSimulator in this process playing the analyzer over loopback TCP. The process is killed
// (SIGKILL) twice in a 500-result session of ten messages, once as a message's last frame has just
// gone out and once a moment later, and started again; the simulator sends again whatever was not
// acknowledged. Every message the analyzer saw acknowledged has its results on disk, once, right after
// each kill and at the end; nothing is doubled; the journal verifies and the views match it. A plain
// run shows the results in the bench's worklist and a host query answered well inside the analyzer's
// timeout.

#include "astm/astmlink.h"
#include "astm/astmsimulator.h"
#include "clirunner.h"
#include "labhelpers.h"
#include "sidequery.h"
#include "testdatabase.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <functional>
#include <memory>

using namespace benchside;

namespace {

const QString Analyzer = QStringLiteral("CHEM-SIM");
// The ten serum chemistry tests of the demo catalogue, each with a value inside its reference range.
const QList<std::pair<QString, QString>> Tests{
    {QStringLiteral("GLU"), QStringLiteral("5.4")}, {QStringLiteral("NA"), QStringLiteral("140")},
    {QStringLiteral("K"), QStringLiteral("4.2")},   {QStringLiteral("CL"), QStringLiteral("102")},
    {QStringLiteral("CO2"), QStringLiteral("25")},  {QStringLiteral("BUN"), QStringLiteral("5.0")},
    {QStringLiteral("CREA"), QStringLiteral("80")}, {QStringLiteral("CA"), QStringLiteral("2.30")},
    {QStringLiteral("MG"), QStringLiteral("0.90")}, {QStringLiteral("PHOS"), QStringLiteral("1.10")}};

bool waitUntil(const std::function<bool()> &done, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > ms)
            return false;
        QTest::qWait(10);
    }
    return true;
}

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

quint16 freePort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost, 0))
        qFatal("no free port: %s", qPrintable(s.errorString()));
    return s.serverPort();
}

// A station with the demo catalogue, `tubes` received serum tubes with the ten tests ordered (one
// patient each), and the analyzer listening on a free port with a map of the ten codes.
class TestStation
{
public:
    explicit TestStation(int tubes)
    {
        {
            const std::unique_ptr<Lab> lab = m_db.open();
            if (const Status s = testlab::importDemoCatalog(*lab); !s)
                qFatal("cannot import the demo catalogue: %s", qPrintable(s.error()));
            QStringList codes;
            for (const auto &t : Tests)
                codes << t.first;
            for (int i = 0; i < tubes; ++i) {
                AccessionRequest r = testlab::serumRequest(codes);
                r.patient.mrn = QStringLiteral("M%1").arg(2000000 + i);
                r.patient.name = QStringLiteral("Analyzer, Patient %1").arg(i);
                const Result<Specimen> s = lab->accessioner().accession(r, QStringLiteral("p.nair"));
                if (!s)
                    qFatal("accession failed: %s", qPrintable(s.error()));
                if (lab->scanner()
                        .process(s.value().accession, ScanProcessor::Action::Receive,
                                 QStringLiteral("p.nair"))
                        .type != ScanOutcome::Type::Received)
                    qFatal("cannot receive %s", qPrintable(s.value().accession));
                m_accessions << s.value().accession;
            }
        }
        QFile map(QDir(dir()).filePath(QStringLiteral("map.csv")));
        if (!map.open(QIODevice::WriteOnly))
            qFatal("cannot write the map");
        map.write("analyzer_code,test,unit,factor\n");
        for (const auto &t : Tests)
            map.write(t.first.toUtf8() + ',' + t.first.toUtf8() + ",,\n");
        map.close();
        m_port = freePort();
        const testlab::CliRun add =
            cli({QStringLiteral("analyzer"), QStringLiteral("add"), Analyzer, QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1:%1").arg(m_port), QStringLiteral("--profile"),
                 QStringLiteral("roche"), QStringLiteral("--map"), map.fileName()});
        if (add.exit != 0)
            qFatal("analyzer add: %s %s", add.out.constData(), add.err.constData());
    }

    QString path() const { return m_db.path(); }
    QString dir() const { return m_db.dir(); }
    quint16 port() const { return m_port; }
    const QStringList &accessions() const { return m_accessions; }

    testlab::CliRun cli(const QStringList &args) const
    {
        return testlab::runCli(testlab::cliPath(), path(), dir(), args);
    }

    // The first column of every row, read on a connection of its own while other processes write.
    QStringList column(const QString &sql, const QVariantList &binds = {}) const
    {
        return testlab::columnOf(path(), sql, binds);
    }
    qint64 count(const QString &sql, const QVariantList &binds = {}) const
    {
        return column(sql, binds).value(0).toLongLong();
    }

    // For each of these tubes' orders of the ten tests: how many times a value was entered for it
    // (result_history rows), and whether `results` has its current value from the analyzer.
    QStringList problems(const QStringList &tubes) const
    {
        QStringList out;
        const QString json = QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(tubes)).toJson(QJsonDocument::Compact));
        const QStringList rows =
            column(QStringLiteral(
                       "SELECT o.accession || ' ' || o.test_code || ' ' || "
                       "(SELECT count(*) FROM result_history h WHERE h.order_id = o.order_id) || ' ' || "
                       "(SELECT count(*) FROM results r WHERE r.order_id = o.order_id AND r.analyzer = ?) "
                       "FROM test_orders o WHERE o.accession IN (SELECT value FROM json_each(?))"),
                   {Analyzer, json});
        if (rows.size() != tubes.size() * Tests.size())
            out << QStringLiteral("%1 orders for %2 tubes").arg(rows.size()).arg(tubes.size());
        for (const QString &row : rows) {
            if (!row.endsWith(QLatin1String(" 1 1")))
                out << row;
        }
        return out;
    }

private:
    TestDatabase m_db;
    QStringList m_accessions;
    quint16 m_port = 0;
};

// `benchside-cli analyzer serve` on the station; what it prints goes to a file.
class Serve
{
public:
    explicit Serve(const TestStation &station) : m_station(station) {}
    ~Serve() { stop(); }

    bool start()
    {
        static int runs = 0;
        m_out = QDir(m_station.dir()).filePath(QStringLiteral("serve-%1.out").arg(++runs));
        m_process.setStandardOutputFile(m_out);
        m_process.setStandardErrorFile(m_out + QStringLiteral(".err"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_station.dir());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"),
                   QDir(m_station.dir()).filePath(QStringLiteral("config")));
        m_process.setProcessEnvironment(env);
        m_process.start(testlab::cliPath(), {QStringLiteral("--db"), m_station.path(),
                                             QStringLiteral("analyzer"), QStringLiteral("serve"), Analyzer});
        if (!m_process.waitForStarted(10'000))
            return false;
        const QString listening =
            QStringLiteral("listening %1 127.0.0.1:%2").arg(Analyzer).arg(m_station.port());
        if (!waitUntil(
                [&] { return output().contains(listening) || m_process.state() == QProcess::NotRunning; },
                15'000) ||
            !output().contains(listening)) {
            qWarning("analyzer serve did not start: %s %s", qPrintable(output()), qPrintable(errors()));
            return false;
        }
        return true;
    }
    QString output() const { return readText(m_out); }
    QString errors() const { return readText(m_out + QStringLiteral(".err")); }
    qint64 pid() const { return m_process.processId(); }

    void kill()
    {
        m_process.kill(); // SIGKILL
        m_process.waitForFinished(10'000);
    }
    int stop() { return testlab::stopProcess(m_process); }

private:
    const TestStation &m_station;
    QProcess m_process;
    QString m_out;
};

// The analyzer: a simulator on a socket to `serve`, connected again after each kill.
struct Instrument
{
    explicit Instrument(const TestStation &station) : port(station.port())
    {
        QObject::connect(&sim, &AstmSimulator::messageAcknowledged, &sim,
                         [this](qsizetype id) { acknowledged.insert(id); });
    }
    bool connect()
    {
        socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, port);
        if (!socket->waitForConnected(5'000))
            return false;
        sim.attach(socket.get());
        return true;
    }

    quint16 port;
    AstmSimulator sim{Analyzer};
    std::unique_ptr<QTcpSocket> socket;
    QSet<qsizetype> acknowledged;
};

QList<AstmSimulatedTube> tubesOf(const QStringList &accessions)
{
    QList<AstmSimulatedTube> out;
    for (const QString &a : accessions) {
        AstmSimulatedTube t;
        t.specimenId = a;
        t.patientId = a;
        for (const auto &[code, value] : Tests)
            t.results.append({code, value, {}, {}, QStringLiteral("F")});
        out.append(t);
    }
    return out;
}

} // namespace

class TestAnalyzerServe : public QObject
{
    Q_OBJECT

private slots:
    void plainRunEntersResultsAndAnswersAHostQuery();
    void killDuringASessionLosesNothingAndDoublesNothing();
};

void TestAnalyzerServe::plainRunEntersResultsAndAnswersAHostQuery()
{
    TestStation st(5);
    Serve serve(st);
    QVERIFY(serve.start());
    Instrument analyzer(st);
    QVERIFY(analyzer.connect());

    // A host query: the tube's open orders that this analyzer runs, in far less than the 15 s the
    // analyzer waits for the answer.
    QSignalSpy answered(&analyzer.sim, &AstmSimulator::queryAnswered);
    QElapsedTimer clock;
    clock.start();
    analyzer.sim.sendQuery(st.accessions().first());
    QVERIFY(waitUntil([&] { return !answered.isEmpty(); }, int(AstmLink::ReplyTimeoutMs)));
    const qint64 answerMs = clock.elapsed();
    qInfo("host query answered in %lld ms", answerMs);
    QVERIFY(answerMs < 5'000);
    QCOMPARE(answered.first().at(0).toString(), st.accessions().first());
    QStringList asked = answered.first().at(1).toStringList();
    asked.sort();
    QStringList expected;
    for (const auto &t : Tests)
        expected << t.first;
    expected.sort();
    QCOMPARE(asked, expected);
    QCOMPARE(answered.first().at(2).toString(), QStringLiteral("Q"));
    // An unknown tube: no information (Z, or L-3 I).
    analyzer.sim.sendQuery(QStringLiteral("NO-SUCH-TUBE"));
    QVERIFY(waitUntil([&] { return answered.size() == 2; }, int(AstmLink::ReplyTimeoutMs)));
    QVERIFY2(answered.at(1).at(2).toString() == QLatin1String("Z") ||
                 answered.at(1).at(2).toString() == QLatin1String("I"),
             qPrintable(answered.at(1).at(2).toString()));

    // The results of all five tubes in one message: in the worklist at once, entered.
    const qsizetype id = analyzer.sim.sendResults(tubesOf(st.accessions()));
    QVERIFY(waitUntil([&] { return analyzer.acknowledged.contains(id); }, 15'000));
    QCOMPARE(st.problems(st.accessions()), QStringList());
    const testlab::CliRun worklist =
        st.cli({QStringLiteral("--json"), QStringLiteral("worklist"), QStringLiteral("CHEM"),
                QStringLiteral("--status"), QStringLiteral("entered"), QStringLiteral("--limit"),
                QStringLiteral("1000")});
    QVERIFY2(worklist.exit == 0, worklist.err.constData());
    int entered = 0;
    for (const QJsonValue &row : worklist.json().array()) {
        const QJsonObject o = row.toObject();
        if (st.accessions().contains(o.value(QLatin1String("accession")).toString()) &&
            o.value(QLatin1String("status")).toString() == QLatin1String("entered"))
            ++entered;
    }
    QCOMPARE(entered, 5 * int(Tests.size()));
    QVERIFY(
        waitUntil([&] { return serve.output().contains(QStringLiteral("50 results: 50 entered")); }, 5'000));
    QCOMPARE(serve.stop(), 0);
    QCOMPARE(st.cli({QStringLiteral("verify")}).exit, 0);
    QCOMPARE(st.cli({QStringLiteral("rebuild"), QStringLiteral("--check")}).exit, 0);
}

void TestAnalyzerServe::killDuringASessionLosesNothingAndDoublesNothing()
{
    constexpr int TubesPerMessage = 5;
    TestStation st(50);
    Serve serve(st);
    QVERIFY(serve.start());
    Instrument analyzer(st);
    QVERIFY(analyzer.connect());

    // 500 results in ten messages, queued at once: the analyzer sends them back to back.
    QMap<qsizetype, QStringList> messages; // id → its tubes
    for (int at = 0; at < st.accessions().size(); at += TubesPerMessage) {
        const QStringList tubes = st.accessions().mid(at, TubesPerMessage);
        messages[analyzer.sim.sendResults(tubesOf(tubes))] = tubes;
    }
    QCOMPARE(messages.size(), 10);

    // The kills: as the 3rd message's last frame goes out (its commit has most likely not begun),
    // and as soon as the 7th's results are on disk (its ACK a moment from leaving, or just left).
    struct Kill
    {
        int lastFrame; // kill at the n-th L frame written, resends included
        bool afterCommit;
    };
    const QList<Kill> kills{{3, false}, {7, true}};
    int lastFrames = 0;
    bool killed = false;
    const QString watch = QUuid::createUuid().toString();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), watch);
    db.setDatabaseName(st.path());
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_READONLY"));
    QVERIFY(db.open());
    QObject::connect(&analyzer.sim, &AstmSimulator::frameSent, &analyzer.sim, [&](const QByteArray &frame) {
        if (frame.size() < 3 || frame.at(2) != 'L')
            return;
        ++lastFrames;
        for (const Kill &k : kills) {
            if (k.lastFrame != lastFrames)
                continue;
            if (!k.afterCommit) {
                QTimer::singleShot(0, &analyzer.sim, [&] {
                    serve.kill();
                    killed = true;
                });
                continue;
            }
            // The message being sent is the first not acknowledged (they go in order). Its results
            // are watched for without handling events, so that the ACK waits unread.
            qsizetype sending = 0;
            for (auto it = messages.cbegin(); it != messages.cend() && sending == 0; ++it) {
                if (!analyzer.acknowledged.contains(it.key()))
                    sending = it.key();
            }
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT count(*) FROM results WHERE analyzer = ? AND accession IN "
                                     "(SELECT value FROM json_each(?))"));
            const QString tubes =
                QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(messages.value(sending)))
                                      .toJson(QJsonDocument::Compact));
            // The frame is still in the socket's buffer: out with it.
            analyzer.socket->flush();
            QElapsedTimer clock;
            clock.start();
            qint64 onDisk = 0;
            while (onDisk < TubesPerMessage * Tests.size() && clock.elapsed() < 5'000) {
                q.addBindValue(Analyzer);
                q.addBindValue(tubes);
                if (q.exec() && q.next())
                    onDisk = q.value(0).toLongLong();
                q.finish();
                QThread::usleep(200);
            }
            serve.kill();
            qInfo("message %lld committed in %lld ms; killed", qint64(sending), clock.elapsed());
            killed = true;
        }
    });

    const auto acknowledgedTubes = [&] {
        QStringList out;
        for (const qsizetype id : std::as_const(analyzer.acknowledged))
            out << messages.value(id);
        return out;
    };
    qint64 repeatedTotal = 0;
    for (int round = 0; round < kills.size(); ++round) {
        QVERIFY2(waitUntil([&] { return killed; }, 60'000), qPrintable(serve.output()));
        killed = false;
        QVERIFY(waitUntil([&] { return !analyzer.sim.isAttached(); }, 5'000));
        // Right after the kill: everything acknowledged is on disk, once; what is on disk beyond it is
        // a message committed whose ACK never left, which the analyzer sends again.
        const QStringList acked = acknowledgedTubes();
        const qint64 onDisk =
            st.count(QStringLiteral("SELECT count(*) FROM results WHERE analyzer = ?"), {Analyzer});
        qInfo("kill %d: %lld of %lld messages acknowledged, %lld results on disk", round + 1,
              qint64(analyzer.acknowledged.size()), qint64(messages.size()), onDisk);
        QCOMPARE(st.problems(acked), QStringList());
        QVERIFY(onDisk >= acked.size() * Tests.size());
        QVERIFY2(analyzer.acknowledged.size() < messages.size(), "all was acknowledged before the kill");

        QVERIFY(serve.start());
        QVERIFY(analyzer.connect());
    }
    QVERIFY2(waitUntil([&] { return analyzer.acknowledged.size() == messages.size(); }, 60'000),
             qPrintable(serve.output()));
    static const QRegularExpression repeated(QStringLiteral("(\\d+) repeated"));
    QRegularExpressionMatchIterator it = repeated.globalMatch(serve.output());
    while (it.hasNext())
        repeatedTotal += it.next().captured(1).toLongLong();
    QCOMPARE(serve.stop(), 0);
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(watch);

    // Everything is there exactly once, nothing went to the unmatched list, the journal is whole.
    QCOMPARE(st.problems(st.accessions()), QStringList());
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM results WHERE analyzer = ?"), {Analyzer}), 500);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM result_history")), 500);
    QCOMPARE(
        st.count(QStringLiteral("SELECT count(*) FROM instrument_readings WHERE analyzer = ?"), {Analyzer}),
        500);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM instrument_unmatched")), 0);
    qInfo("after the last restart, %lld readings were recognised as sent before", repeatedTotal);
    const testlab::CliRun verify = st.cli({QStringLiteral("verify")});
    QVERIFY2(verify.exit == 0, (verify.out + verify.err).constData());
    const testlab::CliRun rebuild = st.cli({QStringLiteral("rebuild"), QStringLiteral("--check")});
    QVERIFY2(rebuild.exit == 0, (rebuild.out + rebuild.err).constData());
}

QTEST_GUILESS_MAIN(TestAnalyzerServe)
#include "tst_analyzerserve.moc"
