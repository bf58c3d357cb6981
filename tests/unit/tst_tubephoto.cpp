// SPDX-License-Identifier: GPL-3.0-or-later
// One tube photographed: the code comes back exactly, or a message says why not. Never a guess.

#include "accession/accessionnumber.h"
#include "barcode/barcodewriter.h"
#include "barcode/imagedecoder.h"
#include "barcode/imagescan.h"
#include "syntheticimages.h"

#include <QDir>
#include <QFile>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;

class TestTubePhoto : public QObject
{
    Q_OBJECT

private slots:
    void readsTubePhotos_data();
    void readsTubePhotos();
    void labelWithTwoSymbolsOfOneCodeIsOneScan();
    void twoDifferentCodesAreRefused();
    void imageWithoutCodeIsRefused();
    void damagedBarsNeverGiveAnotherCode();
    void filesThatAreNotImages_data();
    void filesThatAreNotImages();
    void writerRefusesWhatItCannotEncode();
    void writerRoundTrip_data();
    void writerRoundTrip();
};

namespace {

// A function, not a global: AccessionNumber's own tables are statics of another file.
QString accession()
{
    return AccessionNumber::compose(QStringLiteral("BS"), 26, 123457);
}

} // namespace

void TestTubePhoto::readsTubePhotos_data()
{
    QTest::addColumn<int>("symbology");
    QTest::addColumn<double>("degrees");
    QTest::addColumn<int>("blur");
    QTest::addColumn<double>("contrast");
    QTest::addColumn<int>("noise");

    const int code128 = int(Symbology::Code128);
    QTest::newRow("Code 128 straight") << code128 << 0.0 << 0 << 1.0 << 0;
    QTest::newRow("Code 128 turned 10 degrees") << code128 << 10.0 << 0 << 1.0 << 0;
    QTest::newRow("Code 128 turned -7 degrees") << code128 << -7.0 << 0 << 1.0 << 0;
    QTest::newRow("Code 128 upside down") << code128 << 180.0 << 0 << 1.0 << 0;
    QTest::newRow("Code 128 slightly blurred") << code128 << 0.0 << 1 << 1.0 << 0;
    QTest::newRow("Code 128 low contrast") << code128 << 0.0 << 0 << 0.3 << 0;
    QTest::newRow("Code 128 noisy") << code128 << 0.0 << 0 << 1.0 << 20;
    QTest::newRow("Code 128 all at once") << code128 << 5.0 << 1 << 0.5 << 10;
    QTest::newRow("Data Matrix straight") << int(Symbology::DataMatrix) << 0.0 << 0 << 1.0 << 0;
    QTest::newRow("Data Matrix turned and blurred") << int(Symbology::DataMatrix) << 8.0 << 1 << 0.6 << 8;
    QTest::newRow("Data Matrix upside down") << int(Symbology::DataMatrix) << 180.0 << 0 << 1.0 << 0;
    QTest::newRow("QR code") << int(Symbology::QRCode) << -4.0 << 1 << 0.7 << 5;
}

void TestTubePhoto::readsTubePhotos()
{
    QFETCH(int, symbology);
    QFETCH(double, degrees);
    QFETCH(int, blur);
    QFETCH(double, contrast);
    QFETCH(int, noise);
    const Symbology s = Symbology(symbology);
    QImage photo = synthetic::tube(accession(), s, s == Symbology::Code128 ? 3 : 8);
    if (degrees != 0)
        photo = synthetic::rotated(photo, degrees);
    if (blur)
        photo = synthetic::blurred(photo, blur);
    if (contrast != 1)
        photo = synthetic::lowContrast(photo, contrast);
    if (noise)
        photo = synthetic::noisy(photo, noise);

    const Result<QString> code = ImageScan::read(photo);
    QVERIFY2(code.ok(), qPrintable(code.error()));
    QCOMPARE(code.value(), accession());

    const QList<DecodedCode> found = ImageDecoder().decode(photo);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().symbology, s);
    // The position is where the symbol was drawn: the middle of the photo.
    QVERIFY(QLineF(found.first().center(), QPointF(photo.width() / 2.0, photo.height() / 2.0)).length() < 60);
}

void TestTubePhoto::labelWithTwoSymbolsOfOneCodeIsOneScan()
{
    QImage label(1200, 500, QImage::Format_Grayscale8);
    label.fill(Qt::white);
    QPainter p(&label);
    p.drawImage(
        20, 100,
        BarcodeWriter::toImage(BarcodeWriter::encode(Symbology::Code128, accession()).value(), 3, 200));
    p.drawImage(
        900, 120,
        BarcodeWriter::toImage(BarcodeWriter::encode(Symbology::DataMatrix, accession()).value(), 10));
    p.end();
    const Result<QString> code = ImageScan::read(label);
    QVERIFY2(code.ok(), qPrintable(code.error()));
    QCOMPARE(code.value(), accession());
}

