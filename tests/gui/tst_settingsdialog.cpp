// SPDX-License-Identifier: GPL-3.0-or-later
// The settings dialog shows the station's preferences, refuses an invalid value with its message,
// and then stores none of the others either: nothing half-applied.

#include "settings/settingsdialog.h"
#include "store/station.h"

#include <QComboBox>
#include <QLabel>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;
using K = Settings::Key;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void showsTheCurrentValuesAndTheStation();
    void everyTabIsInSight();
    void oneInvalidValueStoresNothing_data();
    void oneInvalidValueStoresNothing();
    void validValuesAreStored();
    void languageIsStoredForTheNextStart();
    void cameraIsChosenAndRemembered();

private:
    QTemporaryDir m_dir;
    const Station m_station{QStringLiteral("RCV"), QStringLiteral("MAIN"),
                            QStringLiteral("Main Lab / Receiving"), QStringLiteral("admin"), false};
};

void TestSettingsDialog::showsTheCurrentValuesAndTheStation()
{
    Settings settings(m_dir.filePath(QStringLiteral("show.ini")));
    QVERIFY(settings.setValue(K::ScannerMaxGapMs, 30));
    QVERIFY(settings.setValue(K::SerialBaudRate, 115200));
    SettingsDialog dialog(settings, m_station);
    QCOMPARE(dialog.field(K::ScannerMaxGapMs), QStringLiteral("30"));
    QCOMPARE(dialog.field(K::SerialBaudRate), QStringLiteral("115200"));
    QCOMPARE(dialog.field(K::LabelDpi), QStringLiteral("203")); // the default
    QCOMPARE(dialog.field(K::ScannerSuffix), QStringLiteral("enter-or-tab"));
    bool stationShown = false;
    for (const QLabel *l : dialog.findChildren<QLabel *>())
        stationShown = stationShown || l->text() == QStringLiteral("RCV");
    QVERIFY(stationShown);
}

// Finding 28: seven tabs did not fit; Language was reachable only with the scroll arrows.
void TestSettingsDialog::everyTabIsInSight()
{
    Settings settings(m_dir.filePath(QStringLiteral("tabs.ini")));
    SettingsDialog dialog(settings, m_station);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *tabs = dialog.findChild<QTabWidget *>();
    QVERIFY(tabs);
    QTabBar *bar = tabs->tabBar();
    for (int i = 0; i < bar->count(); ++i)
        QVERIFY2(bar->rect().contains(bar->tabRect(i)), qPrintable(bar->tabText(i)));
}

void TestSettingsDialog::oneInvalidValueStoresNothing_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("gap 0 ms") << int(K::ScannerMaxGapMs) << QStringLiteral("0")
                              << QStringLiteral("5 and 200 ms");
    QTest::newRow("gap not a number")
        << int(K::ScannerMaxGapMs) << QStringLiteral("fast") << QStringLiteral("5 and 200 ms");
    QTest::newRow("long prefix") << int(K::ScannerPrefix) << QStringLiteral("ABCDE")
                                 << QStringLiteral("4 characters");
    QTest::newRow("port with a space")
        << int(K::SerialPort) << QStringLiteral("COM 3") << QStringLiteral("no spaces");
    QTest::newRow("label too wide") << int(K::LabelWidthMm) << QStringLiteral("400")
                                    << QStringLiteral("15 and 150");
    QTest::newRow("printer without port")
        << int(K::LabelPrinterAddress) << QStringLiteral("10.0.0.5") << QStringLiteral("host:port");
}

void TestSettingsDialog::oneInvalidValueStoresNothing()
{
    QFETCH(int, key);
    QFETCH(QString, value);
    QFETCH(QString, message);
    Settings settings(m_dir.filePath(QStringLiteral("invalid-%1.ini").arg(QTest::currentDataTag())));
    SettingsDialog dialog(settings, m_station);
    dialog.setField(K::DuplicateWindowSeconds, QStringLiteral("45")); // a valid change alongside
    dialog.setField(static_cast<K>(key), value);
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible());
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("errorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(message), qPrintable(error->text()));
    QCOMPARE(settings.value(K::DuplicateWindowSeconds).toInt(), 10); // still the default
}

