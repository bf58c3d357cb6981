// SPDX-License-Identifier: GPL-3.0-or-later
// The HL7 listener and sender in a thread of their own (the GUI's one-station lab): an order sent
// over a real socket is answered AA and shows in the GUI thread's Lab; the listener's and the
// sender's signals arrive in the GUI thread; a port in use or a database that cannot be opened is
// a Failed state with the reason; stop and restart, even with a peer connected, neither hang nor leak.

#include "hl7/hl7message.h"
#include "hl7/hl7orderrepository.h"
#include "hl7/hl7outbox.h"
#include "hl7/hl7service.h"
#include "hl7/mllpframer.h"
#include "labhelpers.h"
#include "settings/settings.h"
#include "testdatabase.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace benchside;

namespace {
const QByteArray Order = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||ORM^O01|C0001|P|2.4\r"
                         "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                         "ORC|NW|ORD-1^HIS\r"
                         "OBR|1|ORD-1^HIS||14749-6^Glucose^LN\r";
const QByteArray Cancel = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206090000||ORM^O01|C0002|P|2.4\r"
                          "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                          "ORC|CA|ORD-1^HIS\r";

MllpListener::Options anyPort()
{
    MllpListener::Options o;
    o.port = 0;
    return o;
}

// A quick sender: the tests wait for its deliveries in seconds, not the production's pace.
Hl7Sender::Options quickSender()
{
    Hl7Sender::Options o;
    o.pollIntervalMs = 20;
    o.ackTimeoutMs = 5'000;
    return o;
}

std::pair<QString, quint16> hostAndPort(const QString &address)
{
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    return {address.left(colon), quint16(address.mid(colon + 1).toUInt())};
}
} // namespace

class TestHl7Service : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void answersAnOrderFromItsOwnThread();
    void forwardsTheSendersOutcomes();
    void portInUseIsAFailureWithTheReason();
    void unreadableDatabaseIsAFailure();
    void stopsAndRestartsWithAPeerConnected();
    void listenerOptionsFollowTheSettings();

private:
    // Sends one frame and returns the ACK's MSA-1 and MSA-2 ("AA C0001"), or what went wrong.
    QString sendAndReadAck(QTcpSocket &socket, const QByteArray &message);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
};

void TestHl7Service::init()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab));
}

void TestHl7Service::cleanup()
{
    m_lab.reset();
    m_db.reset();
}

