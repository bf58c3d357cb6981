#include "result/resultevaluator.h"

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
    if (range) {
        QJsonObject r{{QStringLiteral("low"), range->low}, {QStringLiteral("high"), range->high}};
        if (range->criticalLow)
            r.insert(QStringLiteral("critical_low"), *range->criticalLow);
        if (range->criticalHigh)
            r.insert(QStringLiteral("critical_high"), *range->criticalHigh);
        p.insert(QStringLiteral("range"), r);
    }
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
    e.orderId = order.orderId;
    e.testCode = order.testCode;
    e.value = value;
    const Judgement j = ResultJudge::judge(spec, value, order);
    e.flag = j.flag;
    e.range = j.range;
    e.basis = j.basis;
    e.implausible = j.implausible;
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
