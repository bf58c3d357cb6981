// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/syncstate.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
SyncRefusal refusalFrom(const QSqlQuery &q)
{
    return SyncRefusal{q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toInt(),
                       q.value(3).toString(), q.value(4).toLongLong(), q.value(5).toBool()};
}
} // namespace

Status SyncState::exec(const char *sql, const QVariantList &values)
{
    QSqlQuery q(m_db);
    q.prepare(QString::fromLatin1(sql));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return Status::failure(tr("Cannot record the sync state: %1").arg(q.lastError().text()));
    return {};
}

Result<SyncStatus> SyncState::status() const
{
    using R = Result<SyncStatus>;
    SyncStatus s;
    QSqlQuery q(m_db);
    // Waiting: this station's events above what the server was last seen to hold.
    if (!q.exec(QStringLiteral(
            "SELECT coalesce(h.last_seq, 0) - st.pushed_seq, coalesce(st.last_success_at, 0), "
            "coalesce(st.last_attempt_at, 0), st.last_error, st.server_cursor FROM sync_state st "
            "CROSS JOIN station s LEFT JOIN chain_heads h ON h.station_id = s.id")))
        return R::failure(tr("Cannot read the sync state: %1").arg(q.lastError().text()));
    if (q.next()) {
        s.waiting = std::max(0, q.value(0).toInt());
        s.lastSuccessAtMs = q.value(1).toLongLong();
        s.lastAttemptAtMs = q.value(2).toLongLong();
        s.lastError = q.value(3).toString();
        s.cursor = q.value(4).toLongLong();
    }
    if (!q.exec(
            QStringLiteral("SELECT event_id, station_seq, attempts, reason, last_at, dead FROM sync_refusals "
                           "WHERE dead = 1 ORDER BY station_seq")))
        return R::failure(tr("Cannot read the dead-letter list: %1").arg(q.lastError().text()));
    while (q.next())
        s.deadLetters << refusalFrom(q);
    return s;
}

Result<bool> SyncState::projectionsStale() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT projections_stale FROM sync_state")) || !q.next())
        return Result<bool>::failure(tr("Cannot read the sync state: %1").arg(q.lastError().text()));
    return q.value(0).toBool();
}

Status SyncState::setPushedSeq(qint64 seq)
{
    return exec("UPDATE sync_state SET pushed_seq = ?", {seq});
}

Status SyncState::setCursor(qint64 cursor)
{
    return exec("UPDATE sync_state SET server_cursor = max(server_cursor, ?)", {cursor});
}

Status SyncState::setStale(bool stale)
{
    return exec("UPDATE sync_state SET projections_stale = ?", {stale ? 1 : 0});
}

Status SyncState::recordSuccess(qint64 atMs)
{
    return exec("UPDATE sync_state SET last_success_at = ?, last_attempt_at = ?, last_error = ''",
                {atMs, atMs});
}

Status SyncState::recordFailure(qint64 atMs, const QString &error)
{
    return exec("UPDATE sync_state SET last_attempt_at = ?, last_error = ?", {atMs, error});
}

Result<SyncRefusal> SyncState::recordRefusal(const QString &eventId, qint64 stationSeq, const QString &reason,
                                             qint64 atMs)
{
    if (Status s =
            exec("INSERT INTO sync_refusals (event_id, station_seq, attempts, reason, first_at, last_at) "
                 "VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET attempts = attempts + 1, "
                 "reason = excluded.reason, last_at = excluded.last_at",
                 {eventId, stationSeq, reason, atMs, atMs});
        !s)
        return Result<SyncRefusal>::failure(s.error());
    if (Status s = exec("UPDATE sync_refusals SET dead = 1 WHERE event_id = ? AND attempts >= ?",
                        {eventId, MaxAttempts});
        !s)
        return Result<SyncRefusal>::failure(s.error());
    Result<std::optional<SyncRefusal>> r = refusal(eventId);
    if (!r)
        return Result<SyncRefusal>::failure(r.error());
    return *r.value();
}

Status SyncState::clearRefusal(const QString &eventId)
{
    return exec("DELETE FROM sync_refusals WHERE event_id = ?", {eventId});
}

Result<std::optional<SyncRefusal>> SyncState::refusal(const QString &eventId) const
{
    using R = Result<std::optional<SyncRefusal>>;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT event_id, station_seq, attempts, reason, last_at, dead FROM "
                             "sync_refusals WHERE event_id = ?"));
    q.addBindValue(eventId);
    if (!q.exec())
        return R::failure(tr("Cannot read the dead-letter list: %1").arg(q.lastError().text()));
    if (!q.next())
        return std::optional<SyncRefusal>();
    return std::optional<SyncRefusal>(refusalFrom(q));
}

Result<int> SyncState::reviveDeadLetters()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("UPDATE sync_refusals SET dead = 0, attempts = 0 WHERE dead = 1")))
        return Result<int>::failure(tr("Cannot change the dead-letter list: %1").arg(q.lastError().text()));
    return q.numRowsAffected();
}

} // namespace benchside
