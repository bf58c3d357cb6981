// SPDX-License-Identifier: GPL-3.0-or-later
#include "syntheticimages.h"

#include "barcode/barcodewriter.h"

#include <QPainter>
#include <QPainterPath>
#include <QRandomGenerator>
#include <QTransform>

using namespace benchside;

namespace synthetic {

namespace {

QImage gray(const QImage &image)
{
    return image.convertToFormat(QImage::Format_Grayscale8);
}

void drawSymbol(QPainter &p, const QString &text, Symbology symbology, int moduleSize, QPointF center,
                double degrees, int barHeight = 0)
{
    const auto symbol = BarcodeWriter::encode(symbology, text);
    Q_ASSERT(symbol.ok());
    const QImage img = BarcodeWriter::toImage(symbol.value(), moduleSize, barHeight);
    p.save();
    p.translate(center);
    p.rotate(degrees);
    p.drawImage(QPointF(-img.width() / 2.0, -img.height() / 2.0), img);
    p.restore();
}

} // namespace

QString wellName(int row, int col)
{
    return QString(QChar(u'A' + row)) + QString::number(col + 1);
}

QImage tube(const QString &text, Symbology symbology, int moduleSize, QSize size)
{
    QImage image(size, QImage::Format_Grayscale8);
    image.fill(QColor(225, 225, 225));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    drawSymbol(p, text, symbology, moduleSize, QPointF(size.width() / 2.0, size.height() / 2.0), 0,
               size.height() / 3);
    return image;
}

QImage rotated(const QImage &image, double degrees)
{
    const QImage g = gray(image);
    QImage out(g.size(), QImage::Format_Grayscale8);
    out.fill(QColor(g.pixelColor(0, 0)));
    QPainter p(&out);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.translate(g.width() / 2.0, g.height() / 2.0);
    p.rotate(degrees);
    p.translate(-g.width() / 2.0, -g.height() / 2.0);
    p.drawImage(0, 0, g);
    return out;
}

QImage blurred(const QImage &image, int radius)
{
    QImage a = gray(image);
    if (radius <= 0)
        return a;
    const int w = a.width(), h = a.height();
    QImage b(a.size(), QImage::Format_Grayscale8);
    auto pass = [&](const QImage &src, QImage &dst, bool horizontal) {
        for (int y = 0; y < h; ++y) {
            uchar *out = dst.scanLine(y);
            for (int x = 0; x < w; ++x) {
                int sum = 0, n = 0;
                for (int d = -radius; d <= radius; ++d) {
                    const int sx = horizontal ? qBound(0, x + d, w - 1) : x;
                    const int sy = horizontal ? y : qBound(0, y + d, h - 1);
                    sum += src.constScanLine(sy)[sx];
                    ++n;
                }
                out[x] = uchar(sum / n);
            }
        }
    };
    for (int i = 0; i < 2; ++i) {
        pass(a, b, true);
        pass(b, a, false);
    }
    return a;
}

QImage noisy(const QImage &image, int amplitude, quint32 seed)
{
    QImage out = gray(image);
    QRandomGenerator rng(seed);
    for (int y = 0; y < out.height(); ++y) {
        uchar *line = out.scanLine(y);
        for (int x = 0; x < out.width(); ++x)
            line[x] = uchar(qBound(0, line[x] + int(rng.bounded(2 * amplitude + 1)) - amplitude, 255));
    }
    return out;
}

QImage lowContrast(const QImage &image, double contrast, int brightness)
{
    QImage out = gray(image);
    for (int y = 0; y < out.height(); ++y) {
        uchar *line = out.scanLine(y);
        for (int x = 0; x < out.width(); ++x)
            line[x] = uchar(qBound(0, int(brightness + (line[x] - 128) * contrast), 255));
    }
    return out;
}

} // namespace synthetic
