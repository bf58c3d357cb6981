// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result/resultspec.h"
#include "result/valueparser.h"

#include <QCoreApplication>

namespace benchside {

// The patient's previous released result of the same test, which a new value is compared with.
struct PreviousResult
{
    QString orderId;
    QString value;
    std::optional<double> number;
    qint64 collectedAtMs = 0;
};

// Compares a new numeric value with the patient's previous one: a change larger than the test's
// delta_limit (absolute, in the test's unit) is "exceeded" and needs a person to look at it.
class DeltaCheck
{
    Q_DECLARE_TR_FUNCTIONS(DeltaCheck)

public:
    enum class Outcome { NotChecked, Within, Exceeded };
    struct Verdict
    {
        Outcome outcome = Outcome::NotChecked;
        QString previousValue; // empty when there was nothing to compare with
        double change = 0;     // new − previous
        QString reason;        // why it was not checked, or the comparison in words
    };

    static Verdict check(const ResultSpec &spec, const ResultValue &value,
                         const std::optional<PreviousResult> &previous);

    static QString outcomeCode(Outcome outcome); // "", "within", "exceeded"
    static Outcome parseOutcome(const QString &code);
};

} // namespace benchside
