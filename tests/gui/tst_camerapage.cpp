// SPDX-License-Identifier: GPL-3.0-or-later
// The camera page on a station without a usable camera: it says why in place of the picture, once,
// never in a dialog, and asking again (Start, coming back to the page, Capture rack) says it again
// in the same place. Nothing is recorded.

#include "camera/camerafeed.h"
#include "lab/lab.h"
#include "mainwindow/mainwindow.h"
#include "rack/rackpage.h"
#include "settings/settings.h"
#include "testdatabase.h"
#include "tubevideo.h"

#include <QApplication>
#include <QCameraDevice>
#include <QLabel>
#include <QMediaDevices>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;

class TestCameraPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void problemIsSaidOnThePage_data();
    void problemIsSaidOnThePage();
    void rackCaptureWithoutCameraIsSaidOnTheRackPage();
    void receivingCameraButtonShowsTheSameMessage();
    void captureRackTakesTheStillToTheRackPage();
    void cleanupTestCase();

private:
    void openWith(const QString &device);
    bool anyDialog() const;

    TestDatabase m_db{QStringLiteral("CAMP")};
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;
};

void TestCameraPage::initTestCase()
{
    m_lab = m_db.open();
}

void TestCameraPage::cleanup()
{
    m_window.reset();
}

void TestCameraPage::cleanupTestCase()
{
    m_window.reset();
    m_lab.reset();
}

