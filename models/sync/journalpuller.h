// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/eventstore.h"
#include "sync/serverconnection.h"
#include "sync/syncreport.h"
#include "sync/syncstate.h"

#include <QCoreApplication>
#include <tuple>

namespace benchside {

// Brings the events of this station's site that it does not hold yet from the server: every
// station's chain from where the station's copy of it ends (chain_heads are the cursors, so there is
// no cursor to lose). Each batch is checked link by link and committed with its projections in one
// SQLite transaction; an interrupted pull resumes at the next sync. A station whose chain breaks
// stops there (report.warning says why) and the others' events are taken in; an event that cannot
// be projected goes to the review list with the reason, and the events after it still apply.
class JournalPuller
{
    Q_DECLARE_TR_FUNCTIONS(JournalPuller)

public:
    static constexpr int BatchPerStation = 2000;
    // A pulled batch at least this large, and larger than what the station held, is not projected
    // event by event: the views are rebuilt once when the pull is done.
    static constexpr int BulkPull = 1000;
    // (hlc, station, seq): the order the projections replay the journal in. The rebuild's ORDER BY
    // compares station ids as UTF-8 bytes, QString as UTF-16 units, and the two orders differ only
    // where both ids have a character outside ASCII at the first place they differ; apply() takes in no event
    // whose id is not a station name (ASCII), so every comparison here has at least one ASCII side and the
    // orders agree.
    using ReplayKey = std::tuple<qint64, QString, qint64>;

    JournalPuller(EventStore &store, SyncState &state) : m_store(store), m_state(state) {}

    struct Pulled
    {
        Event event;
        qint64 serverSeq = 0;
    };

    Status pull(ServerConnection &server, SyncReport &report);
    // One batch as the server sends it (by station, then station_seq), in one transaction. Fails, and
    // changes nothing, only when this station's own chain forked or the database fails.
    Status apply(const QList<Pulled> &batch, SyncReport &report);
    // The pull's query: its parameters are the station ids and the last seq this station holds of
    // each (text[] and bigint[] literals), then BatchPerStation twice. Public for the site benchmark's
    // EXPLAIN at scale (tests/bench/site_bench.cpp).
    static QString fetchSql();

private:
    Result<QList<Pulled>> fetch(ServerConnection &server);
    // Brings the projections up to date with `events` (sorted in replay order, already in the
    // journal); `last` is the newest event held before them.
    Status project(const QList<Event> &events, bool nothingHeld, const ReplayKey &last, SyncReport &report);
    // About how many journal rows the station held before `inBatch` just inserted (rowids only grow).
    Result<qint64> heldBefore(qsizetype inBatch) const;

    EventStore &m_store;
    SyncState &m_state;
};

} // namespace benchside
