// SPDX-License-Identifier: GPL-3.0-or-later
// QcStatistics, QcTargetEstimator and LeveyJenningsData: figures checked by hand.

#include "qc/leveyjenningsdata.h"
#include "qc/qcstatistics.h"
#include "qc/qctargetestimator.h"

#include <QTest>
#include <cmath>

using namespace benchside;

namespace {
// Control 1 of the cholesterol exercise in Westgard QC's Levey-Jennings lesson
// (westgard.com/lssn12p2.htm), days 1–28; the target there is mean 200 mg/dL, SD 4.0.
const QList<double> Control1{200, 205, 195, 202, 186, 207, 194, 209, 200, 196, 190, 204, 196, 207,
                             200, 205, 209, 197, 196, 198, 197, 195, 198, 199, 191, 197, 190, 202};

void compareClose(double actual, double expected, double tolerance)
{
    QVERIFY2(std::abs(actual - expected) <= tolerance,
             qPrintable(QStringLiteral("%1, expected %2").arg(actual, 0, 'g', 12).arg(expected, 0, 'g', 12)));
}
} // namespace

class TestQcStatistics : public QObject
{
    Q_OBJECT

private slots:
    void smallSetByHand();
    void lessonControl();
    void edgeCases();
    void largeCloseValues();
    void targetFromFirstTwenty();
    void targetRefused();
    void leveyJenningsData();
    void leveyJenningsDataRefusesBadTargets();
};

void TestQcStatistics::smallSetByHand()
{
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32;
    // sample variance 32/7, SD √(32/7) = 2.138090; CV 42.7618 %. Target 4: bias +1, +25 %.
    const QcStatistics s = QcStatistics::compute({2, 4, 4, 4, 5, 5, 7, 9}, QcTarget{4, 1});
    QCOMPARE(s.n, 8);
    QCOMPARE(*s.mean, 5.0);
    compareClose(*s.sd, std::sqrt(32.0 / 7.0), 1e-12);
    compareClose(*s.sd, 2.138090, 5e-7);
    compareClose(*s.cvPercent, 42.7618, 5e-5);
    QCOMPARE(*s.bias, 1.0);
    QCOMPARE(*s.biasPercent, 25.0);
}

void TestQcStatistics::lessonControl()
{
    // All 28 days: sum 5565, mean 198.75; squared deviations 937.25 (by hand from the
    // deviations 1.25, 6.25, −3.75, …); SD √(937.25/27) = 5.891771; CV 2.964413 %;
    // bias against 200: −1.25 mg/dL, −0.625 %.
    const QcStatistics s = QcStatistics::compute(Control1, QcTarget{200, 4});
    QCOMPARE(s.n, 28);
    QCOMPARE(*s.mean, 198.75);
    compareClose(*s.sd, 5.891771, 5e-7);
    compareClose(*s.cvPercent, 2.964413, 5e-7);
    QCOMPARE(*s.bias, -1.25);
    QCOMPARE(*s.biasPercent, -0.625);
}

void TestQcStatistics::edgeCases()
{
    QcStatistics s = QcStatistics::compute({});
    QCOMPARE(s.n, 0);
    QVERIFY(!s.mean && !s.sd && !s.cvPercent && !s.bias);

    s = QcStatistics::compute({7.5}, QcTarget{7, 0.5});
    QCOMPARE(s.n, 1);
    QCOMPARE(*s.mean, 7.5);
    QVERIFY(!s.sd); // one value has no sample SD
    QVERIFY(!s.cvPercent);
    QCOMPARE(*s.bias, 0.5);

    // Values that are not numbers are left out, not counted.
    s = QcStatistics::compute({1, std::nan(""), 3, INFINITY});
    QCOMPARE(s.n, 2);
    QCOMPARE(*s.mean, 2.0);
    compareClose(*s.sd, std::sqrt(2.0), 1e-12);
    QVERIFY(!s.bias); // no target

    // A mean of zero has no CV; a target mean of zero no percentage bias.
    s = QcStatistics::compute({-1, 1}, QcTarget{0, 1});
    QCOMPARE(*s.mean, 0.0);
    QVERIFY(s.sd);
    QVERIFY(!s.cvPercent);
    QCOMPARE(*s.bias, 0.0);
    QVERIFY(!s.biasPercent);
}

void TestQcStatistics::largeCloseValues()
{
    // 1e9 + {4, 7, 13, 16}: mean 1e9 + 10, deviations −6, −3, 3, 6, SD √(90/3) = √30. A one-pass
    // sum of squares loses this to cancellation; the two-pass formula keeps it.
    const QcStatistics s = QcStatistics::compute({1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16});
    QCOMPARE(*s.mean, 1e9 + 10);
    compareClose(*s.sd, std::sqrt(30.0), 1e-9);
}

void TestQcStatistics::targetFromFirstTwenty()
{
    // Days 1–20: sum 3996, mean 199.8; squared deviations 747.2; SD √(747.2/19) = 6.271070.
    // Days 21–28 are not used: the target is frozen after 20.
    const Result<QcTarget> t = QcTargetEstimator::estimate(Control1);
    QVERIFY2(t.ok(), qPrintable(t.error()));
    compareClose(t->mean, 199.8, 1e-12);
    compareClose(t->sd, 6.271070, 5e-7);
    const Result<QcTarget> first20 = QcTargetEstimator::estimate(Control1.first(20));
    QVERIFY(first20.ok());
    QCOMPARE(first20->mean, t->mean);
    QCOMPARE(first20->sd, t->sd);

    // Values that are not numbers are skipped, and the next value takes their place.
    QList<double> withGap = Control1;
    withGap.insert(3, std::nan(""));
    const Result<QcTarget> gap = QcTargetEstimator::estimate(withGap);
    QVERIFY(gap.ok());
    QCOMPARE(gap->mean, t->mean);
}

