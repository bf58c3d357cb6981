// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/resultjudge.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>

namespace benchside {

namespace {
// The catalogue's ranges end at 120 years: one from 0 to 120 covers every patient.
constexpr double LifeSpanYears = 120;

bool knownSex(const QString &sex)
{
    return sex == QLatin1String("F") || sex == QLatin1String("M");
}

template<typename Pred> QList<ReferenceRange> rangesWhere(const ResultSpec &spec, Pred fits)
{
    QList<ReferenceRange> out;
    for (const ReferenceRange &r : spec.ranges)
        if (fits(r))
            out << r;
    return out;
}

// The limits of several ranges taken together: the widest normal interval, and on each side the
// critical limit that is reached first.
ReferenceRange combined(const QList<ReferenceRange> &ranges)
{
    ReferenceRange c = ranges.first();
    c.sex = QStringLiteral("any");
    for (const ReferenceRange &r : ranges) {
        c.low = std::min(c.low, r.low);
        c.high = std::max(c.high, r.high);
        c.ageMinYears = std::min(c.ageMinYears, r.ageMinYears);
        c.ageMaxYears = std::max(c.ageMaxYears, r.ageMaxYears);
        if (r.criticalLow)
            c.criticalLow = c.criticalLow ? std::max(*c.criticalLow, *r.criticalLow) : *r.criticalLow;
        if (r.criticalHigh)
            c.criticalHigh = c.criticalHigh ? std::min(*c.criticalHigh, *r.criticalHigh) : *r.criticalHigh;
    }
    return c;
}

// Normal when inside any one of the normal intervals; outside all of them, low or high by the
// nearest interval's side.
ResultFlag numericFlag(double v, const ReferenceRange &limits, const QList<ReferenceRange> &intervals)
{
    if (limits.criticalLow && v < *limits.criticalLow)
        return ResultFlag::CriticalLow;
    if (limits.criticalHigh && v > *limits.criticalHigh)
        return ResultFlag::CriticalHigh;
    double nearest = INFINITY;
    ResultFlag side = ResultFlag::Normal;
    for (const ReferenceRange &r : intervals) {
        if (v >= r.low && v <= r.high)
            return ResultFlag::Normal;
        const double distance = v < r.low ? r.low - v : v - r.high;
        if (distance < nearest) {
            nearest = distance;
            side = v < r.low ? ResultFlag::Low : ResultFlag::High;
        }
    }
    return side;
}
} // namespace

double ResultJudge::ageYears(const QDate &birthDate, const QDate &onDate)
{
    if (!birthDate.isValid() || !onDate.isValid())
        return -1;
    return birthDate.daysTo(onDate) / 365.25;
}

double ResultJudge::ageAtCollection(const OrderResult &order)
{
    const qint64 at = order.collectedAtMs > 0 ? order.collectedAtMs : order.receivedAtMs;
    if (at <= 0)
        return -1;
    return ageYears(QDate::fromString(order.patientBirthDate, Qt::ISODate),
                    QDateTime::fromMSecsSinceEpoch(at).date());
}

Judgement ResultJudge::judge(const ResultSpec &spec, const ResultValue &value, const OrderResult &order)
{
    return judge(spec, value, order.patientSex, ageAtCollection(order));
}

Judgement ResultJudge::judge(const ResultSpec &spec, const ResultValue &value, const QString &sex,
                             double ageYears)
{
    Judgement j;
    switch (spec.type) {
    case ResultSpec::Type::Coded:
        if (!spec.normalValues.isEmpty() && !value.text.isEmpty())
            j.flag = spec.normalValues.contains(value.text) ? ResultFlag::Normal : ResultFlag::Abnormal;
        return j;
    case ResultSpec::Type::Text:
        return j;
    case ResultSpec::Type::Numeric:
        break;
    }
    const std::optional<double> v = value.number;
    j.implausible = v && ((spec.plausibleLow && *v < *spec.plausibleLow) ||
                          (spec.plausibleHigh && *v > *spec.plausibleHigh));
    if (spec.ranges.isEmpty()) {
        j.basis = RangeBasis::NoRanges;
        return j;
    }
    const bool sexKnown = knownSex(sex);
    const bool ageKnown = ageYears >= 0;
    QList<ReferenceRange> candidates = rangesWhere(spec, [&](const ReferenceRange &r) {
        return (!sexKnown || r.fitsSex(sex)) && (!ageKnown || r.fitsAge(ageYears));
    });
    if (sexKnown && ageKnown && !candidates.isEmpty()) {
        // The patient's own range: the sex-specific one before an "any" one.
        const auto own = std::find_if(candidates.cbegin(), candidates.cend(),
                                      [](const ReferenceRange &r) { return r.sex != QLatin1String("any"); });
        j.basis = RangeBasis::Patient;
        j.range = own != candidates.cend() ? *own : candidates.first();
        if (v)
            j.flag = numericFlag(*v, *j.range, {*j.range});
        return j;
    }
    if (sexKnown && ageKnown) {
        // No range covers the patient (an age gap, a sex the ranges leave out): the ranges of the
        // known sex, else those of the known age, else all of them.
        j.basis = RangeBasis::NotCovered;
        candidates = rangesWhere(spec, [&](const ReferenceRange &r) { return r.fitsSex(sex); });
        if (candidates.isEmpty())
            candidates = rangesWhere(spec, [&](const ReferenceRange &r) { return r.fitsAge(ageYears); });
    } else {
        j.basis = sexKnown   ? RangeBasis::AgeUnknown
                  : ageKnown ? RangeBasis::SexUnknown
                             : RangeBasis::AgeAndSexUnknown;
        // One range that fits whatever the unknown is (a test with one range for everybody): the
        // patient's own range after all, and the result as certain as any other.
        if (candidates.size() == 1 && (sexKnown || candidates.first().sex == QLatin1String("any")) &&
            (ageKnown ||
             (candidates.first().ageMinYears <= 0 && candidates.first().ageMaxYears >= LifeSpanYears))) {
            j.basis = RangeBasis::Patient;
            j.range = candidates.first();
            if (v)
                j.flag = numericFlag(*v, *j.range, candidates);
            return j;
        }
    }
    if (candidates.isEmpty())
        candidates = spec.ranges;
    j.range = combined(candidates);
    if (v)
        j.flag = numericFlag(*v, *j.range, candidates);
    return j;
}

bool ResultJudge::recordedUnjudged(const OrderResult &order)
{
    return order.result && order.result->number && order.result->flag.isEmpty() &&
           order.result->rangeBasis.isEmpty();
}

ResultFlag ResultJudge::currentFlag(const OrderResult &order, const ResultSpec &spec)
{
    if (!order.result)
        return ResultFlag::None;
    if (!recordedUnjudged(order))
        return ResultFlags::parse(order.result->flag);
    return judge(spec, ResultValue{order.result->value, order.result->number, order.result->unit}, order)
        .flag;
}

namespace {
// Each basis other than the patient's own range: its code in the journal, its words for people.
struct BasisNames
{
    RangeBasis basis;
    const char *code;
    const char *text;
    const char *shortText;
};
constexpr BasisNames Bases[] = {
    {RangeBasis::AgeUnknown, "age_unknown",
     QT_TRANSLATE_NOOP("ResultJudge", "age unknown: judged against all ranges"),
     QT_TRANSLATE_NOOP("ResultJudge", "age unknown")},
    {RangeBasis::SexUnknown, "sex_unknown",
     QT_TRANSLATE_NOOP("ResultJudge", "sex unknown: judged against all ranges"),
     QT_TRANSLATE_NOOP("ResultJudge", "sex unknown")},
    {RangeBasis::AgeAndSexUnknown, "age_sex_unknown",
     QT_TRANSLATE_NOOP("ResultJudge", "age and sex unknown: judged against all ranges"),
     QT_TRANSLATE_NOOP("ResultJudge", "age, sex unknown")},
    {RangeBasis::NotCovered, "not_covered",
     QT_TRANSLATE_NOOP("ResultJudge", "no range covers this patient: judged against all ranges"),
     QT_TRANSLATE_NOOP("ResultJudge", "no range for patient")},
    {RangeBasis::NoRanges, "no_ranges",
     QT_TRANSLATE_NOOP("ResultJudge", "no reference range in the catalogue"),
     QT_TRANSLATE_NOOP("ResultJudge", "no range")},
};

const BasisNames *namesOf(RangeBasis basis)
{
    for (const BasisNames &n : Bases) {
        if (n.basis == basis)
            return &n;
    }
    return nullptr; // Patient, NotApplicable: nothing to say
}
} // namespace

QString ResultJudge::basisCode(RangeBasis basis)
{
    const BasisNames *n = namesOf(basis);
    return n ? QString::fromLatin1(n->code) : QString();
}

RangeBasis ResultJudge::parseBasis(const QString &code)
{
    for (const BasisNames &n : Bases) {
        if (code == QLatin1String(n.code))
            return n.basis;
    }
    return RangeBasis::Patient;
}

QString ResultJudge::basisText(RangeBasis basis)
{
    const BasisNames *n = namesOf(basis);
    return n ? tr(n->text) : QString();
}

QString ResultJudge::basisShort(const QString &code)
{
    const BasisNames *n = namesOf(parseBasis(code));
    return n ? tr(n->shortText) : QString();
}

} // namespace benchside
