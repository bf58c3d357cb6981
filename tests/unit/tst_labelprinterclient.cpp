// SPDX-License-Identifier: GPL-3.0-or-later
// The raw TCP sender against a local QTcpServer standing in for a label printer's port 9100.

#include "label/labelprinterclient.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace benchside;

class TestLabelPrinterClient : public QObject
{
    Q_OBJECT

private slots:
    void bytesArriveUnchanged();
    void closedPortIsExplained();
    void unknownHostIsExplained();
    void addresses_data();
    void addresses();
};

void TestLabelPrinterClient::bytesArriveUnchanged()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QByteArray job;
    for (int i = 0; i < 2000; ++i) // larger than one segment, so writes are flushed in parts
        job += "^XA^FO10,10^A0N,20,20^FH^FD_C3_9Cnal " + QByteArray::number(i) + "^FS^XZ\n";

    // The client blocks; the kernel accepts the connection and buffers the job until the server
    // reads it below.
    LabelPrinterClient client({QStringLiteral("127.0.0.1"), server.serverPort()}, 2000, 5000);
    const Status sent = client.send(job);
    QVERIFY2(sent, qPrintable(sent.error()));

    QVERIFY(server.waitForNewConnection(2000));
    QTcpSocket *peer = server.nextPendingConnection();
    QVERIFY(peer);
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT(
        (received += peer->readAll(),
         peer->state() == QAbstractSocket::UnconnectedState || received.size() >= job.size()),
        5000);
    received += peer->readAll();
    QCOMPARE(received.size(), job.size());
    QCOMPARE(received, job);
}

void TestLabelPrinterClient::closedPortIsExplained()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    } // closed: nothing listens there now
    LabelPrinterClient client({QStringLiteral("127.0.0.1"), port}, 2000, 2000);
    const Status sent = client.send("^XA^XZ");
    QVERIFY(!sent);
    const QString where = QStringLiteral("127.0.0.1:%1").arg(port);
    QVERIFY2(sent.error().contains(where), qPrintable(sent.error()));
    QVERIFY2(sent.error().contains(QLatin1String("refused")), qPrintable(sent.error()));
}

void TestLabelPrinterClient::unknownHostIsExplained()
{
    LabelPrinterClient client({QStringLiteral("no-such-printer.invalid"), 9100}, 3000, 2000);
    const Status sent = client.send("^XA^XZ");
    QVERIFY(!sent);
    QVERIFY2(sent.error().contains(QLatin1String("no-such-printer.invalid")), qPrintable(sent.error()));
}

void TestLabelPrinterClient::addresses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("host:port") << "10.0.0.5:9100" << true << "10.0.0.5" << 9100;
    QTest::newRow("name, other port") << "zebra-3.lab:6101" << true << "zebra-3.lab" << 6101;
    QTest::newRow("bare host") << "10.0.0.5" << true << "10.0.0.5" << 9100;
    QTest::newRow("IPv6") << "[::1]:9100" << true << "::1" << 9100;
    QTest::newRow("port 0") << "10.0.0.5:0" << false << "" << 0;
    QTest::newRow("port too big") << "10.0.0.5:70000" << false << "" << 0;
    QTest::newRow("no host") << ":9100" << false << "" << 0;
    QTest::newRow("empty") << "" << false << "" << 0;
}

void TestLabelPrinterClient::addresses()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, host);
    QFETCH(int, port);
    Result<LabelPrinterClient::Address> a = LabelPrinterClient::parseAddress(text);
    QCOMPARE(a.ok(), ok);
    if (!ok) {
        QVERIFY(!a.error().isEmpty());
        return;
    }
    QCOMPARE(a->host, host);
    QCOMPARE(int(a->port), port);
}

QTEST_GUILESS_MAIN(TestLabelPrinterClient)
#include "tst_labelprinterclient.moc"
