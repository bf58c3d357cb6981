// SPDX-License-Identifier: GPL-3.0-or-later
// Paints Benchside's application icon (a specimen tube with a barcode label on a rounded square)
// as PNG files of the sizes desktop environments look for, for the package:
//   benchside-iconpainter OUTPUT_DIR SIZE...   writes OUTPUT_DIR/SIZExSIZE/apps/benchside.png
// Drawn with QPainter rather than rendered from SVG: Qt Svg is not among the project's dependencies.

#include <QDir>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <cstdio>

namespace {
QImage paint(int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 256.0, size / 256.0);

    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x1e, 0x5a, 0x96));
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44);

    // The tube, slightly tilted, with its cap, the specimen and a label.
    p.translate(128, 128);
    p.rotate(-18);
    QPainterPath tube;
    tube.addRoundedRect(QRectF(-34, -78, 68, 170), 34, 34);
    p.setBrush(QColor(0xf4, 0xf7, 0xfb));
    p.drawPath(tube);
    p.setBrush(QColor(0xd3, 0x2f, 0x2f));
    p.drawRoundedRect(QRectF(-40, -104, 80, 40), 10, 10);
    p.save();
    p.setClipPath(tube); // the specimen fills the tube's round end
    p.setBrush(QColor(0xc6, 0x28, 0x28, 220));
    p.drawRect(QRectF(-34, 30, 68, 62));
    p.restore();
    // A barcode on the label: bars of a few widths, legible down to 32 px.
    p.setBrush(QColor(0x21, 0x21, 0x21));
    const int widths[] = {6, 3, 3, 6, 3, 6, 3, 3};
    qreal x = -26;
    for (int i = 0; i < 8; ++i) {
        if (i % 2 == 0)
            p.drawRect(QRectF(x, -50, widths[i], 66));
        x += widths[i] + 3;
    }
    return image;
}
} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR SIZE...\n", argv[0]);
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    for (int i = 2; i < argc; ++i) {
        const int size = QString::fromLocal8Bit(argv[i]).toInt();
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(out).arg(size);
        if (size < 16 || size > 1024 || !QDir().mkpath(dir) ||
            !paint(size).save(dir + QStringLiteral("/benchside.png"))) {
            std::fprintf(stderr, "%s: cannot write the %s px icon into %s\n", argv[0], argv[i],
                         qPrintable(dir));
            return 1;
        }
    }
    return 0;
}
