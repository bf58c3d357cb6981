// SPDX-License-Identifier: GPL-3.0-or-later
#include "tubevideo.h"

#include <QLinearGradient>
#include <QPainter>
#include <QProcess>
#include <QRandomGenerator>
#include <vector>

namespace synthetic {

namespace {
constexpr int SubFrames = 6;       // exposures averaged into one frame: the motion blur
constexpr double ShutterMs = 20.0; // 1/50 s, a webcam's usual exposure under bench lights
constexpr int TubeLength = 560;
constexpr int TubeDiameter = 230;
using W = TubeVideo;

QImage bench()
{
    QImage image(W::Width, W::Height, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient light(0, 0, W::Width, W::Height);
    light.setColorAt(0, QColor(0x8a, 0x96, 0x8c));
    light.setColorAt(1, QColor(0x55, 0x60, 0x58));
    painter.fillRect(image.rect(), light);
    // A bench mat's grid, so the picture is not a flat field the decoder has an easy time with.
    painter.setPen(QPen(QColor(0x4a, 0x55, 0x4d), 2));
    for (int x = 0; x < W::Width; x += 80)
        painter.drawLine(x, 0, x, W::Height);
    for (int y = 0; y < W::Height; y += 80)
        painter.drawLine(0, y, W::Width, y);
    return image;
}
} // namespace

TubeVideo::TubeVideo(QList<Pass> passes) : m_passes(std::move(passes)), m_bench(bench()) {}

TubeVideo TubeVideo::scenario(const QList<std::pair<QString, QImage>> &labels)
{
    const QList<QColor> caps{QColor(0xc6, 0x28, 0x28), QColor(0x6a, 0x1b, 0x9a), QColor(0xf9, 0xa8, 0x25),
                             QColor(0x2e, 0x7d, 0x32), QColor(0x15, 0x65, 0xc0)};
    const QList<double> degrees{-3, 2, 4, -2, 0};
    const QList<int> offsets{-20, 15, 0, 25, 0};
    const QList<qint64> starts{400, 2100, 4100, 5800, 3720};
    QList<Pass> passes;
    for (int i = 0; i < int(labels.size()) && i < 5; ++i) {
        Pass p;
        p.accession = labels.at(i).first;
        p.label = labels.at(i).second.convertToFormat(QImage::Format_RGB32);
        p.cap = caps.at(i);
        p.degrees = degrees.at(i);
        p.xOffset = offsets.at(i);
        p.startMs = starts.at(i);
        p.restMs = i == 3 ? 3500 : 700;
        p.flash = i == 4;
        passes.append(p);
    }
    return TubeVideo(passes);
}

int TubeVideo::frameCount() const
{
    qint64 end = 0;
    for (const Pass &p : m_passes)
        end = std::max(end, p.endMs());
    return int((end + 400) / FrameMs);
}

std::optional<double> TubeVideo::tubeTop(const Pass &p, double t)
{
    const double rest = (Height - TubeDiameter) / 2.0;
    if (p.flash)
        return t >= p.startMs && t < p.endMs() ? std::optional<double>(rest) : std::nullopt;
    const double top = -TubeDiameter - 10.0;
    const double bottom = Height + 10.0;
    double u = t - p.startMs;
    if (u < 0 || t >= p.endMs())
        return std::nullopt;
    if (u < Pass::EnterMs) {
        const double s = u / Pass::EnterMs;
        return top + (rest - top) * (1 - (1 - s) * (1 - s)); // slows down as it arrives
    }
    u -= Pass::EnterMs;
    if (u < p.restMs)
        return rest + 0.02 * u; // 20 px/s of drift
    u -= p.restMs;
    const double s = u / Pass::LeaveMs;
    const double from = rest + 0.02 * p.restMs;
    return from + (bottom - from) * s * s; // speeds up as it goes
}

qint64 TubeVideo::entersAtMs(const Pass &p)
{
    for (qint64 t = p.startMs - p.startMs % FrameMs; t < p.endMs() + FrameMs; t += FrameMs) {
        const std::optional<double> top = tubeTop(p, double(t));
        if (top && *top + TubeDiameter > 0)
            return t;
    }
    return p.startMs;
}

void TubeVideo::paintTube(QPainter &painter, const Pass &p, double top) const
{
    painter.save();
    painter.translate(QPointF(Width / 2.0 + p.xOffset, top + TubeDiameter / 2.0));
    painter.rotate(p.degrees);
    const QRectF body(-TubeLength / 2.0, -TubeDiameter / 2.0, TubeLength, TubeDiameter);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(236, 236, 230));
    painter.drawRoundedRect(body, 60, TubeDiameter / 2.0);
    painter.setBrush(p.cap);
    painter.drawRoundedRect(QRectF(body.left() - 20, body.top() - 12, 110, TubeDiameter + 24), 16, 16);
    // The label as printed, wrapped round the tube: its top and bottom turn away from the camera.
    painter.drawImage(QPointF(body.left() + 120, -p.label.height() / 2.0), p.label);
    QLinearGradient shade(0, body.top(), 0, body.bottom());
    shade.setColorAt(0.0, QColor(0, 0, 0, 120));
    shade.setColorAt(0.25, QColor(0, 0, 0, 0));
    shade.setColorAt(0.6, QColor(255, 255, 255, 40));
    shade.setColorAt(0.8, QColor(0, 0, 0, 0));
    shade.setColorAt(1.0, QColor(0, 0, 0, 140));
    painter.setBrush(shade);
    painter.drawRoundedRect(body, 60, TubeDiameter / 2.0);
    painter.restore();
}

QImage TubeVideo::frame(int n) const
{
    std::vector<quint32> sum(size_t(Width) * Height * 3, 0);
    for (int s = 0; s < SubFrames; ++s) {
        const double t = n * FrameMs + ShutterMs * s / (SubFrames - 1);
        QImage exposure = m_bench;
        QPainter painter(&exposure);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        for (const Pass &p : m_passes) {
            // A flash is there for the whole of its one frame.
            const std::optional<double> top = tubeTop(p, p.flash ? double(n * FrameMs) : t);
            if (top)
                paintTube(painter, p, *top);
        }
        painter.end();
        for (int y = 0; y < Height; ++y) {
            const QRgb *line = reinterpret_cast<const QRgb *>(exposure.constScanLine(y));
            quint32 *out = &sum[size_t(y) * Width * 3];
            for (int x = 0; x < Width; ++x) {
                out[3 * x] += quint32(qRed(line[x]));
                out[3 * x + 1] += quint32(qGreen(line[x]));
                out[3 * x + 2] += quint32(qBlue(line[x]));
            }
        }
    }
    QRandomGenerator noise(quint32(23 + n));
    QImage image(Width, Height, QImage::Format_RGB32);
    for (int y = 0; y < Height; ++y) {
        QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const quint32 *in = &sum[size_t(y) * Width * 3];
        for (int x = 0; x < Width; ++x) {
            const int grain = int(noise.bounded(9)) - 4; // sensor noise
            line[x] = qRgb(qBound(0, int(in[3 * x] / SubFrames) + grain, 255),
                           qBound(0, int(in[3 * x + 1] / SubFrames) + grain, 255),
                           qBound(0, int(in[3 * x + 2] / SubFrames) + grain, 255));
        }
    }
    return image;
}

QString TubeVideo::ffmpeg()
{
    return QStringLiteral(BENCHSIDE_FFMPEG);
}

// The frames go straight into ffmpeg's standard input. Motion JPEG in AVI: GStreamer's "good" plugins
// play it, where H.264 would need gstreamer1.0-libav.
benchside::Status TubeVideo::write(const QString &path) const
{
    using benchside::Status;
    QProcess encoder;
    encoder.start(ffmpeg(), {QStringLiteral("-hide_banner"),
                             QStringLiteral("-loglevel"),
                             QStringLiteral("error"),
                             QStringLiteral("-y"),
                             QStringLiteral("-f"),
                             QStringLiteral("rawvideo"),
                             QStringLiteral("-pixel_format"),
                             QStringLiteral("bgra"),
                             QStringLiteral("-video_size"),
                             QStringLiteral("%1x%2").arg(Width).arg(Height),
                             QStringLiteral("-framerate"),
                             QString::number(Fps),
                             QStringLiteral("-i"),
                             QStringLiteral("-"),
                             QStringLiteral("-c:v"),
                             QStringLiteral("mjpeg"),
                             QStringLiteral("-q:v"),
                             QStringLiteral("3"),
                             QStringLiteral("-pix_fmt"),
                             QStringLiteral("yuvj420p"),
                             path});
    if (!encoder.waitForStarted(10'000))
        return Status::failure(
            QStringLiteral("ffmpeg (%1) does not start: %2; packaging/install-deps.sh installs it")
                .arg(ffmpeg(), encoder.errorString()));
    const int frames = frameCount();
    for (int n = 0; n < frames; ++n) {
        const QImage image = frame(n);
        encoder.write(reinterpret_cast<const char *>(image.constBits()), image.sizeInBytes());
        while (encoder.bytesToWrite() > 0)
            if (!encoder.waitForBytesWritten(10'000))
                return Status::failure(QStringLiteral("ffmpeg stopped taking frames: %1")
                                           .arg(QString::fromUtf8(encoder.readAllStandardError())));
    }
    encoder.closeWriteChannel();
    if (!encoder.waitForFinished(60'000) || encoder.exitStatus() != QProcess::NormalExit ||
        encoder.exitCode() != 0)
        return Status::failure(
            QStringLiteral("ffmpeg failed: %1").arg(QString::fromUtf8(encoder.readAllStandardError())));
    return {};
}

} // namespace synthetic
