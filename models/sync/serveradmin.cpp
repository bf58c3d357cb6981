// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/serveradmin.h"

#include "store/station.h"
#include "sync/scramverifier.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>

namespace benchside {

namespace {
QString failed(const QString &what, const QSqlQuery &q)
{
    return ServerAdmin::tr("%1: %2").arg(what, ServerConnection::describe(q.lastError()));
}
} // namespace

QString ServerAdmin::roleFor(const QString &stationId)
{
    return QStringLiteral("benchside_") + stationId.toLower();
}

Result<int> ServerAdmin::appliedVersion()
{
    QSqlQuery q(m_server.database());
    if (!q.exec(QStringLiteral("SELECT to_regclass('benchside.schema_version') IS NOT NULL")) || !q.next())
        return Result<int>::failure(failed(tr("Cannot read the server's schema"), q));
    if (!q.value(0).toBool())
        return 0;
    if (!q.exec(QStringLiteral("SELECT coalesce(max(version), 0) FROM benchside.schema_version")) ||
        !q.next())
        return Result<int>::failure(failed(tr("Cannot read the server's schema version"), q));
    return q.value(0).toInt();
}

Result<int> ServerAdmin::init()
{
    QSqlDatabase db = m_server.database();
    {
        QSqlQuery encoding(db);
        if (!encoding.exec(QStringLiteral("SHOW server_encoding")) || !encoding.next())
            return Result<int>::failure(failed(tr("Cannot read the server's encoding"), encoding));
        // Hashes are checked over UTF-8 bytes; another encoding would refuse every non-ASCII name.
        if (encoding.value(0).toString() != QLatin1String("UTF8"))
            return Result<int>::failure(
                tr("The database %1 uses the %2 encoding; Benchside needs UTF8. Create it with "
                   "CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0.")
                    .arg(m_server.url().database, encoding.value(0).toString()));
    }
    Result<int> current = appliedVersion();
    if (!current)
        return current;

    QStringList files;
    QDirIterator it(QStringLiteral(":/server"), {QStringLiteral("*.sql")});
    while (it.hasNext())
        files << it.next();
    files.sort();
    int version = current.value();
    for (const QString &file : std::as_const(files)) {
        const int number = QFileInfo(file).fileName().left(4).toInt();
        if (number <= version)
            continue;
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return Result<int>::failure(tr("Cannot read the server migration %1.").arg(file));
        // One transaction per migration: a failure leaves the server at the previous version.
        if (!db.transaction())
            return Result<int>::failure(tr("Cannot start a transaction on the server: %1")
                                            .arg(ServerConnection::describe(db.lastError())));
        QSqlQuery script(db);
        QSqlQuery mark(db);
        // Prepared only after the script: QPSQL prepares on the server, and the first script creates the
        // table.
        const bool applied =
            script.exec(QString::fromUtf8(f.readAll())) &&
            mark.prepare(QStringLiteral("INSERT INTO benchside.schema_version (version) VALUES (?)"));
        if (applied)
            mark.addBindValue(number);
        if (!applied || !mark.exec()) {
            const QString why = ServerConnection::describe(script.lastError().isValid() ? script.lastError()
                                                                                        : mark.lastError());
            db.rollback();
            return Result<int>::failure(
                tr("Setting up the server schema %1 failed and was rolled back: %2").arg(number).arg(why));
        }
        if (!db.commit())
            return Result<int>::failure(tr("Cannot commit the server schema %1: %2")
                                            .arg(number)
                                            .arg(ServerConnection::describe(db.lastError())));
        version = number;
    }
    return version;
}

Result<ServerAdmin::NewStation> ServerAdmin::addStation(const QString &stationId, const QString &site)
{
    using R = Result<NewStation>;
    if (!Station::isValidId(stationId))
        return R::failure(tr("\"%1\" cannot be a station id: use 2 to 8 characters A-Z or 0-9 that start and "
                             "end with a letter, as the station was set up with.")
                              .arg(stationId));
    if (site.trimmed().isEmpty())
        return R::failure(
            tr("Name the station's site (--site); stations read the events of their own site."));
    Result<int> version = appliedVersion();
    if (!version)
        return R::failure(version.error());
    if (version.value() == 0)
        return R::failure(tr("The server has no Benchside schema yet. Run benchside-cli server init first."));

    QSqlDatabase db = m_server.database();
    const QString role = roleFor(stationId);
    const QString password = ScramVerifier::randomPassword();
    if (!db.transaction())
        return R::failure(tr("Cannot start a transaction on the server: %1")
                              .arg(ServerConnection::describe(db.lastError())));
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO benchside.stations (id, site, role_name) VALUES (?, ?, ?)"));
    q.addBindValue(stationId);
    q.addBindValue(site.trimmed());
    q.addBindValue(role);
    if (!q.exec()) {
        const QString why = q.lastError().nativeErrorCode() == QLatin1String("23505")
                                ? tr("station %1 is already registered on the server.").arg(stationId)
                                : ServerConnection::describe(q.lastError());
        db.rollback();
        return R::failure(tr("Cannot add station %1: %2").arg(stationId, why));
    }
    // Role names and passwords cannot be bound in DDL. Both are made here from [a-z0-9] and the
    // verifier's base64 alphabet, so quoting them is enough; the password itself is never sent.
    const QString verifier = ScramVerifier::compute(password);
    QSqlQuery create(db);
    const QString ddl = QStringLiteral("CREATE ROLE \"%1\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                                       "NOREPLICATION NOBYPASSRLS IN ROLE benchside_station PASSWORD '%2'")
                            .arg(role, verifier);
    if (!create.exec(ddl)) {
        const QString why = create.lastError().nativeErrorCode() == QLatin1String("42710")
                                ? tr("the role %1 already exists on this server.").arg(role)
                                : ServerConnection::describe(create.lastError());
        db.rollback();
        return R::failure(tr("Cannot add station %1: %2").arg(stationId, why));
    }
    QSqlQuery connect(db);
    if (!connect.exec(
            QStringLiteral("GRANT CONNECT ON DATABASE \"%1\" TO \"%2\"")
                .arg(QString(m_server.url().database).replace(QLatin1Char('"'), QStringLiteral("\"\"")),
                     role))) {
        const QString why = ServerConnection::describe(connect.lastError());
        db.rollback();
        return R::failure(tr("Cannot add station %1: %2").arg(stationId, why));
    }
    if (!db.commit())
        return R::failure(
            tr("Cannot add station %1: %2").arg(stationId, ServerConnection::describe(db.lastError())));

    ServerUrl url = m_server.url();
    url.user = role;
    url.password = password;
    return NewStation{stationId, role, url.toString(true)};
}

Result<QList<ServerAdmin::StationStatus>> ServerAdmin::status()
{
    using R = Result<QList<StationStatus>>;
    Result<int> version = appliedVersion();
    if (!version)
        return R::failure(version.error());
    if (version.value() == 0)
        return R::failure(tr("The server has no Benchside schema yet. Run benchside-cli server init first."));
    QSqlQuery q(m_server.database());
    q.setForwardOnly(true);
    // Lag counts, per station, the events of its site that other stations pushed after its cursor.
    if (!q.exec(QStringLiteral(
            "SELECT s.id, s.site, s.last_seq, s.last_push_at, s.last_pull_at, s.pull_cursor, "
            "(SELECT count(*) FROM benchside.journal j JOIN benchside.stations o ON o.id = j.station_id "
            "  WHERE o.site = s.site AND o.id <> s.id AND j.server_seq > s.pull_cursor) "
            "FROM benchside.stations s ORDER BY s.site, s.id")))
        return R::failure(failed(tr("Cannot read the stations"), q));
    QList<StationStatus> out;
    while (q.next()) {
        StationStatus s;
        s.id = q.value(0).toString();
        s.site = q.value(1).toString();
        s.lastSeq = q.value(2).toLongLong();
        s.lastPushAt = q.value(3).toDateTime();
        s.lastPullAt = q.value(4).toDateTime();
        s.pullCursor = q.value(5).toLongLong();
        s.lag = q.value(6).toLongLong();
        out << s;
    }
    return out;
}

Result<qint64> ServerAdmin::serverEvents()
{
    QSqlQuery q(m_server.database());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM benchside.journal")) || !q.next())
        return Result<qint64>::failure(failed(tr("Cannot count the server's events"), q));
    return q.value(0).toLongLong();
}

} // namespace benchside
