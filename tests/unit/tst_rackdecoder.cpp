// SPDX-License-Identifier: GPL-3.0-or-later
// Rack images made by the test itself (ZXing's writer, then QImage distortions): every tube must be
// read into its own well, empty wells reported empty, a damaged code unreadable, and nothing misread.

#include "accession/accessionnumber.h"
#include "rack/rackdecoder.h"
#include "syntheticimages.h"

#include <QElapsedTimer>
#include <QTest>

using namespace benchside;
using synthetic::Well;

class TestRackDecoder : public QObject
{
    Q_OBJECT

private slots:
    void readsEveryWell_data();
    void readsEveryWell();
    void turnedRacksAcrossSeeds();
    void longerNumbersGiveDenserSymbols();
    void duplicateLabelsAreFlagged();
    void otherRackSizes();
    void blankImageIsRefused();
};

namespace {

struct Distortion
{
    double degrees = 0;
    int blur = 0;
    double contrast = 1;
    int noise = 0;
    double jitter = 0;
    bool firstRowEmpty = false;
};

// 96 wells: a distinct accession number in each, some empty, D5 damaged.
synthetic::RackSpec spec(const Distortion &d, quint32 seed)
{
    synthetic::RackSpec s;
    s.seed = seed;
    s.tubeJitterDegrees = d.jitter;
    // A turned rack must still fit in the frame, as on a scanner bed.
    s.fill = d.degrees == 0 || d.degrees == 180 ? 0.94 : 0.8;
    for (int i = 0; i < 96; ++i) {
        Well w;
        w.text = AccessionNumber::compose(QStringLiteral("BS"), 26, 5000 + i * 7 + seed);
        if (i % 17 == 5 || (d.firstRowEmpty && i < 12))
            w.content = Well::Content::Empty;
        else if (i == 40)
            w.content = Well::Content::Damaged;
        s.wells.append(w);
    }
    return s;
}

QImage distorted(const synthetic::RackSpec &s, const Distortion &d)
{
    QImage image = synthetic::rack(s);
    if (d.degrees != 0)
        image = synthetic::rotated(image, d.degrees);
    if (d.blur > 0)
        image = synthetic::blurred(image, d.blur);
    if (d.contrast != 1)
        image = synthetic::lowContrast(image, d.contrast);
    if (d.noise > 0)
        image = synthetic::noisy(image, d.noise);
    return image;
}

} // namespace

Q_DECLARE_METATYPE(Distortion)

void TestRackDecoder::readsEveryWell_data()
{
    QTest::addColumn<Distortion>("distortion");
    QTest::newRow("straight") << Distortion{};
    QTest::newRow("turned 3 degrees") << Distortion{3};
    QTest::newRow("turned -7 degrees") << Distortion{-7};
    QTest::newRow("turned 10 degrees") << Distortion{10};
    QTest::newRow("turned -10 degrees") << Distortion{-10};
    QTest::newRow("upside down") << Distortion{180};
    QTest::newRow("upside down and 4 degrees") << Distortion{184};
    QTest::newRow("upside down and -10 degrees") << Distortion{170};
    QTest::newRow("slightly blurred") << Distortion{0, 1};
    QTest::newRow("blurred more") << Distortion{0, 2};
    QTest::newRow("low contrast (0.4)") << Distortion{0, 0, 0.4};
    QTest::newRow("very low contrast (0.25)") << Distortion{0, 0, 0.25};
    QTest::newRow("sensor noise +-15") << Distortion{0, 0, 1, 15};
    QTest::newRow("tubes turned in their wells") << Distortion{0, 0, 1, 0, 12};
    QTest::newRow("everything at once") << Distortion{-6, 1, 0.6, 8, 6};
    QTest::newRow("first row empty, turned") << Distortion{5, 1, 0.8, 5, 4, true};
    QTest::newRow("first row empty, upside down") << Distortion{180, 0, 1, 0, 0, true};
}

void TestRackDecoder::readsEveryWell()
{
    QFETCH(Distortion, distortion);
    const synthetic::RackSpec s = spec(distortion, 11);
    const QImage image = distorted(s, distortion);

    QElapsedTimer timer;
    timer.start();
    const Result<RackReading> read = RackDecoder().read(image, {8, 12});
    const qint64 ms = timer.elapsed();
    QVERIFY2(read.ok(), qPrintable(read.error()));
    const RackReading &r = read.value();
    QCOMPARE(r.wells.size(), 96);
    QCOMPARE(r.upsideDown, distortion.degrees > 90);

    for (const WellReading &w : r.wells) {
        const Well &truth = s.wells.at(w.row * 12 + w.col);
        const char *name = qPrintable(w.well);
        switch (truth.content) {
        case Well::Content::Tube:
            QVERIFY2(w.state == WellReading::State::Decoded, name);
            QVERIFY2(w.text == truth.text,
                     qPrintable(w.well + QLatin1Char(' ') + w.text + QStringLiteral(" != ") + truth.text));
            break;
        case Well::Content::Empty:
            QVERIFY2(w.state == WellReading::State::Empty, name);
            break;
        case Well::Content::Damaged:
            QVERIFY2(w.state == WellReading::State::Unreadable, name);
            QVERIFY(w.text.isEmpty());
            break;
        }
    }
    // Far below the 250 ms target even in a debug or sanitizer build; the benchmark measures it properly.
    QVERIFY2(ms < 5000, qPrintable(QString::number(ms)));
}

