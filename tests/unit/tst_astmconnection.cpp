// SPDX-License-Identifier: GPL-3.0-or-later
// The ASTM I/O layer: AstmConnection on the LIS side and AstmSimulator as the analyzer, over loopback
// TCP both ways round and over a pseudo-terminal as a serial line, with the simulator's faults (bad
// checksum, skipped frame number, slow answers, a line dropped mid-message, contention) and the
// connection's reconnection, refusal of a second analyzer and life in its own thread.
#include "astm/astmconnection.h"
#include "astm/astmencoder.h"
#include "astm/astmendpoint.h"
#include "astm/astmmessage.h"
#include "astm/astmptyline.h"
#include "astm/astmsimulator.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <memory>

using namespace benchside;

namespace {
using State = AstmConnection::State;

AstmConnection::Timing fastTiming()
{
    AstmConnection::Timing t;
    t.tickMs = 20;
    t.retryMinMs = 50;
    t.retryMaxMs = 200;
    t.connectTimeoutMs = 2000;
    return t;
}

AstmSimulatedTube tube(const QString &specimen, const QList<AstmSimulatedResult> &results)
{
    return {specimen, QStringLiteral("PAT-") + specimen, results};
}

AstmSimulatedResult result(const QString &code, const QString &value, const QString &unit,
                           const QStringList &flags = {})
{
    return {code, value, unit, flags, QStringLiteral("F")};
}

AstmMessage parseOne(const QByteArray &text)
{
    const QList<Result<AstmMessage>> parsed = AstmMessage::parseSession(text);
    if (parsed.size() != 1 || !parsed.first())
        qFatal("not one message: %s", text.constData());
    return parsed.first().value();
}

// The LIS side: an AstmConnection and everything it said.
struct Lis
{
    explicit Lis(const AstmEndpoint &endpoint, AstmConnection::Timing timing = fastTiming())
        : connection(QStringLiteral("TEST"), endpoint)
    {
        connection.setTiming(timing);
        QObject::connect(&connection, &AstmConnection::messageReceived, &connection,
                         [this](const QByteArray &m) { messages.append(m); });
        QObject::connect(&connection, &AstmConnection::logLine, &connection,
                         [this](const QString &, const QString &text) { log.append(text); });
        QObject::connect(&connection, &AstmConnection::stateChanged, &connection,
                         [this](State s, const QString &detail) {
                             states.append({s, detail});
                         });
    }
    bool waitFor(State s, int ms = 5000)
    {
        return QTest::qWaitFor([&] { return connection.state() == s; }, ms);
    }
    bool waitMessages(qsizetype n, int ms = 10000)
    {
        return QTest::qWaitFor([&] { return messages.size() >= n; }, ms);
    }
    bool logHas(const QString &text) const
    {
        return std::any_of(log.cbegin(), log.cend(), [&](const QString &l) { return l.contains(text); });
    }

    AstmConnection connection;
    QList<QByteArray> messages;
    QStringList log;
    QList<std::pair<State, QString>> states;
};

// The analyzer's side of a TCP line where the LIS connects: a listening socket whose connections the
// simulator takes, one at a time.
struct AnalyzerServer
{
    explicit AnalyzerServer(AstmSimulator &simulator, quint16 port = 0) : sim(simulator)
    {
        if (!server.listen(QHostAddress::LocalHost, port))
            qFatal("cannot listen: %s", qPrintable(server.errorString()));
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            QTcpSocket *s = server.nextPendingConnection();
            ++accepted;
            sim.attach(s);
        });
    }
    AstmSimulator &sim;
    QTcpServer server;
    int accepted = 0;
};

const QList<AstmSimulatedResult> Chemistry{
    result(QStringLiteral("GLU"), QStringLiteral("5.5"), QStringLiteral("mmol/L")),
    result(QStringLiteral("NA"), QStringLiteral("151"), QStringLiteral("mmol/L"), {QStringLiteral("H")}),
    result(QStringLiteral("K"), QStringLiteral("2.9"), QStringLiteral("mmol/L"),
           {QStringLiteral("L"), QStringLiteral("A")})};

void verifyChemistry(const AstmMessage &m, const QString &specimen)
{
    QCOMPARE(m.patients().size(), 1);
    QCOMPARE(m.patients().first().practiceId, QStringLiteral("PAT-") + specimen);
    const AstmOrder &o = m.patients().first().orders.first();
    QCOMPARE(o.specimenId, specimen);
    QCOMPARE(o.testCodes, (QStringList{QStringLiteral("GLU"), QStringLiteral("NA"), QStringLiteral("K")}));
    QCOMPARE(o.results.size(), 3);
    QCOMPARE(o.results.at(0).testCode, QStringLiteral("GLU"));
    QCOMPARE(o.results.at(0).value, QStringLiteral("5.5"));
    QCOMPARE(o.results.at(0).units, QStringLiteral("mmol/L"));
    QCOMPARE(o.results.at(1).flags, QStringList{QStringLiteral("H")});
    QCOMPARE(o.results.at(2).value, QStringLiteral("2.9"));
    QCOMPARE(o.results.at(2).flags, (QStringList{QStringLiteral("L"), QStringLiteral("A")}));
    QCOMPARE(o.results.at(2).status, QStringLiteral("F"));
    QCOMPARE(o.results.at(2).instrument, QStringLiteral("SIMULATOR"));
    QCOMPARE(m.terminationCode(), QStringLiteral("N"));
}

