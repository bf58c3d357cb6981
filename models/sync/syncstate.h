// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/syncreport.h"

#include <QCoreApplication>
#include <QSqlDatabase>

namespace benchside {

// This station's own sync bookkeeping (sync_state, sync_refusals): what the server holds of it,
// how far it has pulled, and what the server refused. Never synchronised.
class SyncState
{
    Q_DECLARE_TR_FUNCTIONS(SyncState)

public:
    // A refused event is retried this many times (one per sync round) before it is dead-lettered.
    static constexpr int MaxAttempts = 3;

    explicit SyncState(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<SyncStatus> status() const;
    Result<bool> projectionsStale() const;

    Status setPushedSeq(qint64 seq);
    Status setCursor(qint64 cursor);
    Status setStale(bool stale);
    Status recordSuccess(qint64 atMs);
    Status recordFailure(qint64 atMs, const QString &error);
    // Counts one more refusal of the event; returns it as now recorded (dead after MaxAttempts).
    Result<SyncRefusal> recordRefusal(const QString &eventId, qint64 stationSeq, const QString &reason,
                                      qint64 atMs);
    Status clearRefusal(const QString &eventId);
    Result<std::optional<SyncRefusal>> refusal(const QString &eventId) const;
    // Makes dead-lettered events eligible again (after the cause was fixed on the server).
    Result<int> reviveDeadLetters();

private:
    Status exec(const char *sql, const QVariantList &values);
    QSqlDatabase m_db;
};

} // namespace benchside
