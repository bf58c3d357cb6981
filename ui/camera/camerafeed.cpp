// SPDX-License-Identifier: GPL-3.0-or-later
#include "camera/camerafeed.h"

#include "camera/videoframeluma.h"

#include <QCamera>
#include <QCameraDevice>
#include <QFileInfo>
#include <QImageCapture>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QMediaPlayer>
#include <QUrl>

namespace benchside {

CameraFeed::CameraFeed(QObject *parent) : QObject(parent)
{
    connect(&m_sink, &QVideoSink::videoFrameChanged, this, &CameraFeed::onFrame);
    m_stillWait.setSingleShot(true);
    m_stillWait.setInterval(StillWaitMs);
    connect(&m_stillWait, &QTimer::timeout, this, [this] {
        failStill(tr("The camera gave no picture within %1 s: check that it is connected and not in use "
                     "by another program.")
                      .arg(StillWaitMs / 1000));
    });
}

CameraFeed::~CameraFeed()
{
    release();
}

void CameraFeed::setCamera(const QString &device)
{
    m_device = device;
    m_file.clear();
}

void CameraFeed::setVideoFile(const QString &path, bool loop)
{
    m_file = path;
    m_loop = loop;
}

QString CameraFeed::noCameraMessage()
{
    return tr("No camera is connected to this computer. Connect a webcam or document camera, choose it "
              "in Station ▸ Settings ▸ Camera, and press Start. The scanner works as before.");
}

QString CameraFeed::sourceName() const
{
    if (!m_file.isEmpty())
        return tr("video file %1").arg(QFileInfo(m_file).fileName());
    return m_cameraName;
}

Status CameraFeed::start()
{
    if (m_running)
        return {};
    release();
    m_problem.clear();
    m_pipeline.reset();
    const Status started = m_file.isEmpty() ? startCamera() : startFile();
    if (!started) {
        release();
        m_problem = started.error();
    } else {
        m_running = true;
    }
    emit stateChanged();
    return started;
}

Status CameraFeed::startCamera()
{
    if (m_device == QLatin1String("none"))
        return Status::failure(tr("The camera is switched off in Station ▸ Settings ▸ Camera."));
    const QList<QCameraDevice> cameras = QMediaDevices::videoInputs();
    QCameraDevice device = QMediaDevices::defaultVideoInput();
    if (!m_device.isEmpty()) {
        const auto chosen = std::find_if(cameras.cbegin(), cameras.cend(), [this](const QCameraDevice &c) {
            return QString::fromUtf8(c.id()) == m_device;
        });
        if (chosen == cameras.cend())
            return Status::failure(
                tr("The camera chosen in Station ▸ Settings ▸ Camera (%1) is not connected. "
                   "Connect it, or choose another one there.")
                    .arg(m_device));
        device = *chosen;
    } else if (cameras.isEmpty() || device.isNull()) {
        return Status::failure(noCameraMessage());
    }
    m_cameraName = device.description();
    m_camera = std::make_unique<QCamera>(device);
    m_capture = std::make_unique<QImageCapture>();
    // The rack needs every pixel it can get: a 96-tube rack's codes are a few millimetres each.
    QSize largest;
    for (const QSize &size : device.photoResolutions())
        if (size.width() * size.height() > largest.width() * largest.height())
            largest = size;
    if (largest.isValid())
        m_capture->setResolution(largest);
    m_session = std::make_unique<QMediaCaptureSession>();
    m_session->setCamera(m_camera.get());
    m_session->setImageCapture(m_capture.get());
    m_session->setVideoSink(&m_sink);
    // A camera that fails (unplugged, taken by another program) stops the feed with its reason; it
    // is not restarted on its own, so a broken camera cannot keep a message coming back.
    connect(m_camera.get(), &QCamera::errorOccurred, this,
            [this](QCamera::Error, const QString &text) { fail(tr("The camera stopped: %1").arg(text)); });
    connect(m_capture.get(), &QImageCapture::imageCaptured, this,
            [this](int, const QImage &image) { emit stillCaptured(image); });
    connect(m_capture.get(), &QImageCapture::errorOccurred, this,
            [this](int, QImageCapture::Error, const QString &text) {
                failStill(tr("The camera could not take a picture: %1").arg(text));
            });
    connect(m_capture.get(), &QImageCapture::readyForCaptureChanged, this, [this](bool ready) {
        if (ready && m_stillPending)
            takeStill();
    });
    m_camera->start();
    if (m_camera->error() != QCamera::NoError)
        return Status::failure(
            tr("The camera %1 could not be started: %2").arg(m_cameraName, m_camera->errorString()));
    return {};
}

Status CameraFeed::startFile()
{
    if (!QFileInfo(m_file).isReadable())
        return Status::failure(tr("The video file %1 cannot be read.").arg(m_file));
    m_player = std::make_unique<QMediaPlayer>();
    m_player->setVideoSink(&m_sink);
    m_player->setLoops(m_loop ? QMediaPlayer::Infinite : 1);
    connect(m_player.get(), &QMediaPlayer::errorOccurred, this,
            [this](QMediaPlayer::Error, const QString &text) {
                fail(tr("The video file %1 cannot be played: %2").arg(QFileInfo(m_file).fileName(), text));
            });
    connect(m_player.get(), &QMediaPlayer::mediaStatusChanged, this,
            [this](QMediaPlayer::MediaStatus status) {
                if (status == QMediaPlayer::EndOfMedia) {
                    m_running = false;
                    emit stateChanged();
                    emit finished();
                }
            });
    m_player->setSource(QUrl::fromLocalFile(QFileInfo(m_file).absoluteFilePath()));
    m_player->play();
    return {};
}

void CameraFeed::stop()
{
    if (!m_running)
        return;
    release();
    emit stateChanged();
}

void CameraFeed::fail(const QString &message)
{
    release();
    m_problem = message;
    emit stateChanged();
}

void CameraFeed::release()
{
    m_running = false;
    if (m_stillPending)
        failStill(tr("The camera stopped before it took the picture."));
    // The last picture belongs to the run that ended: a still asked for after the next start must
    // never be this one.
    m_latest = QVideoFrame();
    m_latestImage = QImage();
    m_latestConverted = true;
    if (m_player) {
        m_player->disconnect(this);
        m_player->stop();
        m_player->setVideoSink(nullptr);
    }
    if (m_camera) {
        m_camera->disconnect(this);
        m_camera->stop();
    }
    if (m_session)
        m_session->setVideoSink(nullptr);
    m_session.reset();
    m_capture.reset();
    m_camera.reset();
    m_player.reset();
}

void CameraFeed::captureStill()
{
    if (!m_running) {
        emit stillFailed(m_problem.isEmpty() ? tr("The camera is not running: press Start first.")
                                             : m_problem);
        return;
    }
    m_stillPending = true;
    m_stillWait.start();
    takeStill();
}

// Called again when the camera becomes ready or the video's first frame arrives, until it succeeds.
void CameraFeed::takeStill()
{
    if (!m_stillPending)
        return;
    if (m_capture) {
        if (!m_capture->isReadyForCapture())
            return;
        m_stillPending = false;
        m_stillWait.stop();
        m_capture->capture();
        return;
    }
    // A video has no photos: its current frame, as shown, is the still.
    const QImage frame = currentImage();
    if (frame.isNull())
        return;
    m_stillPending = false;
    m_stillWait.stop();
    emit stillCaptured(frame);
}

void CameraFeed::failStill(const QString &message)
{
    m_stillPending = false;
    m_stillWait.stop();
    emit stillFailed(message);
}

QImage CameraFeed::currentImage() const
{
    if (!m_latestConverted) {
        m_latestImage = m_latest.isValid() ? m_latest.toImage() : QImage();
        m_latestConverted = true;
    }
    return m_latestImage;
}

void CameraFeed::onFrame(const QVideoFrame &frame)
{
    if (!m_running || !frame.isValid())
        return;
    m_latest = frame;
    m_latestConverted = false;
    // The frame is shared, not copied; its brightness is taken on the decoding thread, and a frame
    // dropped there is never converted at all.
    m_pipeline.submit([frame] { return VideoFrameLuma::image(frame); });
    emit frameArrived();
    if (m_stillPending)
        takeStill();
}

} // namespace benchside
