// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QString>

namespace benchside {

// Where and how a station reaches the sync server: a libpq-style URL,
// postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=verify-full&sslrootcert=/path/ca.crt
// Only the options below are accepted, so that a typing mistake is refused rather than ignored.
struct ServerUrl
{
    Q_DECLARE_TR_FUNCTIONS(ServerUrl)

public:
    QString host;
    int port = 5432;
    QString database;
    QString user;
    QString password;
    QString sslMode;     // disable, prefer (libpq's default), require, verify-ca, verify-full
    QString sslRootCert; // the CA that signed the server's certificate (verify-ca, verify-full)
    QString sslCert;     // optional client certificate and key
    QString sslKey;
    int connectTimeoutS = 5;

    static Result<ServerUrl> parse(const QString &text);
    // The URL again; with the password replaced by *** unless withPassword.
    QString toString(bool withPassword = false) const;
    // QSqlDatabase::setConnectOptions() for the QPSQL driver.
    QString connectOptions() const;
};

} // namespace benchside
