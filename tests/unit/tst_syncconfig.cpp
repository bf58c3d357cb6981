// SPDX-License-Identifier: GPL-3.0-or-later
// What a station needs to reach the sync server, checked without one: the URL it accepts and
// refuses, the SCRAM verifier given to PostgreSQL, and the sealed password in the settings.

#include "settings/settings.h"
#include "sync/scramverifier.h"
#include "sync/serverurl.h"
#include "sync/stationcredentials.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;

class TestSyncConfig : public QObject
{
    Q_OBJECT

private slots:
    void urlIsParsedWithItsTlsOptions();
    void urlWithoutPasswordIsShownMasked();
    void badUrlIsRefusedWithTheReason_data();
    void badUrlIsRefusedWithTheReason();
    void connectOptionsQuoteFileNames();
    void scramVerifierMatchesAnIndependentComputation();
    void scramVerifierSaltsEachPassword();
    void passwordIsSealedNotStored();
    void damagedOrMissingKeyIsReported();
};

void TestSyncConfig::urlIsParsedWithItsTlsOptions()
{
    Result<ServerUrl> url = ServerUrl::parse(QStringLiteral(
        "postgresql://benchside_rcv:p%40ss%2Fw0rd@db.lab.example:6432/benchside?sslmode=verify-full&"
        "sslrootcert=/etc/benchside/ca.crt&connect_timeout=9"));
    QVERIFY2(url, qPrintable(url.error()));
    QCOMPARE(url.value().host, QStringLiteral("db.lab.example"));
    QCOMPARE(url.value().port, 6432);
    QCOMPARE(url.value().database, QStringLiteral("benchside"));
    QCOMPARE(url.value().user, QStringLiteral("benchside_rcv"));
    QCOMPARE(url.value().password, QStringLiteral("p@ss/w0rd"));
    QCOMPARE(url.value().sslMode, QStringLiteral("verify-full"));
    QCOMPARE(url.value().sslRootCert, QStringLiteral("/etc/benchside/ca.crt"));
    QCOMPARE(url.value().connectTimeoutS, 9);
    // What toString(true) writes parses back to the same.
    Result<ServerUrl> again = ServerUrl::parse(url.value().toString(true));
    QVERIFY(again);
    QCOMPARE(again.value().password, url.value().password);
    QCOMPARE(again.value().sslRootCert, url.value().sslRootCert);
    QCOMPARE(ServerUrl::parse(QStringLiteral("postgres://st@h/db")).value().port, 5432);
}

void TestSyncConfig::urlWithoutPasswordIsShownMasked()
{
    const ServerUrl url = ServerUrl::parse(QStringLiteral("postgresql://st:secret@h:5432/db")).value();
    QVERIFY(!url.toString().contains(QStringLiteral("secret")));
    QVERIFY(url.toString().contains(QStringLiteral("***")));
    QVERIFY(url.toString(true).contains(QStringLiteral("secret")));
}

void TestSyncConfig::badUrlIsRefusedWithTheReason_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not a URL") << QStringLiteral("db.lab.example") << QStringLiteral("not a server URL");
    QTest::newRow("http") << QStringLiteral("http://st@h/db") << QStringLiteral("not a server URL");
    QTest::newRow("no database") << QStringLiteral("postgresql://st@h") << QStringLiteral("no database");
    QTest::newRow("no user") << QStringLiteral("postgresql://h/db") << QStringLiteral("no user");
    QTest::newRow("unknown option") << QStringLiteral("postgresql://st@h/db?sslmod=require")
                                    << QStringLiteral("\"sslmod\" is not supported");
    QTest::newRow("unknown sslmode") << QStringLiteral("postgresql://st@h/db?sslmode=verify")
                                     << QStringLiteral("sslmode \"verify\"");
    QTest::newRow("verify-full without CA")
        << QStringLiteral("postgresql://st@h/db?sslmode=verify-full") << QStringLiteral("sslrootcert");
    QTest::newRow("timeout") << QStringLiteral("postgresql://st@h/db?connect_timeout=0")
                             << QStringLiteral("connect_timeout");
}

void TestSyncConfig::badUrlIsRefusedWithTheReason()
{
    QFETCH(QString, url);
    QFETCH(QString, reason);
    Result<ServerUrl> parsed = ServerUrl::parse(url);
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().contains(reason), qPrintable(parsed.error()));
}

