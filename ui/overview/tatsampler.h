// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "overview/tatdistribution.h"

#include <QSqlDatabase>

namespace benchside {

// The turnaround times (received → first release) behind the overview's chart, one distribution
// per bench or per test. TatStatistics summarises the same durations but does not hand them out,
// so they are gathered here from released worklist rows and each order's result — through the
// models, by index and key, with a cap on the rows read. To be replaced by a model query that
// returns the durations (see the report of issue 4).
class TatSampler
{
public:
    enum class GroupBy { Bench, Test };
    static constexpr int Cap = 20'000;

    explicit TatSampler(QSqlDatabase db) : m_db(std::move(db)) {}

    // Released in [fromMs, toMs), of `benches` (codes).
    Result<QList<TatDistribution>> sample(const QStringList &benches, GroupBy by, qint64 fromMs,
                                          qint64 toMs) const;

private:
    QSqlDatabase m_db;
};

} // namespace benchside
