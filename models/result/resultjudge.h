// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result/orderresult.h"
#include "result/resultflag.h"
#include "result/resultspec.h"
#include "result/valueparser.h"

#include <QCoreApplication>
#include <QDate>

namespace benchside {

// How the limits a value was judged by were chosen. Anything but Patient means the patient's own
// range was not known, and the value was judged against every range that could apply.
enum class RangeBasis {
    NotApplicable,    // coded and text tests
    Patient,          // the range covering the patient's sex and age
    AgeUnknown,       // no birth date: every range of the known sex
    SexUnknown,       // no sex: every range covering the known age
    AgeAndSexUnknown, // neither: every range of the test
    NotCovered,       // both known, but no range covers them: the nearest applicable ranges
    NoRanges,         // the catalogue gives the test no range at all
};

// The one judgement of a value: its flag, the limits that gave it, how those limits were chosen,
// and whether the value is beyond what the test can plausibly measure.
struct Judgement
{
    ResultFlag flag = ResultFlag::None;
    // The limits applied: the patient's range, or for the other bases the union of the normal
    // intervals (as low–high) with the most conservative critical limits among the ranges.
    std::optional<ReferenceRange> range;
    RangeBasis basis = RangeBasis::NotApplicable;
    bool implausible = false;

    // A flag given by the patient's own range, or one that needs none (coded, text).
    bool rangeKnown() const { return rangeKnown(basis); }
    static bool rangeKnown(RangeBasis b)
    {
        return b == RangeBasis::Patient || b == RangeBasis::NotApplicable;
    }
};

// Everything that judges a result — entry, amendment, verification, batch release, demo data, the
// list of results recorded before this rule — asks this class, so that no path can judge a value
// by another rule (docs/decisions.md, 49).
class ResultJudge
{
    Q_DECLARE_TR_FUNCTIONS(ResultJudge)

public:
    // `sex` is "F" or "M" when known (anything else is unknown); `ageYears` negative when unknown.
    // A value without a number (or a default ResultValue) gets the limits and basis, flag None.
    static Judgement judge(const ResultSpec &spec, const ResultValue &value, const QString &sex,
                           double ageYears);
    // The patient's sex and age at collection (at receipt when no collection time is known).
    static Judgement judge(const ResultSpec &spec, const ResultValue &value, const OrderResult &order);
    // Age in years (fractional) on a date; negative when either date is unknown.
    static double ageYears(const QDate &birthDate, const QDate &onDate);
    static double ageAtCollection(const OrderResult &order);

    // The flag the order's current result has by this rule. A numeric result recorded before this
    // rule without a range (no flag, no basis) is judged now, against today's catalogue.
    static ResultFlag currentFlag(const OrderResult &order, const ResultSpec &spec);
    // True for such a result: numeric, recorded without a flag and without a basis.
    static bool recordedUnjudged(const OrderResult &order);

    // "age_unknown" …; "" for Patient and NotApplicable (what the journal and projections store).
    static QString basisCode(RangeBasis basis);
    static RangeBasis parseBasis(const QString &code);
    // For people: "age unknown: judged against all ranges"; "" for Patient and NotApplicable.
    static QString basisText(RangeBasis basis);
    static QString basisText(const QString &code) { return basisText(parseBasis(code)); }
    // For a table cell: "age unknown", "no range"; "" for Patient and NotApplicable.
    static QString basisShort(const QString &code);
};

} // namespace benchside