QList<QByteArray> answerFor(const QString &specimen, const QStringList &tests)
{
    AstmQueryAnswer a;
    a.specimenId = specimen;
    a.known = true;
    a.patientId = QStringLiteral("P1");
    a.testCodes = tests;
    a.priority = QStringLiteral("R");
    return AstmEncoder().answer(QStringLiteral("BENCHSIDE"), QStringLiteral("SIMULATOR"),
                                QDateTime::currentDateTime(), {a});
}
} // namespace

class TestAstmConnection : public QObject
{
    Q_OBJECT

private slots:
    void endpointJson_data();
    void endpointJson();
    void endpointRefused_data();
    void endpointRefused();
    void linkResetDiscardsThePartialMessageAndKeepsTheQueue();
    void tcpClientReceivesResults();
    void tcpServerReceivesResults();
    void serialOverPty();
    void serialDeviceGoneIsAnErrorThenRetried();
    void fiftyResultsInOneSessionAreOneMessage();
    void badChecksumIsNakedAndTheResendAccepted();
    void skippedFrameNumberIsNakedAndTheResendAccepted();
    void hostQueryAndSlowAnswers();
    void droppedLineLosesOnlyThePartialMessage();
    void contentionTheInstrumentGoesFirst();
    void tcpClientReconnectsWithBackoff();
    void secondAnalyzerIsRefused();
    void worksInItsOwnThread();
    void ackAfterCommitWaitsForAcknowledge();
};

void TestAstmConnection::endpointJson_data()
{
    QTest::addColumn<AstmEndpoint>("endpoint");
    QTest::addColumn<QString>("description");
    QTest::addColumn<QByteArray>("json");

    AstmEndpoint serial = AstmEndpoint::serial(QStringLiteral("/dev/ttyUSB0"));
    QTest::newRow("serial") << serial << QStringLiteral("serial /dev/ttyUSB0 9600 8N1")
                            << QByteArray(
                                   R"({"baud":9600,"data_bits":8,"device":"/dev/ttyUSB0","kind":"serial",)"
                                   R"("parity":"none","stop_bits":1})");
    serial.baudRate = 4800;
    serial.dataBits = 7;
    serial.parity = AstmEndpoint::Parity::Even;
    serial.stopBits = 2;
    QTest::newRow("serial 7E2") << serial << QStringLiteral("serial /dev/ttyUSB0 4800 7E2")
                                << QByteArray(R"({"baud":4800,"data_bits":7,"device":"/dev/ttyUSB0",)"
                                              R"("kind":"serial","parity":"even","stop_bits":2})");
    QTest::newRow("tcp") << AstmEndpoint::tcpClient(QStringLiteral("10.0.0.5"), 5000)
                         << QStringLiteral("tcp 10.0.0.5:5000")
                         << QByteArray(R"({"host":"10.0.0.5","kind":"tcp","port":5000})");
    QTest::newRow("tcp v6") << AstmEndpoint::tcpClient(QStringLiteral("fe80::1"), 5000)
                            << QStringLiteral("tcp [fe80::1]:5000")
                            << QByteArray(R"({"host":"fe80::1","kind":"tcp","port":5000})");
    QTest::newRow("listen") << AstmEndpoint::tcpServer(QStringLiteral("0.0.0.0"), 5001)
                            << QStringLiteral("listen 0.0.0.0:5001")
                            << QByteArray(R"({"address":"0.0.0.0","kind":"listen","port":5001})");
}

void TestAstmConnection::endpointJson()
{
    QFETCH(AstmEndpoint, endpoint);
    QFETCH(QString, description);
    QFETCH(QByteArray, json);
    QCOMPARE(endpoint.describe(), description);
    QCOMPARE(QJsonDocument(endpoint.toJson()).toJson(QJsonDocument::Compact), json);
    const Result<AstmEndpoint> back = AstmEndpoint::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QVERIFY(back.value() == endpoint);
}

