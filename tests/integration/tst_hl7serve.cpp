// SPDX-License-Identifier: GPL-3.0-or-later
// HL7 v2 over MLLP end to end (issue 19, "Bad input, faults and security" and "Exactly-once";
// ANCHORS.md behaviours 1, 6, 7, 11 and 12): `benchside-cli hl7 serve` on a temporary station
// database, fed by python3-hl7's mllp_send and by raw sockets (framing faults, 16 clients at once, the
// allow-list, a burst of 2,000 orders cut by SIGKILL), and delivering released results to
// tests/util/mllp_peer.py, which parses every ORU with python-hl7 and answers AA, AE, nothing at all
// or a stray ACK first. Timeouts are short (--idle-timeout 1, --ack-timeout 0.5) so that the whole
// run stays well under a minute and a half.

#include "clirunner.h"
#include "hl7/hl7message.h"
#include "hl7/mllpframer.h"
#include "labhelpers.h"
#include "result/resultrepository.h"
#include "result/resultservice.h"
#include "sidequery.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <functional>
#include <latch>
#include <limits>
#include <thread>

using namespace benchside;

namespace {

// The real messages (../shared/testdata) and the independent peer, both outside the build tree.
const QString SharedHl7 = QStringLiteral(BENCHSIDE_SHARED_TESTDATA "/interfaces/hl7/");
const QString PeerScript = QStringLiteral(BENCHSIDE_MLLP_PEER);
// python3-hl7 belongs to the system's python; a python3 earlier on PATH may not have it.
const QString Python = QStringLiteral("/usr/bin/python3");
const QString MllpSend = QStringLiteral("/usr/bin/mllp_send");

// Checks `done` every 20 ms, handling events in between, for up to `ms`.
bool waitUntil(const std::function<bool()> &done, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > ms)
            return false;
        QTest::qWait(20);
    }
    return true;
}

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// A new order as a hospital system sends it: ORM^O01 (2.4), one glucose test on serum.
QByteArray orm(const QString &control, const QString &placer, const QString &mrn = QStringLiteral("P1001"))
{
    return QStringLiteral("MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||ORM^O01|%1|P|2.4\r"
                          "PID|1||%3^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                          "ORC|NW|%2^HIS|||||^^^^^R||20261206075500\r"
                          "OBR|1|%2^HIS||14749-6^Glucose^LN|||20261206074500\r")
        .arg(control, placer, mrn)
        .toUtf8();
}

struct Ack
{
    QString code;  // MSA-1
    QString about; // MSA-2
    QString text;  // MSA-3
};

Ack ackOf(const QByteArray &payload)
{
    const Result<Hl7Message> m = Hl7Message::parse(payload);
    if (!m)
        return {QStringLiteral("(not HL7: %1)").arg(QString::fromUtf8(payload.left(80))), {}, {}};
    return {m.value().value(QStringLiteral("MSA"), 1), m.value().value(QStringLiteral("MSA"), 2),
            m.value().value(QStringLiteral("MSA"), 3)};
}

// A station database with the demo catalogue, and benchside-cli run on it.
class TestStation
{
public:
    TestStation()
    {
        const std::unique_ptr<Lab> lab = m_db.open();
        if (const Status s = testlab::importDemoCatalog(*lab); !s)
            qFatal("cannot import the demo catalogue: %s", qPrintable(s.error()));
    }

    QString path() const { return m_db.path(); }
    QString dir() const { return m_db.dir(); }
    std::unique_ptr<Lab> open() const { return m_db.open(); }

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

private:
    TestDatabase m_db;
};

