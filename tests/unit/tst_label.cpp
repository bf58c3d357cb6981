// SPDX-License-Identifier: GPL-3.0-or-later
// Tube labels painted with QPainter: the layout on the common 50 x 25 mm label at 203 dpi, PNG at
// 203 and 300 dpi and PDF (rasterised by poppler's pdftoppm, as a print driver would) scanned
// back with ZXing, both symbols, and long names that must be elided rather than overflow.

#include "accession/accessionnumber.h"
#include "barcode/imagedecoder.h"
#include "label/labellayout.h"
#include "label/labelrenderer.h"

#include <QDir>
#include <QFontMetrics>
#include <QPainter>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;

namespace {

TubeLabel sample(const QString &accession, const QString &name = QStringLiteral("Doe, Jane"))
{
    TubeLabel l;
    l.accession = accession;
    l.patientName = name;
    l.mrn = QStringLiteral("M0000001");
    l.birthDate = QStringLiteral("1980-04-02");
    l.specimenType = QStringLiteral("Serum");
    l.collectedAtMs = QDateTime(QDate(2026, 11, 21), QTime(8, 30)).toMSecsSinceEpoch();
    return l;
}

QString twelve()
{
    return AccessionNumber::compose(QStringLiteral("TST"), 26, 123); // 12 characters
}

// ZXing-C++ 1.4 does not find the Data Matrix in a whole-label image (its detector starts from
// the middle of the image and runs into the Code 128 and the text); it reads it as soon as the
// image is the part of the label an imager is aimed at to read it. So the Data Matrix is decoded
// from the label's top-right region (right half, above the bars), and the Code 128 from the
// whole label. This is a limit of the decoder, not of the label: the symbol and its quiet zone
// are checked by the layout test.
QImage dataMatrixRegion(const QImage &label)
{
    return label.copy(
        QRect(label.width() / 2, 0, label.width() - label.width() / 2, label.height() * 6 / 10));
}

QStringList decoded(const QImage &image, Symbology symbology)
{
    ImageDecoder::Options o;
    o.symbologies = {symbology};
    QStringList texts;
    for (const DecodedCode &c :
         ImageDecoder(o).decode(symbology == Symbology::DataMatrix ? dataMatrixRegion(image) : image)) {
        if (c.symbology == symbology && c.readable)
            texts << c.text;
    }
    return texts;
}

} // namespace

class TestLabel : public QObject
{
    Q_OBJECT

private slots:
    void defaultLabelLayout_data();
    void defaultLabelLayout();
    void tooNarrowLabelIsRefused();
    void pngScansBack_data();
    void pngScansBack();
    void longNamesAreElided();
    void pdfScansBack();
    void pdfHasOnePagePerLabel();
    void unwritablePathIsReported();
};

void TestLabel::defaultLabelLayout_data()
{
    QTest::addColumn<QString>("accession");
    QTest::newRow("12 characters") << twelve();
    // No digit pairs: every character in subset B, the widest 12-character Code 128 (167 modules).
    QTest::newRow("12 characters, worst case") << QStringLiteral("ABCDEFGHIJKL");
    QTest::newRow("16 characters") << AccessionNumber::compose(QStringLiteral("ABCDE"), 26, 12345678);
}

