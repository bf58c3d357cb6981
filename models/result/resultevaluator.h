// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "result/deltacheck.h"
#include "result/orderresult.h"
#include "result/resultflag.h"
#include "result/resultjudge.h"
#include "result/resultrepository.h"

#include <QJsonObject>

namespace benchside {

// A value judged against the catalogue for one order: what it is, its flag, the range it was
// compared with and the delta check. What the journal records and the technician sees as they type.
struct ResultEvaluation : Judgement
{
    QString orderId;
    QString testCode;
    ResultValue value;
    QString implausibility;    // when implausible: what entry refuses it with, limits named
    QString implausibleReason; // the technician's confirmation of such a value
    DeltaCheck::Verdict delta;

    bool critical() const { return ResultFlags::isCritical(flag); }
    // Journal payload fields: order_id, test, value, numeric, unit, flag, range, range_basis,
    // implausible_confirmed, delta, delta_previous.
    QJsonObject payload() const;
};

class ResultEvaluator
{
public:
    explicit ResultEvaluator(const ResultRepository &results) : m_results(results) {}

    Result<ResultEvaluation> evaluate(const OrderResult &order, const QString &raw,
                                      const QString &unit) const;
    // The same judgement with the specification and previous result already at hand (demo data).
    static ResultEvaluation evaluate(const OrderResult &order, const ResultSpec &spec,
                                     const ResultValue &value, const std::optional<PreviousResult> &previous);

private:
    const ResultRepository &m_results;
};

} // namespace benchside
