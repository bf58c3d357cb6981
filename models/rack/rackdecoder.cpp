#include "rack/rackdecoder.h"

#include "barcode/imagedecoder.h"
#include "barcode/symbolfinder.h"
#include "rack/rackmapper.h"

#include <QtConcurrent/QtConcurrentMap>

namespace benchside {

namespace {

// Spreads the crop's grey levels over the full range: faint etching on a frosted tube bottom
// binarises better once its few levels are pulled apart.
QImage stretched(const QImage &gray)
{
    int lo = 255, hi = 0;
    for (int y = 0; y < gray.height(); ++y) {
        const uchar *line = gray.constScanLine(y);
        for (int x = 0; x < gray.width(); ++x) {
            lo = qMin(lo, int(line[x]));
            hi = qMax(hi, int(line[x]));
        }
    }
    QImage out = gray;
    if (hi - lo < 2)
        return out;
    for (int y = 0; y < out.height(); ++y) {
        uchar *line = out.scanLine(y);
        for (int x = 0; x < out.width(); ++x)
            line[x] = uchar((line[x] - lo) * 255 / (hi - lo));
    }
    return out;
}

DecodedCode decodeRegion(const QImage &gray, const QRect &region)
{
    ImageDecoder::Options options;
    options.symbologies = {Symbology::DataMatrix};
    options.maxSymbols = 1;
    options.reportUnreadable = true;
    const ImageDecoder decoder(options);

    const QImage crop = gray.copy(region);
    // Cheapest first; each retry only runs for the few crops the one before could not read.
    const QList<std::function<QImage()>> attempts{
        [&] { return crop; },
        [&] { return stretched(crop); },
        [&] {
            return stretched(crop).scaled(crop.size() * 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        },
    };
    DecodedCode result;
    result.readable = false;
    result.corners = QPolygonF(QRectF(region));
    for (qsizetype i = 0; i < attempts.size(); ++i) {
        const double scale = i == 2 ? 0.5 : 1.0;
        for (const DecodedCode &code : decoder.decode(attempts.at(i)())) {
            DecodedCode placed = code;
            QPolygonF corners;
            for (const QPointF &p : code.corners)
                corners.append(p * scale + QPointF(region.topLeft()));
            placed.corners = corners;
            if (placed.readable)
                return placed;
            result = placed; // located but not read: still evidence of a tube
        }
    }
    return result;
}

} // namespace

QList<DecodedCode> RackDecoder::findCodes(const QImage &image, int expectedCount) const
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    const QList<SymbolFinder::Region> regions = SymbolFinder().find(gray, expectedCount);
    return QtConcurrent::blockingMapped<QList<DecodedCode>>(
        regions, [&gray](const SymbolFinder::Region &region) { return decodeRegion(gray, region.rect); });
}

Result<RackReading> RackDecoder::read(const QImage &image, const RackLayout &layout) const
{
    Result<RackReading> reading = RackMapper::map(findCodes(image, layout.wellCount()), layout, image.size());
    if (!reading)
        return reading;
    // A tube whose symbol is too damaged to be found at all still leaves detail in its well: report
    // it as unreadable, never as empty.
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    const QSizeF half = reading.value().pitch * 0.25;
    for (WellReading &w : reading.value().wells) {
        if (w.state != WellReading::State::Empty)
            continue;
        const QRect centre = QRectF(w.position - QPointF(half.width(), half.height()), half * 2).toRect();
        if (SymbolFinder::isTextured(gray, centre))
            w.state = WellReading::State::Unreadable;
    }
    return reading;
}

} // namespace benchside
