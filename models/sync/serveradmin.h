// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/serverconnection.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

namespace benchside {

// What an administrator does to the sync server: set up its schema, register stations, and see how
// far each station has pushed and pulled. Works over an administrator's connection, except status(),
// which a station's own connection may also ask (it then sees its own site).
class ServerAdmin
{
    Q_DECLARE_TR_FUNCTIONS(ServerAdmin)

public:
    struct StationStatus
    {
        QString id;
        QString site;
        qint64 lastSeq = 0;    // the station's events the server holds
        QDateTime lastPushAt;  // invalid: never pushed
        QDateTime lastPullAt;  // invalid: never pulled
        qint64 pullCursor = 0; // the highest server sequence the station has pulled
        qint64 lag = 0;        // events of its site from other stations it has not pulled yet
    };

    struct NewStation
    {
        QString id;
        QString role;
        QString url; // what the station syncs with, password included: shown once, at setup
    };

    explicit ServerAdmin(ServerConnection &server) : m_server(server) {}

    // Applies the server migrations (resources/server) not yet applied; returns the schema version.
    Result<int> init();
    // Creates the station's LOGIN role (a SCRAM-SHA-256 verifier, computed here) and its row.
    Result<NewStation> addStation(const QString &stationId, const QString &site);
    Result<QList<StationStatus>> status();
    Result<qint64> serverEvents();

    static QString roleFor(const QString &stationId);

private:
    Result<int> appliedVersion();
    ServerConnection &m_server;
};

} // namespace benchside
