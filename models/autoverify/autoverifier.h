// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "autoverify/autoverifyrules.h"
#include "result/deltacheck.h"
#include "result/resultflag.h"
#include "result/resultjudge.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace benchside {

// Everything the decision looks at for one analyzer result, gathered under the journal's write lock.
struct AutoverifyFacts
{
    std::optional<double> value; // numeric value in the test's unit; none for text and codes
    ResultFlag flag = ResultFlag::None;
    RangeBasis basis = RangeBasis::NotApplicable; // Patient: judged by the patient's own range
    std::optional<ReferenceRange> range;          // the limits applied, with the critical ones
    bool implausible = false;
    DeltaCheck::Outcome delta = DeltaCheck::Outcome::NotChecked;
    bool hasPrevious = false;
    double deltaChange = 0;
    QStringList instrumentFlags;
    QString instrumentStatus;
    std::optional<QString> qcLockout; // why the test's release is locked, if it is
    QString lastQcStatus;             // accepted, warning, rejected, establishing; "" none
    qint64 lastQcAtMs = 0;
    qint64 nowMs = 0;
    bool reviewFlagged = false;          // the specimen waits for a person's decision (sync conflict)
    std::optional<QString> manualReview; // why a person marked the specimen for manual review
    std::optional<double> hemolysis;     // the serum indices the analyzer sent with the specimen
    std::optional<double> lipemia;
    std::optional<double> icterus;

    // The analyzer's part, from a result's `instrument` object: flags, status and serum indices.
    void takeInstrument(const QJsonObject &instrument);
};

struct AutoverifyDecision
{
    bool release = false;
    // Released: what held (in words, for the timeline). Held: every rule that held it.
    QStringList reasons;
};

// The autoverification decision (CLSI AUTO10 style), a pure function so that it can be proved on
// random inputs: a result is released only when every rule holds. Never released, whatever the
// rules say: a critical value, a value judged without the patient's own range (age or sex unknown),
// an implausible value, one with any analyzer flag or error, a failed delta check, a value during
// a QC lockout or without a recent accepted QC run, and a specimen flagged for review or marked for
// manual review.
class Autoverifier
{
    Q_DECLARE_TR_FUNCTIONS(Autoverifier)

public:
    // `explain`: say in words why a result is released (the journal's text); a trial over a month of
    // results only counts them, and the time of day costs a time-zone lookup per result.
    static AutoverifyDecision decide(const AutoverifyRules &rules, const AutoverifyFacts &facts,
                                     bool explain = true);
    // The limits a value must lie within, or none when they cannot be known (no range).
    static std::optional<std::pair<double, double>> limits(const AutoverifyRules &rules,
                                                           const std::optional<ReferenceRange> &range);
};

} // namespace benchside
