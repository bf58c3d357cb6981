// SPDX-License-Identifier: GPL-3.0-or-later
// A serial scanner configured in the settings feeds the main window's one scan path: a code written
// to the pseudo-terminal is received exactly as a keyboard-wedge scan would be.

#include "labhelpers.h"
#include "mainwindow/mainwindow.h"
#include "pty.h"
#include "scan/scanlogmodel.h"
#include "settings/settings.h"
#include "testdatabase.h"

#include <QLabel>
#include <QTableView>
#include <QTest>

using namespace benchside;

class TestSerialWiring : public QObject
{
    Q_OBJECT

private slots:
    void serialScanIsReceived();
};

void TestSerialWiring::serialScanIsReceived()
{
    TestDatabase db;
    std::unique_ptr<Lab> lab = db.open();
    QVERIFY(testlab::importDemoCatalog(*lab).ok());
    const Result<Specimen> specimen =
        lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("p.nair"));
    QVERIFY2(specimen.ok(), qPrintable(specimen.error()));

    Pty scanner;
    QVERIFY2(scanner.isValid(), qPrintable(scanner.error()));
    Settings settings(db.dir() + QStringLiteral("/settings.ini"));
    QVERIFY(settings.setValue(Settings::Key::SerialPort, scanner.slave()).ok());
    QVERIFY(settings.setValue(Settings::Key::SerialSuffix, QStringLiteral("crlf")).ok());

    MainWindow window(*lab, settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *state = window.findChild<QLabel *>(QStringLiteral("serialScannerLabel"));
    QVERIFY(state);
    QTRY_VERIFY2(state->text() == QStringLiteral("Serial scanner: ") + scanner.slave(),
                 qPrintable(state->text()));

    const qint64 before = testlab::journalCount(*lab);
    QVERIFY(scanner.write((specimen.value().accession + QStringLiteral("\r\n")).toLatin1()));
    QTRY_COMPARE(testlab::journalCount(*lab), before + 1);
    QCOMPARE(lab->specimens().find(specimen.value().accession, false).value()->status,
             QStringLiteral("received"));
    auto *log = window.findChild<QTableView *>(QStringLiteral("scanLog"));
    QCOMPARE(log->model()->index(0, ScanLogModel::Code).data().toString(), specimen.value().accession);

    // A misread on the line is refused like a misread from the keyboard: nothing recorded.
    QVERIFY(scanner.write(QByteArrayLiteral("BS2600X\r\n")));
    QTRY_COMPARE(log->model()->rowCount(), 2);
    QCOMPARE(testlab::journalCount(*lab), before + 1);

    // The cable is pulled: the status bar says so.
    scanner.closeMaster();
    QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(QStringLiteral("not connected")), 5000);
}

QTEST_MAIN(TestSerialWiring)
#include "tst_serialwiring.moc"
