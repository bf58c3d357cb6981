// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab/lab.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace benchside {

Status Lab::initialise(const QString &path, const Station &station)
{
    Result<std::unique_ptr<Database>> db = Database::open(path);
    if (!db)
        return Status::failure(db.error());
    if (Station::load(db.value()->connection()))
        return Status::failure(
            tr("%1 is already set up as a station; its identity cannot change.").arg(path));
    return Station::create(db.value()->connection(), station);
}

Result<std::unique_ptr<Lab>> Lab::open(const QString &path)
{
    using R = Result<std::unique_ptr<Lab>>;
    if (!QFileInfo::exists(path))
        return R::failure(
            tr("There is no database at %1. Create it with \"benchside-cli init\" or start the demo.")
                .arg(path));
    Result<std::unique_ptr<Database>> db = Database::open(path);
    if (!db)
        return R::failure(db.error());
    Result<Station> station = Station::load(db.value()->connection());
    if (!station)
        return R::failure(station.error());

    std::unique_ptr<Lab> lab(new Lab);
    lab->m_database = std::move(db.value());
    const QSqlDatabase conn = lab->m_database->connection();
    lab->m_store = std::make_unique<EventStore>(conn, station.value());
    lab->m_specimens = std::make_unique<SpecimenRepository>(conn);
    lab->m_catalog = std::make_unique<Catalog>(conn);
    lab->m_accessioner = std::make_unique<Accessioner>(*lab->m_store, *lab->m_specimens, *lab->m_catalog);
    lab->m_custody = std::make_unique<CustodyService>(*lab->m_store, *lab->m_specimens);
    lab->m_scanner = std::make_unique<ScanProcessor>(*lab->m_store, *lab->m_specimens, *lab->m_custody);
    lab->m_racks = std::make_unique<RackService>(*lab->m_store, *lab->m_specimens, *lab->m_custody);
    lab->m_permissions = std::make_unique<Permissions>(*lab->m_catalog, station.value().defaultActor);
    return lab;
}

Result<QString> Lab::actor(const QString &requested)
{
    const QString name = requested.isEmpty() ? station().defaultActor : requested;
    if (!m_permissions->role(name).isEmpty())
        return name;
    return Result<QString>::failure(tr("\"%1\" is not a user of this station.").arg(name));
}

} // namespace benchside
