// SPDX-License-Identifier: GPL-3.0-or-later
#include "worklist/tatstatistics.h"

#include <QCoreApplication>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <cmath>

namespace benchside {

namespace {
TatStatistics::Group summarise(const QString &key, const QString &bench, QList<double> minutes, int target)
{
    std::sort(minutes.begin(), minutes.end());
    TatStatistics::Group g;
    g.key = key;
    g.bench = bench;
    g.count = int(minutes.size());
    g.medianMinutes = TatStatistics::percentile(minutes, 0.5);
    g.p90Minutes = TatStatistics::percentile(minutes, 0.9);
    g.maxMinutes = minutes.isEmpty() ? 0 : minutes.last();
    g.tatMinutes = target;
    if (target > 0)
        g.overTarget =
            int(std::count_if(minutes.cbegin(), minutes.cend(), [target](double m) { return m > target; }));
    return g;
}
} // namespace

double TatStatistics::percentile(const QList<double> &sorted, double fraction)
{
    if (sorted.isEmpty())
        return 0;
    const double rank = fraction * double(sorted.size() - 1);
    const qsizetype lo = qsizetype(std::floor(rank));
    const qsizetype hi = std::min(lo + 1, sorted.size() - 1);
    return sorted.at(lo) + (rank - double(lo)) * (sorted.at(hi) - sorted.at(lo));
}

Result<TatStatistics::Report> TatStatistics::compute(const QString &bench, qint64 fromMs, qint64 toMs,
                                                     int slowest) const
{
    using R = Result<Report>;
    if (toMs <= fromMs)
        return R::failure(tr("The end of the period is not after its start."));
    // results_by_release gives the period; only durations are kept, never the rows.
    QString sql = QStringLiteral(
        "SELECT o.bench, o.test_code, o.tat_minutes, r.released_at - o.received_at FROM results r "
        "JOIN test_orders o ON o.order_id = r.order_id WHERE r.released_at >= ? AND r.released_at < ? "
        "AND o.received_at IS NOT NULL");
    if (!bench.isEmpty())
        sql += QStringLiteral(" AND o.bench = ?");
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(sql);
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!bench.isEmpty())
        q.addBindValue(bench);
    if (!q.exec())
        return R::failure(tr("Cannot read turnaround times: %1").arg(q.lastError().text()));
    QMap<QString, QList<double>> byBench;
    QMap<QPair<QString, QString>, QList<double>> byTest;
    QHash<QString, int> targets;
    while (q.next()) {
        const double minutes = q.value(3).toDouble() / 60'000.0;
        byBench[q.value(0).toString()] << minutes;
        byTest[{q.value(0).toString(), q.value(1).toString()}] << minutes;
        targets.insert(q.value(1).toString(), q.value(2).toInt());
    }
    Report report;
    report.fromMs = fromMs;
    report.toMs = toMs;
    for (auto it = byBench.cbegin(); it != byBench.cend(); ++it)
        report.benches << summarise(it.key(), it.key(), it.value(), 0);
    for (auto it = byTest.cbegin(); it != byTest.cend(); ++it)
        report.tests << summarise(it.key().second, it.key().first, it.value(),
                                  targets.value(it.key().second));
    if (slowest > 0) {
        Result<QList<WorklistRow>> open = WorklistQuery(m_db).slowestOpen(bench, slowest);
        if (!open)
            return R::failure(open.error());
        report.slowestOpen = open.value();
    }
    return report;
}

} // namespace benchside
