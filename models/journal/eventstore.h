// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/event.h"
#include "journal/hybridclock.h"
#include "projection/projector.h"
#include "store/statementcache.h"
#include "store/station.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <functional>

namespace benchside {

// Appends events to this station's chain and updates the projections in the same SQLite
// transaction. Nothing is acknowledged before that transaction has committed.
class EventStore
{
    Q_DECLARE_TR_FUNCTIONS(EventStore)

public:
    using Decision = std::function<Result<QList<EventDraft>>()>;

    EventStore(QSqlDatabase db, Station station, HybridClock clock = HybridClock());

    // Runs `decide` under the write lock, so the rules it checks against the projections cannot
    // be invalidated by another process before its events are appended. A failed decision, a
    // failed insert or a failed commit leaves the database as it was.
    Result<QList<Event>> write(const QString &actor, const Decision &decide);
    Result<Event> writeOne(const QString &actor, const EventDraft &draft);

    // For events that arrive whole (pulled from the server), inside a transaction the caller holds
    // and after the caller has checked that they continue their station's chain: the journal row,
    // and that station's head. The projections are the caller's to update.
    Status insertLocked(const Event &e);
    Status setHeadLocked(const QString &stationId, qint64 seq, const QString &hash);

    const Station &station() const { return m_station; }
    QSqlDatabase database() const { return m_db; }
    Projector &projector() { return m_projector; }

private:
    Status appendLocked(const QString &actor, const EventDraft &draft, Event &out);

    QSqlDatabase m_db;
    Station m_station;
    HybridClock m_clock;
    Projector m_projector;
    StatementCache m_statements;
};

} // namespace benchside