void TestRackDecoder::turnedRacksAcrossSeeds()
{
    // Symbols turned 10 degrees and more (rack angle plus tube jitter) are where ZXing 1.4 misses
    // most; the upright second look must read them all.
    int tubes = 0;
    for (quint32 seed = 1; seed <= 7; ++seed) {
        for (double degrees : {-10.0, -7.0, 7.0, 10.0}) {
            const Distortion d{degrees, 0, 1, 0, 4};
            const synthetic::RackSpec s = spec(d, seed);
            const Result<RackReading> r = RackDecoder().read(distorted(s, d), {8, 12});
            QVERIFY2(r.ok(), qPrintable(r.error()));
            for (const WellReading &w : r.value().wells) {
                const Well &truth = s.wells.at(w.row * 12 + w.col);
                if (truth.content != Well::Content::Tube)
                    continue;
                ++tubes;
                QVERIFY2(w.state == WellReading::State::Decoded && w.text == truth.text,
                         qPrintable(QStringLiteral("seed %1, %2 degrees, %3: %4")
                                        .arg(seed)
                                        .arg(degrees)
                                        .arg(w.well, WellReading::stateName(w.state))));
            }
        }
    }
    QCOMPARE(tubes, 7 * 4 * 89);
}

void TestRackDecoder::longerNumbersGiveDenserSymbols()
{
    // 13 characters need a 16x16 symbol (ZXing's own writer would make an 8x32 rectangle), so each
    // module is smaller than with the 14x14 symbols above.
    synthetic::RackSpec s;
    s.fill = 0.8;
    s.tubeJitterDegrees = 4;
    for (int i = 0; i < 96; ++i)
        s.wells.append({i % 11 == 4 ? Well::Content::Empty : Well::Content::Tube,
                        AccessionNumber::compose(QStringLiteral("DEMO"), 26, 400 + i)});
    const Result<RackReading> r =
        RackDecoder().read(synthetic::blurred(synthetic::rotated(synthetic::rack(s), -6), 1), {8, 12});
    QVERIFY2(r.ok(), qPrintable(r.error()));
    for (const WellReading &w : r.value().wells) {
        const Well &truth = s.wells.at(w.row * 12 + w.col);
        if (truth.content == Well::Content::Empty) {
            QVERIFY2(w.state == WellReading::State::Empty, qPrintable(w.well));
        } else {
            QVERIFY2(w.state == WellReading::State::Decoded, qPrintable(w.well));
            QCOMPARE(w.text, truth.text);
        }
    }
}

void TestRackDecoder::duplicateLabelsAreFlagged()
{
    synthetic::RackSpec s = spec({}, 3);
    s.wells[13].text = s.wells[70].text; // B2 and F11 carry the same label
    const Result<RackReading> r = RackDecoder().read(synthetic::rack(s), {8, 12});
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(r.value().wells.at(13).state, WellReading::State::Duplicate);
    QCOMPARE(r.value().wells.at(70).state, WellReading::State::Duplicate);
    QCOMPARE(r.value().wells.at(13).text, s.wells.at(70).text);
    QCOMPARE(r.value().count(WellReading::State::Duplicate), 2);
}

void TestRackDecoder::otherRackSizes()
{
    for (const QSize shape : {QSize(6, 4), QSize(10, 5)}) {
        synthetic::RackSpec s;
        s.cols = shape.width();
        s.rows = shape.height();
        s.size = QSize(1200, 900);
        for (int i = 0; i < s.rows * s.cols; ++i)
            s.wells.append({i == 2 ? Well::Content::Empty : Well::Content::Tube,
                            AccessionNumber::compose(QStringLiteral("R"), 26, 100 + i)});
        const Result<RackReading> r = RackDecoder().read(synthetic::rack(s), {s.rows, s.cols});
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r.value().count(WellReading::State::Decoded), s.rows * s.cols - 1);
        QCOMPARE(r.value().wells.at(2).state, WellReading::State::Empty);
        QCOMPARE(r.value().wells.last().text, s.wells.last().text);
    }
}

void TestRackDecoder::blankImageIsRefused()
{
    QImage blank(2000, 1400, QImage::Format_Grayscale8);
    blank.fill(Qt::gray);
    const Result<RackReading> r = RackDecoder().read(blank, {8, 12});
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QLatin1String("No code")), qPrintable(r.error()));
}

QTEST_GUILESS_MAIN(TestRackDecoder)
#include "tst_rackdecoder.moc"
