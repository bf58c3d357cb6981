// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/rackdecoder.h"

#include "barcode/imagedecoder.h"
#include "barcode/regiondecoder.h"
#include "barcode/symbolfinder.h"
#include "rack/rackmapper.h"

#include <QPainter>
#include <QTransform>

namespace benchside {

namespace {

// A well's area turned upright by the rack's own angle, with room around the symbol. ZXing 1.4's
// Data Matrix detector misses some symbols turned 10 degrees or more that it reads once upright.
QImage uprightWell(const QImage &gray, const WellReading &w, const RackReading &reading, double scale)
{
    const double side = qMax(reading.pitch.width(), reading.pitch.height()) * 1.1;
    const int out = qMax(8, int(side * scale));
    QImage image(out, out, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.setTransform(QTransform::fromTranslate(-w.position.x(), -w.position.y()) *
                   QTransform().rotate(-(reading.angle + (reading.upsideDown ? 180.0 : 0.0))) *
                   QTransform::fromScale(scale, scale) * QTransform::fromTranslate(out / 2.0, out / 2.0));
    p.drawImage(0, 0, gray);
    return image;
}

} // namespace

QList<DecodedCode> RackDecoder::findCodes(const QImage &image, int expectedCount) const
{
    return codesIn(image.convertToFormat(QImage::Format_Grayscale8), expectedCount);
}

QList<DecodedCode> RackDecoder::codesIn(const QImage &gray, int expectedCount) const
{
    return RegionDecoder({Symbology::DataMatrix}).decode(gray, SymbolFinder().find(gray, expectedCount));
}

Result<RackReading> RackDecoder::read(const QImage &image, const RackLayout &layout) const
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    Result<RackReading> reading = RackMapper::map(codesIn(gray, layout.wellCount()), layout, image.size());
    if (!reading)
        return reading;
    // A tube whose symbol is too damaged to be found at all still leaves detail in its well: report
    // it as unreadable, never as empty.
    const QSizeF half = reading.value().pitch * 0.25;
    for (WellReading &w : reading.value().wells) {
        if (w.state != WellReading::State::Empty)
            continue;
        const QRect centre = QRectF(w.position - QPointF(half.width(), half.height()), half * 2).toRect();
        if (SymbolFinder::isTextured(gray, centre))
            w.state = WellReading::State::Unreadable;
    }
    // The few unreadable wells get a second look, upright and then enlarged.
    ImageDecoder::Options options;
    options.symbologies = {Symbology::DataMatrix};
    const ImageDecoder decoder(options);
    bool rescued = false;
    for (WellReading &w : reading.value().wells) {
        if (w.state != WellReading::State::Unreadable)
            continue;
        for (double scale : {1.0, 1.5}) {
            const QList<DecodedCode> codes = decoder.decode(uprightWell(gray, w, reading.value(), scale));
            if (codes.size() == 1 && codes.first().readable) {
                w.state = WellReading::State::Decoded;
                w.text = codes.first().text;
                rescued = true;
                break;
            }
        }
    }
    if (rescued)
        RackMapper::markDuplicates(reading.value());
    return reading;
}

} // namespace benchside