void TestAstmConnection::endpointRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("no kind") << QByteArray(R"({"host":"a","port":1})")
                             << QStringLiteral(
                                    "Unknown analyzer connection kind \"\"; it is serial, tcp or listen.");
    QTest::newRow("usb") << QByteArray(R"({"kind":"usb"})")
                         << QStringLiteral(
                                "Unknown analyzer connection kind \"usb\"; it is serial, tcp or listen.");
    QTest::newRow("no device") << QByteArray(R"({"kind":"serial"})")
                               << QStringLiteral(
                                      "A serial analyzer needs its device, e.g. \"/dev/ttyUSB0\".");
    QTest::newRow("baud text") << QByteArray(R"({"kind":"serial","device":"/dev/ttyS0","baud":"9600"})")
                               << QStringLiteral("The baud rate must be a positive whole number, e.g. 9600.");
    QTest::newRow("data bits 9") << QByteArray(R"({"kind":"serial","device":"/dev/ttyS0","data_bits":9})")
                                 << QStringLiteral("Data bits must be 5, 6, 7 or 8.");
    QTest::newRow("parity mark") << QByteArray(R"({"kind":"serial","device":"/dev/ttyS0","parity":"mark"})")
                                 << QStringLiteral("Parity must be none, even or odd.");
    QTest::newRow("stop bits 1.5") << QByteArray(R"({"kind":"serial","device":"/dev/ttyS0","stop_bits":1.5})")
                                   << QStringLiteral("Stop bits must be 1 or 2.");
    QTest::newRow("no host") << QByteArray(R"({"kind":"tcp","port":5000})")
                             << QStringLiteral("A TCP analyzer needs its host name or address.");
    QTest::newRow("port 0") << QByteArray(R"({"kind":"tcp","host":"lab","port":0})")
                            << QStringLiteral("The port must be a whole number from 1 to 65535.");
    QTest::newRow("port 70000") << QByteArray(R"({"kind":"listen","address":"0.0.0.0","port":70000})")
                                << QStringLiteral("The port must be a whole number from 1 to 65535.");
    QTest::newRow("bad address") << QByteArray(R"({"kind":"listen","address":"lab.local","port":5001})")
                                 << QStringLiteral(
                                        "\"lab.local\" is not an address to listen on, e.g. 0.0.0.0 or "
                                        "127.0.0.1.");
}

void TestAstmConnection::endpointRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const Result<AstmEndpoint> r = AstmEndpoint::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(!r.ok());
    QCOMPARE(r.error(), error);
}

void TestAstmConnection::linkResetDiscardsThePartialMessageAndKeepsTheQueue()
{
    AstmLink link;
    QCOMPARE(link.feed(QByteArray(1, AstmLink::Enq), 0), QByteArray(1, AstmLink::Ack));
    QCOMPARE(link.feed(AstmLink::frame(1, "H|\\^&\r", true), 10), QByteArray(1, AstmLink::Ack));
    link.send({"H|\\^&", "L|1|N"});
    link.reset();
    QCOMPARE(link.state(), AstmLink::State::Idle);
    QCOMPARE(link.takeLog(),
             QStringList{QStringLiteral(
                 "Line lost during a session: partial message discarded (frames received: 1).")});
    // The new line starts clean: our queued message bids at once, its first frame is frame 1.
    QCOMPARE(link.tick(20), QByteArray(1, AstmLink::Enq));
    QCOMPARE(link.feed(QByteArray(1, AstmLink::Ack), 30), AstmLink::frame(1, "H|\\^&\r", true));
    link.reset();
    QCOMPARE(link.takeLog(),
             QStringList{QStringLiteral("Line lost after 0 of 2 frames were acknowledged; the "
                                        "message is sent again whole on the next line.")});
    QCOMPARE(link.queuedMessages(), 1);
    QCOMPARE(link.tick(40), QByteArray(1, AstmLink::Enq));
    QCOMPARE(link.feed(QByteArray(1, AstmLink::Ack), 50), AstmLink::frame(1, "H|\\^&\r", true));
    QVERIFY(link.takeMessages().isEmpty());
}

