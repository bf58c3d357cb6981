// SPDX-License-Identifier: GPL-3.0-or-later
#include "camera/videoframeluma.h"

#include <QVideoFrame>
#include <QVideoFrameFormat>
#include <cstring>

namespace benchside {

namespace {
// Where Y sits in a pixel of a packed layout: (byte offset of the first Y, bytes from one Y to the next).
std::optional<std::pair<int, int>> packedLuma(QVideoFrameFormat::PixelFormat format)
{
    switch (format) {
    case QVideoFrameFormat::Format_YUYV:
        return std::pair{0, 2};
    case QVideoFrameFormat::Format_UYVY:
        return std::pair{1, 2};
    case QVideoFrameFormat::Format_AYUV:
    case QVideoFrameFormat::Format_AYUV_Premultiplied:
        return std::pair{1, 4};
    default:
        return std::nullopt;
    }
}

bool planarLuma8(QVideoFrameFormat::PixelFormat format)
{
    switch (format) {
    case QVideoFrameFormat::Format_YUV420P:
    case QVideoFrameFormat::Format_YUV422P:
    case QVideoFrameFormat::Format_YV12:
    case QVideoFrameFormat::Format_NV12:
    case QVideoFrameFormat::Format_NV21:
    case QVideoFrameFormat::Format_IMC1:
    case QVideoFrameFormat::Format_IMC2:
    case QVideoFrameFormat::Format_IMC3:
    case QVideoFrameFormat::Format_IMC4:
    case QVideoFrameFormat::Format_Y8:
        return true;
    default:
        return false;
    }
}
} // namespace

QImage VideoFrameLuma::image(const QVideoFrame &source)
{
    QVideoFrame frame = source; // map() needs a non-const frame; this shares the buffer
    if (!frame.isValid())
        return {};
    const QVideoFrameFormat::PixelFormat format = frame.pixelFormat();
    const auto packed = packedLuma(format);
    const QImage::Format rgb = QVideoFrameFormat::imageFormatFromPixelFormat(format);
    if ((!planarLuma8(format) && !packed && rgb == QImage::Format_Invalid) ||
        !frame.map(QVideoFrame::ReadOnly))
        return frame.toImage().convertToFormat(QImage::Format_Grayscale8);

    const int width = frame.width();
    const int height = frame.height();
    QImage gray;
    if (planarLuma8(format)) {
        gray = QImage(width, height, QImage::Format_Grayscale8);
        for (int y = 0; y < height; ++y)
            std::memcpy(gray.scanLine(y), frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0),
                        size_t(width));
    } else if (packed) {
        gray = QImage(width, height, QImage::Format_Grayscale8);
        const auto [first, step] = *packed;
        for (int y = 0; y < height; ++y) {
            const uchar *in = frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0) + first;
            uchar *out = gray.scanLine(y);
            for (int x = 0; x < width; ++x)
                out[x] = in[x * step];
        }
    } else {
        // Wraps the mapped bytes for the one conversion, which makes a copy of its own.
        gray = QImage(frame.bits(0), width, height, frame.bytesPerLine(0), rgb)
                   .convertToFormat(QImage::Format_Grayscale8);
    }
    frame.unmap();
    return gray;
}

} // namespace benchside
