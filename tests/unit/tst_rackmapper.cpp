// SPDX-License-Identifier: GPL-3.0-or-later
// Well mapping from symbol positions alone: no images, so every expected well is exact.

#include "rack/rackmapper.h"

#include <QTest>
#include <QTransform>

using namespace benchside;

class TestRackMapper : public QObject
{
    Q_OBJECT

private slots:
    void layoutParses_data();
    void layoutParses();
    void layoutRefusesNonsense_data();
    void layoutRefusesNonsense();
    void mapsTurnedRacks_data();
    void mapsTurnedRacks();
    void emptyEdgeRowsAndColumnsKeepTheirPlace();
    void duplicateCodesMarkBothWells();
    void unreadableSymbolsMarkTheirWell();
    void twoDifferentCodesInOneWellTrustNeither();
    void tooManyColumnsIsRefused();
    void nothingReadableIsRefused();
};

namespace {

const QSize Image(2000, 1400);
const double Pitch = 150;

QString code(int r, int c)
{
    return QStringLiteral("T%1%2").arg(QChar(u'A' + r)).arg(c + 1);
}

// A symbol for each (row, col) of an 8x12 rack centred in the image, turned by `degrees` about the
// image centre; each symbol's own orientation follows the rack.
QList<DecodedCode> symbols(const QList<QPoint> &wells, double degrees)
{
    const QPointF centre(Image.width() / 2.0, Image.height() / 2.0);
    const QTransform turn = QTransform::fromTranslate(-centre.x(), -centre.y()) *
                            QTransform().rotate(degrees) * QTransform::fromTranslate(centre.x(), centre.y());
    const QPointF a1 = centre - QPointF(5.5 * Pitch, 3.5 * Pitch);
    QList<DecodedCode> out;
    for (const QPoint &w : wells) {
        const QPointF p = turn.map(a1 + QPointF(w.x() * Pitch, w.y() * Pitch));
        DecodedCode d;
        d.text = code(w.y(), w.x());
        d.corners = QPolygonF(QRectF(p - QPointF(30, 30), QSizeF(60, 60)));
        d.orientation = int(std::lround(degrees > 180 ? degrees - 360 : degrees));
        out.append(d);
    }
    return out;
}

QList<QPoint> allWells()
{
    QList<QPoint> wells;
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 12; ++c)
            wells.append(QPoint(c, r));
    return wells;
}

const WellReading &well(const RackReading &r, const QString &name)
{
    for (const WellReading &w : r.wells)
        if (w.well == name)
            return w;
    qFatal("no well %s", qPrintable(name));
}

} // namespace

void TestRackMapper::layoutParses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("8x12") << "8x12" << 8 << 12;
    QTest::newRow("capital X and spaces") << " 8 X 12 " << 8 << 12;
    QTest::newRow("times sign") << QStringLiteral("4\u00d76") << 4 << 6;
    QTest::newRow("384 plate") << "16x24" << 16 << 24;
}

void TestRackMapper::layoutParses()
{
    QFETCH(QString, text);
    QFETCH(int, rows);
    QFETCH(int, cols);
    const Result<RackLayout> r = RackLayout::parse(text);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(r.value().rows, rows);
    QCOMPARE(r.value().cols, cols);
    QCOMPARE(r.value().wellName(rows - 1, cols - 1), QString(QChar(u'A' + rows - 1)) + QString::number(cols));
}

void TestRackMapper::layoutRefusesNonsense_data()
{
    QTest::addColumn<QString>("text");
    for (const char *t : {"", "8", "8x", "x12", "0x12", "8x0", "27x1", "1x49", "8y12", "-8x12", "8x12x3"})
        QTest::newRow(t) << QString::fromLatin1(t);
}

void TestRackMapper::layoutRefusesNonsense()
{
    QFETCH(QString, text);
    const Result<RackLayout> r = RackLayout::parse(text);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QLatin1String("8x12")), qPrintable(r.error()));
}

void TestRackMapper::mapsTurnedRacks_data()
{
    QTest::addColumn<double>("degrees");
    QTest::addColumn<bool>("upsideDown");
    for (double d : {0.0, 1.5, -3.0, 7.0, -10.0, 10.0})
        QTest::addRow("%+.1f degrees", d) << d << false;
    for (double d : {180.0, 183.0, 170.0, 190.0})
        QTest::addRow("%.0f degrees (upside down)", d) << d << true;
}

