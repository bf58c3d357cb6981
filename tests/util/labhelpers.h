#pragma once

// Helpers shared by the unit tests that work on a station database: the demo catalogue, a quick
// way to accession a specimen, journal counts and table snapshots for row-by-row comparisons.

#include "catalog/catalogimporter.h"
#include "demo/demoseeder.h"
#include "lab/lab.h"

#include <QFile>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QTest>

namespace testlab {

inline QByteArray demoCatalogJson()
{
    QFile file(QStringLiteral(":/demo/catalog.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the demo catalogue is not compiled into benchside_models");
    return file.readAll();
}

// Journals the demo catalogue (benches, tests, users, locations…) as the station administrator.
inline benchside::Status importDemoCatalog(benchside::Lab &lab)
{
    return benchside::Status::from(benchside::CatalogImporter::import(
        lab.store(), lab.permissions(), demoCatalogJson(), lab.station().defaultActor));
}

// The demo station (under id TST, which the tests' accession numbers and titles expect) at `path`,
// filled by the demo seeder: what the GUI tests open their main window on.
inline benchside::Status createDemoStation(const QString &path, quint32 seed, qint64 specimens)
{
    benchside::Result<std::unique_ptr<benchside::Database>> db = benchside::Database::open(path);
    if (!db)
        return benchside::Status::failure(db.error());
    benchside::Station station = benchside::DemoSeeder::demoStation();
    station.id = QStringLiteral("TST");
    if (benchside::Status s = benchside::Station::create(db.value()->connection(), station); !s)
        return s;
    return benchside::Status::from(benchside::DemoSeeder(*db.value(), seed).seed(specimens));
}

inline qint64 scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        qFatal("query failed: %s", qPrintable(sql));
    return q.value(0).toLongLong();
}

inline qint64 journalCount(benchside::Lab &lab)
{
    return scalar(lab.database().connection(), QStringLiteral("SELECT count(*) FROM journal"));
}

inline benchside::AccessionRequest serumRequest(const QStringList &tests = {QStringLiteral("GLU"),
                                                                            QStringLiteral("NA")})
{
    benchside::AccessionRequest r;
    r.patient = {QStringLiteral("M0000001"), QStringLiteral("Doe, Jane"), QStringLiteral("1980-04-02"),
                 QStringLiteral("F")};
    r.specimenType = QStringLiteral("SERUM");
    r.collector = QStringLiteral("Ward 3");
    r.tests = tests;
    return r;
}

// Every row of a table as one string per row, columns in table order, sorted; `skip` names columns
// to leave out (wall-clock times, say).
inline QStringList tableRows(const QSqlDatabase &db, const QString &table, const QStringList &skip = {})
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT * FROM ") + table))
        qFatal("cannot read table %s", qPrintable(table));
    QStringList rows;
    while (q.next()) {
        const QSqlRecord rec = q.record();
        QStringList cells;
        for (int i = 0; i < rec.count(); ++i) {
            if (skip.contains(rec.fieldName(i)))
                continue;
            const QVariant v = rec.value(i);
            cells << rec.fieldName(i) + QLatin1Char('=') +
                         (v.isNull() ? QStringLiteral("<null>") : v.toString());
        }
        rows << cells.join(QLatin1Char('|'));
    }
    rows.sort();
    return rows;
}

// One tube as a wedge scanner types it into a keystroke capture (docs/replay-format.md): Shift
// around capitals, 8 ms between keys, Enter, then `pauseMs` before the next tube.
inline void appendScan(QByteArray &capture, double &t, const QString &code, double pauseMs)
{
    for (QChar c : code) {
        if (c.isUpper()) {
            capture += QByteArray::number(t, 'f', 1) + " Shift\n";
            t += 1;
        }
        capture += QByteArray::number(t, 'f', 1) + ' ' + QString(c).toUtf8() + '\n';
        t += 8;
    }
    capture += QByteArray::number(t, 'f', 1) + " Enter\n";
    t += pauseMs;
}

} // namespace testlab
