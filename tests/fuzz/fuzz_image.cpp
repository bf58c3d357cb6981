// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for images (models/barcode, models/rack): the bytes as an image file (PNG, JPEG,
// BMP, TIFF or whatever Qt's readers take) through ImageDecoder::load(), then ImageDecoder and the
// RackDecoder over its pixels, and the bytes as symbol positions through the RackMapper. Besides
// crashes, leaks and undefined behaviour, it aborts when one of these does not hold:
//  - load() gives an image or says why; an image that loads is within QImageReader's allocation limit
//    (huge declared dimensions are refused with a message, never allocated);
//  - every code the decoder reports as readable has text, and an unreadable one none;
//  - a rack reading has one well per position of the layout, in row-major order, named as the layout
//    names them; a decoded well has text and a duplicate's text is read in another well too; an empty
//    well has none;
//  - the mapper places each readable code at most once, with its angle within +-45 degrees and a
//    finite pitch, or refuses with a reason.
#include "barcode/imagedecoder.h"
#include "rack/rackdecoder.h"
#include "rack/rackmapper.h"

#include <QByteArray>
#include <QFile>
#include <QGuiApplication>
#include <QImageReader>
#include <QTemporaryDir>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace benchside;

namespace {

void require(bool condition, const char *what, const QString &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_image: invariant violated: %s\n%s\n", what, qPrintable(detail));
        std::abort();
    }
}

void checkReading(const RackReading &r, const RackLayout &layout)
{
    require(r.wells.size() == layout.wellCount(), "one well per position");
    require(std::isfinite(r.angle) && std::abs(r.angle) <= 45.0 + 1e-9, "the angle is within +-45 degrees",
            QString::number(r.angle));
    require(std::isfinite(r.pitch.width()) && std::isfinite(r.pitch.height()), "the pitch is finite");
    QHash<QString, int> texts;
    for (const WellReading &w : r.wells) {
        if (w.state == WellReading::State::Decoded || w.state == WellReading::State::Duplicate)
            texts[w.text] += 1;
    }
    for (int i = 0; i < r.wells.size(); ++i) {
        const WellReading &w = r.wells.at(i);
        require(w.row == i / layout.cols && w.col == i % layout.cols, "wells are in row-major order");
        require(w.well == layout.wellName(w.row, w.col), "a well is named as the layout names it");
        switch (w.state) {
        case WellReading::State::Decoded:
            require(!w.text.isEmpty() && texts.value(w.text) == 1, "a decoded well has a code of its own");
            break;
        case WellReading::State::Duplicate:
            require(texts.value(w.text) > 1, "a duplicate's code is in another well too");
            break;
        case WellReading::State::Empty:
            require(w.text.isEmpty(), "an empty well has no text");
            break;
        case WellReading::State::Unreadable:
            break;
        }
    }
}

void checkCodes(const QList<DecodedCode> &codes)
{
    for (const DecodedCode &c : codes)
        require(c.readable != c.text.isEmpty(), "a readable code has text, an unreadable one none", c.text);
}

void checkImage(const QByteArray &bytes)
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("image"));
    QFile file(path);
    require(file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size(),
            "the image file is written");
    file.close();
    const Result<QImage> image = ImageDecoder::load(path);
    if (!image.ok()) {
        require(!image.error().isEmpty(), "an unreadable image says why");
        return;
    }
    require(!image.value().isNull(), "a loaded image has pixels");
    require(image.value().sizeInBytes() <= qsizetype(QImageReader::allocationLimit()) * 1024 * 1024,
            "a loaded image is within the allocation limit");
    ImageDecoder::Options options;
    options.reportUnreadable = true;
    options.maxSymbols = 4;
    checkCodes(ImageDecoder(options).decode(image.value()));
    const RackLayout layout{2, 3};
    const Result<RackReading> reading = RackDecoder().read(image.value(), layout);
    if (reading.ok())
        checkReading(reading.value(), layout);
    else
        require(!reading.error().isEmpty(), "a rack that cannot be read says why");
}

// Records of 8 bytes: x, y (16 bits each, a 4096-pixel image), orientation (0-3 quarter turns),
// readable, and a text byte; the symbol is 40 pixels wide, turned by the orientation.
void checkMapper(const QByteArray &bytes)
{
    QList<DecodedCode> codes;
    for (qsizetype at = 1; at + 8 <= bytes.size() && codes.size() < 96; at += 8) {
        const auto *b = reinterpret_cast<const unsigned char *>(bytes.constData() + at);
        const double x = ((b[0] << 8) | b[1]) % 4096;
        const double y = ((b[2] << 8) | b[3]) % 4096;
        const double angle = (b[4] % 360) * M_PI / 180.0;
        DecodedCode c;
        c.orientation = (b[5] % 4) * 90;
        c.readable = b[6] % 8 != 0;
        c.text = c.readable ? QStringLiteral("T%1").arg(b[7] % 64) : QString();
        const double h = 20;
        for (const auto &[dx, dy] : {std::pair{-h, -h}, {h, -h}, {h, h}, {-h, h}})
            c.corners << QPointF(x + dx * std::cos(angle) - dy * std::sin(angle),
                                 y + dx * std::sin(angle) + dy * std::cos(angle));
        codes << c;
    }
    const RackLayout layout{
        1 + (bytes.isEmpty() ? 7 : static_cast<uint8_t>(bytes.at(0)) % RackLayout::MaxRows),
        1 + (bytes.isEmpty() ? 11 : static_cast<uint8_t>(bytes.at(0)) / 8 % 12)};
    const Result<RackReading> reading = RackMapper::map(codes, layout, QSize(4096, 4096));
    if (!reading.ok()) {
        require(!reading.error().isEmpty(), "a refused mapping says why");
        return;
    }
    checkReading(reading.value(), layout);
    QHash<QString, int> placed;
    for (const WellReading &w : reading.value().wells) {
        if (w.state == WellReading::State::Decoded)
            placed[w.text] += 1;
    }
    for (auto it = placed.cbegin(); it != placed.cend(); ++it)
        require(it.value() == 1, "each code is placed at most once");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int argc = 3;
    static char name[] = "fuzz_image", platform[] = "-platform", offscreen[] = "offscreen";
    static char *argv[] = {name, platform, offscreen, nullptr};
    static QGuiApplication *app = new QGuiApplication(argc, argv);
    Q_UNUSED(app);
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    checkImage(bytes);
    checkMapper(bytes);
    return 0;
}
