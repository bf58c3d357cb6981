// SPDX-License-Identifier: GPL-3.0-or-later
// Autoverification (issue 21): the decision alone, proved on random inputs. Every released result
// satisfies every rule; each unsafe condition on its own holds a result that would otherwise be
// released; limits are never beyond the critical ones; the rules read back from JSON as written.
#include "autoverify/autoverifier.h"

#include <QRandomGenerator>
#include <QTest>
#include <cmath>

using namespace benchside;

namespace {
ReferenceRange glucoseRange()
{
    ReferenceRange r;
    r.low = 3.9;
    r.high = 5.5;
    r.criticalLow = 2.5;
    r.criticalHigh = 25.0;
    return r;
}

AutoverifyRules onRules()
{
    AutoverifyRules r;
    r.test = QStringLiteral("GLU");
    r.enabled = true;
    r.version = 3;
    return r;
}

// A result every rule releases: in range, QC accepted an hour ago, no flags, first value.
AutoverifyFacts releasable()
{
    AutoverifyFacts f;
    f.value = 4.6;
    f.flag = ResultFlag::Normal;
    f.basis = RangeBasis::Patient;
    f.range = glucoseRange();
    f.instrumentFlags = {QStringLiteral("N")};
    f.instrumentStatus = QStringLiteral("F");
    f.lastQcStatus = QStringLiteral("accepted");
    f.nowMs = 1'800'000'000'000;
    f.lastQcAtMs = f.nowMs - 3'600'000;
    return f;
}

template<typename T> const T &pick(QRandomGenerator &g, const QList<T> &from)
{
    return from.at(int(g.bounded(quint32(from.size()))));
}
} // namespace

class TestAutoverifier : public QObject
{
    Q_OBJECT

private slots:
    void aSafeResultIsReleasedWithItsReasons()
    {
        const AutoverifyDecision d = Autoverifier::decide(onRules(), releasable());
        QVERIFY2(d.release, qPrintable(d.reasons.join(QStringLiteral("; "))));
        QCOMPARE(d.reasons.first(), QStringLiteral("within 3.9–5.5"));
        QVERIFY(d.reasons.contains(QStringLiteral("no previous value")));
    }