void TestAstmConnection::tcpClientReceivesResults()
{
    AstmSimulator sim;
    AnalyzerServer analyzer(sim);
    Lis lis(AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), analyzer.server.serverPort()));
    QSignalSpy acked(&sim, &AstmSimulator::messageAcknowledged);
    QSignalSpy frames(&sim, &AstmSimulator::frameSent);
    QSignalSpy transcript(&lis.connection, &AstmConnection::bytes);
    lis.connection.start();
    QVERIFY(lis.waitFor(State::Connected));
    QCOMPARE(lis.states.first(),
             std::make_pair(State::Connecting,
                            QStringLiteral("tcp 127.0.0.1:%1").arg(analyzer.server.serverPort())));
    const qsizetype id = sim.sendResults({tube(QStringLiteral("S100"), Chemistry)});
    QVERIFY(lis.waitMessages(1));
    verifyChemistry(parseOne(lis.messages.first()), QStringLiteral("S100"));
    QTRY_COMPARE(acked.size(), 1);
    QCOMPARE(acked.first().first().value<qsizetype>(), id);

    // The transcript: ENQ, the seven frames and EOT in; an ACK for each of them out.
    QByteArray in = QByteArray(1, AstmLink::Enq);
    for (const QList<QVariant> &frame : std::as_const(frames))
        in += frame.first().toByteArray();
    in += AstmLink::Eot;
    QByteArray seenIn;
    QByteArray seenOut;
    for (const QList<QVariant> &chunk : std::as_const(transcript))
        (chunk.at(1).toBool() ? seenIn : seenOut) += chunk.first().toByteArray();
    QCOMPARE(frames.size(), 7);
    QCOMPARE(seenIn, in);
    QCOMPARE(seenOut, QByteArray(8, AstmLink::Ack));
    lis.connection.stop();
    QCOMPARE(lis.connection.state(), State::Stopped);
}

void TestAstmConnection::tcpServerReceivesResults()
{
    Lis lis(AstmEndpoint::tcpServer(QStringLiteral("127.0.0.1"), 0));
    lis.connection.start();
    QCOMPARE(lis.connection.state(), State::Listening);
    const quint16 port = lis.connection.serverPort();
    QVERIFY(port != 0);
    QCOMPARE(lis.states.last().second, QStringLiteral("127.0.0.1:%1").arg(port));

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(2000));
    AstmSimulator sim;
    sim.attach(&socket);
    sim.sendResults({tube(QStringLiteral("S200"), Chemistry)});
    QVERIFY(lis.waitMessages(1));
    QCOMPARE(lis.connection.state(), State::Connected);
    verifyChemistry(parseOne(lis.messages.first()), QStringLiteral("S200"));

    // The analyzer goes away: the server listens again for the next one.
    socket.disconnectFromHost();
    QVERIFY(lis.waitFor(State::Listening));
    QVERIFY(lis.logHas(QStringLiteral("the analyzer closed the connection")));
}

void TestAstmConnection::serialOverPty()
{
    AstmPtyLine pty;
    QVERIFY2(pty.isValid(), qPrintable(pty.error()));
    AstmEndpoint endpoint = AstmEndpoint::serial(pty.slavePath(), 115200);
    Lis lis(endpoint);
    lis.connection.start();
    QVERIFY(lis.waitFor(State::Connected));
    QCOMPARE(lis.states.last().second, QStringLiteral("serial %1 115200 8N1").arg(pty.slavePath()));

    QVERIFY(pty.open(QIODevice::ReadWrite));
    AstmSimulator sim;
    sim.attach(&pty);
    sim.sendResults({tube(QStringLiteral("S300"), Chemistry)});
    QVERIFY(lis.waitMessages(1));
    verifyChemistry(parseOne(lis.messages.first()), QStringLiteral("S300"));

    // Both ways on the serial line: a host query and its answer.
    QSignalSpy answered(&sim, &AstmSimulator::queryAnswered);
    sim.sendQuery(QStringLiteral("S301"));
    QVERIFY(lis.waitMessages(2));
    QCOMPARE(parseOne(lis.messages.at(1)).queries().first().specimenIds, QStringList{QStringLiteral("S301")});
    lis.connection.send(answerFor(QStringLiteral("S301"), {QStringLiteral("HB"), QStringLiteral("WBC")}));
    QVERIFY(answered.wait(5000));
    QCOMPARE(answered.first().at(0).toString(), QStringLiteral("S301"));
    QCOMPARE(answered.first().at(1).toStringList(),
             (QStringList{QStringLiteral("HB"), QStringLiteral("WBC")}));
    QCOMPARE(answered.first().at(2).toString(), QStringLiteral("Q"));
    lis.connection.stop();
}

void TestAstmConnection::serialDeviceGoneIsAnErrorThenRetried()
{
    auto pty = std::make_unique<AstmPtyLine>();
    QVERIFY2(pty->isValid(), qPrintable(pty->error()));
    const QString path = pty->slavePath();
    Lis lis(AstmEndpoint::serial(path));
    lis.connection.start();
    QVERIFY(lis.waitFor(State::Connected));
    pty.reset(); // the adapter is unplugged
    QVERIFY(lis.waitFor(State::Error));
    QCOMPARE(lis.states.last().second,
             QStringLiteral("the device %1 was disconnected; trying again in 0.05 s").arg(path));
    // The device node went with it: the retries fail to open it, further apart each time.
    QVERIFY(QTest::qWaitFor([&] { return lis.states.size() >= 7; }, 3000));
    QCOMPARE(lis.states.at(4).first, State::Error);
    QVERIFY2(lis.states.at(4).second.startsWith(QStringLiteral("cannot open %1: ").arg(path)),
             qPrintable(lis.states.at(4).second));
    QVERIFY2(lis.states.at(4).second.endsWith(QStringLiteral("; trying again in 0.1 s")),
             qPrintable(lis.states.at(4).second));
    QVERIFY(lis.states.at(6).second.endsWith(QStringLiteral("; trying again in 0.2 s")));
    lis.connection.stop();
}

