#include "barcode/imagedecoder.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImageReader>
#include <ZXing/ReadBarcode.h>

namespace benchside {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ImageDecoder", text);
}

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
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(), ZXing::ImageFormat::Lum,
                                int(gray.bytesPerLine()));
    ZXing::DecodeHints hints;
    hints.setFormats(toZXing(m_options.symbologies))
        .setTryHarder(m_options.tryHarder)
        .setTryRotate(m_options.tryHarder)
        .setMaxNumberOfSymbols(uint8_t(qBound(1, m_options.maxSymbols, 255)))
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
