// SPDX-License-Identifier: GPL-3.0-or-later
// The extra passes for an image the first pass read nothing in (FallbackReader), on drawn symbols
// with the faults the real photos of issue 23 showed: no quiet zone, and modules of uneven width.

#include "accession/accessionnumber.h"
#include "barcode/datamatrixencoder.h"
#include "barcode/fallbackreader.h"
#include "barcode/imagedecoder.h"
#include "barcode/multicodereader.h"
#include "barcode/timinggridsampler.h"

#include <QRandomGenerator>
#include <QTest>

using namespace benchside;

class TestFallbackReader : public QObject
{
    Q_OBJECT

private slots:
    void unevenModulesAreRedrawnFromTheTimingPatterns();
    void symbolWithoutQuietZone_data();
    void symbolWithoutQuietZone();
    void noiseGivesNoCode();
};

namespace {

// A Data Matrix drawn with the given column widths and row height in pixels, inside `margin` white
// pixels.
QImage draw(const BarcodeSymbol &symbol, const QList<int> &columnWidths, int rowHeight, int margin)
{
    int width = 2 * margin;
    for (int w : columnWidths)
        width += w;
    QImage image(width, symbol.height * rowHeight + 2 * margin, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    for (int y = 0; y < symbol.height; ++y) {
        int left = margin;
        for (int x = 0; x < symbol.width; ++x) {
            if (symbol.isDark(x, y)) {
                for (int dy = 0; dy < rowHeight; ++dy)
                    std::fill_n(image.scanLine(margin + y * rowHeight + dy) + left, columnWidths.at(x),
                                uchar(0));
            }
            left += columnWidths.at(x);
        }
    }
    return image;
}

QStringList texts(const QList<DecodedCode> &codes)
{
    QStringList list;
    for (const DecodedCode &c : codes) {
        if (c.readable)
            list.append(c.text);
    }
    return list;
}

} // namespace

// A label printer scaling by a fraction: the first quarter of the columns 4 px wide, the middle half
// 3 px, the last quarter 2 px (as zxing-cpp's distorted.png).
void TestFallbackReader::unevenModulesAreRedrawnFromTheTimingPatterns()
{
    const QString text = QStringLiteral("X12X12X12X12");
    const std::optional<BarcodeSymbol> symbol = DataMatrixEncoder::encode(text);
    QVERIFY(symbol);
    QList<int> widths;
    for (int x = 0; x < symbol->width; ++x)
        widths.append(x < symbol->width / 4 ? 4 : x < 3 * symbol->width / 4 ? 3 : 2);
    const QImage image = draw(*symbol, widths, 3, 6);

    QVERIFY2(ImageDecoder().decode(image).isEmpty(),
             "ZXing alone reads it: the case no longer tests anything");
    for (int inset : {0, 1}) {
        const auto redrawn = TimingGridSampler::redraw(image, inset);
        QVERIFY(redrawn);
        QCOMPARE(redrawn->image.width(),
                 (symbol->width + 2 * TimingGridSampler::QuietZone) * TimingGridSampler::Module);
    }
    QCOMPARE(texts(MultiCodeReader::read(image)), QStringList{text});
}

void TestFallbackReader::symbolWithoutQuietZone_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("our accession number") << AccessionNumber::compose(QStringLiteral("BS"), 26, 4711);
    QTest::newRow("a foreign code") << QStringLiteral("Data Matrix Code");
}

// Cropped to its outermost modules, as zxing-cpp's #378.png: ZXing's detector needs a margin.
void TestFallbackReader::symbolWithoutQuietZone()
{
    QFETCH(QString, text);
    const std::optional<BarcodeSymbol> symbol = DataMatrixEncoder::encode(text);
    QVERIFY(symbol);
    const QImage image = draw(*symbol, QList<int>(symbol->width, 2), 2, 0);

    QVERIFY2(ImageDecoder().decode(image).isEmpty(),
             "ZXing alone reads it: the case no longer tests anything");
    QCOMPARE(texts(MultiCodeReader::read(image)), QStringList{text});
    QCOMPARE(texts(FallbackReader::read(image.convertToFormat(QImage::Format_Grayscale8))),
             QStringList{text});
}

void TestFallbackReader::noiseGivesNoCode()
{
    QImage image(320, 240, QImage::Format_Grayscale8);
    QRandomGenerator random(23);
    for (int y = 0; y < image.height(); ++y) {
        uchar *line = image.scanLine(y);
        for (int x = 0; x < image.width(); ++x)
            line[x] = uchar(random.bounded(256));
    }
    QVERIFY(MultiCodeReader::read(image).isEmpty());
}

QTEST_GUILESS_MAIN(TestFallbackReader)
#include "tst_fallbackreader.moc"