void TestAstmConnection::fiftyResultsInOneSessionAreOneMessage()
{
    AstmSimulator sim;
    AnalyzerServer analyzer(sim);
    Lis lis(AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), analyzer.server.serverPort()));
    QSignalSpy frames(&sim, &AstmSimulator::frameSent);
    QSignalSpy acked(&sim, &AstmSimulator::messageAcknowledged);
    lis.connection.start();
    QList<AstmSimulatedTube> tubes;
    for (int t = 0; t < 10; ++t) {
        QList<AstmSimulatedResult> results;
        for (int r = 0; r < 5; ++r)
            results.append(
                result(QStringLiteral("T%1").arg(r), QString::number(t * 10 + r), QStringLiteral("U")));
        tubes.append(tube(QStringLiteral("B%1").arg(t, 2, 10, QLatin1Char('0')), results));
    }
    // Queued before the line is up: it goes when the LIS connects.
    sim.sendResults(tubes);
    QVERIFY(lis.waitMessages(1));
    QCOMPARE(acked.size(), 1);
    QTest::qWait(50);
    QCOMPARE(lis.messages.size(), 1);
    // H, 10 × (P, O, 5 R), L: 72 frames, frame numbers wrapping 7 → 0 nine times.
    QCOMPARE(frames.size(), 72);
    const AstmMessage m = parseOne(lis.messages.first());
    QCOMPARE(m.patients().size(), 10);
    int results = 0;
    for (int t = 0; t < 10; ++t) {
        const AstmOrder &o = m.patients().at(t).orders.first();
        QCOMPARE(o.specimenId, QStringLiteral("B%1").arg(t, 2, 10, QLatin1Char('0')));
        for (int r = 0; r < 5; ++r) {
            QCOMPARE(o.results.at(r).testCode, QStringLiteral("T%1").arg(r));
            QCOMPARE(o.results.at(r).value, QString::number(t * 10 + r));
            ++results;
        }
    }
    QCOMPARE(results, 50);
    QVERIFY(!lis.logHas(QStringLiteral("NAK")));
}

void TestAstmConnection::badChecksumIsNakedAndTheResendAccepted()
{
    AstmSimulator sim;
    AnalyzerServer analyzer(sim);
    Lis lis(AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), analyzer.server.serverPort()));
    QSignalSpy frames(&sim, &AstmSimulator::frameSent);
    lis.connection.start();
    QVERIFY(lis.waitFor(State::Connected));
    AstmSimulator::Faults faults;
    faults.corruptChecksum = 3;
    sim.setFaults(faults);
    sim.sendResults({tube(QStringLiteral("S400"), Chemistry)});
    QVERIFY(lis.waitMessages(1));
    verifyChemistry(parseOne(lis.messages.first()), QStringLiteral("S400"));
    // H P O R R R L, and frame 3 twice.
    QCOMPARE(frames.size(), 8);
    QCOMPARE(frames.at(2).first().toByteArray().mid(1, 1), QByteArray("3"));
    // The same frame again, with its right checksum.
    const QByteArray bad = frames.at(2).first().toByteArray();
    const QByteArray resent = frames.at(3).first().toByteArray();
    QCOMPARE(bad.chopped(4), resent.chopped(4));
    QVERIFY(bad.right(4) != resent.right(4));
    QVERIFY(lis.logHas(QStringLiteral("NAK frame 3: checksum")));
}

void TestAstmConnection::skippedFrameNumberIsNakedAndTheResendAccepted()
{
    AstmSimulator sim;
    AnalyzerServer analyzer(sim);
    Lis lis(AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), analyzer.server.serverPort()));
    QSignalSpy frames(&sim, &AstmSimulator::frameSent);
    lis.connection.start();
    QVERIFY(lis.waitFor(State::Connected));
    AstmSimulator::Faults faults;
    faults.skipFrameNumber = 2;
    sim.setFaults(faults);
    sim.sendResults({tube(QStringLiteral("S500"), Chemistry)});
    QVERIFY(lis.waitMessages(1));
    verifyChemistry(parseOne(lis.messages.first()), QStringLiteral("S500"));
    QCOMPARE(frames.size(), 8);
    QCOMPARE(frames.at(1).first().toByteArray().mid(1, 1), QByteArray("3"));
    QCOMPARE(frames.at(2).first().toByteArray().mid(1, 1), QByteArray("2"));
    QVERIFY(lis.logHas(QStringLiteral("NAK frame 3: frame number 3 expected 2")));
}

