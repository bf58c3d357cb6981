// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/unjudgedresults.h"

#include <QHash>

namespace benchside {

Result<QList<UnjudgedResult>> UnjudgedResults::releasedCriticalWithoutCall() const
{
    using R = Result<QList<UnjudgedResult>>;
    Result<QList<OrderResult>> orders = m_results.unjudged();
    if (!orders)
        return R::failure(orders.error());
    QHash<QString, ResultSpec> specs;
    QList<UnjudgedResult> out;
    for (const OrderResult &o : orders.value()) {
        if (!specs.contains(o.testCode)) {
            Result<ResultSpec> spec = m_results.spec(o.testCode);
            if (!spec)
                return R::failure(spec.error());
            specs.insert(o.testCode, spec.value());
        }
        const ResultRecord &r = *o.result;
        UnjudgedResult u{
            o, ResultJudge::judge(specs.value(o.testCode), ResultValue{r.value, r.number, r.unit}, o)};
        if (ResultFlags::isCritical(u.judgement.flag) && u.released() && !u.notified())
            out << u;
    }
    return out;
}

} // namespace benchside