    // Each unsafe condition alone holds the result, and says so.
    void eachUnsafeConditionHolds_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("reason");
        const QStringList reasons{QStringLiteral("off"),
                                  QStringLiteral("numeric"),
                                  QStringLiteral("critical"),
                                  QStringLiteral("patient's own range"),
                                  QStringLiteral("plausible"),
                                  QStringLiteral("analyzer flag"),
                                  QStringLiteral("status"),
                                  QStringLiteral("delta check"),
                                  QStringLiteral("changed by"),
                                  QStringLiteral("QC lockout"),
                                  QStringLiteral("no QC"),
                                  QStringLiteral("last QC run rejected"),
                                  QStringLiteral("older"),
                                  QStringLiteral("review"),
                                  QStringLiteral("outside"),
                                  QStringLiteral("no autoverification limits"),
                                  QStringLiteral("manual review"),
                                  QStringLiteral("hemolysis index 51 above 50"),
                                  QStringLiteral("no lipemia index")};
        for (int i = 0; i < reasons.size(); ++i)
            QTest::newRow(qPrintable(reasons.at(i))) << i << reasons.at(i);
    }
    void eachUnsafeConditionHolds()
    {
        QFETCH(int, which);
        QFETCH(QString, reason);
        AutoverifyRules rules = onRules();
        AutoverifyFacts f = releasable();
        switch (which) {
        case 0:
            rules.enabled = false;
            break;
        case 1:
            f.value.reset();
            break;
        case 2:
            f.flag = ResultFlag::CriticalHigh;
            break;
        case 3:
            f.basis = RangeBasis::SexUnknown;
            break;
        case 4:
            f.implausible = true;
            break;
        case 5:
            f.instrumentFlags = {QStringLiteral("H")};
            break;
        case 6:
            f.instrumentStatus = QStringLiteral("W");
            break;
        case 7:
            f.delta = DeltaCheck::Outcome::Exceeded;
            break;
        case 8:
            rules.deltaLimit = 0.5;
            f.hasPrevious = true;
            f.deltaChange = -0.8;
            break;
        case 9:
            f.qcLockout = QStringLiteral("run 12 rejected");
            break;
        case 10:
            f.lastQcStatus.clear();
            break;
        case 11:
            f.lastQcStatus = QStringLiteral("rejected");
            break;
        case 12:
            f.lastQcAtMs = f.nowMs - 25 * 3'600'000LL;
            break;
        case 13:
            f.reviewFlagged = true;
            break;
        case 16:
            f.manualReview = QStringLiteral("clinician asked to see it first");
            break;
        case 17:
            rules.hemolysisMax = 50;
            f.hemolysis = 51;
            break;
        case 18:
            rules.lipemiaMax = 100;
            break;
        case 14:
            f.value = 5.6;
            break;
        case 15:
            f.range.reset();
            break;
        }
        const AutoverifyDecision d = Autoverifier::decide(rules, f);
        QVERIFY(!d.release);
        QVERIFY2(d.reasons.join(QStringLiteral("; ")).contains(reason),
                 qPrintable(d.reasons.join(QStringLiteral("; "))));
    }

    // Limits set beyond the critical ones are cut back to them; widening widens the range.
    void limitsNeverPassTheCriticalOnes()
    {
        AutoverifyRules rules = onRules();
        rules.low = 1.0;
        rules.high = 40.0;
        QCOMPARE(Autoverifier::limits(rules, glucoseRange()), std::make_optional(std::make_pair(2.5, 25.0)));
        AutoverifyFacts f = releasable();
        f.value = 30.0; // within the set limits, beyond the critical high
        f.flag = ResultFlag::High;
        QVERIFY(!Autoverifier::decide(rules, f).release);
        rules.low.reset();
        rules.high.reset();
        rules.widenPercent = 25; // (5.5 − 3.9) × 25 % = 0.4 on each side
        const auto widened = Autoverifier::limits(rules, glucoseRange());
        QVERIFY(widened);
        QVERIFY(std::abs(widened->first - 3.5) < 1e-9 && std::abs(widened->second - 5.9) < 1e-9);
        f.value = 5.8;
        f.flag = ResultFlag::High;
        QVERIFY(Autoverifier::decide(rules, f).release); // high, but within the widened limits
    }

    // Property: over 50,000 random results and rule sets, nothing released breaks a rule.
    void noReleasedResultBreaksARule()
    {
        QRandomGenerator g(20261206);
        const QList<ResultFlag> flags{ResultFlag::None,    ResultFlag::Normal,      ResultFlag::Low,
                                      ResultFlag::High,    ResultFlag::CriticalLow, ResultFlag::CriticalHigh,
                                      ResultFlag::Abnormal};
        const QList<RangeBasis> bases{RangeBasis::Patient,      RangeBasis::AgeUnknown,
                                      RangeBasis::SexUnknown,   RangeBasis::AgeAndSexUnknown,
                                      RangeBasis::NotCovered,   RangeBasis::NoRanges,
                                      RangeBasis::NotApplicable};
        const QList<QStringList> instrumentFlags{{},
                                                 {QStringLiteral("N")},
                                                 {QStringLiteral("H")},
                                                 {QStringLiteral("A")},
                                                 {QStringLiteral("N"), QStringLiteral("<")},
                                                 {QStringLiteral("43")}};
        const QList<QString> statuses{QString(), QStringLiteral("F"), QStringLiteral("C"),
                                      QStringLiteral("X"), QStringLiteral("W")};
        const QList<QString> qc{QString(), QStringLiteral("accepted"), QStringLiteral("warning"),
                                QStringLiteral("rejected"), QStringLiteral("establishing")};
        const QList<DeltaCheck::Outcome> deltas{DeltaCheck::Outcome::NotChecked, DeltaCheck::Outcome::Within,
                                                DeltaCheck::Outcome::Exceeded};
        int released = 0;
        for (int i = 0; i < 50'000; ++i) {
            AutoverifyRules rules = onRules();
            rules.enabled = g.bounded(10) > 0;
            if (g.bounded(3) == 0) {
                rules.low = g.generateDouble() * 10;
                rules.high = *rules.low + g.generateDouble() * 30;
            }
            rules.widenPercent = g.bounded(3) == 0 ? g.generateDouble() * 50 : 0;
            if (g.bounded(3) == 0)
                rules.deltaLimit = 0.1 + g.generateDouble() * 3;
            rules.qcMaxAgeHours = 1 + g.bounded(48);
            if (g.bounded(4) == 0)
                rules.hemolysisMax = g.bounded(100);
            if (g.bounded(6) == 0)
                rules.icterusMax = g.bounded(40);
            // Mostly safe, with each unsafe condition now and then, so that both sides are reached.
            const auto often = [&](int inTen) {
                return int(g.bounded(10)) < inTen;
            };
            AutoverifyFacts f;
            f.flag = often(6) ? ResultFlag::Normal : pick(g, flags);
            f.basis = often(8) ? RangeBasis::Patient : pick(g, bases);
            if (often(9)) {
                ReferenceRange range;
                range.low = g.generateDouble() * 8;
                range.high = range.low + 0.5 + g.generateDouble() * 8;
                if (often(7))
                    range.criticalLow = range.low - g.generateDouble() * 3;
                if (often(7))
                    range.criticalHigh = range.high + g.generateDouble() * 10;
                f.range = range;
            }
            if (often(9)) {
                const double low = f.range ? f.range->low : 0,
                             width = f.range ? f.range->high - f.range->low : 30;
                f.value = low - 0.3 * width + 1.6 * width * g.generateDouble();
            }
            f.implausible = g.bounded(20) == 0;
            f.delta = often(8) ? DeltaCheck::Outcome::Within : pick(g, deltas);
            f.hasPrevious = often(5);
            f.deltaChange = (g.generateDouble() - 0.5) * 6;
            f.instrumentFlags = often(7) ? QStringList{QStringLiteral("N")} : pick(g, instrumentFlags);
            f.instrumentStatus = often(8) ? QStringLiteral("F") : pick(g, statuses);
            if (g.bounded(15) == 0)
                f.qcLockout = QStringLiteral("rejected run");
            f.lastQcStatus = often(8) ? QStringLiteral("accepted") : pick(g, qc);
            f.nowMs = 1'800'000'000'000;
            f.lastQcAtMs = f.nowMs - qint64(g.bounded(30)) * 3'600'000;
            f.reviewFlagged = g.bounded(20) == 0;
            if (g.bounded(20) == 0)
                f.manualReview = QStringLiteral("marked");
            if (often(8))
                f.hemolysis = g.bounded(150);
            if (often(8))
                f.icterus = g.bounded(60);

            const AutoverifyDecision d = Autoverifier::decide(rules, f);
            QVERIFY(!d.reasons.isEmpty());
            if (!d.release)
                continue;
            ++released;
            // Every rule, checked again here in its own words.
            QVERIFY(rules.enabled);
            QVERIFY(f.value && std::isfinite(*f.value));
            QVERIFY(!ResultFlags::isCritical(f.flag));
            QCOMPARE(f.basis, RangeBasis::Patient);
            QVERIFY(!f.implausible);
            for (const QString &flag : f.instrumentFlags)
                QVERIFY(flag.isEmpty() || flag == QLatin1String("N"));
            QVERIFY(f.instrumentStatus.isEmpty() || f.instrumentStatus == QLatin1String("F"));
            QVERIFY(f.delta != DeltaCheck::Outcome::Exceeded);
            QVERIFY(!rules.deltaLimit || !f.hasPrevious || std::abs(f.deltaChange) <= *rules.deltaLimit);
            QVERIFY(!f.qcLockout);
            QCOMPARE(f.lastQcStatus, QStringLiteral("accepted"));
            QVERIFY(f.nowMs - f.lastQcAtMs <= qint64(rules.qcMaxAgeHours * 3'600'000));
            QVERIFY(!f.reviewFlagged);
            QVERIFY(!f.manualReview);
            QVERIFY(!rules.hemolysisMax || (f.hemolysis && *f.hemolysis <= *rules.hemolysisMax));
            QVERIFY(!rules.icterusMax || (f.icterus && *f.icterus <= *rules.icterusMax));
            QVERIFY(f.range);
            QVERIFY(!f.range->criticalLow || *f.value >= *f.range->criticalLow);
            QVERIFY(!f.range->criticalHigh || *f.value <= *f.range->criticalHigh);
            const auto bounds = Autoverifier::limits(rules, f.range);
            QVERIFY(bounds && *f.value >= bounds->first && *f.value <= bounds->second);
        }
        // The generator reaches the released side often enough for the property to mean something.
        QVERIFY2(released > 1000, qPrintable(QString::number(released)));
    }

    void rulesReadBackFromJson()
    {
        AutoverifyRules r = onRules();
        r.low = 3.5;
        r.high = 5.9;
        r.deltaLimit = 1.2;
        r.qcMaxAgeHours = 12;
        Result<AutoverifyRules> back = AutoverifyRules::fromJson(QStringLiteral("GLU"), r.toJson());
        QVERIFY2(back, qPrintable(back.error()));
        QCOMPARE(back.value().low, r.low);
        QCOMPARE(back.value().high, r.high);
        QCOMPARE(back.value().deltaLimit, r.deltaLimit);
        QCOMPARE(back.value().qcMaxAgeHours, 12.0);
        QVERIFY(back.value().enabled);
        QVERIFY(!AutoverifyRules::fromJson(QStringLiteral("GLU"), QJsonObject{{QStringLiteral("low"), 5}}));
        QVERIFY(!AutoverifyRules::fromJson(
            QStringLiteral("GLU"), QJsonObject{{QStringLiteral("low"), 5}, {QStringLiteral("high"), 4}}));
        QVERIFY(!AutoverifyRules::fromJson(QStringLiteral("GLU"),
                                           QJsonObject{{QStringLiteral("widen_percent"), 80}}));
        QVERIFY(r.describe().contains(QStringLiteral("3.5–5.9")));
        r.enabled = false;
        QVERIFY(r.describe().startsWith(QStringLiteral("Off")));
    }
};

QTEST_GUILESS_MAIN(TestAutoverifier)
#include "tst_autoverifier.moc"
