// SPDX-License-Identifier: GPL-3.0-or-later
#include "worklist/worklistquery.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <tuple>

namespace benchside {

namespace {
constexpr qint64 NearDueFloorMs = 10 * 60'000;

// Word for word the WHERE clause of the partial index test_orders_open_worklist, without which
// SQLite cannot use it. Comparisons, not an IN list: migration 0016 says why.
const char *const OpenClause =
    "(o.status = 'ordered' OR o.status = 'entered' OR o.status = 'amended') AND o.received_at IS NOT NULL";

// By test within one test is by priority, and the priority index serves it without a sort.
WorklistSort effectiveSort(const WorklistFilter &f)
{
    WorklistSort s = f.sort;
    if (s.by == WorklistSort::Test && !f.testCode.isEmpty())
        s.by = WorklistSort::Priority;
    return s;
}

// The key's values in the order of WorklistSort::columns().
QVariantList keyValues(WorklistSort::By by, const WorklistKey &k)
{
    switch (by) {
    case WorklistSort::Priority:
        return {k.first, k.second, k.orderId};
    case WorklistSort::Received:
    case WorklistSort::Due:
        return {k.first, k.orderId};
    case WorklistSort::Accession:
        return {k.text, k.orderId};
    case WorklistSort::Test:
        return {k.text, k.first, k.second, k.orderId};
    }
    return {};
}

int rankOf(const QString &priority)
{
    return priority == QLatin1String("stat") ? 0 : priority == QLatin1String("asap") ? 1 : 2;
}
} // namespace

bool WorklistRow::nearDue(qint64 nowMs) const
{
    if (released() || overdue(nowMs))
        return false;
    const qint64 window = std::max(NearDueFloorMs, (dueAtMs - receivedAtMs) / 5);
    return nowMs >= dueAtMs - window;
}

const QStringList &WorklistQuery::statuses()
{
    static const QStringList s{QStringLiteral("open"), QStringLiteral("pending"), QStringLiteral("entered"),
                               QStringLiteral("amended"), QStringLiteral("verified")};
    return s;
}

QString WorklistQuery::statusName(const QString &status)
{
    if (status == QLatin1String("pending"))
        return tr("pending");
    if (status == QLatin1String("entered"))
        return tr("entered");
    if (status == QLatin1String("amended"))
        return tr("amended");
    if (status == QLatin1String("verified"))
        return tr("verified");
    if (status == QLatin1String("cancelled"))
        return tr("cancelled");
    return status;
}

Status WorklistQuery::validate(const WorklistFilter &f)
{
    if (f.bench.isEmpty())
        return Status::failure(tr("Choose a bench."));
    if (!f.status.isEmpty() && !statuses().contains(f.status))
        return Status::failure(tr("\"%1\" is not a worklist status; use one of: %2.")
                                   .arg(f.status, statuses().join(QStringLiteral(", "))));
    if (!f.priority.isEmpty() &&
        !QStringList{QStringLiteral("routine"), QStringLiteral("asap"), QStringLiteral("stat")}.contains(
            f.priority))
        return Status::failure(tr("\"%1\" is not a priority: use routine, asap or stat.").arg(f.priority));
    if (f.receivedFromMs > 0 && f.receivedToMs > 0 && f.receivedToMs <= f.receivedFromMs)
        return Status::failure(tr("The end of the time window is not after its start."));
    return {};
}

QString WorklistQuery::pageSql(const WorklistFilter &f, bool withKey, bool forAccession, bool withUpTo,
                               bool inclusive, bool withLimit)
{
    // Only constant fragments are put together here; every value is bound.
    // The orders are chosen, ordered and cut to a page from one index alone, in a subquery that
    // reads no table: a re-sort other than by priority sorts the keys of a bench's whole backlog
    // (migration 0018), and the joins below, done first, cost 7x more than that sort at 100,000
    // open orders. Only the page's rows are then joined.
    const WorklistSort order = effectiveSort(f);
    const QStringList columns = order.columns();
    QStringList keys;
    for (qsizetype i = 0; i < columns.size(); ++i)
        keys << QStringLiteral("%1 AS k%2").arg(columns.at(i)).arg(i);
    QString inner = QStringLiteral("SELECT o.rowid AS rid, ") + keys.join(QStringLiteral(", ")) +
                    QStringLiteral(" FROM test_orders o WHERE ");
    // One tube's rows: the unary + keeps SQLite off the bench's open-work index (a walk over every
    // open order of the bench, 44-54 ms at 1,000,000 orders) and on the accession index (< 1 ms).
    inner +=
        forAccession ? QStringLiteral("o.accession = ? AND +o.bench = ?") : QStringLiteral("o.bench = ?");
    const bool open = f.status.isEmpty() || f.status == QLatin1String("open");
    if (open)
        inner += QStringLiteral(" AND ") + QLatin1String(OpenClause);
    else if (f.status == QLatin1String("verified")) // a constant, or SQLite cannot use the partial index
        inner += QStringLiteral(" AND o.status = 'verified' AND o.received_at IS NOT NULL");
    else
        inner += QStringLiteral(" AND ") + QLatin1String(OpenClause) + QStringLiteral(" AND o.status = ?");
    if (!f.priority.isEmpty())
        inner += QStringLiteral(" AND o.priority_rank = ?");
    if (!f.testCode.isEmpty())
        inner += QStringLiteral(" AND o.test_code = ?");
    if (f.receivedFromMs > 0)
        inner += QStringLiteral(" AND o.received_at >= ?");
    if (f.receivedToMs > 0)
        inner += QStringLiteral(" AND o.received_at < ?");
    // A keyset bound: the sort columns as one row value against as many bound values.
    QStringList marks;
    marks.fill(QStringLiteral("?"), columns.size());
    const auto bound = [&](bool after) {
        const bool greater = after != order.descending;
        const QString op = QLatin1String(greater ? ">" : "<") + QLatin1String(inclusive || !after ? "=" : "");
        return QStringLiteral(" AND (%1) %2 (%3)")
            .arg(columns.join(QStringLiteral(", ")), op, marks.join(QStringLiteral(", ")));
    };
    if (withKey)
        inner += bound(true);
    if (withUpTo)
        inner += bound(false);
    const auto orderBy = [&](const QStringList &by) {
        const QString direction = order.descending ? QStringLiteral(" DESC, ") : QStringLiteral(", ");
        return QStringLiteral(" ORDER BY ") + by.join(direction) +
               (order.descending ? QStringLiteral(" DESC") : QString());
    };
    inner += orderBy(columns);
    if (!forAccession && withLimit)
        inner += QStringLiteral(" LIMIT ?");
    QStringList outerKeys;
    for (qsizetype i = 0; i < columns.size(); ++i)
        outerKeys << QStringLiteral("k.k%1").arg(i);
    return QStringLiteral(
               "SELECT o.order_id, o.accession, s.patient_mrn, coalesce(p.name, ''), o.test_code, "
               "coalesce(t.name, o.test_code), o.priority, o.priority_rank, o.received_at, o.tat_minutes, "
               "o.status, coalesce(r.flag, ''), coalesce(r.range_basis, ''), coalesce(r.analyzer, ''), "
               "coalesce(r.instrument_flags, ''), coalesce(r.instrument_status, ''), "
               "coalesce(r.instrument_comments, '') FROM (") +
           inner +
           QStringLiteral(") k CROSS JOIN test_orders o ON o.rowid = k.rid CROSS JOIN specimens s ON "
                          "s.accession = o.accession LEFT JOIN patients p ON p.mrn = s.patient_mrn LEFT JOIN "
                          "tests t ON t.code = o.test_code LEFT JOIN results r ON r.order_id = o.order_id") +
           orderBy(outerKeys);
}

WorklistRow WorklistQuery::rowFrom(const QSqlQuery &q)
{
    WorklistRow r;
    r.orderId = q.value(0).toString();
    r.accession = q.value(1).toString();
    r.patientMrn = q.value(2).toString();
    r.patientName = q.value(3).toString();
    r.testCode = q.value(4).toString();
    r.testName = q.value(5).toString();
    r.priority = q.value(6).toString();
    r.priorityRank = q.value(7).toInt();
    r.receivedAtMs = q.value(8).toLongLong();
    r.dueAtMs = r.receivedAtMs + q.value(9).toLongLong() * 60'000;
    const QString status = q.value(10).toString();
    r.status = status == QLatin1String("ordered") ? QStringLiteral("pending") : status;
    r.flag = q.value(11).toString();
    r.rangeBasis = q.value(12).toString();
    r.analyzer = q.value(13).toString();
    r.instrumentFlags = q.value(14).toString().split(QLatin1Char('~'), Qt::SkipEmptyParts);
    r.instrumentStatus = q.value(15).toString();
    r.instrumentComments = q.value(16).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return r;
}

Result<QList<WorklistRow>> WorklistQuery::slowestOpen(const QString &bench, int limit) const
{
    using R = Result<QList<WorklistRow>>;
    limit = std::max(1, limit);
    // No index orders all open work by receipt alone (migration 0018 dropped it: every receipt
    // paid for it). Within one bench and priority the open-work index is in receipt order, so the
    // oldest are the first `limit` of each such run, merged here: three short index reads per
    // bench. The benches with open work are found by stepping through that index, one seek each.
    QStringList benches;
    if (!bench.isEmpty()) {
        benches << bench;
    } else {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        const QString open = QLatin1String(OpenClause);
        if (!q.exec(
                QStringLiteral("WITH RECURSIVE b(code) AS (SELECT (SELECT min(o.bench) FROM test_orders o "
                               "WHERE %1) UNION ALL SELECT (SELECT min(o.bench) FROM test_orders o WHERE %1 "
                               "AND o.bench > b.code) FROM b WHERE b.code IS NOT NULL) "
                               "SELECT code FROM b WHERE code IS NOT NULL")
                    .arg(open)))
            return R::failure(tr("Cannot read the open orders: %1").arg(q.lastError().text()));
        while (q.next())
            benches << q.value(0).toString();
    }
    QList<WorklistRow> rows;
    for (const QString &code : std::as_const(benches)) {
        for (const char *priority : {"stat", "asap", "routine"}) {
            WorklistFilter f;
            f.bench = code;
            f.priority = QLatin1String(priority);
            Result<QList<WorklistRow>> oldest = page(f, std::nullopt, limit);
            if (!oldest)
                return R::failure(tr("Cannot read the open orders: %1").arg(oldest.error()));
            rows << oldest.value();
        }
    }
    std::sort(rows.begin(), rows.end(), [](const WorklistRow &a, const WorklistRow &b) {
        return std::tie(a.receivedAtMs, a.orderId) < std::tie(b.receivedAtMs, b.orderId);
    });
    if (rows.size() > limit)
        rows.resize(limit);
    return rows;
}

Result<QList<WorklistRow>> WorklistQuery::run(const WorklistFilter &filter, const Range &range,
                                              const QString &accession) const
{
    using R = Result<QList<WorklistRow>>;
    if (Status s = validate(filter); !s)
        return R::failure(s.error());
    // Reading backwards is reading the reversed order forwards, then turning the rows round.
    WorklistFilter f = filter;
    if (range.backwards)
        f.sort.descending = !f.sort.descending;
    const bool forAccession = !accession.isEmpty();
    const bool withLimit = range.limit > 0;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(pageSql(f, range.after.has_value(), forAccession, range.upTo.has_value(), range.inclusive,
                           withLimit)))
        return R::failure(tr("Cannot read the worklist: %1").arg(q.lastError().text()));
    if (forAccession)
        q.addBindValue(accession);
    q.addBindValue(f.bench);
    if (!f.status.isEmpty() && f.status != QLatin1String("open") && f.status != QLatin1String("verified"))
        q.addBindValue(f.status == QLatin1String("pending") ? QStringLiteral("ordered") : f.status);
    if (!f.priority.isEmpty())
        q.addBindValue(rankOf(f.priority));
    if (!f.testCode.isEmpty())
        q.addBindValue(f.testCode);
    if (f.receivedFromMs > 0)
        q.addBindValue(f.receivedFromMs);
    if (f.receivedToMs > 0)
        q.addBindValue(f.receivedToMs);
    // A Test key holds the Priority key's values too, so it continues the Priority order when
    // effectiveSort() chose that.
    if (range.after) {
        for (const QVariant &v : keyValues(effectiveSort(f).by, *range.after))
            q.addBindValue(v);
    }
    if (range.upTo) {
        for (const QVariant &v : keyValues(effectiveSort(f).by, *range.upTo))
            q.addBindValue(v);
    }
    if (withLimit && !forAccession)
        q.addBindValue(range.limit);
    if (!q.exec())
        return R::failure(tr("Cannot read the worklist: %1").arg(q.lastError().text()));
    QList<WorklistRow> rows;
    while (q.next())
        rows << rowFrom(q);
    if (range.backwards)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

Result<QList<WorklistRow>> WorklistQuery::rows(const WorklistFilter &filter, const Range &range) const
{
    return run(filter, range, QString());
}

Result<QList<WorklistRow>> WorklistQuery::page(const WorklistFilter &f,
                                               const std::optional<WorklistKey> &after, int limit) const
{
    return run(f, Range{after, false, std::nullopt, std::max(1, limit), false}, QString());
}

Result<QList<WorklistRow>> WorklistQuery::rowsOfAccession(const WorklistFilter &f,
                                                          const QString &accession) const
{
    if (accession.isEmpty())
        return QList<WorklistRow>();
    return run(f, Range{}, accession);
}

} // namespace benchside
