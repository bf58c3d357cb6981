// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessionnumber.h"
#include "settings/settings.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;
using Key = Settings::Key;

Q_DECLARE_METATYPE(benchside::Settings::Key)

class TestSettings : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void defaults_data();
    void defaults();
    void defaultWedgeSettings();
    void validValuesAreStored_data();
    void validValuesAreStored();
    void invalidValuesAreRefused_data();
    void invalidValuesAreRefused();
    void wedgeSettingsFollowTheFile();
    void brokenFileFallsBackToDefaults_data();
    void brokenFileFallsBackToDefaults();
    void suffixNamesRoundTrip();

private:
    QString iniPath() const { return m_dir->filePath(QStringLiteral("benchside.ini")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSettings::defaults_data()
{
    QTest::addColumn<Key>("key");
    QTest::addColumn<QVariant>("expected");

    // Scanners type 7-8 ms apart and people rarely under 50 ms: a default near 25 ms separates them.
    QTest::newRow("key gap") << Key::ScannerMaxGapMs << QVariant(25);
    QTest::newRow("prefix") << Key::ScannerPrefix << QVariant(QString());
    QTest::newRow("suffix") << Key::ScannerSuffix << QVariant(QStringLiteral("enter-or-tab"));
    QTest::newRow("shortest scan") << Key::ScannerMinLength << QVariant(AccessionNumber::MinLength);
    QTest::newRow("duplicate window") << Key::DuplicateWindowSeconds << QVariant(10);
    QTest::newRow("no serial scanner") << Key::SerialPort << QVariant(QString());
    QTest::newRow("serial baud rate") << Key::SerialBaudRate << QVariant(9600);
    QTest::newRow("serial suffix") << Key::SerialSuffix << QVariant(QStringLiteral("cr"));
    QTest::newRow("label width") << Key::LabelWidthMm << QVariant(50);
    QTest::newRow("label height") << Key::LabelHeightMm << QVariant(25);
    QTest::newRow("label dpi") << Key::LabelDpi << QVariant(203);
    QTest::newRow("no label printer") << Key::LabelPrinterAddress << QVariant(QString());
    QTest::newRow("no HL7 listener") << Key::Hl7ListenerEnabled << QVariant(false);
    QTest::newRow("HL7 on this computer")
        << Key::Hl7ListenAddress << QVariant(QStringLiteral("127.0.0.1:2575"));
    QTest::newRow("the system's default camera") << Key::CameraDevice << QVariant(QString());
}

void TestSettings::defaults()
{
    QFETCH(Key, key);
    QFETCH(QVariant, expected);
    const Settings settings(iniPath());
    QCOMPARE(settings.value(key).toString(), expected.toString());
}

void TestSettings::defaultWedgeSettings()
{
    const Settings settings(iniPath());
    const WedgeSettings w = settings.wedgeSettings();
    QCOMPARE(w.maxGapMs, 25);
    QVERIFY(w.prefix.isEmpty());
    QCOMPARE(w.suffix, WedgeSettings::Suffix::EnterOrTab);
    QCOMPARE(w.minLength, AccessionNumber::MinLength);
    QCOMPARE(settings.duplicateWindowMs(), qint64(10'000));
    QVERIFY(!QFile::exists(iniPath())); // reading defaults writes nothing
}

void TestSettings::validValuesAreStored_data()
{
    QTest::addColumn<Key>("key");
    QTest::addColumn<QVariant>("value");

    QTest::newRow("gap, lowest") << Key::ScannerMaxGapMs << QVariant(5);
    QTest::newRow("gap, highest") << Key::ScannerMaxGapMs << QVariant(200);
    QTest::newRow("gap as text") << Key::ScannerMaxGapMs << QVariant(QStringLiteral("40"));
    QTest::newRow("prefix") << Key::ScannerPrefix << QVariant(QStringLiteral("]C1"));
    QTest::newRow("prefix, four characters") << Key::ScannerPrefix << QVariant(QStringLiteral("@@@@"));
    QTest::newRow("no prefix") << Key::ScannerPrefix << QVariant(QString());
    for (const char *s : {"enter", "tab", "enter-or-tab", "none"})
        QTest::addRow("suffix %s", s) << Key::ScannerSuffix << QVariant(QString::fromLatin1(s));
    QTest::newRow("shortest scan 1") << Key::ScannerMinLength << QVariant(1);
    QTest::newRow("shortest scan 20") << Key::ScannerMinLength << QVariant(AccessionNumber::MaxLength);
    QTest::newRow("no duplicate window") << Key::DuplicateWindowSeconds << QVariant(0);
    QTest::newRow("an hour's window") << Key::DuplicateWindowSeconds << QVariant(3600);
    QTest::newRow("serial port") << Key::SerialPort << QVariant(QStringLiteral("/dev/ttyACM0"));
    QTest::newRow("serial 115200") << Key::SerialBaudRate << QVariant(115200);
    for (const char *s : {"cr", "lf", "crlf", "tab", "none"})
        QTest::addRow("serial suffix %s", s) << Key::SerialSuffix << QVariant(QString::fromLatin1(s));
    QTest::newRow("label 15 mm") << Key::LabelWidthMm << QVariant(15);
    QTest::newRow("label 150 mm") << Key::LabelHeightMm << QVariant(150);
    QTest::newRow("label 300 dpi") << Key::LabelDpi << QVariant(300);
    QTest::newRow("label printer") << Key::LabelPrinterAddress << QVariant(QStringLiteral("10.0.0.5:9100"));
    QTest::newRow("HL7 listener on") << Key::Hl7ListenerEnabled << QVariant(true);
    QTest::newRow("HL7 on every interface")
        << Key::Hl7ListenAddress << QVariant(QStringLiteral("0.0.0.0:2575"));
    QTest::newRow("HL7 on IPv6") << Key::Hl7ListenAddress << QVariant(QStringLiteral("[::1]:6661"));
    QTest::newRow("a chosen camera") << Key::CameraDevice << QVariant(QStringLiteral("/dev/video2"));
    QTest::newRow("no camera") << Key::CameraDevice << QVariant(QStringLiteral("none"));
}

void TestSettings::validValuesAreStored()
{
    QFETCH(Key, key);
    QFETCH(QVariant, value);
    {
        Settings settings(iniPath());
        const Status s = settings.setValue(key, value);
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QCOMPARE(settings.value(key).toString(), value.toString());
    }
    // Stored in the file, read back by a new instance.
    const Settings reread(iniPath());
    QCOMPARE(reread.value(key).toString(), value.toString());
}

void TestSettings::invalidValuesAreRefused_data()
{
    QTest::addColumn<Key>("key");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("says");

    QTest::newRow("gap too short") << Key::ScannerMaxGapMs << QVariant(4) << "5 and 200";
    QTest::newRow("gap zero") << Key::ScannerMaxGapMs << QVariant(0) << "5 and 200";
    QTest::newRow("gap negative") << Key::ScannerMaxGapMs << QVariant(-25) << "5 and 200";
    QTest::newRow("gap too long") << Key::ScannerMaxGapMs << QVariant(201) << "5 and 200";
    QTest::newRow("gap not a number")
        << Key::ScannerMaxGapMs << QVariant(QStringLiteral("fast")) << "5 and 200";
    QTest::newRow("gap empty") << Key::ScannerMaxGapMs << QVariant(QString()) << "5 and 200";
    QTest::newRow("prefix too long") << Key::ScannerPrefix << QVariant(QStringLiteral("ABCDE"))
                                     << "4 characters";
    QTest::newRow("unknown suffix") << Key::ScannerSuffix << QVariant(QStringLiteral("return"))
                                    << "enter, tab";
    QTest::newRow("suffix in capitals")
        << Key::ScannerSuffix << QVariant(QStringLiteral("Enter")) << "enter, tab";
    QTest::newRow("no suffix name") << Key::ScannerSuffix << QVariant(QString()) << "enter, tab";
    QTest::newRow("shortest scan 0") << Key::ScannerMinLength << QVariant(0) << "1 to 20";
    QTest::newRow("shortest scan 21") << Key::ScannerMinLength << QVariant(21) << "1 to 20";
    QTest::newRow("shortest scan not a number")
        << Key::ScannerMinLength << QVariant(QStringLiteral("five")) << "1 to 20";
    QTest::newRow("window negative") << Key::DuplicateWindowSeconds << QVariant(-1) << "0 to 3600";
    QTest::newRow("window too long") << Key::DuplicateWindowSeconds << QVariant(3601) << "0 to 3600";
    QTest::newRow("window not a number")
        << Key::DuplicateWindowSeconds << QVariant(QStringLiteral("10s")) << "0 to 3600";
    QTest::newRow("serial port with a space")
        << Key::SerialPort << QVariant(QStringLiteral("COM 3")) << "no spaces";
    QTest::newRow("odd baud rate") << Key::SerialBaudRate << QVariant(9601) << "9600";
    QTest::newRow("baud not a number") << Key::SerialBaudRate << QVariant(QStringLiteral("fast")) << "9600";
    QTest::newRow("unknown serial suffix")
        << Key::SerialSuffix << QVariant(QStringLiteral("enter")) << "cr, lf";
    QTest::newRow("label too narrow") << Key::LabelWidthMm << QVariant(14) << "15 and 150";
    QTest::newRow("label too tall") << Key::LabelHeightMm << QVariant(151) << "15 and 150";
    QTest::newRow("label size not a number")
        << Key::LabelWidthMm << QVariant(QStringLiteral("wide")) << "15 and 150";
    QTest::newRow("odd dpi") << Key::LabelDpi << QVariant(200) << "203";
    QTest::newRow("printer without port")
        << Key::LabelPrinterAddress << QVariant(QStringLiteral("10.0.0.5")) << "host:port";
    QTest::newRow("printer port out of range")
        << Key::LabelPrinterAddress << QVariant(QStringLiteral("printer:70000")) << "host:port";
    QTest::newRow("sync url not postgresql")
        << Key::SyncUrl << QVariant(QStringLiteral("http://sync.lab/benchside")) << "not a server URL";
    QTest::newRow("sync url with password")
        << Key::SyncUrl << QVariant(QStringLiteral("postgresql://r:secret@sync.lab/benchside"))
        << "no password";
    QTest::newRow("sync verify-full without CA")
        << Key::SyncUrl << QVariant(QStringLiteral("postgresql://r@sync.lab/benchside?sslmode=verify-full"))
        << "sslrootcert";
    QTest::newRow("sync interval too short") << Key::SyncIntervalSeconds << QVariant(2) << "5 to 3600";
    QTest::newRow("idle lock negative") << Key::IdleLockMinutes << QVariant(-1) << "0 (off) to 240";
    QTest::newRow("idle lock too long") << Key::IdleLockMinutes << QVariant(241) << "0 (off) to 240";
    QTest::newRow("idle lock not a number")
        << Key::IdleLockMinutes << QVariant(QStringLiteral("ten")) << "0 (off)";
    QTest::newRow("language not translated") << Key::UiLanguage << QVariant(QStringLiteral("fr")) << "system";
    QTest::newRow("HL7 listener maybe")
        << Key::Hl7ListenerEnabled << QVariant(QStringLiteral("maybe")) << "true or false";
    QTest::newRow("HL7 address a name")
        << Key::Hl7ListenAddress << QVariant(QStringLiteral("lab-pc:2575")) << "not an IP address";
    QTest::newRow("HL7 port out of range")
        << Key::Hl7ListenAddress << QVariant(QStringLiteral("127.0.0.1:70000")) << "ADDRESS:PORT";
    QTest::newRow("HL7 any free port")
        << Key::Hl7ListenAddress << QVariant(QStringLiteral("127.0.0.1:0")) << "1 to 65535";
    QTest::newRow("camera on two lines")
        << Key::CameraDevice << QVariant(QStringLiteral("/dev/video0\n/dev/video1")) << "on one line";
}

void TestSettings::invalidValuesAreRefused()
{
    QFETCH(Key, key);
    QFETCH(QVariant, value);
    QFETCH(QString, says);

    // A valid value first, so that "not stored" means "the old value is kept", not just "still empty".
    const QVariant good = [key]() -> QVariant {
        switch (key) {
        case Key::ScannerMaxGapMs:
            return 30;
        case Key::ScannerPrefix:
            return QStringLiteral("]C");
        case Key::ScannerSuffix:
            return QStringLiteral("tab");
        case Key::ScannerMinLength:
            return 6;
        case Key::DuplicateWindowSeconds:
            return 15;
        case Key::SerialPort:
            return QStringLiteral("/dev/ttyUSB1");
        case Key::SerialBaudRate:
            return 19200;
        case Key::SerialSuffix:
            return QStringLiteral("crlf");
        case Key::LabelWidthMm:
        case Key::LabelHeightMm:
            return 40;
        case Key::LabelDpi:
            return 300;
        case Key::LabelPrinterAddress:
            return QStringLiteral("labels.lab:9100");
        case Key::SyncUrl:
            return QStringLiteral("postgresql://benchside_rcv@sync.lab:5432/benchside?sslmode=require");
        case Key::SyncIntervalSeconds:
            return 120;
        case Key::SyncSealedPassword:
            return QStringLiteral("c2VhbGVk");
        case Key::IdleLockMinutes:
            return 5;
        case Key::UiLanguage:
            return QStringLiteral("de");
        case Key::Hl7ListenerEnabled:
            return true;
        case Key::Hl7ListenAddress:
            return QStringLiteral("10.1.2.3:6661");
        case Key::CameraDevice:
            return QStringLiteral("/dev/video2");
        }
        return {};
    }();
    {
        Settings settings(iniPath());
        QVERIFY(settings.setValue(key, good).ok());
        const Status s = settings.setValue(key, value);
        QVERIFY2(!s.ok(), "an invalid value was accepted");
        QVERIFY2(s.error().contains(says), qPrintable(s.error()));
        QCOMPARE(settings.value(key).toString(), good.toString());
    }
    const Settings reread(iniPath());
    QCOMPARE(reread.value(key).toString(), good.toString());
    QSettings raw(iniPath(), QSettings::IniFormat);
    for (const QString &k : raw.allKeys())
        QVERIFY2(raw.value(k).toString() != value.toString() || value.toString().isEmpty(), qPrintable(k));
}

void TestSettings::wedgeSettingsFollowTheFile()
{
    {
        Settings settings(iniPath());
        QVERIFY(settings.setValue(Key::ScannerMaxGapMs, 18).ok());
        QVERIFY(settings.setValue(Key::ScannerPrefix, QStringLiteral("]C1")).ok());
        QVERIFY(settings.setValue(Key::ScannerSuffix, QStringLiteral("tab")).ok());
        QVERIFY(settings.setValue(Key::ScannerMinLength, 8).ok());
        QVERIFY(settings.setValue(Key::DuplicateWindowSeconds, 30).ok());
    }
    const Settings settings(iniPath());
    const WedgeSettings w = settings.wedgeSettings();
    QCOMPARE(w.maxGapMs, 18);
    QCOMPARE(w.prefix, QStringLiteral("]C1"));
    QCOMPARE(w.suffix, WedgeSettings::Suffix::Tab);
    QCOMPARE(w.minLength, 8);
    QCOMPARE(settings.duplicateWindowMs(), qint64(30'000));
}

void TestSettings::brokenFileFallsBackToDefaults_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");

    QTest::newRow("unknown suffix") << "scanner/suffix"
                                    << "carriage-return";
    QTest::newRow("gap not a number") << "scanner/max_gap_ms"
                                      << "fast";
    QTest::newRow("gap zero") << "scanner/max_gap_ms"
                              << "0";
    QTest::newRow("gap of a second") << "scanner/max_gap_ms"
                                     << "1000";
    QTest::newRow("prefix too long") << "scanner/prefix"
                                     << "SCANNER";
    QTest::newRow("shortest scan negative") << "scanner/min_length"
                                            << "-3";
    QTest::newRow("window negative") << "scanner/duplicate_window_s"
                                     << "-10";
    QTest::newRow("window not a number") << "scanner/duplicate_window_s"
                                         << "ten";
}

void TestSettings::brokenFileFallsBackToDefaults()
{
    QFETCH(QString, key);
    QFETCH(QString, value);

    // Someone edited the file by hand. setValue() would have refused the value; reading it must not
    // hand it to the scanner either (a gap of 0 ms, say, would turn every scan into typing).
    {
        QSettings raw(iniPath(), QSettings::IniFormat);
        raw.setValue(key, value);
        raw.sync();
        QCOMPARE(raw.status(), QSettings::NoError);
    }
    const Settings settings(iniPath());
    const WedgeSettings w = settings.wedgeSettings();
    const WedgeSettings defaults = Settings(m_dir->filePath(QStringLiteral("none.ini"))).wedgeSettings();
    QCOMPARE(w.maxGapMs, defaults.maxGapMs);
    QCOMPARE(w.prefix, defaults.prefix);
    QCOMPARE(w.suffix, defaults.suffix);
    QCOMPARE(w.minLength, defaults.minLength);
    QCOMPARE(settings.duplicateWindowMs(), qint64(10'000));
}

void TestSettings::suffixNamesRoundTrip()
{
    for (auto s : {WedgeSettings::Suffix::Enter, WedgeSettings::Suffix::Tab,
                   WedgeSettings::Suffix::EnterOrTab, WedgeSettings::Suffix::None}) {
        const QString name = Settings::suffixName(s);
        QVERIFY(!name.isEmpty());
        QVERIFY(Settings::parseSuffix(name) == s);
    }
    QVERIFY(!Settings::parseSuffix(QStringLiteral("cr")));
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
