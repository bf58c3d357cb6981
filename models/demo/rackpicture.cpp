// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/rackpicture.h"

#include "barcode/barcodewriter.h"

#include <QPainter>
#include <QRandomGenerator>

namespace benchside {

QImage RackPicture::draw(const Spec &spec)
{
    QImage image(spec.size, QImage::Format_Grayscale8);
    image.fill(QColor(70, 70, 70));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QRandomGenerator rng(spec.seed);
    // A rack fills most of a rack scanner's image, centred, with square wells.
    const double pitch =
        qMin(spec.size.width() * spec.fill / spec.cols, spec.size.height() * spec.fill / spec.rows);
    const QPointF origin((spec.size.width() - pitch * spec.cols) / 2 + pitch / 2,
                         (spec.size.height() - pitch * spec.rows) / 2 + pitch / 2);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(110, 110, 110));
    p.drawRoundedRect(QRectF(origin - QPointF(pitch * 0.7, pitch * 0.7),
                             QSizeF(pitch * (spec.cols + 0.4), pitch * (spec.rows + 0.4))),
                      20, 20);
    for (int r = 0; r < spec.rows; ++r) {
        for (int c = 0; c < spec.cols; ++c) {
            const Well well = spec.wells.value(r * spec.cols + c);
            const QPointF center = origin + QPointF(c * pitch, r * pitch);
            if (well.content == Well::Content::Empty) {
                p.setBrush(QColor(25, 25, 25));
                p.drawEllipse(center, pitch * 0.40, pitch * 0.40);
                continue;
            }
            p.setBrush(QColor(235, 235, 235));
            p.drawEllipse(center, pitch * 0.44, pitch * 0.44);
            const double jitter = spec.tubeJitterDegrees * (rng.generateDouble() * 2 - 1);
            const auto symbol = BarcodeWriter::encode(Symbology::DataMatrix, well.text);
            if (!symbol)
                continue; // a tube with no code on it: what the reader must call unreadable
            const int module =
                spec.moduleSize > 0 ? spec.moduleSize : qMax(2, int(pitch * 0.5 / symbol.value().width));
            const QImage img = BarcodeWriter::toImage(symbol.value(), module);
            p.save();
            p.translate(center);
            p.rotate(jitter);
            p.drawImage(QPointF(-img.width() / 2.0, -img.height() / 2.0), img);
            p.restore();
            if (well.content == Well::Content::Damaged) {
                // A frosted or scratched tube bottom: a smear across most of the symbol.
                p.setBrush(QColor(150, 150, 150));
                p.drawRect(
                    QRectF(center - QPointF(pitch * 0.3, pitch * 0.12), QSizeF(pitch * 0.6, pitch * 0.24)));
            }
        }
    }
    return image;
}

} // namespace benchside
