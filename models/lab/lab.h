// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accession/accessioner.h"
#include "auth/permissions.h"
#include "catalog/catalog.h"
#include "core/result.h"
#include "custody/custodyservice.h"
#include "journal/eventstore.h"
#include "rack/rackservice.h"
#include "scan/scanprocessor.h"
#include "specimen/specimenrepository.h"
#include "store/database.h"
#include "store/station.h"

#include <QCoreApplication>
#include <memory>

namespace benchside {

// One open station database and the services that work on it. The GUI and the CLI each hold one.
class Lab
{
    Q_DECLARE_TR_FUNCTIONS(Lab)

public:
    static Result<std::unique_ptr<Lab>> open(const QString &path);
    // Sets up a new database as a station. Refuses a database that already has an identity.
    static Status initialise(const QString &path, const Station &station);

    Database &database() { return *m_database; }
    const Station &station() const { return m_store->station(); }
    EventStore &store() { return *m_store; }
    SpecimenRepository &specimens() { return *m_specimens; }
    Catalog &catalog() { return *m_catalog; }
    Accessioner &accessioner() { return *m_accessioner; }
    CustodyService &custody() { return *m_custody; }
    ScanProcessor &scanner() { return *m_scanner; }
    RackService &racks() { return *m_racks; }
    const Permissions &permissions() const { return *m_permissions; }

    // The user an action is recorded for when none is named: must be a catalogue user, or the
    // station's own administrator before any catalogue exists.
    Result<QString> actor(const QString &requested);

private:
    Lab() = default;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<SpecimenRepository> m_specimens;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<Accessioner> m_accessioner;
    std::unique_ptr<CustodyService> m_custody;
    std::unique_ptr<ScanProcessor> m_scanner;
    std::unique_ptr<RackService> m_racks;
    std::unique_ptr<Permissions> m_permissions;
};

} // namespace benchside
