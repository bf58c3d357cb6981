// SPDX-License-Identifier: GPL-3.0-or-later
// ZPL written for a thermal printer: its structure (one ^XA…^XZ per label, ^PW/^LL from size and
// resolution, the accession in ^BC and ^BX, names that cannot break the format), and a render of
// it through tests/util/zplinterpreter.h that must scan back. See that header for what the render
// does and does not prove about a real printer.

#include "accession/accessionnumber.h"
#include "barcode/barcodewriter.h"
#include "barcode/imagedecoder.h"
#include "label/labellayout.h"
#include "label/zplwriter.h"
#include "zplinterpreter.h"

#include <QTest>

using namespace benchside;

namespace {

TubeLabel sample(const QString &accession, const QString &name)
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
    return AccessionNumber::compose(QStringLiteral("TST"), 26, 123);
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
         ImageDecoder(o).decode(symbology == Symbology::DataMatrix ? dataMatrixRegion(image) : image))
        if (c.symbology == symbology && c.readable)
            texts << c.text;
    return texts;
}

} // namespace

class TestLabelZpl : public QObject
{
    Q_OBJECT

private slots:
    void structure_data();
    void structure();
    void namesCannotBreakTheFormat();
    void code128WidthMatchesZXing_data();
    void code128WidthMatchesZXing();
    void rendersBackAndScans_data();
    void rendersBackAndScans();
    void interpreterCatchesBrokenStreams();
};

void TestLabelZpl::structure_data()
{
    QTest::addColumn<int>("dpi");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("203 dpi") << 203 << 400 << 200;
    QTest::newRow("300 dpi") << 300 << 591 << 295;
}

void TestLabelZpl::structure()
{
    QFETCH(int, dpi);
    QFETCH(int, width);
    QFETCH(int, height);
    LabelFormat format;
    format.dpi = dpi;
    const QString second = AccessionNumber::compose(QStringLiteral("TST"), 26, 124);
    Result<QByteArray> zpl = ZplWriter::write(
        {sample(twelve(), QStringLiteral("Doe, Jane")), sample(second, QStringLiteral("Roe, Richard"))},
        format);
    QVERIFY2(zpl, qPrintable(zpl.error()));
    QVERIFY(zpl->startsWith("^XA"));
    QVERIFY(zpl->trimmed().endsWith("^XZ"));
    QCOMPARE(zpl->count("^XA"), 2);
    QCOMPARE(zpl->count("^XZ"), 2);
    for (char c : zpl.value())
        QVERIFY2(uchar(c) < 0x80, "the stream is pure ASCII");

    const testzpl::Parsed parsed = testzpl::parse(zpl.value());
    QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.join(QLatin1Char('\n'))));
    QCOMPARE(parsed.formats.size(), 2);
    const QStringList accessions{twelve(), second};
    for (int i = 0; i < 2; ++i) {
        const testzpl::Format &f = parsed.formats.at(i);
        QVERIFY(f.utf8);
        QCOMPARE(f.width, width);
        QCOMPARE(f.height, height);
        int code128 = 0, matrix = 0;
        for (const testzpl::Field &field : f.fields) {
            if (field.kind == testzpl::Field::Kind::Code128) {
                ++code128;
                QCOMPARE(field.data, accessions.at(i));
                QVERIFY(field.module >= 2);
            } else if (field.kind == testzpl::Field::Kind::DataMatrix) {
                ++matrix;
                QCOMPARE(field.data, accessions.at(i));
            }
        }
        QCOMPARE(code128, 1);
        QCOMPARE(matrix, 1);
    }
    // The accession's digits ride in subset C, as ZXing encodes them.
    QVERIFY(zpl->contains("^FD>:TST>5"));
}

void TestLabelZpl::namesCannotBreakTheFormat()
{
    const QString name = QStringLiteral("Ünal^XZ~JA_O'Brien");
    Result<QByteArray> zpl = ZplWriter::write({sample(twelve(), name)}, LabelFormat());
    QVERIFY(zpl);
    QVERIFY(!zpl->contains("~JA"));
    QVERIFY(zpl->contains("^FH^FD_C3_9Cnal_5EXZ_7EJA_5FO'Brien^FS"));
    QCOMPARE(zpl->count("^XZ"), 1);
    const testzpl::Parsed parsed = testzpl::parse(zpl.value());
    QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.join(QLatin1Char('\n'))));
    QStringList texts;
    for (const testzpl::Field &f : parsed.formats.value(0).fields)
        texts << f.data;
    QVERIFY2(texts.contains(name), qPrintable(texts.join(QLatin1Char('|'))));

    QCOMPARE(ZplWriter::hexEscaped(QStringLiteral("a^b~c_d\x01")), QByteArray("a_5Eb_7Ec_5Fd_01"));
}