void TestLabel::defaultLabelLayout()
{
    QFETCH(QString, accession);
    const LabelFormat format; // 50 x 25 mm, 203 dpi
    QCOMPARE(format.widthDots(), 400);
    QCOMPARE(format.heightDots(), 200);
    Result<LabelLayout> r = LabelLayout::compute(sample(accession), format);
    QVERIFY2(r, qPrintable(r.error()));
    const LabelLayout &l = r.value();
    qInfo("%s: Code 128 %d modules x %d dots = %.2f mm (%.2f mm with quiet zones, label 50 mm); "
          "bars %.2f mm tall; Data Matrix %dx%d x %d dots = %.2f mm",
          qPrintable(accession), l.code128().width, l.code128Module(),
          l.code128Bars().width() / format.dotsPerMm(), l.code128Quiet().width() / format.dotsPerMm(),
          l.code128Bars().height() / format.dotsPerMm(), l.dataMatrix().width, l.dataMatrix().height,
          l.dataMatrixModule(), l.dataMatrixSymbol().width() / format.dotsPerMm());
    const QRect label(0, 0, l.widthDots(), l.heightDots());
    // Whole dots, at least 2 (0.25 mm) for Code 128 so a 203-dpi head prints even bars.
    QVERIFY(l.code128Module() >= 2);
    QVERIFY(l.dataMatrixModule() >= 2);
    QCOMPARE(l.dataMatrixSymbol().width(), l.dataMatrix().width * l.dataMatrixModule());
    QCOMPARE(l.dataMatrixSymbol().height(), l.dataMatrix().height * l.dataMatrixModule());
    QVERIFY(label.contains(l.code128Quiet()));
    QVERIFY(label.contains(l.dataMatrixQuiet()));
    QCOMPARE(l.code128Quiet().width(), (l.code128().width + 2 * l.code128().quietZone()) * l.code128Module());
    QCOMPARE(l.code128Bars().width(), l.code128().width * l.code128Module());
    QVERIFY(!l.code128Quiet().intersects(l.dataMatrixQuiet()));
    for (const LabelLayout::TextField &t : l.texts()) {
        QVERIFY2(label.contains(t.box), qPrintable(t.text));
        QVERIFY2(!t.box.intersects(l.dataMatrixQuiet()), qPrintable(t.text));
        if (t.text != accession)
            QVERIFY2(!t.box.intersects(l.code128Quiet()), qPrintable(t.text));
    }
}

void TestLabel::tooNarrowLabelIsRefused()
{
    LabelFormat narrow;
    narrow.widthMm = 15;
    narrow.dpi = 152;
    const QString longest = AccessionNumber::compose(QStringLiteral("ABCDEFGHIJK"), 26, 1234567);
    Result<LabelLayout> r = LabelLayout::compute(sample(longest), narrow);
    QVERIFY(!r);
    QVERIFY2(r.error().contains(QLatin1String("Code 128")) && r.error().contains(longest),
             qPrintable(r.error()));
}

void TestLabel::pngScansBack_data()
{
    QTest::addColumn<int>("dpi");
    QTest::addColumn<QString>("accession");
    for (int dpi : {203, 300}) {
        QTest::addRow("%d dpi, 12 characters", dpi) << dpi << twelve();
        QTest::addRow("%d dpi, 16 characters", dpi)
            << dpi << AccessionNumber::compose(QStringLiteral("ABCDE"), 26, 12345678);
    }
}

void TestLabel::pngScansBack()
{
    QFETCH(int, dpi);
    QFETCH(QString, accession);
    LabelFormat format;
    format.dpi = dpi;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("label.png"));
    const Status written = LabelRenderer::writePng(sample(accession), format, path);
    QVERIFY2(written, qPrintable(written.error()));
    Result<QImage> image = ImageDecoder::load(path);
    QVERIFY2(image, qPrintable(image.error()));
    QCOMPARE(image->width(), format.widthDots());
    QCOMPARE(image->height(), format.heightDots());
    QCOMPARE(qRound(image->dotsPerMeterX() * 0.0254), dpi);
    QCOMPARE(decoded(image.value(), Symbology::Code128), QStringList{accession});
    QCOMPARE(decoded(image.value(), Symbology::DataMatrix), QStringList{accession});
}