void TestAstmConnection::hostQueryAndSlowAnswers()
{
    AstmSimulator sim;
    AnalyzerServer analyzer(sim);
    Lis lis(AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), analyzer.server.serverPort()));
    QSignalSpy answered(&sim, &AstmSimulator::queryAnswered);
    lis.connection.start();
    QVERIFY(lis.waitFor(State::Connected));

    sim.sendQuery(QStringLiteral("S600"));
    QVERIFY(lis.waitMessages(1));
    const AstmMessage query = parseOne(lis.messages.first());
    QCOMPARE(query.queries().size(), 1);
    QCOMPARE(query.queries().first().specimenIds, QStringList{QStringLiteral("S600")});
    QCOMPARE(query.queries().first().testIds, QStringList{QStringLiteral("^^^ALL")});
    QCOMPARE(query.queries().first().requestStatus, QStringLiteral("O"));

    // The analyzer takes its time over every ACK; the answer still gets through whole.
    AstmSimulator::Faults slow;
    slow.ackDelayMs = 100;
    sim.setFaults(slow);
    QElapsedTimer took;
    took.start();
    lis.connection.send(answerFor(QStringLiteral("S600"), {QStringLiteral("GLU"), QStringLiteral("NA")}));
    QVERIFY(answered.wait(5000));
    // ENQ and four frames (H P O L), each answered 100 ms late.
    QVERIFY2(took.elapsed() >= 500, qPrintable(QString::number(took.elapsed())));
    QCOMPARE(answered.first().at(0).toString(), QStringLiteral("S600"));
    QCOMPARE(answered.first().at(1).toStringList(),
             (QStringList{QStringLiteral("GLU"), QStringLiteral("NA")}));
    QCOMPARE(answered.first().at(2).toString(), QStringLiteral("Q"));
    QVERIFY(lis.logHas(QStringLiteral("Message sent (4 frames).")));

    // A tube the LIS does not know: "no information".
    sim.setFaults({});
    sim.sendQuery(QStringLiteral("S601"));
    QVERIFY(lis.waitMessages(2));
    lis.connection.send(AstmEncoder().answer(QStringLiteral("BENCHSIDE"), QStringLiteral("SIMULATOR"),
                                             QDateTime::currentDateTime(),
                                             {AstmQueryAnswer{QStringLiteral("S601"), false, {}, {}, {}}}));
    QVERIFY(answered.wait(5000));
    QCOMPARE(answered.at(1).at(0).toString(), QStringLiteral("S601"));
    QCOMPARE(answered.at(1).at(1).toStringList(), QStringList());
    QCOMPARE(answered.at(1).at(2).toString(), QStringLiteral("I"));
}

void TestAstmConnection::droppedLineLosesOnlyThePartialMessage()
{
    AstmSimulator sim;
    AnalyzerServer analyzer(sim);
    Lis lis(AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), analyzer.server.serverPort()));
    QSignalSpy dropped(&sim, &AstmSimulator::lineDropped);
    QSignalSpy abandoned(&sim, &AstmSimulator::messageAbandoned);
    lis.connection.start();
    QVERIFY(lis.waitFor(State::Connected));
    AstmSimulator::Faults faults;
    faults.dropAfterFrames = 4;
    sim.setFaults(faults);
    const qsizetype cut = sim.sendResults({tube(QStringLiteral("S700"), Chemistry)});
    QVERIFY(dropped.wait(2000));
    QCOMPARE(abandoned.size(), 1);
    QCOMPARE(abandoned.first().first().value<qsizetype>(), cut);

    // The LIS notices, discards the three frames it had, and connects again by itself.
    QVERIFY(QTest::qWaitFor([&] { return analyzer.accepted == 2 && sim.isAttached(); }, 5000));
    QVERIFY(lis.waitFor(State::Connected));
    QVERIFY(lis.logHas(
        QStringLiteral("Line lost during a session: partial message discarded (frames received: 4).")));
    const auto lost = std::find_if(lis.states.cbegin(), lis.states.cend(), [](const auto &s) {
        return s.first == State::Connecting && s.second.startsWith(QStringLiteral("the analyzer"));
    });
    QVERIFY(lost != lis.states.cend());
    QCOMPARE(lost->second, QStringLiteral("the analyzer closed the connection; trying again in 0.05 s"));

    sim.sendResults({tube(QStringLiteral("S701"), Chemistry)});
    QVERIFY(lis.waitMessages(1));
    QTest::qWait(100);
    QCOMPARE(lis.messages.size(), 1);
    verifyChemistry(parseOne(lis.messages.first()), QStringLiteral("S701"));
}