void TestSettingsDialog::validValuesAreStored()
{
    Settings settings(m_dir.filePath(QStringLiteral("valid.ini")));
    SettingsDialog dialog(settings, m_station);
    dialog.setField(K::ScannerMaxGapMs, QStringLiteral("40"));
    dialog.setField(K::ScannerSuffix, QStringLiteral("tab"));
    dialog.setField(K::SerialPort, QStringLiteral("/dev/ttyACM0"));
    dialog.setField(K::LabelWidthMm, QStringLiteral("57"));
    dialog.setField(K::LabelPrinterAddress, QStringLiteral("10.0.0.5:9100"));
    dialog.show();
    // For docs/: BENCHSIDE_SCREENSHOTS=docs/screenshots ./tst_settingsdialog
    if (const QString shots = qEnvironmentVariable("BENCHSIDE_SCREENSHOTS"); !shots.isEmpty())
        QVERIFY(dialog.grab().save(shots + QStringLiteral("/settings.png")));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    Settings reread(m_dir.filePath(QStringLiteral("valid.ini")));
    QCOMPARE(reread.value(K::ScannerMaxGapMs).toInt(), 40);
    QCOMPARE(reread.value(K::ScannerSuffix).toString(), QStringLiteral("tab"));
    QCOMPARE(reread.value(K::SerialPort).toString(), QStringLiteral("/dev/ttyACM0"));
    QCOMPARE(reread.value(K::LabelWidthMm).toDouble(), 57.0);
    QCOMPARE(reread.value(K::LabelPrinterAddress).toString(), QStringLiteral("10.0.0.5:9100"));
    QCOMPARE(reread.wedgeSettings().maxGapMs, 40);
}

// The language is offered as "as the system" and each language by its own name, stored as its
// code, and the dialog says that it applies from the next start.
void TestSettingsDialog::languageIsStoredForTheNextStart()
{
    Settings settings(m_dir.filePath(QStringLiteral("language.ini")));
    SettingsDialog dialog(settings, m_station);
    QCOMPARE(dialog.field(K::UiLanguage), QStringLiteral("system"));
    auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("field%1").arg(int(K::UiLanguage)));
    QVERIFY(combo);
    QStringList offered;
    for (int i = 0; i < combo->count(); ++i)
        offered << combo->itemData(i).toString();
    QCOMPARE(offered, (QStringList{QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("de")}));
    QCOMPARE(combo->itemText(combo->findData(QStringLiteral("de"))), QStringLiteral("Deutsch"));
    // Under LANG=C.UTF-8 the system's language is English.
    QCOMPARE(combo->itemText(0), QStringLiteral("As the system (English)"));
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("languageRestartNote"));
    QVERIFY(note);
    QVERIFY2(note->text().contains(QLatin1String("started again")), qPrintable(note->text()));

    dialog.setField(K::UiLanguage, QStringLiteral("de"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(Settings(m_dir.filePath(QStringLiteral("language.ini"))).value(K::UiLanguage).toString(),
             QStringLiteral("de"));
}

// The camera over the bench: the system's default, none, or a device; one chosen earlier and not
// connected now stays chosen, named as such, rather than being replaced without a word.
void TestSettingsDialog::cameraIsChosenAndRemembered()
{
    const QString file = m_dir.filePath(QStringLiteral("camera.ini"));
    {
        Settings settings(file);
        QVERIFY(settings.setValue(K::CameraDevice, QStringLiteral("/dev/video-benchside-unplugged")));
        SettingsDialog dialog(settings, m_station);
        auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("field%1").arg(int(K::CameraDevice)));
        QVERIFY(combo);
        QCOMPARE(combo->itemData(0).toString(), QString());
        QCOMPARE(combo->itemData(1).toString(), QStringLiteral("none"));
        QCOMPARE(dialog.field(K::CameraDevice), QStringLiteral("/dev/video-benchside-unplugged"));
        QVERIFY2(combo->currentText().contains(QLatin1String("not connected")),
                 qPrintable(combo->currentText()));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QCOMPARE(Settings(file).value(K::CameraDevice).toString(),
             QStringLiteral("/dev/video-benchside-unplugged"));
    {
        Settings settings(file);
        SettingsDialog dialog(settings, m_station);
        dialog.setField(K::CameraDevice, QStringLiteral("none"));
        dialog.accept();
    }
    QCOMPARE(Settings(file).value(K::CameraDevice).toString(), QStringLiteral("none"));
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
