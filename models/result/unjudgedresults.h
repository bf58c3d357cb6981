// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "result/resultjudge.h"
#include "result/resultrepository.h"

namespace benchside {

// A numeric result recorded before every patient's result was judged (no flag, no basis), as
// today's rule and catalogue judge it.
struct UnjudgedResult
{
    OrderResult order;
    Judgement judgement;

    bool released() const { return order.result && order.result->releasedAtMs > 0; }
    bool notified() const { return order.result && !order.result->notifiedTo.isEmpty(); }
};

// What a laboratory that upgrades must look at: results released without a flag that are critical
// by today's rule and whose call nobody documented (`results unjudged`, the Verification banner).
// Judged on every read, so a catalogue change is taken into account at once.
class UnjudgedResults
{
public:
    explicit UnjudgedResults(const ResultRepository &results) : m_results(results) {}

    Result<QList<UnjudgedResult>> releasedCriticalWithoutCall() const;

private:
    const ResultRepository &m_results;
};

} // namespace benchside