void TestAstmConnection::contentionTheInstrumentGoesFirst()
{
    AstmSimulator sim;
    AnalyzerServer analyzer(sim);
    AstmConnection::Timing timing = fastTiming();
    // The LIS's 20 s after contention pass in half a second.
    timing.clockRate = 40;
    Lis lis(AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), analyzer.server.serverPort()), timing);
    QStringList order;
    QObject::connect(&lis.connection, &AstmConnection::messageReceived, &sim,
                     [&] { order.append(QStringLiteral("LIS received the results")); });
    QObject::connect(&sim, &AstmSimulator::queryAnswered, &sim,
                     [&] { order.append(QStringLiteral("analyzer received the answer")); });
    lis.connection.start();
    QVERIFY(lis.waitFor(State::Connected));
    QVERIFY(QTest::qWaitFor([&] { return sim.isAttached(); }, 2000));

    AstmSimulator::Faults faults;
    faults.contend = true;
    sim.setFaults(faults);
    sim.sendQuery(QStringLiteral("S800"));
    sim.sendResults({tube(QStringLiteral("S801"), Chemistry)});
    QElapsedTimer took;
    took.start();
    lis.connection.send(answerFor(QStringLiteral("S800"), {QStringLiteral("GLU")}));
    QVERIFY(QTest::qWaitFor([&] { return order.size() == 3; }, 10000));
    QCOMPARE(order, (QStringList{QStringLiteral("LIS received the results"),
                                 QStringLiteral("LIS received the results"),
                                 QStringLiteral("analyzer received the answer")}));
    QVERIFY(lis.logHas(
        QStringLiteral("Contention: both sides sent ENQ; the instrument goes first, ours waits 20 s.")));
    QCOMPARE(parseOne(lis.messages.at(0)).queries().first().specimenIds, QStringList{QStringLiteral("S800")});
    verifyChemistry(parseOne(lis.messages.at(1)), QStringLiteral("S801"));
    // 20 s of the link's clock.
    QVERIFY2(took.elapsed() >= 20000 / timing.clockRate, qPrintable(QString::number(took.elapsed())));
}

void TestAstmConnection::tcpClientReconnectsWithBackoff()
{
    AstmSimulator sim;
    auto analyzer = std::make_unique<AnalyzerServer>(sim);
    const quint16 port = analyzer->server.serverPort();
    Lis lis(AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), port));
    lis.connection.start();
    QVERIFY(lis.waitFor(State::Connected));
    QVERIFY(QTest::qWaitFor([&] { return sim.isAttached(); }, 2000));

    // The analyzer restarts: its server and connection go, and for a while nobody listens.
    const qsizetype before = lis.states.size();
    sim.detach();
    analyzer.reset();
    QVERIFY(QTest::qWaitFor([&] { return lis.states.size() >= before + 8; }, 5000));
    QStringList details;
    for (qsizetype i = before; i < before + 8; i += 2)
        details.append(lis.states.at(i).second);
    QCOMPARE(details,
             (QStringList{QStringLiteral("the analyzer closed the connection; trying again in 0.05 s"),
                          QStringLiteral("Connection refused; trying again in 0.1 s"),
                          QStringLiteral("Connection refused; trying again in 0.2 s"),
                          QStringLiteral("Connection refused; trying again in 0.2 s")}));
    QCOMPARE(lis.states.at(before + 2).first, State::Error);

    analyzer = std::make_unique<AnalyzerServer>(sim, port);
    QVERIFY(lis.waitFor(State::Connected));
    QVERIFY(QTest::qWaitFor([&] { return sim.isAttached(); }, 2000));
    sim.sendResults({tube(QStringLiteral("S900"), Chemistry)});
    QVERIFY(lis.waitMessages(1));
    verifyChemistry(parseOne(lis.messages.first()), QStringLiteral("S900"));
}

void TestAstmConnection::secondAnalyzerIsRefused()
{
    Lis lis(AstmEndpoint::tcpServer(QStringLiteral("127.0.0.1"), 0));
    lis.connection.start();
    const quint16 port = lis.connection.serverPort();
    QTcpSocket first;
    first.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(first.waitForConnected(2000));
    QVERIFY(lis.waitFor(State::Connected));

    QTcpSocket second;
    quint16 secondPort = 0;
    QObject::connect(&second, &QTcpSocket::connected, &second, [&] { secondPort = second.localPort(); });
    QSignalSpy secondGone(&second, &QTcpSocket::disconnected);
    second.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(secondGone.wait(2000));
    QVERIFY(
        lis.logHas(QStringLiteral("Refused a connection from 127.0.0.1:%1: the analyzer at 127.0.0.1:%2 is "
                                  "connected.")
                       .arg(secondPort)
                       .arg(first.localPort())));
    QCOMPARE(lis.connection.state(), State::Connected);

    AstmSimulator sim;
    sim.attach(&first);
    sim.sendResults({tube(QStringLiteral("S950"), Chemistry)});
    QVERIFY(lis.waitMessages(1));
    verifyChemistry(parseOne(lis.messages.first()), QStringLiteral("S950"));
}