void TestCameraPage::openWith(const QString &device)
{
    m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
    QVERIFY(m_settings->setValue(Settings::Key::CameraDevice, device));
    m_window = std::make_unique<MainWindow>(*m_lab, *m_settings);
    m_window->startSignedIn(m_lab->catalog().user(QStringLiteral("admin")).value_or(User{}));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

bool TestCameraPage::anyDialog() const
{
    if (QApplication::activeModalWidget())
        return true;
    for (QWidget *w : QApplication::topLevelWidgets())
        if (w->isVisible() && w != m_window.get())
            return true;
    return false;
}

void TestCameraPage::problemIsSaidOnThePage_data()
{
    QTest::addColumn<QString>("device");
    QTest::addColumn<QString>("says");
    QTest::newRow("switched off") << QStringLiteral("none") << QStringLiteral("switched off");
    QTest::newRow("chosen camera unplugged")
        << QStringLiteral("/dev/video-benchside-missing") << QStringLiteral("is not connected");
    QTest::newRow("no camera at all") << QString() << QStringLiteral("No camera is connected");
}

void TestCameraPage::problemIsSaidOnThePage()
{
    QFETCH(QString, device);
    QFETCH(QString, says);
    if (device.isEmpty() && !QMediaDevices::videoInputs().isEmpty())
        QSKIP("this computer has a camera: the no-camera case cannot be shown here");
    openWith(device);
    auto *feed = m_window->findChild<CameraFeed *>();
    auto *message = m_window->findChild<QLabel *>(QStringLiteral("cameraMessage"));
    auto *start = m_window->findChild<QPushButton *>(QStringLiteral("cameraStartButton"));
    auto *capture = m_window->findChild<QPushButton *>(QStringLiteral("captureRackButton"));
    QVERIFY(feed && message && start && capture);
    QVERIFY(!message->isVisible());

    for (int attempt = 0; attempt < 3; ++attempt) {
        if (attempt == 0)
            m_window->showPage(MainWindow::Page::Camera);
        else if (attempt == 1)
            QTest::mouseClick(start, Qt::LeftButton);
        else {
            m_window->showPage(MainWindow::Page::Receiving);
            m_window->showPage(MainWindow::Page::Camera);
        }
        QApplication::processEvents();
        QVERIFY(!feed->isRunning());
        QVERIFY(message->isVisible());
        QVERIFY2(message->text().contains(says), qPrintable(message->text()));
        QCOMPARE(start->text().remove(QLatin1Char('&')), QStringLiteral("Start"));
        QVERIFY(!capture->isEnabled());
        QVERIFY(!anyDialog());
    }
    // Leaving the page asks nothing more of the camera, and shows nothing.
    m_window->showPage(MainWindow::Page::Worklist);
    QTest::qWait(200);
    QVERIFY(!anyDialog());
    QVERIFY(!feed->isRunning());
}

void TestCameraPage::rackCaptureWithoutCameraIsSaidOnTheRackPage()
{
    openWith(QStringLiteral("/dev/video-benchside-missing"));
    m_window->showPage(MainWindow::Page::Rack);
    auto *capture = m_window->findChild<QPushButton *>(QStringLiteral("rackCaptureButton"));
    QVERIFY(capture);
    QTest::mouseClick(capture, Qt::LeftButton);
    QApplication::processEvents();
    bool said = false;
    for (QLabel *label : m_window->findChildren<QLabel *>())
        said = said || (label->isVisible() && label->text().contains(QStringLiteral("is not connected")));
    QVERIFY(said);
    QVERIFY(!anyDialog());
    QVERIFY(!m_window->findChild<CameraFeed *>()->isRunning());
}

void TestCameraPage::receivingCameraButtonShowsTheSameMessage()
{
    openWith(QStringLiteral("none"));
    m_window->showPage(MainWindow::Page::Receiving);
    auto *button = m_window->findChild<QPushButton *>(QStringLiteral("receivingCameraButton"));
    auto *view = m_window->findChild<QWidget *>(QStringLiteral("receivingCameraView"));
    QVERIFY(button && view);
    QVERIFY(!view->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(view->isVisible());
    QVERIFY(!anyDialog());
    QVERIFY(m_window->findChild<CameraFeed *>()->problem().contains(QStringLiteral("switched off")));
    // The scanner's field still has what it had: the camera is an option beside it.
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!view->isVisible());
}

// With a video standing in for the camera, Capture rack takes the picture on screen to the Rack page,
// which reads it, and the camera stops there.
void TestCameraPage::captureRackTakesTheStillToTheRackPage()
{
    synthetic::TubeVideo::Pass pass;
    pass.accession = QStringLiteral("CAPTURE");
    pass.label = QImage(400, 200, QImage::Format_RGB32);
    pass.label.fill(Qt::white);
    pass.startMs = 0;
    const QString video = m_dir.filePath(QStringLiteral("still.avi"));
    const Status written = synthetic::TubeVideo({pass}).write(video);
    QVERIFY2(written.ok(), qPrintable(written.error()));

    openWith(QString());
    auto *feed = m_window->findChild<CameraFeed *>();
    m_window->setCameraVideoFile(video, true);
    m_window->showPage(MainWindow::Page::Camera);
    QVERIFY2(feed->isRunning(), qPrintable(feed->problem()));
    QSignalSpy frames(feed, &CameraFeed::frameArrived);
    QVERIFY(frames.wait(10'000));
    QSignalSpy still(feed, &CameraFeed::stillCaptured);
    auto *rack = m_window->findChild<RackPage *>();
    QSignalSpy decoded(rack, &RackPage::decodeFinished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("captureRackButton")),
                      Qt::LeftButton);
    QCOMPARE(still.size(), 1);
    const QImage picture = still.first().first().value<QImage>();
    QCOMPARE(picture.size(), QSize(synthetic::TubeVideo::Width, synthetic::TubeVideo::Height));
    QVERIFY(rack->isVisible());
    QVERIFY(!feed->isRunning());
    QVERIFY(decoded.wait(30'000));
    auto *status = m_window->findChild<QLabel *>(QStringLiteral("rackStatus"));
    QVERIFY2(status->text().contains(QStringLiteral("camera picture")), qPrintable(status->text()));
    QVERIFY(!anyDialog());

    // The Rack page's own button starts the camera for one picture, waits for it, and stops it again.
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("rackCaptureButton")),
                      Qt::LeftButton);
    // Not at once: the picture on screen before is not this camera run's, and is never taken.
    QCOMPARE(still.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(still.size(), 2, 10'000);
    QVERIFY(rack->isVisible());
    QVERIFY(!feed->isRunning());
    QVERIFY(!anyDialog());
}

QTEST_MAIN(TestCameraPage)
#include "tst_camerapage.moc"
