// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/eventstore.h"
#include "sync/serverconnection.h"
#include "sync/syncreport.h"
#include "sync/syncstate.h"

#include <QCoreApplication>

namespace benchside {

// Sends this station's events that the server does not hold yet, in station_seq order, from the
// server's own head for the station: a repeated or interrupted push just starts again from there,
// and the server's ON CONFLICT (id) DO NOTHING makes a batch sent twice harmless.
class JournalPusher
{
    Q_DECLARE_TR_FUNCTIONS(JournalPusher)

public:
    static constexpr int BatchSize = 4000;

    JournalPusher(EventStore &store, SyncState &state) : m_store(store), m_state(state) {}

    Status push(ServerConnection &server, SyncReport &report);
    // What the station is told when its journal and the server's copy of it part at event #seq.
    static QString forkMessage(qint64 seq);
    // The push's statement (one bound value: the batch as batchJson() writes it), public for the site
    // benchmark's EXPLAIN at scale (tests/bench/site_bench.cpp).
    static QString insertSql();
    static QByteArray batchJson(const QList<Event> &events);

private:
    struct ServerHead
    {
        qint64 seq = 0;
        QString hash;
    };
    Result<ServerHead> serverHead(ServerConnection &server);
    Status checkNoFork(const ServerHead &head);
    Result<QList<Event>> pending(qint64 afterSeq, int limit);
    // Sends the events as one statement in one transaction; on refusal returns the server's error.
    QSqlError send(ServerConnection &server, const QList<Event> &events);
    Status refused(const Event &e, const QSqlError &error, SyncReport &report);

    EventStore &m_store;
    SyncState &m_state;
};

} // namespace benchside