void TestQcStatistics::targetRefused()
{
    const Result<QcTarget> few = QcTargetEstimator::estimate(Control1.first(14));
    QVERIFY(!few.ok());
    QVERIFY2(few.error().contains(QStringLiteral("14 of the 20")) &&
                 few.error().contains(QStringLiteral("6 more")),
             qPrintable(few.error()));
    QVERIFY(!QcTargetEstimator::estimate(Control1.first(19)).ok());
    QVERIFY(QcTargetEstimator::estimate(Control1.first(20)).ok());
    QVERIFY(!QcTargetEstimator::estimate({}).ok());

    const Result<QcTarget> flat = QcTargetEstimator::estimate(QList<double>(20, 5.0));
    QVERIFY(!flat.ok());
    QVERIFY2(flat.error().contains(QStringLiteral("no SD")), qPrintable(flat.error()));
}

void TestQcStatistics::leveyJenningsData()
{
    // Two lots of one test; lot B starts on day 3 and runs beside lot A on day 4.
    const qint64 day = 86'400'000;
    QList<QcPoint> points{
        {"a1", "d1", 1, 100, 1 * day, "ann", "A"}, {"a2", "d1", 2, 200, 1 * day, "ann", "A"},
        {"a3", "d2", 1, 105, 2 * day, "bob", "A"}, {"a4", "d2", 2, 190, 2 * day, "bob", "A"},
        {"b1", "d3", 1, 50, 3 * day, "ann", "B"},  {"b2", "d3", 2, 80, 3 * day, "ann", "B"},
        {"a5", "d4", 1, 99, 4 * day, "ann", "A"},  {"b3", "d4b", 1, 51, 4 * day + 1, "ann", "B"},
    };
    const QMap<QString, LeveyJenningsData::LevelTargets> targets{
        {"A", {{1, {100, 2}}, {2, {200, 4}}}}, {"B", {{1, {50, 1}}}}, // level 2 of lot B has no target yet
    };
    const Result<LeveyJenningsData> built =
        LeveyJenningsData::build(QStringLiteral("GLU"), points, targets, QcRuleSet::defaults());
    QVERIFY2(built.ok(), qPrintable(built.error()));
    const LeveyJenningsData &d = *built;
    QCOMPARE(d.points.size(), 8);
    QCOMPARE(d.levels(), (QList<int>{1, 2}));
    QCOMPARE(d.lots(), (QStringList{"A", "B"}));
    QCOMPARE(d.fromMs, 1 * day);
    QCOMPARE(d.toMs, 4 * day + 1);
    QCOMPARE(d.lotChanges.size(), 1);
    QCOMPARE(d.lotChanges.first().atMs, 3 * day);
    QCOMPARE(d.lotChanges.first().lot, QStringLiteral("B"));
    QCOMPARE(d.lotChanges.first().previousLot, QStringLiteral("A"));

    // Lot A day 2: +2.5 SD and −2.5 SD in one run → R-4s, judged against lot A's targets.
    QCOMPARE(d.points.at(2).qc.id, QStringLiteral("a3"));
    QCOMPARE(*d.points.at(2).z, 2.5);
    QCOMPARE(d.points.at(2).violations, (QStringList{"1-2s", "R-4s"}));
    QCOMPARE(d.points.at(2).runStatus, WestgardEvaluator::RunStatus::Rejected);
    // Lot B level 2 has no target: no z, run judged on level 1 only (z 0 → accepted).
    QCOMPARE(d.points.at(5).qc.id, QStringLiteral("b2"));
    QVERIFY(!d.points.at(5).z);
    QCOMPARE(d.points.at(5).runStatus, WestgardEvaluator::RunStatus::Accepted);
    QCOMPARE(d.count(WestgardEvaluator::RunStatus::Rejected), 2);
    QCOMPARE(d.count(WestgardEvaluator::RunStatus::Accepted), 6);

    // Statistics: one lot → bias against its target; both lots → no bias.
    QcStatistics s = d.statistics(1, QStringLiteral("A"));
    QCOMPARE(s.n, 3);
    QCOMPARE(*s.mean, 304.0 / 3);
    compareClose(*s.bias, 304.0 / 3 - 100, 1e-12);
    s = d.statistics(1);
    QCOMPARE(s.n, 5);
    QVERIFY(!s.bias);

    // The period narrows the points, keeps their evaluation, and keeps lot changes inside it.
    const LeveyJenningsData late = d.between(2 * day, 3 * day);
    QCOMPARE(late.points.size(), 4);
    QCOMPARE(late.points.first().qc.id, QStringLiteral("a3"));
    QCOMPARE(late.points.first().violations, (QStringList{"1-2s", "R-4s"}));
    QCOMPARE(late.lotChanges.size(), 1);
    QCOMPARE(late.fromMs, 2 * day);
    QCOMPARE(late.statistics(1).n, 2);
    QCOMPARE(d.between(4 * day + 2, 9 * day).points.size(), 0);
    QCOMPARE(d.between(1 * day, 2 * day).lotChanges.size(), 0);
}

void TestQcStatistics::leveyJenningsDataRefusesBadTargets()
{
    const QList<QcPoint> points{{"a1", "d1", 1, 100, 0, "ann", "A"}};
    const Result<LeveyJenningsData> r = LeveyJenningsData::build(
        QStringLiteral("GLU"), points, {{"A", {{1, {100, -1}}}}}, QcRuleSet::defaults());
    QVERIFY(!r.ok());
    QVERIFY2(r.error().startsWith(QStringLiteral("Lot A:")), qPrintable(r.error()));
}

QTEST_GUILESS_MAIN(TestQcStatistics)
#include "tst_qcstatistics.moc"
