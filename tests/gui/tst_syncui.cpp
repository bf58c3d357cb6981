// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI side of sync: the status bar indicator, the back-off it reports, the settings dialog's
// refusals, and the main window's Station menu.

#include "mainwindow/mainwindow.h"
#include "settings/settings.h"
#include "sync/syncrunner.h"
#include "sync/syncsettingsdialog.h"
#include "sync/syncstatusindicator.h"
#include "testdatabase.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace benchside;

class TestSyncUi : public QObject
{
    Q_OBJECT

private slots:
    void backOffDoublesUpToTenMinutes();
    void indicatorShowsOnlineOfflineAndWaiting();
    void aProblemIsAnnouncedOnce();
    void dialogRefusesWhatCannotWork_data();
    void dialogRefusesWhatCannotWork();
    void dialogTakesTheUrlAddStationPrinted();
    void stationMenuNeedsAConfiguredServer();
};

namespace {
SyncOutcome offline(const QString &error, int waiting, qint64 nextInMs)
{
    SyncOutcome o;
    o.error = error;
    o.status.waiting = waiting;
    o.status.lastSuccessAtMs = QDateTime(QDate(2026, 12, 3), QTime(9, 15, 2)).toMSecsSinceEpoch();
    o.nextInMs = nextInMs;
    return o;
}
const QDateTime Now(QDate(2026, 12, 3), QTime(9, 20));
} // namespace

