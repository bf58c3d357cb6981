// SPDX-License-Identifier: GPL-3.0-or-later
// The camera without a camera: a video of tubes passing under it, drawn here from real tube labels
// with motion blur and encoded with ffmpeg, plays through Qt Multimedia (QMediaPlayer → QVideoSink)
// into the camera page. Every tube must be received exactly once, the tube held under the camera
// for seconds no more than once, and a code seen in a single frame never.

#include "camera/camerafeed.h"
#include "camera/cameraview.h"
#include "lab/lab.h"
#include "label/labelrenderer.h"
#include "labhelpers.h"
#include "mainwindow/mainwindow.h"
#include "receiving/receivingpage.h"
#include "scan/scanlogmodel.h"
#include "settings/settings.h"
#include "tubevideo.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QVideoFrame>
#include <QVideoSink>

using namespace benchside;

class TestCameraVideo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void eachTubeIsReceivedOnce();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<MainWindow> m_window;
};

void TestCameraVideo::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("camera.db"));
    const Status created = testlab::createDemoStation(path, 5, 2);
    QVERIFY2(created.ok(), qPrintable(created.error()));
    Result<std::unique_ptr<Lab>> lab = Lab::open(path);
    QVERIFY2(lab.ok(), qPrintable(lab.error()));
    m_lab = std::move(lab.value());
    m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_window = std::make_unique<MainWindow>(*m_lab, *m_settings);
    m_window->resize(1280, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestCameraVideo::cleanupTestCase()
{
    m_window.reset();
    m_lab.reset();
}

void TestCameraVideo::eachTubeIsReceivedOnce()
{
    // Five tubes accessioned and waiting: four pass under the camera, one shows in a single frame.
    QList<std::pair<QString, QImage>> labels;
    for (int i = 0; i < 5; ++i) {
        Result<Specimen> s = m_lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("admin"));
        QVERIFY2(s.ok(), qPrintable(s.error()));
        Result<QImage> label = LabelRenderer::toImage(TubeLabel::fromSpecimen(s.value()), LabelFormat());
        QVERIFY2(label.ok(), qPrintable(label.error()));
        labels.append({s.value().accession, label.value()});
    }
    const synthetic::TubeVideo tubes = synthetic::TubeVideo::scenario(labels);
    const QList<synthetic::TubeVideo::Pass> &passes = tubes.passes();
    QVERIFY(passes.at(4).flash && passes.at(3).restMs > 3000);

    // BENCHSIDE_KEEP_CAMERA_VIDEO=FILE keeps the video (for the demo and the screenshot).
    const QString keep = qEnvironmentVariable("BENCHSIDE_KEEP_CAMERA_VIDEO");
    const QString video = keep.isEmpty() ? m_dir.filePath(QStringLiteral("tubes.avi")) : keep;
    QElapsedTimer made;
    made.start();
    const Status written = tubes.write(video);
    QVERIFY2(written.ok(), qPrintable(written.error()));
    qInfo("camera video: %d frames, %lld ms, made in %lld ms", tubes.frameCount(), tubes.durationMs(),
          made.elapsed());

    auto *feed = m_window->findChild<CameraFeed *>();
    auto *receiving = m_window->findChild<ReceivingPage *>();
    auto *view = m_window->findChild<CameraView *>(QStringLiteral("cameraView"));
    auto *log = m_window->findChild<QTableView *>(QStringLiteral("scanLog"));
    QVERIFY(feed && receiving && view && log);

    // When each tube first shows (on the wall clock, as its frame arrives) and when it is recorded.
    QElapsedTimer wall;
    wall.start();
    QHash<QString, qint64> shownAt;
    QHash<QString, qint64> recordedAt;
    QSet<QString> outlinedTrusted;
    // The handlers use this function's locals: their connections end with it.
    QObject scope;
    connect(feed->videoSink(), &QVideoSink::videoFrameChanged, &scope, [&](const QVideoFrame &f) {
        const qint64 mediaMs = f.startTime() / 1000;
        for (const synthetic::TubeVideo::Pass &p : passes)
            if (!shownAt.contains(p.accession) && mediaMs >= synthetic::TubeVideo::entersAtMs(p))
                shownAt.insert(p.accession, wall.elapsed());
    });
    QSet<QString> read;
    connect(&feed->pipeline(), &FramePipeline::frameRead, &scope, [&](const FrameReading &reading) {
        for (const DecodedCode &code : reading.codes)
            read.insert(code.text);
        for (const auto &[code, trusted] : view->outlined())
            if (trusted)
                outlinedTrusted.insert(code);
    });
    connect(receiving, &ReceivingPage::outcomeShown, &scope, [&](const ScanOutcome &outcome) {
        if (!recordedAt.contains(outcome.code))
            recordedAt.insert(outcome.code, wall.elapsed());
    });

    const qint64 journalBefore = testlab::journalCount(*m_lab);
    QSignalSpy finished(feed, &CameraFeed::finished);
    m_window->startSignedIn(m_lab->catalog().user(QStringLiteral("admin")).value_or(User{}));
    m_window->setCameraVideoFile(video, false);
    m_window->showPage(MainWindow::Page::Camera);
    QVERIFY2(feed->isRunning(), qPrintable(feed->problem()));
    QVERIFY2(finished.wait(int(tubes.durationMs()) + 30'000), qPrintable(feed->problem()));
    // The last frames' decoding may still be under way.
    QTRY_VERIFY_WITH_TIMEOUT(feed->pipeline().stats().decoded + feed->pipeline().stats().dropped ==
                                 feed->pipeline().stats().offered,
                             5000);
    QTest::qWait(100);

    // Exactly once each: four receipts in the journal and four rows on the page, nothing else.
    QStringList logged;
    for (int row = 0; row < log->model()->rowCount(); ++row)
        logged << log->model()->index(row, ScanLogModel::Code).data().toString() + QLatin1Char(' ') +
                      log->model()->index(row, ScanLogModel::Outcome).data(ScanLogModel::SortRole).toString();
    std::sort(logged.begin(), logged.end());
    QStringList expected;
    for (int i = 0; i < 4; ++i)
        expected << passes[i].accession + QStringLiteral(" received");
    std::sort(expected.begin(), expected.end());
    QCOMPARE(logged, expected);
    QCOMPARE(testlab::journalCount(*m_lab) - journalBefore, qint64(4));
    for (int i = 0; i < 4; ++i) {
        Result<std::optional<Specimen>> s = m_lab->specimens().find(passes[i].accession);
        QVERIFY(s.ok() && s.value());
        QCOMPARE(s.value()->status, QStringLiteral("received"));
        QVERIFY2(outlinedTrusted.contains(passes[i].accession), qPrintable(passes[i].accession));
    }
    Result<std::optional<Specimen>> flashed = m_lab->specimens().find(passes[4].accession);
    QVERIFY(flashed.ok() && flashed.value());
    QVERIFY(flashed.value()->status != QLatin1String("received"));

    const FramePipeline::Stats stats = feed->pipeline().stats();
    QJsonArray latencies;
    for (int i = 0; i < 4; ++i)
        latencies.append(recordedAt.value(passes[i].accession) - shownAt.value(passes[i].accession));
    const QJsonObject figures{{QStringLiteral("frames"), stats.offered},
                              {QStringLiteral("decoded"), stats.decoded},
                              {QStringLiteral("dropped"), stats.dropped},
                              {QStringLiteral("decode_ms_mean"),
                               stats.decoded ? double(stats.totalDecodeUs) / stats.decoded / 1000 : 0.0},
                              {QStringLiteral("decode_ms_max"), double(stats.maxDecodeUs) / 1000},
                              {QStringLiteral("enter_to_record_ms"), latencies},
                              // Whether the decoder got to the flash's one frame (it may drop it).
                              {QStringLiteral("single_frame_code_read"), read.contains(passes[4].accession)}};
    qInfo("camera figures: %s", QJsonDocument(figures).toJson(QJsonDocument::Compact).constData());
    QVERIFY(stats.decoded > 0);
}

QTEST_MAIN(TestCameraVideo)
#include "tst_cameravideo.moc"