void TestLabelZpl::code128WidthMatchesZXing_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("12 characters") << twelve();
    QTest::newRow("odd digit run") << AccessionNumber::compose(QStringLiteral("AB"), 26, 12345);
    QTest::newRow("letters only after short run") << QStringLiteral("AB12CD");
    QTest::newRow("long") << AccessionNumber::compose(QStringLiteral("ABCDE"), 26, 12345678);
    QTest::newRow("all digits") << QStringLiteral("12345678");
}

void TestLabelZpl::code128WidthMatchesZXing()
{
    // The layout reserves ZXing's width; the printer draws what our subset choice says.
    QFETCH(QString, text);
    Result<BarcodeSymbol> zxing = BarcodeWriter::encode(Symbology::Code128, text);
    QVERIFY(zxing);
    const QByteArray data = ZplWriter::code128Data(text);
    QCOMPARE(ZplWriter::code128Modules(data), zxing->width);
    QStringList errors;
    QCOMPARE(testzpl::code128Text(data, errors), text);
    QVERIFY(errors.isEmpty());
}

void TestLabelZpl::rendersBackAndScans_data()
{
    QTest::addColumn<int>("dpi");
    QTest::addColumn<QString>("name");
    const QString longName = QStringLiteral("Wolfeschlegelsteinhausenbergerdorff-Konstantinopoulou, "
                                            "Maximiliana Bartholomea");
    for (int dpi : {203, 300}) {
        QTest::addRow("%d dpi", dpi) << dpi << QStringLiteral("Doe, Jane");
        QTest::addRow("%d dpi, long name", dpi) << dpi << longName;
        QTest::addRow("%d dpi, capitals", dpi)
            << dpi << QStringLiteral("WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW");
    }
}

void TestLabelZpl::rendersBackAndScans()
{
    QFETCH(int, dpi);
    QFETCH(QString, name);
    LabelFormat format;
    format.dpi = dpi;
    const TubeLabel label = sample(twelve(), name);
    Result<QByteArray> zpl = ZplWriter::write({label}, format);
    QVERIFY(zpl);
    const testzpl::Parsed parsed = testzpl::parse(zpl.value());
    QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.join(QLatin1Char('\n'))));
    QStringList errors;
    const QImage image = testzpl::render(parsed.formats.value(0), errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(decoded(image, Symbology::Code128), QStringList{twelve()});
    QCOMPARE(decoded(image, Symbology::DataMatrix), QStringList{twelve()});

    // Text beside the Data Matrix stays clear of it, even with the stand-in font's widths.
    Result<LabelLayout> layout = LabelLayout::compute(label, format);
    QVERIFY(layout);
    for (const testzpl::Field &f : parsed.formats.value(0).fields) {
        if (f.kind != testzpl::Field::Kind::Text || f.blockWidth > 0)
            continue;
        const int right = f.x + QFontMetrics(testzpl::font0(f.height)).horizontalAdvance(f.data);
        QVERIFY2(right <= layout->dataMatrixQuiet().left(), qPrintable(f.data));
    }
}

void TestLabelZpl::interpreterCatchesBrokenStreams()
{
    // The interpreter must be able to fail, or the checks above prove nothing.
    const QByteArray unescaped = "^XA^PW400^LL200^FO8,8^A0N,20,20^FDA^XZ name^FS^XZ";
    QVERIFY(!testzpl::parse(unescaped).errors.isEmpty());
    QVERIFY(!testzpl::parse("^XA^PW400^LL200^FO8,8^A0N,20,20^FDx^FS").errors.isEmpty());
    QStringList errors;
    testzpl::Parsed forced = testzpl::parse("^XA^PW400^LL200^FO300,10^BXN,4,200,10,10^FDTST260001239^FS^XZ");
    QVERIFY(forced.errors.isEmpty());
    testzpl::render(forced.formats.value(0), errors);
    QVERIFY(!errors.isEmpty());
}

QTEST_MAIN(TestLabelZpl)
#include "tst_labelzpl.moc"
