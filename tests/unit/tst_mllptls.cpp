// SPDX-License-Identifier: GPL-3.0-or-later
// The MLLP listener over TLS with client certificates (hl7 serve --tls-cert/--tls-key/--tls-ca):
// a hospital system with a certificate the configured CA signed gets its ACK; one without a
// certificate, or speaking plain TCP, gets nothing and is disconnected. Certificates are made with
// the openssl command for each run.
#include "hl7/hl7message.h"
#include "hl7/mllpframer.h"
#include "hl7/mllplistener.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTest>

using namespace benchside;

namespace {
const QByteArray Order = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||ORM^O01|TLS0001|P|2.4\r"
                         "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                         "ORC|NW|ORD-T1^HIS\rOBR|1|ORD-T1^HIS||14749-6^Glucose^LN\r";
} // namespace

class TestMllpTls : public QObject
{
    Q_OBJECT

private:
    QString file(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    void openssl(const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral("openssl"), args);
        QVERIFY2(p.waitForFinished(60000) && p.exitCode() == 0, p.readAllStandardError().constData());
    }

    // A key and a certificate signed by the test CA.
    void signedPair(const QString &name, const QString &san)
    {
        openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                 QStringLiteral("-nodes"), QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                 QStringLiteral("-out"), name + QStringLiteral(".csr"), QStringLiteral("-subj"),
                 QStringLiteral("/CN=") + name});
        QFile ext(m_dir.filePath(name + QStringLiteral(".ext")));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write(san.toUtf8());
        ext.close();
        openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                 name + QStringLiteral(".csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                 QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"),
                 QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-out"),
                 name + QStringLiteral(".crt"), QStringLiteral("-extfile"), name + QStringLiteral(".ext")});
    }

    // Sends the order over `socket` once it is encrypted; the response frames (none if refused).
    QList<MllpFramer::Frame> exchange(QSslSocket &socket, bool withCertificate)
    {
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        c.setCaCertificates(QSslCertificate::fromPath(file("ca.crt")));
        if (withCertificate) {
            c.setLocalCertificate(QSslCertificate::fromPath(file("his.crt")).value(0));
            QFile key(file("his.key"));
            if (key.open(QIODevice::ReadOnly))
                c.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
        }
        socket.setSslConfiguration(c);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port);
        QList<MllpFramer::Frame> frames;
        MllpFramer framer;
        QObject::connect(&socket, &QSslSocket::encrypted, [&] { socket.write(MllpFramer::frame(Order)); });
        QObject::connect(&socket, &QSslSocket::readyRead, [&] { frames << framer.feed(socket.readAll()); });
        // The caller asserts on what came back; here only wait for an answer or the close.
        for (int waited = 0;
             waited < 15000 && frames.isEmpty() && socket.state() != QAbstractSocket::UnconnectedState;
             waited += 20)
            QTest::qWait(20);
        return frames;
    }

private slots:
    void initTestCase()
    {
        openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                 QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                 QStringLiteral("ca.key"), QStringLiteral("-out"), QStringLiteral("ca.crt"),
                 QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                 QStringLiteral("/CN=Benchside test CA")});
        signedPair(QStringLiteral("lab"), QStringLiteral("subjectAltName=IP:127.0.0.1\n"));
        signedPair(QStringLiteral("his"), QStringLiteral("extendedKeyUsage=clientAuth\n"));

        m_lab = m_db.open();
        QVERIFY(testlab::importDemoCatalog(*m_lab));
        MllpListener::Options o;
        o.port = 0;
        o.tlsCertificate = file("lab.crt");
        o.tlsKey = file("lab.key");
        o.tlsCa = file("ca.crt");
        m_listener = std::make_unique<MllpListener>(*m_lab, o);
        const Status listening = m_listener->listen();
        QVERIFY2(listening, qPrintable(listening.error()));
        m_port = m_listener->address().section(QLatin1Char(':'), -1).toUShort();
    }

    void certifiedClientGetsItsAck()
    {
        QSslSocket socket;
        const QList<MllpFramer::Frame> frames = exchange(socket, true);
        QCOMPARE(frames.size(), 1);
        const Result<Hl7Message> ack = Hl7Message::parse(frames.first().payload);
        QVERIFY(ack);
        QCOMPARE(ack.value().value(QStringLiteral("MSA"), 1), QStringLiteral("AA"));
        QCOMPARE(ack.value().value(QStringLiteral("MSA"), 2), QStringLiteral("TLS0001"));
    }

    void clientWithoutCertificateIsRefused()
    {
        QSslSocket socket;
        QVERIFY(exchange(socket, false).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 15000);
    }

    void plainTcpGetsNothing()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write(MllpFramer::frame(Order));
        QByteArray got;
        QObject::connect(&socket, &QTcpSocket::readyRead, [&] { got += socket.readAll(); });
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 15000);
        QVERIFY(!got.contains("MSA|"));
    }

    void cleanupTestCase()
    {
        m_listener.reset();
        m_lab.reset();
    }

private:
    QTemporaryDir m_dir;
    TestDatabase m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<MllpListener> m_listener;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(TestMllpTls)
#include "tst_mllptls.moc"
