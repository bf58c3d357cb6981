// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A station database for the fuzz targets that need one: set up once per process (a catalogue with a
// bench, a specimen type, a container, the potassium test XK and two users, and whatever `seed` adds),
// then copied afresh for every input, so that each input starts from the same state in milliseconds.

#include "catalog/catalogimporter.h"
#include "lab/lab.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <cstdio>
#include <cstdlib>
#include <functional>

namespace fuzzstation {

inline const QString StationId = QStringLiteral("LOC");

[[noreturn]] inline void fail(const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "fuzz station: %s\n%s\n", what, qPrintable(detail));
    std::abort();
}

inline QByteArray catalogJson()
{
    return R"json({"benches": [{"code": "CHEM", "name": "Chemistry"}],
        "specimen_types": [{"code": "SERUM", "name": "Serum"}],
        "containers": [{"code": "SST", "name": "Gold top", "color": "#D4AF37"}],
        "locations": [{"path": "MAIN/RECEIVING", "kind": "bench"}],
        "users": [{"name": "admin", "display_name": "Admin", "role": "administrator"},
                  {"name": "tech", "display_name": "Tech", "role": "technician"}],
        "tests": [{"code": "XK", "name": "Potassium", "bench": "CHEM", "specimen_type": "SERUM",
        "container": "SST", "tat_minutes": 60, "unit": "mmol/L", "result_type": "numeric",
        "reference_ranges": [{"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 3.5,
        "high": 5.0}]}]})json";
}

class Fixture
{
public:
    // `seed` runs once on the template after the catalogue is in.
    explicit Fixture(const std::function<void(benchside::Lab &)> &seed = {})
    {
        static int argc = 1;
        static char name[] = "fuzz";
        static char *argv[] = {name, nullptr};
        if (!QCoreApplication::instance())
            new QCoreApplication(argc, argv);
        if (!m_dir.isValid())
            fail("no scratch folder");
        m_template = m_dir.filePath(QStringLiteral("template.db"));
        m_work = m_dir.filePath(QStringLiteral("work.db"));
        benchside::Station station;
        station.id = StationId;
        station.site = QStringLiteral("MAIN");
        station.defaultLocation = QStringLiteral("MAIN/RECEIVING");
        station.defaultActor = QStringLiteral("admin");
        if (benchside::Status s = benchside::Lab::initialise(m_template, station); !s)
            fail("cannot set up the template station", s.error());
        benchside::Result<std::unique_ptr<benchside::Lab>> lab = benchside::Lab::open(m_template);
        if (!lab)
            fail("cannot open the template station", lab.error());
        const benchside::Status imported = benchside::Status::from(benchside::CatalogImporter::import(
            lab.value()->store(), lab.value()->permissions(), catalogJson(), station.defaultActor));
        if (!imported)
            fail("cannot import the template catalogue", imported.error());
        if (seed)
            seed(*lab.value());
        QSqlQuery(lab.value()->database().connection())
            .exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }

    // A fresh copy of the template, open.
    std::unique_ptr<benchside::Lab> open()
    {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(m_work + suffix);
        if (!QFile::copy(m_template, m_work))
            fail("cannot copy the template station");
        benchside::Result<std::unique_ptr<benchside::Lab>> lab = benchside::Lab::open(m_work);
        if (!lab)
            fail("cannot open the station", lab.error());
        return std::move(lab.value());
    }

private:
    QTemporaryDir m_dir;
    QString m_template;
    QString m_work;
};

} // namespace fuzzstation
