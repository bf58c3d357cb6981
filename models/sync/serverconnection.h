// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/serverurl.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <memory>

namespace benchside {

// One connection to the sync server (Qt's QPSQL driver), closed when the object goes. Each thread
// opens its own: a QSqlDatabase belongs to the thread that opened it.
class ServerConnection
{
    Q_DECLARE_TR_FUNCTIONS(ServerConnection)

public:
    ServerConnection(const ServerConnection &) = delete;
    ServerConnection &operator=(const ServerConnection &) = delete;
    ~ServerConnection();

    static Result<std::unique_ptr<ServerConnection>> open(const ServerUrl &url);

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }
    const ServerUrl &url() const { return m_url; }
    // Whether the connection still answers; false after the server went away or cut it.
    bool alive() const;

    // A message a person can act on, from a failed statement's error.
    static QString describe(const QSqlError &error);
    // Whether the error came from the network or the server's state (worth retrying as is), rather
    // than from the server refusing what was sent.
    static bool isTransient(const QSqlError &error);

private:
    ServerConnection(QString name, ServerUrl url) : m_name(std::move(name)), m_url(std::move(url)) {}
    QString m_name;
    ServerUrl m_url;
};

} // namespace benchside
