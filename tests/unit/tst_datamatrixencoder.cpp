// SPDX-License-Identifier: GPL-3.0-or-later
// The square Data Matrix encoder: the standard's own example, ZXing reading back every size, and
// ZXing's writer agreeing bit for bit wherever it picks the same square.

#include "accession/accessionnumber.h"
#include "barcode/barcodewriter.h"
#include "barcode/datamatrixencoder.h"
#include "barcode/imagedecoder.h"

#include <QTest>

using namespace benchside;

class TestDataMatrixEncoder : public QObject
{
    Q_OBJECT

private slots:
    void standardExample();
    void readsBackAtEverySize_data();
    void readsBackAtEverySize();
    void accessionNumbersAreAlwaysSquare();
    void agreesWithZXingWhereBothAreSquare();
    void tooLongIsLeftToZXing();
};

namespace {

QString decoded(const BarcodeSymbol &symbol)
{
    ImageDecoder::Options options;
    options.symbologies = {Symbology::DataMatrix};
    const QList<DecodedCode> codes = ImageDecoder(options).decode(BarcodeWriter::toImage(symbol, 4));
    return codes.size() == 1 ? codes.first().text : QStringLiteral("<%1 codes>").arg(codes.size());
}

} // namespace

void TestDataMatrixEncoder::standardExample()
{
    // ISO/IEC 16022's worked example: "123456" in a 10x10 symbol.
    const QList<quint8> data = DataMatrixEncoder::codewords(QStringLiteral("123456"));
    QCOMPARE(data, (QList<quint8>{142, 164, 186}));
    QCOMPARE(DataMatrixEncoder::errorCorrection(data, 5), (QList<quint8>{114, 25, 5, 88, 102}));
    const std::optional<BarcodeSymbol> s = DataMatrixEncoder::encode(QStringLiteral("123456"));
    QVERIFY(s);
    QCOMPARE(s->width, 10);
    QCOMPARE(decoded(*s), QStringLiteral("123456"));
}

void TestDataMatrixEncoder::readsBackAtEverySize_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("size");
    // Text that fills each symbol size (digits pack two to a codeword; letters take one each).
    const QList<QPair<int, int>> sizes{{10, 3},  {12, 5},  {14, 8},  {16, 12}, {18, 18},
                                       {20, 22}, {22, 30}, {24, 36}, {26, 44}};
    for (const auto &[size, words] : sizes) {
        QTest::addRow("%dx%d letters", size, size) << QString(words, QLatin1Char('K')) << size;
        QTest::addRow("%dx%d digits", size, size) << QString(2 * words, QLatin1Char('4')) << size;
        QTest::addRow("%dx%d one short (pads)", size, size) << QString(words - 1, QLatin1Char('q')) << size;
    }
    QTest::newRow("Latin-1 name (two codewords per umlaut)") << QStringLiteral("M\u00fcller, J\u00f6rg") << 18;
    QTest::newRow("lower case and punctuation") << QStringLiteral("tube #7 / rack B") << 18;
}

void TestDataMatrixEncoder::readsBackAtEverySize()
{
    QFETCH(QString, text);
    QFETCH(int, size);
    const std::optional<BarcodeSymbol> s = DataMatrixEncoder::encode(text);
    QVERIFY(s);
    QCOMPARE(s->width, size);
    QCOMPARE(s->height, size);
    QCOMPARE(decoded(*s), text);
}

void TestDataMatrixEncoder::accessionNumbersAreAlwaysSquare()
{
    // ZXing's own writer turns 13-character numbers into 8x32 rectangles.
    for (const QString &prefix : {QStringLiteral("A"), QStringLiteral("BS"), QStringLiteral("TST"),
                                  QStringLiteral("DEMO"), QStringLiteral("LABXY")}) {
        for (qint64 seq : {1, 414, 99999, 123456}) {
            const QString number = AccessionNumber::compose(prefix, 26, seq);
            const Result<BarcodeSymbol> s = BarcodeWriter::encode(Symbology::DataMatrix, number);
            QVERIFY2(s.ok(), qPrintable(s.error()));
            QVERIFY2(s.value().width == s.value().height, qPrintable(number));
            QCOMPARE(decoded(s.value()), number);
        }
    }
}

void TestDataMatrixEncoder::agreesWithZXingWhereBothAreSquare()
{
    int compared = 0;
    for (int seq = 0; seq < 400; seq += 7) {
        const QString number = AccessionNumber::compose(QStringLiteral("BS"), 26, seq);
        const std::optional<BarcodeSymbol> ours = DataMatrixEncoder::encode(number);
        QVERIFY(ours);
        // Through ZXing's own writer: BarcodeWriter would take ours.
        const Result<BarcodeSymbol> theirs = BarcodeWriter::encodeWithZXing(Symbology::DataMatrix, number);
        QVERIFY(theirs.ok());
        if (theirs.value().width != ours->width || theirs.value().height != ours->height)
            continue;
        ++compared;
        QVERIFY2(theirs.value().dark == ours->dark, qPrintable(number));
    }
    QVERIFY2(compared > 40, qPrintable(QString::number(compared)));
}

void TestDataMatrixEncoder::tooLongIsLeftToZXing()
{
    QVERIFY(!DataMatrixEncoder::encode(QString(45, QLatin1Char('Z'))));
    QVERIFY(!DataMatrixEncoder::encode(QString()));
    QVERIFY(!DataMatrixEncoder::encode(QStringLiteral("\u4e2d")));
    const Result<BarcodeSymbol> fallback =
        BarcodeWriter::encode(Symbology::DataMatrix, QString(60, QLatin1Char('Z')));
    QVERIFY2(fallback.ok(), qPrintable(fallback.error()));
    QCOMPARE(decoded(fallback.value()), QString(60, QLatin1Char('Z')));
}

QTEST_GUILESS_MAIN(TestDataMatrixEncoder)
#include "tst_datamatrixencoder.moc"