void TestSyncUi::backOffDoublesUpToTenMinutes()
{
    const qint64 interval = 60'000;
    QCOMPARE(SyncWorker::delayAfter(0, interval), interval);
    QCOMPARE(SyncWorker::delayAfter(1, interval), 5'000);
    QCOMPARE(SyncWorker::delayAfter(2, interval), 10'000);
    QCOMPARE(SyncWorker::delayAfter(3, interval), 20'000);
    QCOMPARE(SyncWorker::delayAfter(8, interval), 600'000);
    QCOMPARE(SyncWorker::delayAfter(1000, interval), 600'000);
}

void TestSyncUi::indicatorShowsOnlineOfflineAndWaiting()
{
    SyncStatusIndicator indicator;
    QCOMPARE(indicator.state(), SyncStatusIndicator::State::NotConfigured);
    QVERIFY(indicator.text().contains(QStringLiteral("not set up")));

    indicator.showOutcome(offline(QStringLiteral("Cannot reach the sync server sync.lab:5432"), 3, 20'000),
                          Now);
    QCOMPARE(indicator.state(), SyncStatusIndicator::State::Offline);
    QVERIFY2(indicator.text().contains(QStringLiteral("Offline")), qPrintable(indicator.text()));
    QVERIFY2(indicator.text().contains(QStringLiteral("09:15:02")), qPrintable(indicator.text()));
    QVERIFY2(indicator.text().contains(QStringLiteral("3 waiting")), qPrintable(indicator.text()));
    QVERIFY2(indicator.text().contains(QStringLiteral("retry in 20 s")), qPrintable(indicator.text()));
    QCOMPARE(indicator.toolTip(), QStringLiteral("Cannot reach the sync server sync.lab:5432"));

    SyncOutcome held = offline(QStringLiteral("Event #7 is set aside"), 4, 5'000);
    held.reached = true;
    indicator.showOutcome(held, Now);
    QCOMPARE(indicator.state(), SyncStatusIndicator::State::Problem);

    SyncOutcome ok;
    ok.ok = ok.reached = true;
    ok.status.lastSuccessAtMs = QDateTime(QDate(2026, 12, 3), QTime(9, 19, 58)).toMSecsSinceEpoch();
    indicator.showOutcome(ok, Now);
    QCOMPARE(indicator.state(), SyncStatusIndicator::State::Online);
    QVERIFY2(indicator.text().contains(QStringLiteral("Online · synced 09:19:58 · 0 waiting")),
             qPrintable(indicator.text()));
    indicator.showSyncing();
    QVERIFY(indicator.text().contains(QStringLiteral("syncing")));
    QCOMPARE(indicator.state(), SyncStatusIndicator::State::Online);
}

void TestSyncUi::aProblemIsAnnouncedOnce()
{
    SyncStatusIndicator indicator;
    QSignalSpy appeared(&indicator, &SyncStatusIndicator::problemAppeared);
    QSignalSpy cleared(&indicator, &SyncStatusIndicator::problemCleared);
    const QString down = QStringLiteral("Cannot reach the sync server");
    for (qint64 wait : {5'000, 10'000, 20'000, 40'000})
        indicator.showOutcome(offline(down, 2, wait), Now);
    QCOMPARE(appeared.size(), 1);
    QCOMPARE(appeared.first().first().toString(), down);
    indicator.showOutcome(offline(QStringLiteral("The server refused event #3"), 2, 5'000), Now);
    QCOMPARE(appeared.size(), 2);

    SyncOutcome ok;
    ok.ok = ok.reached = true;
    indicator.showOutcome(ok, Now);
    indicator.showOutcome(ok, Now);
    QCOMPARE(cleared.size(), 1);
    // The same problem after a recovery is news again.
    indicator.showOutcome(offline(down, 1, 5'000), Now);
    QCOMPARE(appeared.size(), 3);
}

void TestSyncUi::dialogRefusesWhatCannotWork_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("mode"); // index in the TLS combo
    QTest::addColumn<QString>("rootCert");
    QTest::addColumn<int>("interval");
    QTest::addColumn<QString>("message");
    const QString ok = QStringLiteral("postgresql://benchside_rec1@sync.lab:5432/benchside");
    QTest::newRow("not a URL") << QStringLiteral("sync.lab") << 3 << QString() << 60
                               << QStringLiteral("postgresql://");
    QTest::newRow("verify-full without CA") << ok << 0 << QString() << 60 << QStringLiteral("CA");
    QTest::newRow("CA file missing") << ok << 0 << QStringLiteral("/nonexistent/ca.crt") << 60
                                     << QStringLiteral("/nonexistent/ca.crt");
    QTest::newRow("interval too short") << ok << 3 << QString() << 2 << QStringLiteral("5 to 3600");
}

void TestSyncUi::dialogRefusesWhatCannotWork()
{
    QFETCH(QString, url);
    QFETCH(int, mode);
    QFETCH(QString, rootCert);
    QFETCH(int, interval);
    QFETCH(QString, message);
    SyncSettingsDialog dialog(ServerUrl{}, 60);
    dialog.findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"))->setText(url);
    dialog.findChild<QComboBox *>(QStringLiteral("sslModeCombo"))->setCurrentIndex(mode);
    dialog.findChild<QLineEdit *>(QStringLiteral("rootCertEdit"))->setText(rootCert);
    dialog.findChild<QSpinBox *>(QStringLiteral("intervalSpin"))->setValue(interval);
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("errorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(message), qPrintable(error->text()));
}

void TestSyncUi::dialogTakesTheUrlAddStationPrinted()
{
    QTemporaryDir dir;
    const QString ca = dir.filePath(QStringLiteral("ca.crt"));
    QFile f(ca);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write("-----BEGIN CERTIFICATE-----\n") > 0);
    f.close();
    SyncSettingsDialog dialog(ServerUrl{}, 60);
    dialog.findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"))
        ->setText(QStringLiteral("postgresql://benchside_rec1:s3cr%40t@sync.lab:6432/benchside"));
    dialog.findChild<QComboBox *>(QStringLiteral("sslModeCombo"))->setCurrentIndex(0);
    dialog.findChild<QLineEdit *>(QStringLiteral("rootCertEdit"))->setText(ca);
    dialog.findChild<QSpinBox *>(QStringLiteral("intervalSpin"))->setValue(30);
    dialog.show();
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ServerUrl url = dialog.url();
    QCOMPARE(url.user, QStringLiteral("benchside_rec1"));
    QCOMPARE(url.password, QStringLiteral("s3cr@t"));
    QCOMPARE(url.port, 6432);
    QCOMPARE(url.sslMode, QStringLiteral("verify-full"));
    QCOMPARE(url.sslRootCert, ca);
    QCOMPARE(dialog.intervalSeconds(), 30);
    // For docs/: BENCHSIDE_SCREENSHOTS=docs/screenshots ./tst_syncui dialogTakesTheUrlAddStationPrinted
    if (const QString shots = qEnvironmentVariable("BENCHSIDE_SCREENSHOTS"); !shots.isEmpty())
        QVERIFY(dialog.grab().save(shots + QStringLiteral("/sync-settings.png")));

    // Opened again on the saved server: the password is there (masked), not in the URL field.
    SyncSettingsDialog again(url, 30);
    QVERIFY(!again.findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"))
                 ->text()
                 .contains(QStringLiteral("s3cr")));
    auto *password = again.findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QCOMPARE(password->text(), QStringLiteral("s3cr@t"));
}

void TestSyncUi::stationMenuNeedsAConfiguredServer()
{
    TestDatabase db;
    std::unique_ptr<Lab> lab = db.open();
    Settings settings(db.dir() + QStringLiteral("/settings.ini"));
    SyncRunner runner(db.path(), settings, db.dir() + QStringLiteral("/sync.key"));
    MainWindow window(*lab, settings);
    auto *syncNow = window.findChild<QAction *>(QStringLiteral("syncNowAction"));
    auto *syncSettings = window.findChild<QAction *>(QStringLiteral("syncSettingsAction"));
    QVERIFY(syncNow && syncSettings);
    QVERIFY(!syncNow->isEnabled());
    window.setSyncRunner(&runner);
    QVERIFY(!syncNow->isEnabled());
    QVERIFY(syncSettings->isEnabled());
    auto *indicator = window.findChild<SyncStatusIndicator *>(QStringLiteral("syncStatus"));
    QVERIFY(indicator);
    QCOMPARE(indicator->state(), SyncStatusIndicator::State::NotConfigured);
    QVERIFY(runner.start()); // nothing configured: nothing to start, and no error
    QVERIFY(!runner.running());
}

QTEST_MAIN(TestSyncUi)
#include "tst_syncui.moc"
