// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/serverconnection.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QUuid>

namespace benchside {

ServerConnection::~ServerConnection()
{
    {
        QSqlDatabase db = database();
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<ServerConnection>> ServerConnection::open(const ServerUrl &url)
{
    using R = Result<std::unique_ptr<ServerConnection>>;
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return R::failure(
            tr("Qt's PostgreSQL driver is not installed. Install libqt6sql6-psql and try again."));
    const QString name =
        QStringLiteral("benchside-server-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<ServerConnection> connection(new ServerConnection(name, url));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(url.host);
    db.setPort(url.port);
    db.setDatabaseName(url.database);
    db.setUserName(url.user);
    db.setPassword(url.password);
    db.setConnectOptions(url.connectOptions());
    if (!db.open())
        return R::failure(tr("Cannot reach the sync server %1: %2 Nothing was changed on this station; it "
                             "keeps working offline and will try again.")
                              .arg(url.toString(), describe(db.lastError())));
    QSqlQuery setup(db);
    // Statements that wait on a lock or a slow disk for longer than this are given up, not hung on.
    if (!setup.exec(QStringLiteral("SET statement_timeout = '120s'")))
        return R::failure(tr("The sync server %1 refused the session settings: %2")
                              .arg(url.toString(), describe(setup.lastError())));
    return connection;
}

bool ServerConnection::alive() const
{
    QSqlQuery q(database());
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

QString ServerConnection::describe(const QSqlError &error)
{
    // libpq's messages run over lines indented with tabs; one line reads better in a status bar.
    QString text = error.databaseText().simplified();
    if (text.isEmpty())
        text = error.driverText().simplified();
    // libpq's own words for the usual cases are terse; say what to check.
    if (text.contains(QLatin1String("password authentication failed")))
        return tr("the server refused the station's password (%1). Check the sync URL or ask an "
                  "administrator for a new one (benchside-cli server add-station).")
            .arg(text);
    if (text.contains(QLatin1String("certificate")))
        return tr("the server's TLS certificate could not be verified (%1). Check sslrootcert and that the "
                  "host name matches the certificate.")
            .arg(text);
    if (text.contains(QLatin1String("Connection refused")) || text.contains(QLatin1String("timeout")) ||
        text.contains(QLatin1String("could not translate host name")))
        return tr("the server does not answer (%1). Check the network and the server address.").arg(text);
    if (!text.endsWith(QLatin1Char('.')))
        text += QLatin1Char('.');
    return text;
}

bool ServerConnection::isTransient(const QSqlError &error)
{
    const QString state = error.nativeErrorCode();
    // SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention: shutdown, cancel),
    // 40 (serialisation, deadlock), 58 (system); an empty code is a connection the driver lost.
    if (state.isEmpty())
        return true;
    for (const char *cls : {"08", "53", "57", "40", "58", "XX"}) {
        if (state.startsWith(QLatin1String(cls)))
            return true;
    }
    return false;
}

} // namespace benchside