void TestAstmConnection::worksInItsOwnThread()
{
    AstmSimulator sim;
    AnalyzerServer analyzer(sim);
    QThread thread;
    thread.start();
    auto *connection =
        new AstmConnection(QStringLiteral("THREADED"), AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"),
                                                                               analyzer.server.serverPort()));
    connection->setTiming(fastTiming());
    connection->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, connection, &QObject::deleteLater);
    // Queued into this thread, as the GUI would take them.
    QList<QByteArray> messages;
    QList<State> states;
    QObject::connect(connection, &AstmConnection::messageReceived, this,
                     [&](const QByteArray &m) { messages.append(m); });
    QObject::connect(connection, &AstmConnection::stateChanged, this, [&](State s) { states.append(s); });
    QMetaObject::invokeMethod(connection, &AstmConnection::start);
    QVERIFY(QTest::qWaitFor([&] { return states.contains(State::Connected) && sim.isAttached(); }, 5000));
    sim.sendResults({tube(QStringLiteral("S990"), Chemistry)});
    QVERIFY(QTest::qWaitFor([&] { return messages.size() == 1; }, 5000));
    verifyChemistry(parseOne(messages.first()), QStringLiteral("S990"));

    QSignalSpy answered(&sim, &AstmSimulator::queryAnswered);
    sim.sendQuery(QStringLiteral("S991"));
    QVERIFY(QTest::qWaitFor([&] { return messages.size() == 2; }, 5000));
    QMetaObject::invokeMethod(
        connection, "send",
        Q_ARG(QList<QByteArray>, answerFor(QStringLiteral("S991"), {QStringLiteral("CRP")})));
    QVERIFY(answered.wait(5000));
    QCOMPARE(answered.first().at(1).toStringList(), QStringList{QStringLiteral("CRP")});

    QMetaObject::invokeMethod(connection, &AstmConnection::stop, Qt::BlockingQueuedConnection);
    thread.quit();
    QVERIFY(thread.wait(5000));
    QTRY_COMPARE(states.last(), State::Stopped);
}

void TestAstmConnection::ackAfterCommitWaitsForAcknowledge()
{
    Lis lis(AstmEndpoint::tcpServer(QStringLiteral("127.0.0.1"), 0));
    lis.connection.setAckAfterCommit(true);
    lis.connection.start();
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, lis.connection.serverPort());
    QVERIFY(socket->waitForConnected(2000));
    AstmSimulator sim;
    QSignalSpy acked(&sim, &AstmSimulator::messageAcknowledged);
    sim.attach(socket.get());
    const qsizetype first = sim.sendResults({tube(QStringLiteral("S300"), Chemistry)});
    QVERIFY(lis.waitMessages(1));
    verifyChemistry(parseOne(lis.messages.first()), QStringLiteral("S300"));
    // Out before EOT, and the analyzer waits for the last ACK.
    QTest::qWait(200);
    QCOMPARE(acked.size(), 0);
    // Not committed: NAK, and the analyzer sends the message's last frame again.
    lis.connection.acknowledge(false);
    QVERIFY(lis.waitMessages(2));
    QCOMPARE(lis.messages.at(1), lis.messages.at(0));
    QCOMPARE(acked.size(), 0);
    lis.connection.acknowledge(true);
    QVERIFY(acked.wait(2000));
    QCOMPARE(acked.first().first().value<qsizetype>(), first);

    // The line goes while an ACK is held: the answer for it, coming late, acknowledges nothing on the
    // next line, where the analyzer sends the whole message again.
    const qsizetype second = sim.sendResults({tube(QStringLiteral("S301"), Chemistry)});
    QVERIFY(lis.waitMessages(3));
    socket->disconnectFromHost();
    QVERIFY(lis.waitFor(State::Listening));
    QVERIFY(!sim.isAttached());
    socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, lis.connection.serverPort());
    QVERIFY(socket->waitForConnected(2000));
    sim.attach(socket.get());
    QVERIFY(lis.waitMessages(4));
    QCOMPARE(lis.messages.at(3), lis.messages.at(2));
    lis.connection.acknowledge(true); // for the message of the line that went
    QTest::qWait(200);
    QCOMPARE(acked.size(), 1);
    lis.connection.acknowledge(true);
    QVERIFY(acked.wait(2000));
    QCOMPARE(acked.last().first().value<qsizetype>(), second);
    QVERIFY(lis.logHas(QStringLiteral("Line lost while the ACK")));
}

QTEST_GUILESS_MAIN(TestAstmConnection)
#include "tst_astmconnection.moc"
