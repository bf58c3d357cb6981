// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "camera/framepipeline.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QImage>
#include <QObject>
#include <QTimer>
#include <QVideoFrame>
#include <QVideoSink>
#include <memory>

class QCamera;
class QImageCapture;
class QMediaCaptureSession;
class QMediaPlayer;

namespace benchside {

// The station's one camera, or a video file standing in for it (the demo, the tests): Qt Multimedia
// delivers its frames to a QVideoSink, from which each frame goes to the FramePipeline in models/
// (decoded on a thread of its own) and the latest one to whatever view is showing it. Nothing here
// decides what a code means: the pipeline reports tubes, the window sends them down the scan path.
class CameraFeed : public QObject
{
    Q_OBJECT

public:
    explicit CameraFeed(QObject *parent = nullptr);
    ~CameraFeed() override;

    // The camera as Settings names it: a device id, empty for the system's default, "none" for off.
    void setCamera(const QString &device);
    // Plays `path` instead of a camera, from the start at each start(); `loop` repeats it.
    void setVideoFile(const QString &path, bool loop);

    // A message a technician can act on when it cannot start (no camera, a missing codec…).
    Status start();
    void stop();
    bool isRunning() const { return m_running; }
    QString sourceName() const;
    // Why the feed is not running, when it failed; empty otherwise.
    QString problem() const { return m_problem; }

    // A still for the rack: the camera's photo at its full resolution, or the video's current frame.
    // A camera just started takes it as soon as it is ready (within StillWaitMs, or stillFailed()).
    void captureStill();
    static constexpr int StillWaitMs = 5000;

    // The newest frame as a picture, converted once, for the views.
    QImage currentImage() const;
    FramePipeline &pipeline() { return m_pipeline; }
    QVideoSink *videoSink() { return &m_sink; }

    // "No camera" in every place that explains it.
    static QString noCameraMessage();

signals:
    void frameArrived();
    void stateChanged(); // started, stopped, or failed with problem()
    void stillCaptured(const QImage &image);
    void stillFailed(const QString &message);
    void finished(); // a video file that does not loop reached its end

private:
    Status startCamera();
    Status startFile();
    void onFrame(const QVideoFrame &frame);
    void fail(const QString &message);
    void release();
    void takeStill();
    void failStill(const QString &message);

    QString m_device;
    QString m_file;
    bool m_loop = false;
    bool m_running = false;
    QString m_problem;
    QString m_cameraName;
    FramePipeline m_pipeline;
    QVideoSink m_sink;
    bool m_stillPending = false;
    QTimer m_stillWait;
    QVideoFrame m_latest;
    mutable QImage m_latestImage;
    mutable bool m_latestConverted = false;
    std::unique_ptr<QMediaPlayer> m_player;
    std::unique_ptr<QMediaCaptureSession> m_session;
    std::unique_ptr<QCamera> m_camera;
    std::unique_ptr<QImageCapture> m_capture;
};

} // namespace benchside