void TestLabel::longNamesAreElided()
{
    const QString name =
        QStringLiteral("Wolfeschlegelsteinhausenbergerdorff-Ünalçğşö, Maximiliana Bartholomea "
                       "Konstantinopoulou-Vanderbilt");
    const LabelFormat format;
    Result<LabelLayout> r = LabelLayout::compute(sample(twelve(), name), format);
    QVERIFY(r);
    const LabelLayout::TextField nameField = r->texts().at(1);
    QCOMPARE(nameField.text, name);

    // Paint the name alone, unclipped by the label, to see where the painter would have put ink.
    QImage probe(format.widthDots() * 4, format.heightDots(), QImage::Format_RGB32);
    probe.fill(Qt::white);
    {
        QPainter p(&probe);
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(nameField.pixelHeight);
        font.setBold(true);
        const QString elided =
            QFontMetrics(font, &probe).elidedText(name, Qt::ElideRight, nameField.box.width());
        QVERIFY(elided.endsWith(QChar(0x2026)));
        QVERIFY(elided.size() < name.size());
        p.setFont(font);
        p.drawText(QRect(nameField.box.topLeft(), QSize(probe.width(), nameField.box.height())),
                   Qt::AlignLeft, elided);
    }
    int rightmost = -1;
    for (int y = 0; y < probe.height(); ++y)
        for (int x = 0; x < probe.width(); ++x)
            if (qGray(probe.pixel(x, y)) < 128)
                rightmost = std::max(rightmost, x);
    QVERIFY(rightmost > 0);
    QVERIFY2(rightmost < r->dataMatrixQuiet().left(), qPrintable(QString::number(rightmost)));

    // And the whole label with that name still scans.
    Result<QImage> image = LabelRenderer::toImage(sample(twelve(), name), format);
    QVERIFY(image);
    QCOMPARE(decoded(image.value(), Symbology::DataMatrix), QStringList{twelve()});
    QCOMPARE(decoded(image.value(), Symbology::Code128), QStringList{twelve()});
}

void TestLabel::pdfScansBack()
{
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    if (pdftoppm.isEmpty())
        QFAIL("pdftoppm (poppler-utils) is not installed; packaging/install-deps.sh installs it");
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("label.pdf"));
    const Status written = LabelRenderer::writePdf({sample(twelve())}, LabelFormat(), pdf);
    QVERIFY2(written, qPrintable(written.error()));
    QProcess p;
    p.start(pdftoppm, {QStringLiteral("-r"), QStringLiteral("300"), QStringLiteral("-png"), pdf,
                       dir.filePath(QStringLiteral("page"))});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    Result<QImage> image = ImageDecoder::load(dir.filePath(QStringLiteral("page-1.png")));
    QVERIFY2(image, qPrintable(image.error()));
    // 50 x 25 mm at 300 dpi, give or take the PDF's rounding to points.
    QVERIFY2(qAbs(image->width() - 591) <= 2 && qAbs(image->height() - 295) <= 2,
             qPrintable(QStringLiteral("%1x%2").arg(image->width()).arg(image->height())));
    QCOMPARE(decoded(image.value(), Symbology::Code128), QStringList{twelve()});
    QCOMPARE(decoded(image.value(), Symbology::DataMatrix), QStringList{twelve()});
}

void TestLabel::pdfHasOnePagePerLabel()
{
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    if (pdftoppm.isEmpty())
        QFAIL("pdftoppm (poppler-utils) is not installed");
    const QStringList accessions{AccessionNumber::compose(QStringLiteral("TST"), 26, 7),
                                 AccessionNumber::compose(QStringLiteral("TST"), 26, 8)};
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("labels.pdf"));
    QVERIFY(
        LabelRenderer::writePdf({sample(accessions.at(0)), sample(accessions.at(1))}, LabelFormat(), pdf));
    QProcess p;
    p.start(pdftoppm, {QStringLiteral("-r"), QStringLiteral("300"), QStringLiteral("-png"), pdf,
                       dir.filePath(QStringLiteral("page"))});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    QStringList pages = QDir(dir.path()).entryList({QStringLiteral("page-*.png")}, QDir::Files, QDir::Name);
    QCOMPARE(pages.size(), 2);
    for (int i = 0; i < 2; ++i) {
        Result<QImage> image = ImageDecoder::load(dir.filePath(pages.at(i)));
        QVERIFY(image);
        QCOMPARE(decoded(image.value(), Symbology::DataMatrix), QStringList{accessions.at(i)});
    }
}

void TestLabel::unwritablePathIsReported()
{
    const QString path = QStringLiteral("/nonexistent-dir/label.png");
    const Status png = LabelRenderer::writePng(sample(twelve()), LabelFormat(), path);
    QVERIFY(!png);
    QVERIFY2(png.error().contains(path), qPrintable(png.error()));
    const Status pdf =
        LabelRenderer::writePdf({sample(twelve())}, LabelFormat(), QStringLiteral("/nonexistent-dir/l.pdf"));
    QVERIFY(!pdf);
    QVERIFY2(pdf.error().contains(QLatin1String("/nonexistent-dir/l.pdf")), qPrintable(pdf.error()));
}

QTEST_MAIN(TestLabel)
#include "tst_label.moc"