void TestRackMapper::mapsTurnedRacks()
{
    QFETCH(double, degrees);
    QFETCH(bool, upsideDown);
    const Result<RackReading> r = RackMapper::map(symbols(allWells(), degrees), {8, 12}, Image);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(r.value().upsideDown, upsideDown);
    QCOMPARE(r.value().wells.size(), 96);
    for (const WellReading &w : r.value().wells) {
        QCOMPARE(w.state, WellReading::State::Decoded);
        QCOMPARE(w.text, code(w.row, w.col));
        QCOMPARE(w.well, (RackLayout{8, 12}.wellName(w.row, w.col)));
    }
    QVERIFY(qAbs(r.value().pitch.width() - Pitch) < 1);
}

void TestRackMapper::emptyEdgeRowsAndColumnsKeepTheirPlace()
{
    // Row A, column 12 and a few inner wells are empty: the grid must not slide up or left.
    QList<QPoint> wells;
    for (const QPoint &w : allWells())
        if (w.y() != 0 && w.x() != 11 && w != QPoint(4, 3) && w != QPoint(0, 7))
            wells.append(w);
    for (double degrees : {0.0, 6.0, 180.0}) {
        const Result<RackReading> r = RackMapper::map(symbols(wells, degrees), {8, 12}, Image);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r.value().count(WellReading::State::Decoded), int(wells.size()));
        QCOMPARE(r.value().count(WellReading::State::Empty), 96 - int(wells.size()));
        QCOMPARE(well(r.value(), QStringLiteral("A1")).state, WellReading::State::Empty);
        QCOMPARE(well(r.value(), QStringLiteral("B12")).state, WellReading::State::Empty);
        QCOMPARE(well(r.value(), QStringLiteral("D5")).state, WellReading::State::Empty);
        QCOMPARE(well(r.value(), QStringLiteral("H1")).state, WellReading::State::Empty);
        QCOMPARE(well(r.value(), QStringLiteral("B1")).text, code(1, 0));
        QCOMPARE(well(r.value(), QStringLiteral("H11")).text, code(7, 10));
    }
}

void TestRackMapper::duplicateCodesMarkBothWells()
{
    QList<DecodedCode> codes = symbols(allWells(), 2);
    codes[13].text = codes[40].text; // B2 carries D5's code
    const Result<RackReading> r = RackMapper::map(codes, {8, 12}, Image);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(well(r.value(), QStringLiteral("B2")).state, WellReading::State::Duplicate);
    QCOMPARE(well(r.value(), QStringLiteral("D5")).state, WellReading::State::Duplicate);
    QCOMPARE(well(r.value(), QStringLiteral("B2")).text, code(3, 4));
    QCOMPARE(r.value().count(WellReading::State::Duplicate), 2);
    QCOMPARE(r.value().count(WellReading::State::Decoded), 94);
}

void TestRackMapper::unreadableSymbolsMarkTheirWell()
{
    QList<DecodedCode> codes = symbols(allWells(), -4);
    codes[25].readable = false; // C2
    codes[25].text.clear();
    codes.removeAt(60); // F1 empty
    const Result<RackReading> r = RackMapper::map(codes, {8, 12}, Image);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(well(r.value(), QStringLiteral("C2")).state, WellReading::State::Unreadable);
    QCOMPARE(well(r.value(), QStringLiteral("F1")).state, WellReading::State::Empty);
    QCOMPARE(r.value().count(WellReading::State::Decoded), 94);
}

void TestRackMapper::twoDifferentCodesInOneWellTrustNeither()
{
    QList<DecodedCode> codes = symbols(allWells(), 0);
    DecodedCode stray = codes.at(30);
    stray.text = QStringLiteral("STRAY");
    stray.corners.translate(8, 5);
    codes.append(stray);
    const Result<RackReading> r = RackMapper::map(codes, {8, 12}, Image);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(well(r.value(), QStringLiteral("C7")).state, WellReading::State::Unreadable);
    QVERIFY(well(r.value(), QStringLiteral("C7")).text.isEmpty());
}

void TestRackMapper::tooManyColumnsIsRefused()
{
    const Result<RackReading> r = RackMapper::map(symbols(allWells(), 0), {12, 8}, Image);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QLatin1String("12 columns")) && r.error().contains(QLatin1String("12x8")),
             qPrintable(r.error()));
}

void TestRackMapper::nothingReadableIsRefused()
{
    QList<DecodedCode> codes = symbols({QPoint(0, 0), QPoint(1, 0)}, 0);
    for (DecodedCode &c : codes)
        c.readable = false;
    const Result<RackReading> r = RackMapper::map(codes, {8, 12}, Image);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QLatin1String("No code")), qPrintable(r.error()));
}

QTEST_GUILESS_MAIN(TestRackMapper)
#include "tst_rackmapper.moc"
