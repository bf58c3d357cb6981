// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/regiondecoder.h"

#include "barcode/imagedecoder.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>
#include <functional>

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

} // namespace

RegionDecoder::RegionDecoder(QList<Symbology> symbologies) : m_symbologies(std::move(symbologies)) {}

QList<DecodedCode> RegionDecoder::decode(const QImage &gray, const QList<SymbolFinder::Region> &regions) const
{
    // A pool of its own: callers (the GUI) run whole decodes on the global pool, and a blocking map
    // onto the pool its caller occupies can wait forever for a free thread.
    static QThreadPool pool;
    return QtConcurrent::blockingMapped<QList<DecodedCode>>(
        &pool, regions,
        [this, &gray](const SymbolFinder::Region &region) { return decodeOne(gray, region.rect); });
}

DecodedCode RegionDecoder::decodeOne(const QImage &gray, const QRect &region) const
{
    ImageDecoder::Options options;
    options.symbologies = m_symbologies;
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

} // namespace benchside
