// SPDX-License-Identifier: GPL-3.0-or-later
#include "overview/tatsampler.h"

#include "result/resultrepository.h"
#include "worklist/worklistquery.h"

#include <QMap>

namespace benchside {

namespace {
// Results released in the period may come from tubes received a while before it.
constexpr qint64 ReceiptLeadMs = 3LL * 24 * 3'600'000;
} // namespace

Result<QList<TatDistribution>> TatSampler::sample(const QStringList &benches, GroupBy by, qint64 fromMs,
                                                  qint64 toMs) const
{
    using R = Result<QList<TatDistribution>>;
    const WorklistQuery query(m_db);
    const ResultRepository results(m_db);
    QMap<QString, TatDistribution> groups;
    for (const QString &bench : benches) {
        // An amended result was released before its amendment; its turnaround ended then.
        for (const QString &status : {QStringLiteral("verified"), QStringLiteral("amended")}) {
            WorklistFilter f;
            f.bench = bench;
            f.status = status;
            f.receivedFromMs = fromMs - ReceiptLeadMs;
            f.receivedToMs = toMs;
            const Result<QList<WorklistRow>> rows = query.page(f, std::nullopt, Cap);
            if (!rows)
                return R::failure(rows.error());
            for (const WorklistRow &row : rows.value()) {
                const Result<std::optional<OrderResult>> order = results.order(row.orderId);
                if (!order)
                    return R::failure(order.error());
                if (!order.value() || !order.value()->result)
                    continue;
                const qint64 released = order.value()->result->releasedAtMs;
                if (released < fromMs || released >= toMs || row.receivedAtMs <= 0)
                    continue;
                const QString key = by == GroupBy::Bench ? bench : bench + QLatin1Char('/') + row.testCode;
                TatDistribution &g = groups[key];
                if (g.label.isEmpty()) {
                    g.label = by == GroupBy::Bench ? bench : row.testCode;
                    g.targetMinutes = by == GroupBy::Test ? order.value()->tatMinutes : 0;
                }
                g.minutes << double(released - row.receivedAtMs) / 60'000.0;
            }
        }
    }
    return QList<TatDistribution>(groups.cbegin(), groups.cend());
}

} // namespace benchside
