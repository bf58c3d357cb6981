// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoverify/autoverifyrate.h"

#include "autoverify/autoverifyservice.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

Result<QList<AutoverifyRate::Row>> AutoverifyRate::compute(qint64 fromMs, qint64 toMs) const
{
    using R = Result<QList<Row>>;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT coalesce(t.bench, ''), r.test_code, count(*), "
                             "sum(CASE WHEN r.verified_by = ? THEN 1 ELSE 0 END) "
                             "FROM results r LEFT JOIN tests t ON t.code = r.test_code "
                             "WHERE r.analyzer <> '' AND r.entered_at >= ? AND r.entered_at < ? "
                             "GROUP BY 1, 2 ORDER BY 1, 2"));
    q.addBindValue(AutoverifyService::actor());
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!q.exec())
        return R::failure(tr("Cannot count the results released by the rules: %1").arg(q.lastError().text()));
    QList<Row> rows;
    while (q.next())
        rows << Row{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toInt()};
    return rows;
}

Result<QList<AutoverifyRate::Row>> AutoverifyRate::today(qint64 nowMs) const
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(nowMs).date();
    return compute(day.startOfDay().toMSecsSinceEpoch(), day.addDays(1).startOfDay().toMSecsSinceEpoch());
}

} // namespace benchside