// `benchside-cli hl7 serve --listen 127.0.0.1:0` on a station. What it prints goes to a file: a pipe
// that nobody reads during a burst would fill and stop it.
class Serve
{
public:
    explicit Serve(const TestStation &station, QStringList extra = {})
        : m_station(station), m_extra(std::move(extra))
    {}
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
        m_process.start(testlab::cliPath(),
                        QStringList{QStringLiteral("--db"), m_station.path(), QStringLiteral("hl7"),
                                    QStringLiteral("serve"), QStringLiteral("--listen"),
                                    QStringLiteral("127.0.0.1:0")} +
                            m_extra);
        if (!m_process.waitForStarted(10'000))
            return false;
        // The first line says where it listens: "listening on 127.0.0.1:PORT".
        static const QRegularExpression listening(QStringLiteral("\\Alistening on 127\\.0\\.0\\.1:(\\d+)\n"));
        waitUntil(
            [&] {
                const QRegularExpressionMatch m = listening.match(output());
                if (m.hasMatch())
                    m_port = quint16(m.captured(1).toUInt());
                return m_port != 0 || m_process.state() == QProcess::NotRunning;
            },
            15'000);
        if (m_port == 0)
            qWarning("hl7 serve did not start: %s %s", qPrintable(output()), qPrintable(errors()));
        return m_port != 0;
    }
    quint16 port() const { return m_port; }
    QString output() const { return readText(m_out); }
    QString errors() const { return readText(m_out + QStringLiteral(".err")); }

    void kill()
    {
        m_process.kill(); // SIGKILL
        m_process.waitForFinished(10'000);
    }
    int stop() { return testlab::stopProcess(m_process); }

private:
    const TestStation &m_station;
    QStringList m_extra;
    QProcess m_process;
    QString m_out;
    quint16 m_port = 0;
};

// The hospital's receiver for results: tests/util/mllp_peer.py, restartable with another answer on
// the same port. received() is every ORU it parsed, over all its runs, in order.
class Peer
{
public:
    explicit Peer(QString dir) : m_dir(std::move(dir)) {}
    ~Peer() { stop(); }

    // answer: AA, AE, AR, silent, stray or AE-once. port 0: any free port (then the same one again).
    bool start(const QString &answer, quint16 port = 0)
    {
        stop();
        const QString base = QDir(m_dir).filePath(QStringLiteral("peer-%1").arg(m_logs.size() + 1));
        m_logs << base + QStringLiteral(".jsonl");
        m_process.setStandardOutputFile(base + QStringLiteral(".out"));
        m_process.setStandardErrorFile(base + QStringLiteral(".err"));
        m_process.start(Python, {PeerScript, QStringLiteral("--answer"), answer, QStringLiteral("--port"),
                                 QString::number(port), QStringLiteral("--log"), m_logs.last()});
        if (!m_process.waitForStarted(10'000))
            return false;
        static const QRegularExpression ready(QStringLiteral("ready (\\d+)"));
        m_port = 0;
        waitUntil(
            [&] {
                const QRegularExpressionMatch m = ready.match(readText(base + QStringLiteral(".out")));
                if (m.hasMatch())
                    m_port = quint16(m.captured(1).toUInt());
                return m_port != 0 || m_process.state() == QProcess::NotRunning;
            },
            15'000);
        if (m_port == 0)
            qWarning("the MLLP peer did not start: %s", qPrintable(readText(base + QStringLiteral(".err"))));
        return m_port != 0;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5'000)) {
            m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }
    quint16 port() const { return m_port; }

    QList<QJsonObject> received() const
    {
        QList<QJsonObject> out;
        for (const QString &log : m_logs) {
            for (const QString &line : readText(log).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                const QJsonDocument d = QJsonDocument::fromJson(line.toUtf8());
                if (d.isObject()) // a line being written is complete only with its newline
                    out << d.object();
            }
        }
        return out;
    }
    // What it received about one tube (OBR-3, our accession number, is the filler order number).
    QList<QJsonObject> about(const QString &accession) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &m : received()) {
            if (m.value(QLatin1String("filler")).toString().section(QLatin1Char('^'), 0, 0) == accession)
                out << m;
        }
        return out;
    }

private:
    QString m_dir;
    QProcess m_process;
    QStringList m_logs;
    quint16 m_port = 0;
};

// A hospital system's end of one MLLP connection. Blocking, so that it works on any thread.
class MllpClient
{
public:
    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        return m_socket.waitForConnected(5'000);
    }
    bool send(const QByteArray &bytes)
    {
        if (m_socket.write(bytes) != bytes.size())
            return false;
        while (m_socket.bytesToWrite() > 0) {
            if (!m_socket.waitForBytesWritten(5'000))
                return false;
        }
        return true;
    }
    // Waits until `n` frames have come in all told, the server closes, or `ms` pass; all frames so far.
    const QList<QByteArray> &frames(qsizetype n, int ms = 5'000)
    {
        QElapsedTimer clock;
        clock.start();
        take();
        while (m_frames.size() < n && clock.elapsed() < ms) {
            const bool more = m_socket.waitForReadyRead(int(std::max<qint64>(1, ms - clock.elapsed())));
            take();
            if (!more && m_socket.state() != QAbstractSocket::ConnectedState)
                break;
        }
        return m_frames;
    }
    // True once the server has closed the connection (within `ms`).
    bool closedByServer(int ms)
    {
        QElapsedTimer clock;
        clock.start();
        while (m_socket.state() != QAbstractSocket::UnconnectedState && clock.elapsed() < ms) {
            m_socket.waitForReadyRead(int(std::max<qint64>(1, std::min<qint64>(50, ms - clock.elapsed()))));
            take();
        }
        take();
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }
    qint64 bytesReceived() const { return m_received; }
    QTcpSocket &socket() { return m_socket; }

private:
    void take()
    {
        const QByteArray bytes = m_socket.readAll();
        m_received += bytes.size();
        for (const MllpFramer::Frame &f : m_framer.feed(bytes))
            m_frames << f.payload;
    }

    QTcpSocket m_socket;
    MllpFramer m_framer;
    QList<QByteArray> m_frames;
    qint64 m_received = 0;
};

// One released result, entered and verified on the command line beside the running `hl7 serve` (as
// another bench's process would): accession, receive, result, verify-result; its accession number,
// or "" (with a warning saying why).
QString releaseByCli(const TestStation &st, const QString &mrn, const QString &test, const QString &value)
{
    const testlab::CliRun a =
        st.cli({QStringLiteral("--json"), QStringLiteral("accession"), QStringLiteral("--type"),
                QStringLiteral("SERUM"), QStringLiteral("--tests"), test, QStringLiteral("--patient"), mrn,
                QStringLiteral("--name"), QStringLiteral("Okoro, Ada"), QStringLiteral("--dob"),
                QStringLiteral("1971-05-04"), QStringLiteral("--sex"), QStringLiteral("F")});
    const QString accession = a.json().object().value(QLatin1String("accession")).toString();
    const QString orderId = accession + QLatin1Char('-') + test;
    for (const QStringList &args : {QStringList{QStringLiteral("scan"), accession, QStringLiteral("--action"),
                                                QStringLiteral("receive")},
                                    QStringList{QStringLiteral("result"), orderId, value,
                                                QStringLiteral("--as"), QStringLiteral("p.nair")},
                                    QStringList{QStringLiteral("verify-result"), orderId,
                                                QStringLiteral("--as"), QStringLiteral("a.okafor")}}) {
        if (accession.isEmpty())
            break;
        const testlab::CliRun r = st.cli(args);
        if (r.exit != 0) {
            qWarning("%s: exit %d: %s", qPrintable(args.join(QLatin1Char(' '))), r.exit, r.err.constData());
            return {};
        }
    }
    if (accession.isEmpty())
        qWarning("accession failed: %s", a.err.constData());
    return accession;
}

} // namespace

class TestHl7Serve : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void realOmlByMllpSendAndItsRepeat();
    void bytesBeforeTheStartBlockAreIgnored();
    void frameSplitIntoOneByteWrites();
    void twoFramesInOneWrite();
    void unansweredMessageKeepsTheConnectionInStep();
    void frameWithoutItsEndIsNeverTaken();
    void oversizeFrameIsArThenClosed();
    void nonHl7TextIsAr();
    void silentClientIsClosedAfterTheIdleTimeout();
    void sixteenClientsAtOnceAreAllServed();
    void allowListRefusesOtherPeersWithoutAnswer();
    void killDuringABurstLosesNothingAndDuplicatesNothing();

    void releasedResultsReachThePeerAndDeadLettersHoldThePatient();
    void killDuringDeliveryLosesNothingAndKeepsControlIds();

private:
    // The state of the one outbound message about a tube, from the station database.
    static QString outState(const TestStation &st, const QString &accession)
    {
        return st.column(QStringLiteral("SELECT state FROM hl7_outbox WHERE accession = ?"), {accession})
            .join(QLatin1Char(','));
    }
    static QString outId(const TestStation &st, const QString &accession)
    {
        return st.column(QStringLiteral("SELECT id FROM hl7_outbox WHERE accession = ?"), {accession})
            .join(QLatin1Char(','));
    }
    static QString outbox(const TestStation &st)
    {
        return st
            .column(QStringLiteral(
                "SELECT o.id || ' ' || o.accession || ' ' || o.state || ' ' || "
                "coalesce(d.attempts, 0) || ' ' || coalesce(d.last_error, '') FROM hl7_outbox o "
                "LEFT JOIN hl7_delivery d ON d.id = o.id ORDER BY o.hlc"))
            .join(QLatin1Char('\n'));
    }
};

void TestHl7Serve::initTestCase()
{
    // CI installs python3-hl7 (packaging/install-deps.sh): without it this is a broken machine, not a pass.
    QVERIFY2(QFile::exists(MllpSend), "python3-hl7's mllp_send is missing (apt-get install python3-hl7)");
    QProcess check;
    check.start(Python, {QStringLiteral("-c"), QStringLiteral("import hl7")});
    QVERIFY(check.waitForFinished(30'000));
    QVERIFY2(check.exitCode() == 0, "the system python cannot import hl7 (python3-hl7)");
    QVERIFY2(QFile::exists(PeerScript), qPrintable(PeerScript));
}

// A real OML^O21 (three SPM, three tubes) through python3-hl7's own sender: AA, the order is there
// with its three tubes; the same message again gets the very same ACK bytes and records nothing.
void TestHl7Serve::realOmlByMllpSendAndItsRepeat()
{
    TestStation st;
    Serve serve(st);
    QVERIFY(serve.start());
    const auto send = [&] {
        QProcess p;
        p.start(MllpSend, {QStringLiteral("--loose"), QStringLiteral("-f"),
                           SharedHl7 + QStringLiteral("oml_o21_v251_hl7spec_glucose_tolerance_nw.hl7"),
                           QStringLiteral("-p"), QString::number(serve.port()), QStringLiteral("127.0.0.1")});
        if (!p.waitForFinished(30'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            qWarning("mllp_send failed: %s", p.readAllStandardError().constData());
        return p.readAllStandardOutput();
    };
    const QByteArray first = send();
    MllpFramer framer;
    const QList<MllpFramer::Frame> frames = framer.feed(first);
    QCOMPARE(frames.size(), 1);
    const Ack ack = ackOf(frames.first().payload);
    QCOMPARE(ack.code, QStringLiteral("AA"));
    QCOMPARE(ack.about, QStringLiteral("msgOP123"));

    const testlab::CliRun order =
        st.cli({QStringLiteral("--json"), QStringLiteral("order"), QStringLiteral("12345678")});
    QCOMPARE(order.exit, 0);
    const QJsonObject o = order.json().object();
    QCOMPARE(o.value(QLatin1String("accessions")).toArray().size(), 3);
    QCOMPARE(o.value(QLatin1String("placer")).toString(), QStringLiteral("12345678"));
    QCOMPARE(o.value(QLatin1String("patient")).toObject().value(QLatin1String("id")).toString(),
             QStringLiteral("12345"));
    QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("ordered"));
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM specimens WHERE status = 'accessioned'")), 3);

    const qint64 journal = st.count(QStringLiteral("SELECT count(*) FROM journal"));
    const testlab::CliRun inboxBefore =
        st.cli({QStringLiteral("--json"), QStringLiteral("hl7"), QStringLiteral("inbox")});
    QCOMPARE(inboxBefore.exit, 0);
    QCOMPARE(inboxBefore.json().array().size(), 1);

    const QByteArray again = send();
    QCOMPARE(again, first);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM journal")), journal);
    const testlab::CliRun inboxAfter =
        st.cli({QStringLiteral("--json"), QStringLiteral("hl7"), QStringLiteral("inbox")});
    QCOMPARE(inboxAfter.json(), inboxBefore.json());
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM specimens")), 3);
    QVERIFY(serve.output().contains(QStringLiteral(" duplicate")));
    QCOMPARE(serve.stop(), 0);
}

// Bytes before 0x0B (a port scanner, a half-sent message) are dropped, logged, and the message that
// follows is answered as usual.
void TestHl7Serve::bytesBeforeTheStartBlockAreIgnored()
{
    TestStation st;
    Serve serve(st);
    QVERIFY(serve.start());
    MllpClient c;
    QVERIFY(c.connectTo(serve.port()));
    QVERIFY(c.send("GET / HTTP/1.0\r\n\r\n" +
                   MllpFramer::frame(orm(QStringLiteral("S1"), QStringLiteral("SB1")))));
    const QList<QByteArray> acks = c.frames(1);
    QCOMPARE(acks.size(), 1);
    QCOMPARE(ackOf(acks.first()).code, QStringLiteral("AA"));
    QCOMPARE(ackOf(acks.first()).about, QStringLiteral("S1"));
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM external_orders WHERE placer_order = 'SB1'")), 1);
    QVERIFY(waitUntil(
        [&] {
            return st.count(QStringLiteral("SELECT count(*) FROM interface_log WHERE level = 'warning' AND "
                                           "text LIKE 'Ignored 18 byte%'")) == 1;
        },
        5'000));
}

// A frame that arrives one byte per TCP write is answered once, after its 0x1C 0x0D, not before.
void TestHl7Serve::frameSplitIntoOneByteWrites()
{
    TestStation st;
    Serve serve(st);
    QVERIFY(serve.start());
    MllpClient c;
    QVERIFY(c.connectTo(serve.port()));
    c.socket().setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QByteArray frame = MllpFramer::frame(orm(QStringLiteral("S2"), QStringLiteral("SB2")));
    for (qsizetype i = 0; i + 1 < frame.size(); ++i) {
        QVERIFY(c.send(frame.mid(i, 1)));
        if (i % 64 == 0)
            QThread::usleep(500); // let the server see many small reads, not one coalesced one
    }
    QVERIFY2(c.frames(1, 300).isEmpty(), "answered before the frame's last byte");
    QVERIFY(c.send(frame.right(1)));
    const QList<QByteArray> acks = c.frames(1);
    QCOMPARE(acks.size(), 1);
    QCOMPARE(ackOf(acks.first()).code, QStringLiteral("AA"));
    QCOMPARE(ackOf(acks.first()).about, QStringLiteral("S2"));
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM external_orders WHERE placer_order = 'SB2'")), 1);
}

// Two frames in one TCP write: two ACKs, in the order of the messages.
void TestHl7Serve::twoFramesInOneWrite()
{
    TestStation st;
    Serve serve(st);
    QVERIFY(serve.start());
    MllpClient c;
    QVERIFY(c.connectTo(serve.port()));
    QVERIFY(c.send(MllpFramer::frame(orm(QStringLiteral("S3a"), QStringLiteral("SB3a"))) +
                   MllpFramer::frame(orm(QStringLiteral("S3b"), QStringLiteral("SB3b")))));
    const QList<QByteArray> acks = c.frames(2);
    QCOMPARE(acks.size(), 2);
    QCOMPARE(ackOf(acks.at(0)).about, QStringLiteral("S3a"));
    QCOMPARE(ackOf(acks.at(1)).about, QStringLiteral("S3b"));
    QCOMPARE(ackOf(acks.at(0)).code, QStringLiteral("AA"));
    QCOMPARE(ackOf(acks.at(1)).code, QStringLiteral("AA"));
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM external_orders")), 2);
}

// Enhanced mode with MSH-15 and MSH-16 NE: the order is recorded and nothing is sent back, so the
// next message's answer is the next frame the client reads (never an answer to the wrong message).
void TestHl7Serve::unansweredMessageKeepsTheConnectionInStep()
{
    TestStation st;
    Serve serve(st);
    QVERIFY(serve.start());
    MllpClient c;
    QVERIFY(c.connectTo(serve.port()));
    QByteArray silent = orm(QStringLiteral("S4a"), QStringLiteral("SB4a"));
    silent.replace("|P|2.4\r", "|P|2.4|||NE|NE\r");
    QVERIFY(c.send(MllpFramer::frame(silent) +
                   MllpFramer::frame(orm(QStringLiteral("S4b"), QStringLiteral("SB4b")))));
    const QList<QByteArray> acks = c.frames(1);
    QCOMPARE(acks.size(), 1);
    QCOMPARE(ackOf(acks.first()).about, QStringLiteral("S4b"));
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM external_orders")), 2);
    QCOMPARE(c.frames(2, 500).size(), 1);
}

// A frame whose 0x1C 0x0D never comes is not a message: no answer, nothing recorded; a new 0x0B
// starts the next frame, which is answered.
void TestHl7Serve::frameWithoutItsEndIsNeverTaken()
{
    TestStation st;
    Serve serve(st);
    QVERIFY(serve.start());
    MllpClient c;
    QVERIFY(c.connectTo(serve.port()));
    QVERIFY(
        c.send(QByteArray(1, MllpFramer::StartBlock) + orm(QStringLiteral("S4a"), QStringLiteral("SB4a"))));
    QVERIFY(c.frames(1, 300).isEmpty());
    QVERIFY(c.send(MllpFramer::frame(orm(QStringLiteral("S4b"), QStringLiteral("SB4b")))));
    const QList<QByteArray> acks = c.frames(2, 500);
    QCOMPARE(acks.size(), 1);
    QCOMPARE(ackOf(acks.first()).about, QStringLiteral("S4b"));
    QCOMPARE(ackOf(acks.first()).code, QStringLiteral("AA"));
    QCOMPARE(st.column(QStringLiteral("SELECT placer_order FROM external_orders")),
             QStringList{QStringLiteral("SB4b")});
    // The given-up frame's bytes are counted as stray in the interface log.
    QVERIFY(
        st.count(QStringLiteral("SELECT count(*) FROM interface_log WHERE level = 'warning' AND text LIKE "
                                "'Ignored % outside an MLLP frame'")) >= 1);
}

// A frame over 1 MiB: AR as soon as the limit is passed, then the connection is closed; nothing is
// recorded, and the listener goes on serving others.
void TestHl7Serve::oversizeFrameIsArThenClosed()
{
    TestStation st;
    Serve serve(st);
    QVERIFY(serve.start());
    MllpClient c;
    QVERIFY(c.connectTo(serve.port()));
    const QByteArray big = MllpFramer::frame(orm(QStringLiteral("S5"), QStringLiteral("SB5")) + "NTE|1||" +
                                             QByteArray(1024 * 1024 + 4096, 'x') + "\r");
    // Written in pieces, reading between them, as a sender that watches its socket would.
    for (qsizetype at = 0; at < big.size() && c.socket().state() == QAbstractSocket::ConnectedState;
         at += 64 * 1024) {
        if (!c.send(big.mid(at, 64 * 1024)))
            break;
        if (!c.frames(1, 0).isEmpty())
            break;
    }
    const QList<QByteArray> acks = c.frames(1);
    QCOMPARE(acks.size(), 1);
    QCOMPARE(ackOf(acks.first()).code, QStringLiteral("AR"));
    QVERIFY(c.closedByServer(5'000));
    QCOMPARE(c.frames(2, 0).size(), 1);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM external_orders")), 0);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM specimens")), 0);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM interface_log WHERE level = 'error' AND text LIKE "
                                     "'%larger than 1048576 bytes%'")),
             1);

    MllpClient next;
    QVERIFY(next.connectTo(serve.port()));
    QVERIFY(next.send(MllpFramer::frame(orm(QStringLiteral("S5b"), QStringLiteral("SB5b")))));
    QCOMPARE(next.frames(1).size(), 1);
    QCOMPARE(ackOf(next.frames(1).first()).code, QStringLiteral("AA"));
    QVERIFY(serve.output().contains(QStringLiteral(" AR - ")));
}

// Frames that are not taken at all: text that is not HL7, bytes that are not text, a version or a
// processing ID we do not support. Each is answered AR (naming the field where there is one), records
// no order, leaves a trace (the interface log or the inbox), and the connection stays usable. Bytes
// not valid in the character set MSH-18 declares are no reason to refuse an order: it is taken (AA),
// read as what the bytes are, and the interface log says so.
void TestHl7Serve::nonHl7TextIsAr()
{
    TestStation st;
    Serve serve(st);
    QVERIFY(serve.start());
    MllpClient c;
    QVERIFY(c.connectTo(serve.port()));
    const QByteArray order = orm(QStringLiteral("S6"), QStringLiteral("SB6"));
    QByteArray badUtf8 = order;
    badUtf8.replace("|2.4\r", "|2.4||||||UNICODE UTF-8\r")
        .replace("Garcia", "Garc\xed"
                           "a");
    QVERIFY(c.send(MllpFramer::frame("Hello, this is not an HL7 message.\r") +
                   MllpFramer::frame(QByteArray("\x00\xff\xfe garbage", 12)) +
                   MllpFramer::frame(QByteArray(order).replace("|S6|P|2.4", "|S6v|P|2.9")) +
                   MllpFramer::frame(QByteArray(order).replace("|S6|P|2.4", "|S6p|X|2.4")) +
                   MllpFramer::frame(badUtf8.replace("|S6|", "|S6c|"))));
    const QList<QByteArray> acks = c.frames(5);
    QCOMPARE(acks.size(), 5);
    for (qsizetype i = 0; i < 4; ++i)
        QCOMPARE(ackOf(acks.at(i)).code, QStringLiteral("AR"));
    QCOMPARE(ackOf(acks.at(0)).about, QString());
    QCOMPARE(ackOf(acks.at(1)).about, QString());
    QCOMPARE(ackOf(acks.at(2)).about, QStringLiteral("S6v"));
    QVERIFY2(ackOf(acks.at(2)).text.contains(QLatin1String("MSH-12")), qPrintable(ackOf(acks.at(2)).text));
    QCOMPARE(ackOf(acks.at(3)).about, QStringLiteral("S6p"));
    QVERIFY2(ackOf(acks.at(3)).text.contains(QLatin1String("MSH-11")), qPrintable(ackOf(acks.at(3)).text));
    QCOMPARE(ackOf(acks.at(4)).code, QStringLiteral("AA"));
    QCOMPARE(ackOf(acks.at(4)).about, QStringLiteral("S6c"));
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM specimens")), 1);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM patients WHERE name = 'Garc\u00eda, Elena'")), 1);
    // The log lines are written just after the answer goes out.
    QVERIFY(waitUntil(
        [&] {
            return st.count(
                       QStringLiteral("SELECT count(*) FROM interface_log WHERE level = 'error' AND text "
                                      "LIKE 'Not an HL7 v2 message%'")) == 2 &&
                   st.count(QStringLiteral("SELECT count(*) FROM interface_log WHERE level = 'error'")) +
                           st.count(QStringLiteral("SELECT count(*) FROM hl7_inbox WHERE ack_code = 'AR'")) ==
                       4 &&
                   st.count(QStringLiteral("SELECT count(*) FROM interface_log WHERE level = 'warning' AND "
                                           "text LIKE 'S6c: %UTF-8%'")) == 1;
        },
        5'000));
    QVERIFY(c.send(MllpFramer::frame(order)));
    QCOMPARE(c.frames(6).size(), 6);
    QCOMPARE(ackOf(c.frames(6).at(5)).code, QStringLiteral("AA"));
    QCOMPARE(ackOf(c.frames(6).at(5)).about, QStringLiteral("S6"));
}

// A client that connects and sends nothing is closed after --idle-timeout (1 s here; 60 s by
// default), and the close is logged.
void TestHl7Serve::silentClientIsClosedAfterTheIdleTimeout()
{
    TestStation st;
    Serve serve(st, {QStringLiteral("--idle-timeout"), QStringLiteral("1")});
    QVERIFY(serve.start());
    MllpClient c;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(c.connectTo(serve.port()));
    QVERIFY(c.closedByServer(5'000));
    QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(c.bytesReceived(), 0);
    QVERIFY(waitUntil(
        [&] {
            return st.count(QStringLiteral("SELECT count(*) FROM interface_log WHERE text LIKE 'Closed after "
                                           "1 s without data%'")) == 1;
        },
        5'000));
}

// 16 hospital clients at once, 25 orders each, one after the other on each connection: every one
// AA, every order once, and no client waits for the others to finish before it is served.
void TestHl7Serve::sixteenClientsAtOnceAreAllServed()
{
    constexpr int Clients = 16;
    constexpr int Orders = 25;
    TestStation st;
    Serve serve(st);
    QVERIFY(serve.start());
    struct Outcome
    {
        int accepted = 0;
        QString error;
        qint64 firstAckMs = -1;
        qint64 doneMs = -1;
    };
    std::vector<Outcome> outcomes(Clients);
    std::latch go(Clients);
    QElapsedTimer clock;
    clock.start();
    std::vector<std::thread> threads;
    const quint16 port = serve.port();
    for (int k = 0; k < Clients; ++k) {
        threads.emplace_back([&, k] {
            Outcome &o = outcomes[size_t(k)];
            MllpClient c;
            go.arrive_and_wait();
            if (!c.connectTo(port)) {
                o.error = QStringLiteral("cannot connect");
                return;
            }
            for (int i = 0; i < Orders; ++i) {
                const QString id =
                    QStringLiteral("%1-%2").arg(k, 2, 10, QLatin1Char('0')).arg(i, 2, 10, QLatin1Char('0'));
                if (!c.send(MllpFramer::frame(orm(QStringLiteral("M") + id, QStringLiteral("C") + id,
                                                  QStringLiteral("Q%1").arg(k))))) {
                    o.error = QStringLiteral("send %1 failed").arg(id);
                    return;
                }
                const QList<QByteArray> acks = c.frames(i + 1, 30'000);
                if (acks.size() != i + 1) {
                    o.error = QStringLiteral("no ACK for %1").arg(id);
                    return;
                }
                const Ack a = ackOf(acks.last());
                if (a.code != QLatin1String("AA") || a.about != QStringLiteral("M") + id) {
                    o.error = QStringLiteral("%1 answered %2 for %3").arg(id, a.code, a.about);
                    return;
                }
                if (i == 0)
                    o.firstAckMs = clock.elapsed();
                ++o.accepted;
            }
            o.doneMs = clock.elapsed();
        });
    }
    for (std::thread &t : threads)
        t.join();
    qint64 lastFirstAck = 0;
    qint64 firstDone = std::numeric_limits<qint64>::max();
    for (int k = 0; k < Clients; ++k) {
        const Outcome &o = outcomes[size_t(k)];
        QVERIFY2(o.error.isEmpty(), qPrintable(QStringLiteral("client %1: %2").arg(k).arg(o.error)));
        QCOMPARE(o.accepted, Orders);
        lastFirstAck = std::max(lastFirstAck, o.firstAckMs);
        firstDone = std::min(firstDone, o.doneMs);
    }
    // None starves: every client had its first answer before any client was through all of its orders.
    QVERIFY2(lastFirstAck < firstDone,
             qPrintable(QStringLiteral("last first ACK at %1 ms, first client done at %2 ms")
                            .arg(lastFirstAck)
                            .arg(firstDone)));
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM external_orders")), Clients * Orders);
    QCOMPARE(st.count(QStringLiteral("SELECT count(DISTINCT placer_order) FROM external_orders")),
             Clients * Orders);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM specimens")), Clients * Orders);
    const testlab::CliRun one =
        st.cli({QStringLiteral("--json"), QStringLiteral("order"), QStringLiteral("C07-12")});
    QCOMPARE(one.exit, 0);
    QCOMPARE(one.json().object().value(QLatin1String("accessions")).toArray().size(), 1);
    QCOMPARE(
        one.json().object().value(QLatin1String("patient")).toObject().value(QLatin1String("id")).toString(),
        QStringLiteral("Q7"));
}

// --allow: a peer outside the list is closed before it can send anything and gets no answer at all;
// one inside it is served.
void TestHl7Serve::allowListRefusesOtherPeersWithoutAnswer()
{
    TestStation st;
    {
        Serve serve(st, {QStringLiteral("--allow"), QStringLiteral("10.0.0.0/8")});
        QVERIFY(serve.start());
        MllpClient c;
        QVERIFY(c.connectTo(serve.port())); // the kernel accepts; the listener closes at once
        c.send(MllpFramer::frame(orm(QStringLiteral("A1"), QStringLiteral("AL1"))));
        QVERIFY(c.closedByServer(5'000));
        QCOMPARE(c.bytesReceived(), 0);
        QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM external_orders")), 0);
        QVERIFY(waitUntil(
            [&] {
                return st.count(
                           QStringLiteral("SELECT count(*) FROM interface_log WHERE level = 'warning' AND "
                                          "text LIKE 'Refused: not in the allow-list%' AND peer LIKE "
                                          "'127.0.0.1:%'")) >= 1;
            },
            5'000));
    }
    Serve serve(st, {QStringLiteral("--allow"), QStringLiteral("127.0.0.1")});
    QVERIFY(serve.start());
    MllpClient c;
    QVERIFY(c.connectTo(serve.port()));
    QVERIFY(c.send(MllpFramer::frame(orm(QStringLiteral("A2"), QStringLiteral("AL2")))));
    const QList<QByteArray> acks = c.frames(1);
    QCOMPARE(acks.size(), 1);
    QCOMPARE(ackOf(acks.first()).code, QStringLiteral("AA"));
    QCOMPARE(st.column(QStringLiteral("SELECT placer_order FROM external_orders")),
             QStringList{QStringLiteral("AL2")});
}

// 2,000 orders, up to 20 unanswered on the wire at a time, from a client that sends again whatever
// was not acknowledged. After about 300 ACKs the client stops reading for a moment (so that the
// listener commits orders whose ACKs nobody reads) and `hl7 serve` is killed (SIGKILL), then started
// again on the same database. Every acknowledged order is there exactly once right after the kill;
// the committed but unacknowledged ones, sent again, are answered as duplicates and recorded once;
// every order is there exactly once in the end, and the journal and the views are consistent.
void TestHl7Serve::killDuringABurstLosesNothingAndDuplicatesNothing()
{
    constexpr int Orders = 2000;
    constexpr int Window = 20;
    constexpr int KillAfter = 300;
    TestStation st;
    auto serve = std::make_unique<Serve>(st);
    QVERIFY(serve->start());
    const auto control = [](int i) {
        return QStringLiteral("K%1").arg(i, 4, 10, QLatin1Char('0'));
    };
    const auto placer = [](int i) {
        return QStringLiteral("B%1").arg(i, 4, 10, QLatin1Char('0'));
    };
    QSet<int> acked;
    qint64 committedUnacknowledged = -1;
    int connections = 0;
    QElapsedTimer clock;
    clock.start();
    while (acked.size() < Orders) {
        QVERIFY2(clock.elapsed() < 60'000,
                 qPrintable(QStringLiteral("%1 of %2 acknowledged").arg(acked.size()).arg(Orders)));
        QVERIFY(++connections <= 5);
        MllpClient c;
        QVERIFY(c.connectTo(serve->port()));
        QList<int> todo;
        for (int i = 0; i < Orders; ++i) {
            if (!acked.contains(i))
                todo << i;
        }
        qsizetype sent = 0;
        qsizetype seen = 0;
        bool open = true;
        while (open && acked.size() < Orders) {
            QByteArray batch;
            for (; sent < todo.size() && sent - seen < Window; ++sent)
                batch += MllpFramer::frame(orm(control(todo.at(sent)), placer(todo.at(sent)),
                                               QStringLiteral("R%1").arg(todo.at(sent) % 50)));
            if (!batch.isEmpty())
                open = c.send(batch);
            if (committedUnacknowledged < 0 && acked.size() >= KillAfter) {
                // Not reading for a while: the listener goes on committing and answering what is in
                // flight; those ACKs are never read, so to this client they never came.
                QThread::msleep(150);
                serve->kill();
                QHash<QString, int> orders;
                for (const QString &p : st.column(QStringLiteral("SELECT placer_order FROM external_orders")))
                    ++orders[p];
                for (const int i : std::as_const(acked))
                    QVERIFY2(orders.value(placer(i)) == 1, qPrintable(placer(i)));
                for (auto it = orders.cbegin(); it != orders.cend(); ++it)
                    QVERIFY2(it.value() == 1, qPrintable(it.key()));
                QVERIFY(orders.size() <= sent); // nothing the client did not send
                // Nothing half-recorded: each order is one tube and one inbox entry.
                QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM specimens")), qint64(orders.size()));
                QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM hl7_inbox")), qint64(orders.size()));
                committedUnacknowledged = orders.size() - acked.size();
                QVERIFY2(committedUnacknowledged > 0,
                         "the kill came before any unread ACK: nothing was tested");
                qInfo("killed after %lld ACKs, with %lld orders on disk and %lld sent", qint64(acked.size()),
                      qint64(orders.size()), qint64(sent));
                serve = std::make_unique<Serve>(st);
                QVERIFY(serve->start());
                break;
            }
            const QList<QByteArray> &frames = c.frames(seen + 1);
            open = open && frames.size() > seen;
            for (; seen < frames.size(); ++seen) {
                const Ack a = ackOf(frames.at(seen));
                QCOMPARE(a.code, QStringLiteral("AA"));
                // The ACKs come in the order of the messages on this connection.
                QCOMPARE(a.about, control(todo.at(seen)));
                acked.insert(todo.at(seen));
            }
        }
    }
    QVERIFY(committedUnacknowledged > 0);
    // What was committed before the kill and sent again was answered from the inbox, not recorded again.
    QCOMPARE(serve->output().count(QStringLiteral(" duplicate")), committedUnacknowledged);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM external_orders")), Orders);
    QCOMPARE(st.count(QStringLiteral("SELECT count(DISTINCT placer_order) FROM external_orders")), Orders);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM specimens")), Orders);
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM hl7_inbox WHERE ack_code = 'AA'")), Orders);
    qInfo("%d orders in %lld ms over %d connections", Orders, clock.elapsed(), connections);
    QCOMPARE(serve->stop(), 0);
    const testlab::CliRun verify = st.cli({QStringLiteral("verify")});
    QVERIFY2(verify.exit == 0, (verify.out + verify.err).constData());
    const testlab::CliRun rebuild = st.cli({QStringLiteral("rebuild"), QStringLiteral("--check")});
    QVERIFY2(rebuild.exit == 0, (rebuild.out + rebuild.err).constData());
}

// The sender, against python-hl7 on the other side: released results go out as ORU^R01 with their
// values, flags and units under distinct control IDs; AE makes a dead letter that holds back the
// same patient's later results (another patient's still go out) until a supervisor resends it (the
// same control ID) or discards it with a reason; no ACK is retried with the same control ID; a stray
// ACK is logged and ignored.
void TestHl7Serve::releasedResultsReachThePeerAndDeadLettersHoldThePatient()
{
    TestStation st;
    Peer peer(st.dir());
    QVERIFY(peer.start(QStringLiteral("AA")));
    const testlab::CliRun added = st.cli(
        {QStringLiteral("hl7"), QStringLiteral("destination"), QStringLiteral("add"), QStringLiteral("HIS"),
         QStringLiteral("--to"), QStringLiteral("127.0.0.1:%1").arg(peer.port())});
    QVERIFY2(added.exit == 0, added.err.constData());
    Serve serve(st, {QStringLiteral("--ack-timeout"), QStringLiteral("0.5"), QStringLiteral("--retry-first"),
                     QStringLiteral("0.2")});
    QVERIFY(serve.start());
    const auto delivered = [&](const QString &accession, int ms = 10'000) {
        return waitUntil([&] { return outState(st, accession) == QLatin1String("delivered"); }, ms);
    };

    // Three results of two patients, released beside the running serve.
    struct Released
    {
        QString mrn, test, value, loinc, flag, range;
        QString accession;
    };
    QList<Released> released{
        {QStringLiteral("H0001"),
         QStringLiteral("GLU"),
         QStringLiteral("7.2"),
         QStringLiteral("14749-6"),
         QStringLiteral("H"),
         QStringLiteral("3.9-5.5"),
         {}},
        {QStringLiteral("H0001"),
         QStringLiteral("K"),
         QStringLiteral("3.2"),
         QStringLiteral("2823-3"),
         QStringLiteral("L"),
         QStringLiteral("3.5-5.1"),
         {}},
        {QStringLiteral("H0002"),
         QStringLiteral("NA"),
         QStringLiteral("140"),
         QStringLiteral("2951-2"),
         QStringLiteral("N"),
         QStringLiteral("136-145"),
         {}},
    };
    for (Released &r : released) {
        r.accession = releaseByCli(st, r.mrn, r.test, r.value);
        QVERIFY(!r.accession.isEmpty());
    }
    for (const Released &r : std::as_const(released))
        QVERIFY2(delivered(r.accession), qPrintable(outbox(st)));
    QSet<QString> controlIds;
    for (const Released &r : std::as_const(released)) {
        const QList<QJsonObject> seen = peer.about(r.accession);
        QCOMPARE(seen.size(), 1);
        const QJsonObject &m = seen.first();
        QVERIFY(m.value(QLatin1String("type")).toString().startsWith(QLatin1String("ORU^R01")));
        QCOMPARE(m.value(QLatin1String("patient")).toString(), r.mrn);
        QCOMPARE(m.value(QLatin1String("result_status")).toString(), QStringLiteral("F"));
        const QJsonArray obx = m.value(QLatin1String("obx")).toArray();
        QCOMPARE(obx.size(), 1);
        const QJsonObject x = obx.first().toObject();
        QCOMPARE(x.value(QLatin1String("type")).toString(), QStringLiteral("NM"));
        QCOMPARE(x.value(QLatin1String("code")).toString(), r.loinc);
        QCOMPARE(x.value(QLatin1String("value")).toString(), r.value);
        QCOMPARE(x.value(QLatin1String("unit")).toString(), QStringLiteral("mmol/L"));
        QCOMPARE(x.value(QLatin1String("range")).toString(), r.range);
        QCOMPARE(x.value(QLatin1String("flag")).toString(), r.flag);
        QCOMPARE(x.value(QLatin1String("status")).toString(), QStringLiteral("F"));
        controlIds.insert(m.value(QLatin1String("control_id")).toString());
        QCOMPARE(m.value(QLatin1String("control_id")).toString(), outId(st, r.accession));
    }
    QCOMPARE(controlIds.size(), 3);
    const testlab::CliRun list =
        st.cli({QStringLiteral("--json"), QStringLiteral("hl7"), QStringLiteral("outbox"),
                QStringLiteral("--state"), QStringLiteral("delivered")});
    QCOMPARE(list.exit, 0);
    QCOMPARE(list.json().array().size(), 3);
    for (const QJsonValue &v : list.json().array()) {
        const QJsonObject e = v.toObject();
        QVERIFY(controlIds.contains(e.value(QLatin1String("control_id")).toString()));
        QCOMPARE(e.value(QLatin1String("state")).toString(), QStringLiteral("delivered"));
        QCOMPARE(e.value(QLatin1String("destination")).toString(), QStringLiteral("HIS"));
        QCOMPARE(e.value(QLatin1String("attempts")).toInt(), 1);
    }

    // A correction of a released result goes out too: the same tube, OBR-25 and OBX-11 C, a control
    // ID of its own.
    const QString corrected = released.first().accession;
    const QString correctedOrder = corrected + QStringLiteral("-GLU");
    QCOMPARE(st.cli({QStringLiteral("amend-result"), correctedOrder, QStringLiteral("7.9"),
                     QStringLiteral("--reason"), QStringLiteral("transcription error"),
                     QStringLiteral("--as"), QStringLiteral("p.nair")})
                 .exit,
             0);
    QCOMPARE(st.cli({QStringLiteral("verify-result"), correctedOrder, QStringLiteral("--as"),
                     QStringLiteral("a.okafor")})
                 .exit,
             0);
    QVERIFY2(waitUntil([&] { return peer.about(corrected).size() == 2; }, 10'000), qPrintable(outbox(st)));
    const QJsonObject correction = peer.about(corrected).last();
    QCOMPARE(correction.value(QLatin1String("result_status")).toString(), QStringLiteral("C"));
    const QJsonObject correctedObx = correction.value(QLatin1String("obx")).toArray().first().toObject();
    QCOMPARE(correctedObx.value(QLatin1String("value")).toString(), QStringLiteral("7.9"));
    QCOMPARE(correctedObx.value(QLatin1String("status")).toString(), QStringLiteral("C"));
    QCOMPARE(correctedObx.value(QLatin1String("flag")).toString(), QStringLiteral("H"));
    QVERIFY(!controlIds.contains(correction.value(QLatin1String("control_id")).toString()));
    QCOMPARE(correction.value(QLatin1String("control_id")).toString(),
             st.column(QStringLiteral("SELECT id FROM hl7_outbox WHERE accession = ? AND kind = 'amended'"),
                       {corrected})
                 .join(QLatin1Char(',')));
    QVERIFY(waitUntil(
        [&] {
            return st.count(QStringLiteral("SELECT count(*) FROM hl7_outbox WHERE state = 'delivered'")) == 4;
        },
        5'000));

    // AE: a dead letter. The same patient's next result waits behind it; another patient's goes out.
    QVERIFY(peer.start(QStringLiteral("AE-once"), peer.port()));
    const QString a1 =
        releaseByCli(st, QStringLiteral("H0001"), QStringLiteral("GLU"), QStringLiteral("4.8"));
    QVERIFY(!a1.isEmpty());
    QVERIFY2(waitUntil([&] { return outState(st, a1) == QLatin1String("dead"); }, 10'000),
             qPrintable(outbox(st)));
    const QString a1Id = outId(st, a1);
    const QString a2 = releaseByCli(st, QStringLiteral("H0001"), QStringLiteral("NA"), QStringLiteral("141"));
    const QString b1 = releaseByCli(st, QStringLiteral("H0002"), QStringLiteral("K"), QStringLiteral("4.0"));
    QVERIFY(!a2.isEmpty() && !b1.isEmpty());
    QVERIFY2(delivered(b1), qPrintable(outbox(st)));
    QTest::qWait(300); // a few polls of the sender
    QCOMPARE(outState(st, a2), QStringLiteral("pending"));
    QVERIFY(peer.about(a2).isEmpty());
    const testlab::CliRun dead =
        st.cli({QStringLiteral("--json"), QStringLiteral("hl7"), QStringLiteral("outbox"),
                QStringLiteral("--state"), QStringLiteral("dead")});
    QCOMPARE(dead.json().array().size(), 1);
    QCOMPARE(dead.json().array().first().toObject().value(QLatin1String("control_id")).toString(), a1Id);
    QCOMPARE(dead.json().array().first().toObject().value(QLatin1String("accession")).toString(), a1);

    // A discard needs a reason: without one it is refused (exit 2) and the message stays dead.
    const testlab::CliRun noReason = st.cli({QStringLiteral("hl7"), QStringLiteral("discard"), a1Id,
                                             QStringLiteral("--as"), QStringLiteral("a.okafor")});
    QCOMPARE(noReason.exit, 2);
    QVERIFY(!noReason.err.isEmpty());
    QCOMPARE(outState(st, a1), QStringLiteral("dead"));
    // Only supervisors and administrators may resend; a technician is refused (exit 2).
    QCOMPARE(st.cli({QStringLiteral("hl7"), QStringLiteral("resend"), a1Id, QStringLiteral("--as"),
                     QStringLiteral("p.nair")})
                 .exit,
             2);
    QCOMPARE(outState(st, a1), QStringLiteral("dead"));
    // Resent by a supervisor: the same bytes and control ID, delivered; then the held result follows.
    const testlab::CliRun resent = st.cli({QStringLiteral("hl7"), QStringLiteral("resend"), a1Id,
                                           QStringLiteral("--as"), QStringLiteral("a.okafor")});
    QVERIFY2(resent.exit == 0, resent.err.constData());
    QVERIFY2(delivered(a1) && delivered(a2), qPrintable(outbox(st)));
    const QList<QJsonObject> a1Seen = peer.about(a1);
    QCOMPARE(a1Seen.size(), 2);
    QCOMPARE(a1Seen.at(0).value(QLatin1String("control_id")).toString(), a1Id);
    QCOMPARE(a1Seen.at(1).value(QLatin1String("control_id")).toString(), a1Id);
    QCOMPARE(a1Seen.at(0), a1Seen.at(1));
    QList<QString> order;
    for (const QJsonObject &m : peer.received())
        order << m.value(QLatin1String("control_id")).toString();
    QVERIFY2(order.lastIndexOf(a1Id) < order.indexOf(outId(st, a2)),
             "the held result went out before the dead letter");

    // Discarded with a reason: not sent again, and the patient's later results go out.
    QVERIFY(peer.start(QStringLiteral("AE-once"), peer.port()));
    const QString c1 =
        releaseByCli(st, QStringLiteral("H0003"), QStringLiteral("GLU"), QStringLiteral("5.0"));
    QVERIFY(!c1.isEmpty());
    QVERIFY2(waitUntil([&] { return outState(st, c1) == QLatin1String("dead"); }, 10'000),
             qPrintable(outbox(st)));
    const QString c2 = releaseByCli(st, QStringLiteral("H0003"), QStringLiteral("K"), QStringLiteral("4.1"));
    QVERIFY(!c2.isEmpty());
    QTest::qWait(300);
    QCOMPARE(outState(st, c2), QStringLiteral("pending"));
    const testlab::CliRun discarded =
        st.cli({QStringLiteral("hl7"), QStringLiteral("discard"), outId(st, c1), QStringLiteral("--reason"),
                QStringLiteral("Phoned to the ward; entered there by hand"), QStringLiteral("--as"),
                QStringLiteral("a.okafor")});
    QVERIFY2(discarded.exit == 0, discarded.err.constData());
    QCOMPARE(outState(st, c1), QStringLiteral("discarded"));
    QVERIFY2(delivered(c2), qPrintable(outbox(st)));
    QCOMPARE(peer.about(c1).size(), 1);
    const testlab::CliRun gone =
        st.cli({QStringLiteral("--json"), QStringLiteral("hl7"), QStringLiteral("outbox"),
                QStringLiteral("--state"), QStringLiteral("discarded")});
    QCOMPARE(gone.json().array().size(), 1);
    QCOMPARE(gone.json().array().first().toObject().value(QLatin1String("last_error")).toString(),
             QStringLiteral("Phoned to the ward; entered there by hand"));

    // No ACK at all: after --ack-timeout it is sent again, the same control ID, until an ACK comes.
    QVERIFY(peer.start(QStringLiteral("silent"), peer.port()));
    const QString d1 =
        releaseByCli(st, QStringLiteral("H0004"), QStringLiteral("GLU"), QStringLiteral("5.1"));
    QVERIFY(!d1.isEmpty());
    QVERIFY2(waitUntil([&] { return peer.about(d1).size() >= 2; }, 10'000), qPrintable(outbox(st)));
    QCOMPARE(outState(st, d1), QStringLiteral("pending"));
    const QStringList tries = st.column(
        QStringLiteral(
            "SELECT d.attempts || ' ' || d.last_error FROM hl7_delivery d JOIN hl7_outbox o ON o.id = d.id "
            "WHERE o.accession = ?"),
        {d1});
    QCOMPARE(tries.size(), 1);
    QVERIFY2(tries.first().contains(QLatin1String("No ACK")), qPrintable(tries.first()));
    QVERIFY(peer.start(QStringLiteral("AA"), peer.port()));
    QVERIFY2(delivered(d1, 15'000), qPrintable(outbox(st)));
    const QList<QJsonObject> d1Seen = peer.about(d1);
    QVERIFY(d1Seen.size() >= 3);
    for (const QJsonObject &m : d1Seen)
        QCOMPARE(m, d1Seen.first()); // the same message, control ID and all
    QCOMPARE(d1Seen.first().value(QLatin1String("control_id")).toString(), outId(st, d1));

    // A stray ACK (MSA-2 another control ID) before the right one: logged and dropped; the right one
    // marks the message delivered, which is sent only once.
    QVERIFY(peer.start(QStringLiteral("stray"), peer.port()));
    const QString e1 =
        releaseByCli(st, QStringLiteral("H0005"), QStringLiteral("GLU"), QStringLiteral("5.2"));
    QVERIFY(!e1.isEmpty());
    QVERIFY2(delivered(e1), qPrintable(outbox(st)));
    QCOMPARE(peer.about(e1).size(), 1);
    QVERIFY(waitUntil(
        [&] {
            return st.count(
                       QStringLiteral("SELECT count(*) FROM interface_log WHERE interface = 'hl7-out' AND "
                                      "level = 'warning' AND text LIKE ?"),
                       {QStringLiteral("%NOT-") + outId(st, e1) + QStringLiteral("%")}) == 1;
        },
        5'000));
    QCOMPARE(serve.stop(), 0);
    QCOMPARE(st.cli({QStringLiteral("verify")}).exit, 0);
    QCOMPARE(st.cli({QStringLiteral("rebuild"), QStringLiteral("--check")}).exit, 0);
}

// 120 released results queued; `hl7 serve` killed (SIGKILL) while the first waits for its ACK, and
// again in the middle of delivering the rest, and started again: every one reaches the peer, none is
// lost, and whatever the peer saw twice carries the same control ID (and content) each time.
void TestHl7Serve::killDuringDeliveryLosesNothingAndKeepsControlIds()
{
    TestStation st;
    Peer peer(st.dir());
    QVERIFY(peer.start(QStringLiteral("AA")));
    QCOMPARE(st.cli({QStringLiteral("hl7"), QStringLiteral("destination"), QStringLiteral("add"),
                     QStringLiteral("HIS"), QStringLiteral("--to"),
                     QStringLiteral("127.0.0.1:%1").arg(peer.port())})
                 .exit,
             0);
    // Normal values, so that nothing needs a critical-result notification before release.
    const QList<std::pair<QString, QString>> values{
        {QStringLiteral("GLU"), QStringLiteral("5.0")}, {QStringLiteral("NA"), QStringLiteral("140")},
        {QStringLiteral("K"), QStringLiteral("4.2")},   {QStringLiteral("CL"), QStringLiteral("101")},
        {QStringLiteral("CO2"), QStringLiteral("25")},  {QStringLiteral("CA"), QStringLiteral("2.3")},
        {QStringLiteral("MG"), QStringLiteral("0.8")},  {QStringLiteral("ALB"), QStringLiteral("40")},
        {QStringLiteral("TP"), QStringLiteral("70")},   {QStringLiteral("CRP"), QStringLiteral("2")},
        {QStringLiteral("AST"), QStringLiteral("20")},  {QStringLiteral("LIPA"), QStringLiteral("30")}};
    QSet<QString> releases; // "accession/test"
    {
        const std::unique_ptr<Lab> lab = st.open();
        ResultRepository repository(lab->database().connection());
        ResultService results(lab->store(), repository, lab->catalog());
        for (int p = 0; p < 10; ++p) {
            AccessionRequest r;
            r.patient = {QStringLiteral("KD%1").arg(p), QStringLiteral("Kim, Dae"),
                         QStringLiteral("1966-02-03"), QStringLiteral("M")};
            r.specimenType = QStringLiteral("SERUM");
            for (const auto &[test, value] : values)
                r.tests << test;
            const Result<Specimen> s = lab->accessioner().accession(r, QStringLiteral("p.nair"));
            QVERIFY2(s, qPrintable(s ? QString() : s.error()));
            const QString accession = s.value().accession;
            QCOMPARE(lab->scanner()
                         .process(accession, ScanProcessor::Action::Receive, QStringLiteral("p.nair"))
                         .type,
                     ScanOutcome::Type::Received);
            for (const auto &[test, value] : values) {
                const QString orderId = accession + QLatin1Char('-') + test;
                const auto entered = results.enter(orderId, value, {}, QStringLiteral("p.nair"));
                QVERIFY2(entered, qPrintable(entered ? QString() : entered.error()));
                const Result<Event> verified = results.verify(orderId, QStringLiteral("a.okafor"));
                QVERIFY2(verified, qPrintable(verified ? QString() : verified.error()));
                releases.insert(accession + QLatin1Char('/') + test);
            }
        }
    }
    const QMap<QString, QString> codeOf = [&] {
        QMap<QString, QString> m; // LOINC -> our code
        const std::unique_ptr<Lab> lab = st.open();
        for (const auto &[test, value] : values)
            m.insert(lab->catalog().test(test)->loinc, test);
        return m;
    }();
    QCOMPARE(st.count(QStringLiteral("SELECT count(*) FROM hl7_outbox WHERE state = 'pending'")),
             releases.size());

    // First a kill while the first message waits for its ACK (the peer keeps quiet): the peer has it,
    // the outbox does not know. Then a kill in the middle of the stream, the peer answering AA.
    const quint16 port = peer.port();
    QVERIFY(peer.start(QStringLiteral("silent"), port));
    auto serve = std::make_unique<Serve>(st);
    QVERIFY(serve->start());
    QVERIFY(waitUntil([&] { return peer.received().size() == 1; }, 10'000));
    serve->kill();
    const QJsonObject unanswered = peer.received().first();
    QVERIFY(peer.start(QStringLiteral("AA"), port));
    serve = std::make_unique<Serve>(st);
    QVERIFY(serve->start());
    QVERIFY(waitUntil([&] { return peer.received().size() >= releases.size() / 4; }, 20'000));
    serve->kill();
    const qint64 deliveredAtKill =
        st.count(QStringLiteral("SELECT count(*) FROM hl7_outbox WHERE state = 'delivered'"));
    qInfo("killed with %lld of %lld delivered, %lld seen by the peer", deliveredAtKill,
          qint64(releases.size()), qint64(peer.received().size()));
    QVERIFY2(deliveredAtKill < releases.size(), "all was delivered before the kill: nothing was tested");

    serve = std::make_unique<Serve>(st);
    QVERIFY(serve->start());
    QVERIFY2(waitUntil(
                 [&] {
                     return st.count(QStringLiteral(
                                "SELECT count(*) FROM hl7_outbox WHERE state = 'delivered'")) ==
                            releases.size();
                 },
                 30'000),
             qPrintable(outbox(st)));
    QCOMPARE(serve->stop(), 0);

    // Every release reached the peer, each under one control ID however often it was seen.
    QHash<QString, QSet<QString>> controlIdsOf; // "accession/test" -> control IDs the peer saw
    const QList<QJsonObject> seen = peer.received();
    for (const QJsonObject &m : seen) {
        const QJsonArray obx = m.value(QLatin1String("obx")).toArray();
        QCOMPARE(obx.size(), 1);
        const QString key = m.value(QLatin1String("filler")).toString().section(QLatin1Char('^'), 0, 0) +
                            QLatin1Char('/') +
                            codeOf.value(obx.first().toObject().value(QLatin1String("code")).toString());
        controlIdsOf[key].insert(m.value(QLatin1String("control_id")).toString());
    }
    QCOMPARE(QSet<QString>(controlIdsOf.keyBegin(), controlIdsOf.keyEnd()), releases);
    QSet<QString> all;
    for (auto it = controlIdsOf.cbegin(); it != controlIdsOf.cend(); ++it) {
        QVERIFY2(it.value().size() == 1, qPrintable(it.key()));
        all.unite(it.value());
    }
    const QStringList outboxIds = st.column(QStringLiteral("SELECT id FROM hl7_outbox"));
    QCOMPARE(all, QSet<QString>(outboxIds.cbegin(), outboxIds.cend()));
    // The message that got no ACK before the first kill went again, the same in every field.
    QVERIFY(std::count(seen.cbegin(), seen.cend(), unanswered) >= 2);
    qInfo("the peer saw %lld messages for %lld releases", qint64(seen.size()), qint64(releases.size()));
    QCOMPARE(st.cli({QStringLiteral("verify")}).exit, 0);
    QCOMPARE(st.cli({QStringLiteral("rebuild"), QStringLiteral("--check")}).exit, 0);
}

QTEST_GUILESS_MAIN(TestHl7Serve)
#include "tst_hl7serve.moc"
