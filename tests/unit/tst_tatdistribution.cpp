// SPDX-License-Identifier: GPL-3.0-or-later
// TatDistribution::summary(): percentiles by linear interpolation (R type 7, checked against
// values computed by hand), Tukey whiskers and outliers, and the degenerate cases.

#include "overview/tatdistribution.h"

#include <QTest>
#include <cmath>
#include <limits>

using namespace benchside;

class TestTatDistribution : public QObject
{
    Q_OBJECT

private slots:
    void percentile_data();
    void percentile();
    void summaryOfKnownData();
    void whiskersStopAtTheLastValueInsideTheFence();
    void orderOfInputDoesNotMatter();
    void emptyAndSingleValue();
    void nonFiniteValuesAreLeftOut();
    void overTargetCounts();
};

void TestTatDistribution::percentile_data()
{
    QTest::addColumn<QList<double>>("sorted");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<double>("expected");

    const QList<double> ten{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    QTest::newRow("median of even count") << ten << 0.5 << 5.5;
    QTest::newRow("lower quartile") << ten << 0.25 << 3.25;
    QTest::newRow("upper quartile") << ten << 0.75 << 7.75;
    QTest::newRow("p90") << ten << 0.9 << 9.1;
    QTest::newRow("minimum") << ten << 0.0 << 1.0;
    QTest::newRow("maximum") << ten << 1.0 << 10.0;
    QTest::newRow("median of odd count") << QList<double>{10, 20, 40} << 0.5 << 20.0;
    QTest::newRow("between two") << QList<double>{10, 20} << 0.25 << 12.5;
    QTest::newRow("single") << QList<double>{42} << 0.9 << 42.0;
    QTest::newRow("empty") << QList<double>{} << 0.5 << 0.0;
    QTest::newRow("fraction clamped") << QList<double>{1, 2} << 1.5 << 2.0;
}

void TestTatDistribution::percentile()
{
    QFETCH(QList<double>, sorted);
    QFETCH(double, fraction);
    QFETCH(double, expected);
    QCOMPARE(TatDistribution::percentile(sorted, fraction), expected);
}

void TestTatDistribution::summaryOfKnownData()
{
    // Twelve turnaround times of a chemistry bench, one very late (a lost tube).
    TatDistribution d{QStringLiteral("Chemistry"), {35, 40, 42, 45, 47, 50, 52, 55, 58, 60, 65, 240}, 60};
    const TatDistribution::Summary s = d.summary();
    QCOMPARE(s.count, 12);
    QCOMPARE(s.minimum, 35.0);
    QCOMPARE(s.maximum, 240.0);
    // rank = p * 11: Q1 at 2.75 → 42 + 0.75 * 3; median at 5.5 → (50 + 52) / 2; Q3 at 8.25 → 58 + 0.25 * 2;
    // p90 at 9.9 → 60 + 0.9 * 5.
    QCOMPARE(s.lowerQuartile, 44.25);
    QCOMPARE(s.median, 51.0);
    QCOMPARE(s.upperQuartile, 58.5);
    QCOMPARE(s.p90, 64.5);
    // IQR 14.25, fences 22.875 and 79.875.
    QCOMPARE(s.lowerWhisker, 35.0);
    QCOMPARE(s.upperWhisker, 65.0);
    QCOMPARE(s.outliers, QList<double>{240});
    QCOMPARE(s.overTarget, 2);
    QVERIFY(!s.isEmpty());
}

void TestTatDistribution::whiskersStopAtTheLastValueInsideTheFence()
{
    // Q1 = 20, Q3 = 30 (rank 1 and 3 of 0..4), fences 5 and 45: 1 and 100 are outliers,
    // the whiskers end on the values inside the fences, not on the fences themselves.
    TatDistribution d{QStringLiteral("Hematology"), {1, 20, 25, 30, 100}, 0};
    TatDistribution::Summary s = d.summary();
    QCOMPARE(s.lowerQuartile, 20.0);
    QCOMPARE(s.upperQuartile, 30.0);
    QCOMPARE(s.lowerWhisker, 20.0);
    QCOMPARE(s.upperWhisker, 30.0);
    QCOMPARE(s.outliers, (QList<double>{1, 100}));

    // A value exactly on the fence is inside.
    d.minutes = {5, 20, 25, 30, 45};
    s = d.summary();
    QCOMPARE(s.lowerWhisker, 5.0);
    QCOMPARE(s.upperWhisker, 45.0);
    QVERIFY(s.outliers.isEmpty());
}

void TestTatDistribution::orderOfInputDoesNotMatter()
{
    const TatDistribution sorted{QStringLiteral("A"), {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0};
    const TatDistribution shuffled{QStringLiteral("A"), {7, 1, 10, 3, 9, 2, 8, 5, 4, 6}, 0};
    const TatDistribution::Summary a = sorted.summary(), b = shuffled.summary();
    QCOMPARE(b.median, a.median);
    QCOMPARE(b.lowerQuartile, 3.25);
    QCOMPARE(b.upperQuartile, 7.75);
    QCOMPARE(b.p90, 9.1);
    QCOMPARE(b.lowerWhisker, 1.0);
    QCOMPARE(b.upperWhisker, 10.0);
}

void TestTatDistribution::emptyAndSingleValue()
{
    const TatDistribution empty{QStringLiteral("Serology"), {}, 60};
    const TatDistribution::Summary e = empty.summary();
    QVERIFY(e.isEmpty());
    QCOMPARE(e.count, 0);
    QCOMPARE(e.median, 0.0);
    QCOMPARE(e.overTarget, 0);
    QVERIFY(e.outliers.isEmpty());

    const TatDistribution single{QStringLiteral("Urinalysis"), {73}, 60};
    const TatDistribution::Summary s = single.summary();
    QCOMPARE(s.count, 1);
    for (double v : {s.minimum, s.lowerQuartile, s.median, s.upperQuartile, s.p90, s.maximum, s.lowerWhisker,
                     s.upperWhisker})
        QCOMPARE(v, 73.0);
    QVERIFY(s.outliers.isEmpty());
    QCOMPARE(s.overTarget, 1);
}

void TestTatDistribution::nonFiniteValuesAreLeftOut()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const TatDistribution d{QStringLiteral("Coag"), {nan, 10, inf, 30, 20, -inf}, 0};
    const TatDistribution::Summary s = d.summary();
    QCOMPARE(s.count, 3);
    QCOMPARE(s.median, 20.0);
    QCOMPARE(s.maximum, 30.0);
    QVERIFY(std::isfinite(s.p90));
    QCOMPARE(TatDistribution({QStringLiteral("x"), {nan}, 0}).summary().count, 0);
}

void TestTatDistribution::overTargetCounts()
{
    TatDistribution d{QStringLiteral("K"), {10, 60, 60, 61, 90}, 60};
    QVERIFY(d.hasTarget());
    // On target is not over it.
    QCOMPARE(d.summary().overTarget, 2);
    d.targetMinutes = 0;
    QVERIFY(!d.hasTarget());
    QCOMPARE(d.summary().overTarget, 0);
}

QTEST_APPLESS_MAIN(TestTatDistribution)
#include "tst_tatdistribution.moc"
