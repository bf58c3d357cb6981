// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/resultevaluator.h"

#include <QCoreApplication>

namespace benchside {

QJsonObject ResultEvaluation::payload() const
{
    QJsonObject p{{QStringLiteral("order_id"), orderId},
                  {QStringLiteral("test"), testCode},
                  {QStringLiteral("value"), value.text},
                  {QStringLiteral("unit"), value.unit},
                  {QStringLiteral("flag"), ResultFlags::code(flag)},
                  {QStringLiteral("delta"), DeltaCheck::outcomeCode(delta.outcome)},
                  {QStringLiteral("delta_previous"), delta.previousValue}};
    if (value.number)
        p.insert(QStringLiteral("numeric"), *value.number);
    // The limits the value was judged by, so the journal explains the flag after the catalogue changes.
    if (range)
        p.insert(QStringLiteral("range"), range->limitsJson());
    if (const QString basisCode = ResultJudge::basisCode(basis); !basisCode.isEmpty())
        p.insert(QStringLiteral("range_basis"), basisCode);
    if (implausible && !implausibleReason.isEmpty())
        p.insert(QStringLiteral("implausible_confirmed"), implausibleReason);
    return p;
}

ResultEvaluation ResultEvaluator::evaluate(const OrderResult &order, const ResultSpec &spec,
                                           const ResultValue &value,
                                           const std::optional<PreviousResult> &previous)
{
    ResultEvaluation e;
    static_cast<Judgement &>(e) = ResultJudge::judge(spec, value, order);
    e.orderId = order.orderId;
    e.testCode = order.testCode;
    e.value = value;
    if (e.implausible) {
        const auto limit = [](const std::optional<double> &v) {
            return v ? QString::number(*v) : QStringLiteral("…");
        };
        // In ResultService's words: it is what entry and amendment refuse the value with.
        e.implausibility =
            QCoreApplication::translate(
                "ResultService",
                "%1 %2 is outside what %3 can plausibly be (%4 to %5 %2): probably a typing or "
                "unit error. Check the value and its unit; if it is right, confirm it with a "
                "reason.")
                .arg(value.text, spec.unit, spec.code, limit(spec.plausibleLow), limit(spec.plausibleHigh));
    }
    e.delta = DeltaCheck::check(spec, value, previous);
    return e;
}

Result<ResultEvaluation> ResultEvaluator::evaluate(const OrderResult &order, const QString &raw,
                                                   const QString &unit) const
{
    using R = Result<ResultEvaluation>;
    Result<ResultSpec> spec = m_results.spec(order.testCode);
    if (!spec)
        return R::failure(spec.error());
    Result<ResultValue> value = ValueParser::parse(spec.value(), raw, unit);
    if (!value)
        return R::failure(value.error());
    Result<std::optional<PreviousResult>> previous =
        m_results.previous(order.patientMrn, order.testCode, order.orderId, order.collectedAtMs);
    if (!previous)
        return R::failure(previous.error());
    return evaluate(order, spec.value(), value.value(), previous.value());
}

} // namespace benchside