void TestSyncConfig::connectOptionsQuoteFileNames()
{
    ServerUrl url = ServerUrl::parse(QStringLiteral("postgresql://st@h/db")).value();
    url.sslMode = QStringLiteral("verify-full");
    url.sslRootCert = QStringLiteral("/opt/lab certs/o'neil\\ca.crt");
    const QString options = url.connectOptions();
    QVERIFY2(options.contains(QStringLiteral("sslrootcert='/opt/lab certs/o\\'neil\\\\ca.crt'")),
             qPrintable(options));
    QVERIFY(options.contains(QStringLiteral("sslmode=verify-full")));
    QVERIFY(options.contains(QStringLiteral("options='-c jit=off'")));
    QVERIFY(!options.contains(QStringLiteral("password")));
}

void TestSyncConfig::scramVerifierMatchesAnIndependentComputation()
{
    // The salt of RFC 7677's example; the expected verifier was computed with Python's hashlib
    // (PBKDF2-HMAC-SHA-256, then StoredKey = SHA-256(HMAC(salted, "Client Key")), ServerKey =
    // HMAC(salted, "Server Key")), which is what PostgreSQL stores for password "pencil".
    const QByteArray salt = QByteArray::fromBase64("W22ZaJ0SNY7soEsUEjb6gQ==");
    QCOMPARE(ScramVerifier::compute(QStringLiteral("pencil"), salt, 4096),
             QStringLiteral(
                 "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY="
                 ":wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="));
}

void TestSyncConfig::scramVerifierSaltsEachPassword()
{
    const QString password = ScramVerifier::randomPassword();
    QCOMPARE(password.size(), 32);
    QVERIFY(ScramVerifier::randomPassword() != password);
    const QString a = ScramVerifier::compute(password);
    const QString b = ScramVerifier::compute(password);
    QVERIFY(a.startsWith(QStringLiteral("SCRAM-SHA-256$4096:")));
    QVERIFY(a != b); // a fresh salt each time
    QVERIFY(!a.contains(password));
}

void TestSyncConfig::passwordIsSealedNotStored()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("settings.ini"));
    const QString keyFile = dir.filePath(QStringLiteral("data/sync.key"));
    const QString secret = QStringLiteral("Zq8vW3nY5tB1mK7pL0sR4xC9");
    {
        Settings settings(ini);
        StationCredentials credentials(settings, keyFile);
        QVERIFY(!credentials.configured());
        ServerUrl url = ServerUrl::parse(QStringLiteral("postgresql://benchside_rcv@db/benchside")).value();
        url.password = secret;
        QVERIFY(credentials.save(url));
    }
    QFile file(ini);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(stored.contains("benchside_rcv@db"));
    QVERIFY(!stored.contains(secret.toUtf8()));
    QCOMPARE(QFile::permissions(keyFile) &
                 (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFileDevice::Permissions());

    Settings settings(ini);
    Result<ServerUrl> loaded = StationCredentials(settings, keyFile).load();
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QCOMPARE(loaded.value().password, secret);
    // The URL setting itself refuses a password.
    QVERIFY(!settings.setValue(Settings::Key::SyncUrl, QStringLiteral("postgresql://st:pw@db/benchside")));
}

void TestSyncConfig::damagedOrMissingKeyIsReported()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("settings.ini"));
    const QString keyFile = dir.filePath(QStringLiteral("sync.key"));
    Settings settings(ini);
    ServerUrl url = ServerUrl::parse(QStringLiteral("postgresql://st:pw@db/benchside")).value();
    QVERIFY(StationCredentials(settings, keyFile).save(url));

    QVERIFY(QFile::remove(keyFile));
    Result<ServerUrl> noKey = StationCredentials(settings, keyFile).load();
    QVERIFY(!noKey);
    QVERIFY2(noKey.error().contains(QStringLiteral("password")), qPrintable(noKey.error()));

    // Sealed under another key (another user's, or the key file replaced): it does not open.
    QVERIFY(StationCredentials(settings, keyFile).save(url)); // a new key at keyFile
    QVERIFY(StationCredentials(settings, dir.filePath(QStringLiteral("other.key"))).save(url));
    Result<ServerUrl> wrong = StationCredentials(settings, keyFile).load();
    QVERIFY(!wrong);
    QVERIFY2(wrong.error().contains(QStringLiteral("does not open")), qPrintable(wrong.error()));

    // A damaged key file.
    QFile damaged(keyFile);
    QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate) && damaged.write("short") == 5);
    damaged.close();
    Result<ServerUrl> broken = StationCredentials(settings, keyFile).load();
    QVERIFY(!broken);
    QVERIFY2(broken.error().contains(QStringLiteral("damaged")), qPrintable(broken.error()));
}

QTEST_GUILESS_MAIN(TestSyncConfig)
#include "tst_syncconfig.moc"
