// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/eventstore.h"
#include "sync/serverconnection.h"
#include "sync/serverurl.h"
#include "sync/syncreport.h"
#include "sync/syncstate.h"

#include <QCoreApplication>

namespace benchside {

// One sync round of this station with the server: pull what the site recorded elsewhere, then push
// what this station recorded. Safe to interrupt anywhere and to repeat; everything it needs to resume
// is in the station's database.
class SyncEngine
{
    Q_DECLARE_TR_FUNCTIONS(SyncEngine)

public:
    explicit SyncEngine(EventStore &store);

    Result<SyncReport> sync(ServerConnection &server);
    // Opens a connection for the round and closes it afterwards. A server that cannot be reached
    // changes nothing locally but the time and reason of the failed attempt.
    Result<SyncReport> sync(const ServerUrl &url);

    SyncState &state() { return m_state; }

private:
    Status rebuildIfStale(SyncReport &report);
    Result<int> openFlags() const;

    EventStore &m_store;
    SyncState m_state;
};

} // namespace benchside