QString TestHl7Service::sendAndReadAck(QTcpSocket &socket, const QByteArray &message)
{
    socket.write(MllpFramer::frame(message));
    MllpFramer framer;
    QList<MllpFramer::Frame> frames;
    QDeadlineTimer deadline(10'000);
    while (frames.isEmpty() && !deadline.hasExpired()) {
        if (!socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            return QStringLiteral("no answer: %1").arg(socket.errorString());
        frames = framer.feed(socket.readAll());
    }
    if (frames.isEmpty())
        return QStringLiteral("no answer in 10 s");
    Result<Hl7Message> ack = Hl7Message::parse(frames.first().payload);
    if (!ack)
        return ack.error();
    return ack.value().value(QStringLiteral("MSA"), 1) + QLatin1Char(' ') +
           ack.value().value(QStringLiteral("MSA"), 2);
}

void TestHl7Service::answersAnOrderFromItsOwnThread()
{
    Hl7Service service;
    QSignalSpy states(&service, &Hl7Service::stateChanged);
    QSignalSpy connections(&service, &Hl7Service::connectionsChanged);
    QSignalSpy handled(&service, &Hl7Service::messageHandled);
    QSignalSpy logged(&service, &Hl7Service::logged);
    QThread *handledIn = nullptr;
    connect(&service, &Hl7Service::messageHandled, this,
            [&handledIn] { handledIn = QThread::currentThread(); });

    service.start(m_db->path(), anyPort(), quickSender());
    // start() returns before anything is open: the window is not held up by the database or a bind.
    QCOMPARE(service.state(), Hl7Service::State::Starting);
    QTRY_COMPARE(service.state(), Hl7Service::State::Listening);
    QVERIFY2(service.error().isEmpty(), qPrintable(service.error()));
    const auto [host, port] = hostAndPort(service.address());
    QCOMPARE(host, QStringLiteral("127.0.0.1"));
    QVERIFY(port != 0);
    QCOMPARE(states.last().at(0).value<Hl7Service::State>(), Hl7Service::State::Listening);
    QCOMPARE(states.last().at(1).toString(), service.address());

    QTcpSocket socket;
    socket.connectToHost(host, port);
    QVERIFY(socket.waitForConnected(5'000));
    QCOMPARE(sendAndReadAck(socket, Order), QStringLiteral("AA C0001"));

    QTRY_COMPARE(handled.count(), 1);
    QCOMPARE(handled.first().at(1).toString(), QStringLiteral("C0001"));
    QCOMPARE(handled.first().at(2).toString(), QStringLiteral("AA"));
    QCOMPARE(handled.first().at(3).toStringList().size(), 1);
    QVERIFY(handled.first().at(4).toString().isEmpty());
    QCOMPARE(handled.first().at(5).toBool(), false);
    // Received in this (the GUI's) thread, not in the listener's.
    QCOMPARE(handledIn, QThread::currentThread());
    QTRY_COMPARE(service.connections(), 1);
    QVERIFY(!connections.isEmpty());
    QVERIFY(!logged.isEmpty());

    // Committed before the ACK, through the service's own connection: the GUI's Lab reads it.
    Result<QList<Hl7InboxEntry>> inbox = Hl7OrderRepository(m_lab->database().connection()).inbox(10);
    QVERIFY2(inbox, qPrintable(inbox.error()));
    QCOMPARE(inbox.value().size(), 1);
    QCOMPARE(inbox.value().first().controlId, QStringLiteral("C0001"));
    QCOMPARE(inbox.value().first().accessions, handled.first().at(3).toStringList());

    service.stop();
    QCOMPARE(service.state(), Hl7Service::State::Stopped);
    QCOMPARE(service.connections(), 0);
    QCOMPARE(states.last().at(0).value<Hl7Service::State>(), Hl7Service::State::Stopped);
    QTcpSocket late;
    late.connectToHost(host, port);
    QVERIFY(!late.waitForConnected(2'000));
}

void TestHl7Service::forwardsTheSendersOutcomes()
{
    // A hospital system that acknowledges everything it is sent.
    QTcpServer peer;
    QVERIFY(peer.listen(QHostAddress::LocalHost));
    QStringList received;
    MllpFramer peerFramer;
    connect(&peer, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *s = peer.nextPendingConnection();
        connect(s, &QTcpSocket::readyRead, this, [&, s] {
            for (const MllpFramer::Frame &f : peerFramer.feed(s->readAll())) {
                Result<Hl7Message> m = Hl7Message::parse(f.payload);
                const QString id = m ? m.value().value(QStringLiteral("MSH"), 10) : QString();
                received << id;
                s->write(MllpFramer::frame("MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206100000||ACK|A" +
                                           id.toUtf8() + "|P|2.5.1\rMSA|AA|" + id.toUtf8() + "\r"));
            }
        });
    });
    Hl7Outbox outbox(m_lab->store(), m_lab->permissions());
    QVERIFY(outbox.defineDestination({QStringLiteral("his"),
                                      QStringLiteral("127.0.0.1"),
                                      peer.serverPort(),
                                      {QStringLiteral("cancelled")},
                                      QStringLiteral("HIS"),
                                      QStringLiteral("WARD")},
                                     m_lab->station().defaultActor));

    Hl7Service service;
    QSignalSpy delivered(&service, &Hl7Service::delivered);
    service.start(m_db->path(), anyPort(), quickSender());
    QTRY_COMPARE(service.state(), Hl7Service::State::Listening);
    const auto [host, port] = hostAndPort(service.address());
    QTcpSocket socket;
    socket.connectToHost(host, port);
    QVERIFY(socket.waitForConnected(5'000));
    QCOMPARE(sendAndReadAck(socket, Order), QStringLiteral("AA C0001"));
    // The cancellation queues a message for the destination; the sender delivers it.
    QCOMPARE(sendAndReadAck(socket, Cancel), QStringLiteral("AA C0002"));

    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 1, 10'000);
    QCOMPARE(delivered.first().at(1).toString(), QStringLiteral("his"));
    QCOMPARE(received, QStringList{delivered.first().at(0).toString()});
    // The sender journals outcomes a batch at a time, shortly after it says they were delivered.
    const auto deliveredIds = [&outbox] {
        Result<QList<Hl7OutboxEntry>> entries = outbox.entries(QStringLiteral("delivered"));
        QStringList ids;
        for (const Hl7OutboxEntry &e : entries ? entries.value() : QList<Hl7OutboxEntry>())
            ids << e.id;
        return ids;
    };
    QTRY_COMPARE(deliveredIds(), received);
}

void TestHl7Service::portInUseIsAFailureWithTheReason()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost));
    MllpListener::Options options;
    options.port = taken.serverPort();

    Hl7Service service;
    QSignalSpy states(&service, &Hl7Service::stateChanged);
    service.start(m_db->path(), options, quickSender());
    QTRY_COMPARE(service.state(), Hl7Service::State::Failed);
    QVERIFY2(
        service.error().contains(QStringLiteral("Cannot listen on 127.0.0.1:%1").arg(taken.serverPort())),
        qPrintable(service.error()));
    QCOMPARE(states.last().at(1).toString(), service.error());
    QVERIFY(service.address().isEmpty());

    // A failed start is retried as a new one, once the port is free.
    taken.close();
    service.start(m_db->path(), options, quickSender());
    QTRY_COMPARE(service.state(), Hl7Service::State::Listening);
    QVERIFY(service.error().isEmpty());
}

void TestHl7Service::unreadableDatabaseIsAFailure()
{
    const QString path = m_db->dir() + QStringLiteral("/not-a-database.db");
    QFile junk(path);
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(4096, 'x'));
    junk.close();

    Hl7Service service;
    service.start(path, anyPort(), quickSender());
    QTRY_COMPARE(service.state(), Hl7Service::State::Failed);
    QVERIFY2(service.error().startsWith(QStringLiteral("Cannot open the station's database for HL7")),
             qPrintable(service.error()));
    service.stop();
    QCOMPARE(service.state(), Hl7Service::State::Stopped);
}

void TestHl7Service::stopsAndRestartsWithAPeerConnected()
{
    QTcpSocket socket;
    {
        Hl7Service service;
        service.start(m_db->path(), anyPort(), quickSender());
        QTRY_COMPARE(service.state(), Hl7Service::State::Listening);
        auto [host, port] = hostAndPort(service.address());
        socket.connectToHost(host, port);
        QVERIFY(socket.waitForConnected(5'000));
        QTRY_COMPARE(service.connections(), 1);

        // A restart while a peer is connected and a frame is half sent: the peer is dropped, the
        // new listener answers the next connection.
        socket.write(QByteArray("\x0b") + Order.left(20));
        QVERIFY(socket.waitForBytesWritten(2'000));
        service.start(m_db->path(), anyPort(), quickSender());
        QCOMPARE(service.connections(), 0);
        QTRY_COMPARE(service.state(), Hl7Service::State::Listening);
        QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        std::tie(host, port) = hostAndPort(service.address());
        QTcpSocket again;
        again.connectToHost(host, port);
        QVERIFY(again.waitForConnected(5'000));
        QCOMPARE(sendAndReadAck(again, Order), QStringLiteral("AA C0001"));
        QTRY_COMPARE(service.connections(), 1);
        // Destroyed while listening with a peer connected: the destructor stops it.
    }
    // Only this thread's connection is left: the service closed its own in its thread.
    QCOMPARE(QSqlDatabase::connectionNames().size(), 1);
}

void TestHl7Service::listenerOptionsFollowTheSettings()
{
    Settings settings(m_db->dir() + QStringLiteral("/settings.ini"));
    MllpListener::Options o = Hl7Service::listenerOptions(settings);
    QCOMPARE(o.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(o.port, quint16(2575));
    QVERIFY(settings.setValue(Settings::Key::Hl7ListenAddress, QStringLiteral("0.0.0.0:6661")));
    o = Hl7Service::listenerOptions(settings);
    QCOMPARE(o.address, QHostAddress(QStringLiteral("0.0.0.0")));
    QCOMPARE(o.port, quint16(6661));
    QCOMPARE(o.idleTimeoutMs, MllpListener::Options().idleTimeoutMs);
}

QTEST_GUILESS_MAIN(TestHl7Service)
#include "tst_hl7service.moc"
