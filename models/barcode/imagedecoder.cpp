// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/imagedecoder.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImageReader>
#include <QLineF>
#include <QPainter>
#include <ZXing/ReadBarcode.h>
#include <algorithm>

namespace benchside {

namespace {
std::optional<Symbology> fromZXing(ZXing::BarcodeFormat format)
{
    switch (format) {
    case ZXing::BarcodeFormat::Code128:
        return Symbology::Code128;
    case ZXing::BarcodeFormat::DataMatrix:
        return Symbology::DataMatrix;
    case ZXing::BarcodeFormat::QRCode:
        return Symbology::QRCode;
    default:
        return std::nullopt;
    }
}

ZXing::BarcodeFormats toZXing(const QList<Symbology> &symbologies)
{
    ZXing::BarcodeFormats formats;
    for (Symbology s : symbologies) {
        switch (s) {
        case Symbology::Code128:
            formats |= ZXing::BarcodeFormat::Code128;
            break;
        case Symbology::DataMatrix:
            formats |= ZXing::BarcodeFormat::DataMatrix;
            break;
        case Symbology::QRCode:
            formats |= ZXing::BarcodeFormat::QRCode;
            break;
        }
    }
    return formats;
}

} // namespace

ImageDecoder::ImageDecoder() : m_options(Options()) {}

ImageDecoder::ImageDecoder(Options options) : m_options(std::move(options)) {}

Result<QImage> ImageDecoder::load(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Result<QImage>::failure(tr("%1 does not exist.").arg(path));
    if (!info.isFile() || !info.isReadable())
        return Result<QImage>::failure(tr("%1 is not a readable file.").arg(path));
    QImageReader reader(path);
    reader.setAutoTransform(true); // phone photos store their rotation in EXIF
    QImage image = reader.read();
    if (image.isNull())
        return Result<QImage>::failure(tr("%1 is not an image Benchside can read (%2). Use a PNG, JPEG, BMP "
                                          "or TIFF file.")
                                           .arg(path, reader.errorString()));
    return image;
}

QList<DecodedCode> ImageDecoder::decode(const QImage &image) const
{
    // Decoding works on luminance; converting once here also fixes the row stride ZXing is given.
    QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    QList<Symbology> matrix = m_options.symbologies;
    const bool linear = matrix.removeAll(Symbology::Code128) > 0;
    QList<DecodedCode> codes;
    if (!matrix.isEmpty())
        codes = pass(gray, matrix, m_options.maxSymbols);
    if (!linear)
        return codes;
    // Debian's ZXing-C++ 1.4 is built with assertions, and merging two linear symbols in one pass
    // trips one (Result::operator==, "lineCount() == 1") and aborts the process. Linear symbols are
    // therefore read one per pass, each blanked out before the next pass.
    for (int i = 0; i < m_options.maxSymbols; ++i) {
        const QList<DecodedCode> found = pass(gray, {Symbology::Code128}, 1);
        if (found.isEmpty())
            break;
        const DecodedCode &code = found.first();
        const bool again = std::any_of(codes.cbegin(), codes.cend(), [&code](const DecodedCode &c) {
            return c.text == code.text && c.corners.boundingRect().intersects(code.corners.boundingRect());
        });
        if (again)
            break;
        codes.append(code);
        blankOut(gray, code);
    }
    return codes;
}

// ZXing gives a linear symbol's position as the scan line it was read on; the bars extend across
// it, so the blanked area reaches half the symbol's length either side of that line.
void ImageDecoder::blankOut(QImage &gray, const DecodedCode &code)
{
    if (code.corners.size() < 4)
        return;
    const QPointF start = (code.corners.at(0) + code.corners.at(3)) / 2;
    const QPointF end = (code.corners.at(1) + code.corners.at(2)) / 2;
    const QLineF along(start, end);
    const double length = qMax(along.length(), 10.0);
    const QPointF unit = (end - start) / length;
    const QPointF normal(-unit.y(), unit.x());
    const QPointF pad = unit * (length * 0.1);
    const QPointF across = normal * (length * 0.5);
    QPainter painter(&gray);
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::white);
    painter.drawPolygon(
        QPolygonF({start - pad - across, end + pad - across, end + pad + across, start - pad + across}));
}

QList<DecodedCode> ImageDecoder::pass(const QImage &gray, const QList<Symbology> &symbologies,
                                      int maxSymbols) const
{
    const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(), ZXing::ImageFormat::Lum,
                                int(gray.bytesPerLine()));
    ZXing::DecodeHints hints;
    hints.setFormats(toZXing(symbologies))
        .setTryHarder(m_options.tryHarder)
        .setTryRotate(m_options.tryHarder)
        .setBinarizer(m_options.globalThreshold ? ZXing::Binarizer::GlobalHistogram
                                                : ZXing::Binarizer::LocalAverage)
        .setMaxNumberOfSymbols(uint8_t(qBound(1, maxSymbols, 255)))
        .setReturnErrors(m_options.reportUnreadable);

    QList<DecodedCode> codes;
    for (const ZXing::Result &r : ZXing::ReadBarcodes(view, hints)) {
        const auto symbology = fromZXing(r.format());
        if (!symbology)
            continue;
        DecodedCode code;
        code.symbology = *symbology;
        code.readable = r.isValid();
        if (code.readable)
            code.text = QString::fromStdWString(r.text());
        else if (!m_options.reportUnreadable)
            continue;
        const auto &p = r.position();
        code.corners = QPolygonF(
            {QPointF(p.topLeft().x, p.topLeft().y), QPointF(p.topRight().x, p.topRight().y),
             QPointF(p.bottomRight().x, p.bottomRight().y), QPointF(p.bottomLeft().x, p.bottomLeft().y)});
        code.orientation = r.orientation();
        codes.append(code);
    }
    return codes;
}

} // namespace benchside
