#include "rack/rackdecoder.h"

#include "barcode/regiondecoder.h"
#include "barcode/symbolfinder.h"
#include "rack/rackmapper.h"

namespace benchside {

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
    return reading;
}

} // namespace benchside
