// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/station.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

Result<Station> Station::load(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id, site, default_location, default_actor, is_demo FROM station"));
    if (!q.exec())
        return Result<Station>::failure(tr("Cannot read the station identity: %1").arg(q.lastError().text()));
    if (!q.next())
        return Result<Station>::failure(
            tr("This database has not been set up as a station yet. Run \"benchside-cli init\" (or "
               "\"seed-demo\" for a demo database) first."));
    Station s;
    s.id = q.value(0).toString();
    s.site = q.value(1).toString();
    s.defaultLocation = q.value(2).toString();
    s.defaultActor = q.value(3).toString();
    s.isDemo = q.value(4).toBool();
    return s;
}

Status Station::create(const QSqlDatabase &db, const Station &station)
{
    if (!isValidId(station.id))
        return Status::failure(
            tr("\"%1\" cannot be a station id: use 2 to 8 characters A-Z or 0-9 that start "
               "and end with a letter, for example RCV or LAB2A.")
                .arg(station.id));
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO station (singleton, id, site, default_location, default_actor, "
                             "is_demo, created_at) VALUES (1, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(station.id);
    q.addBindValue(station.site);
    q.addBindValue(station.defaultLocation);
    q.addBindValue(station.defaultActor);
    q.addBindValue(station.isDemo ? 1 : 0);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return Status::failure(
            tr("This database is already set up as a station; its identity cannot change."));
    return {};
}

Status Station::markDemo(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE station SET is_demo = 1"));
    if (!q.exec())
        return Status::failure(tr("Cannot mark the database as a demo: %1").arg(q.lastError().text()));
    return {};
}

bool Station::isValidId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Z][A-Z0-9]{0,6}[A-Z]$"));
    return pattern.match(id).hasMatch();
}

QString Station::randomId()
{
    QString id;
    for (int i = 0; i < 4; ++i)
        id += QChar(u'A' + QRandomGenerator::system()->bounded(26));
    return id;
}

} // namespace benchside