void TestTubePhoto::twoDifferentCodesAreRefused()
{
    const QString other = AccessionNumber::compose(QStringLiteral("BS"), 26, 123458);
    for (Symbology s : {Symbology::Code128, Symbology::DataMatrix}) {
        QImage photo(1400, 600, QImage::Format_Grayscale8);
        photo.fill(Qt::white);
        QPainter p(&photo);
        const int module = s == Symbology::Code128 ? 3 : 10;
        p.drawImage(40, 150,
                    BarcodeWriter::toImage(BarcodeWriter::encode(s, accession()).value(), module, 200));
        p.drawImage(760, 150, BarcodeWriter::toImage(BarcodeWriter::encode(s, other).value(), module, 200));
        p.end();
        const Result<QString> code = ImageScan::read(photo);
        QVERIFY2(!code.ok(), qPrintable(code.value()));
        QVERIFY2(code.error().contains(QLatin1String("2 different codes")) &&
                     code.error().contains(accession()) && code.error().contains(other),
                 qPrintable(code.error()));
    }
}

void TestTubePhoto::imageWithoutCodeIsRefused()
{
    QImage photo(800, 600, QImage::Format_Grayscale8);
    photo.fill(QColor(200, 200, 200));
    QPainter p(&photo);
    p.setBrush(Qt::black);
    p.drawEllipse(QPointF(400, 300), 120, 80); // a tube cap, not a code
    p.end();
    const Result<QString> code = ImageScan::read(synthetic::noisy(photo, 10));
    QVERIFY(!code.ok());
    QVERIFY2(code.error().contains(QLatin1String("No barcode")), qPrintable(code.error()));
}

void TestTubePhoto::damagedBarsNeverGiveAnotherCode()
{
    // Paint over one module at a time: the check character must make every damaged read fail or
    // still give the printed code, never a different one.
    const BarcodeSymbol symbol = BarcodeWriter::encode(Symbology::Code128, accession()).value();
    int unreadable = 0;
    for (int x = 0; x < symbol.width; ++x) {
        BarcodeSymbol damaged = symbol;
        damaged.dark[x] = !damaged.dark[x];
        const QImage photo = synthetic::noisy(BarcodeWriter::toImage(damaged, 3, 120), 5, quint32(x));
        const Result<QString> code = ImageScan::read(photo);
        if (code.ok())
            QCOMPARE(code.value(), accession());
        else
            ++unreadable;
    }
    QVERIFY2(unreadable > symbol.width / 2, qPrintable(QString::number(unreadable)));
}

void TestTubePhoto::filesThatAreNotImages_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("says");
    QByteArray png;
    {
        QImage image(40, 40, QImage::Format_Grayscale8);
        image.fill(Qt::white);
        QFile f(QDir::temp().filePath(QStringLiteral("bs-imagescan-probe.png")));
        QVERIFY(image.save(&f, "PNG"));
        f.close();
        QVERIFY(f.open(QIODevice::ReadOnly));
        png = f.readAll();
        f.remove();
    }
    QTest::newRow("text file") << QByteArray("accession,patient\n") << "list.png"
                               << "not an image";
    QTest::newRow("truncated PNG") << png.left(png.size() / 2) << "cut.png"
                                   << "not an image";
    QTest::newRow("empty file") << QByteArray() << "empty.jpg"
                                << "not an image";
    QTest::newRow("missing file") << QByteArray() << ""
                                  << "does not exist";
}

void TestTubePhoto::filesThatAreNotImages()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, name);
    QFETCH(QString, says);
    QTemporaryDir dir;
    QString path = dir.filePath(name.isEmpty() ? QStringLiteral("nothing-here.png") : name);
    if (!name.isEmpty()) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const Result<QImage> image = ImageDecoder::load(path);
    QVERIFY(!image.ok());
    QVERIFY2(image.error().contains(says) && image.error().contains(path), qPrintable(image.error()));
}

void TestTubePhoto::writerRefusesWhatItCannotEncode()
{
    QVERIFY(!BarcodeWriter::encode(Symbology::Code128, QString()).ok());
    const Result<BarcodeSymbol> tooLong =
        BarcodeWriter::encode(Symbology::DataMatrix, QString(5000, QLatin1Char('7')));
    QVERIFY(!tooLong.ok());
    QVERIFY2(tooLong.error().contains(QLatin1String("cannot be encoded")), qPrintable(tooLong.error()));
}

void TestTubePhoto::writerRoundTrip_data()
{
    QTest::addColumn<int>("symbology");
    QTest::newRow("Code 128") << int(Symbology::Code128);
    QTest::newRow("Data Matrix") << int(Symbology::DataMatrix);
    QTest::newRow("QR code") << int(Symbology::QRCode);
}

void TestTubePhoto::writerRoundTrip()
{
    QFETCH(int, symbology);
    const Result<BarcodeSymbol> symbol = BarcodeWriter::encode(Symbology(symbology), accession());
    QVERIFY2(symbol.ok(), qPrintable(symbol.error()));
    QCOMPARE(symbol.value().isLinear(), Symbology(symbology) == Symbology::Code128);
    QCOMPARE(symbol.value().dark.size(), qsizetype(symbol.value().width) * symbol.value().height);
    const QImage image = BarcodeWriter::toImage(symbol.value(), 4, 100);
    // The quiet zone is white all round.
    for (int x = 0; x < image.width(); ++x)
        QCOMPARE(qGray(image.pixel(x, 0)), 255);
    const QList<DecodedCode> codes = ImageDecoder().decode(image);
    QCOMPARE(codes.size(), 1);
    QCOMPARE(codes.first().text, accession());
    QCOMPARE(int(codes.first().symbology), symbology);
}

QTEST_GUILESS_MAIN(TestTubePhoto)
#include "tst_tubephoto.moc"
