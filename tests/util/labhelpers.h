// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Helpers shared by the unit tests that work on a station database: the demo catalogue, a quick
// way to accession a specimen, journal counts and table snapshots for row-by-row comparisons.

#include "catalog/catalogimporter.h"
#include "demo/demoseeder.h"
#include "lab/lab.h"
#include "projection/rebuildcheck.h"

#include <QFile>
#include <QJsonObject>
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

// Journals the test XK: a potassium-like test whose ranges leave a gap under one year and differ by
// sex — women 3.5-5.0 (critical 2.8/6.0), men 3.6-5.2 (3.0/6.2), children 1-18 3.4-4.7 (2.5/6.5),
// plausible 0-15 mmol/L — or with `ranges` (a JSON array) instead. For judging results whatever is
// known about the patient, independently of the demo catalogue's values.
inline benchside::Status importJudgementTest(benchside::Lab &lab, const QByteArray &ranges = {})
{
    const QByteArray json = R"json({"benches": [{"code": "CHEM", "name": "Chemistry"}],
        "specimen_types": [{"code": "SERUM", "name": "Serum"}],
        "containers": [{"code": "SST", "name": "Serum separator tube (gold top)", "color": "#D4AF37"}],
        "tests": [{"code": "XK", "name": "Test potassium", "bench": "CHEM", "specimen_type": "SERUM",
        "container": "SST", "tat_minutes": 60, "unit": "mmol/L", "plausible_low": 0, "plausible_high": 15,
        "result_type": "numeric", "reference_ranges": )json" +
                            (ranges.isEmpty() ? QByteArray(R"json([
          {"sex": "F", "age_min_years": 18, "age_max_years": 120, "low": 3.5, "high": 5.0, "critical_low": 2.8, "critical_high": 6.0},
          {"sex": "M", "age_min_years": 18, "age_max_years": 120, "low": 3.6, "high": 5.2, "critical_low": 3.0, "critical_high": 6.2},
          {"sex": "any", "age_min_years": 1, "age_max_years": 18, "low": 3.4, "high": 4.7, "critical_low": 2.5, "critical_high": 6.5}])json")
                                              : ranges) +
                            "}]}";
    return benchside::Status::from(
        benchside::CatalogImporter::import(lab.store(), lab.permissions(), json, lab.station().defaultActor));
}

// The patients whose results are judged without (or with) their own range: "unidentified" (no MRN),
// "sex unknown" (U), "newborn" (20 days, no range covers), anything else a known adult woman.
inline benchside::Patient patientOf(const QString &kind)
{
    if (kind == QLatin1String("unidentified"))
        return {};
    if (kind == QLatin1String("sex unknown"))
        return {QStringLiteral("M0000101"), QStringLiteral("Roe, Sam"), QStringLiteral("1980-04-02"),
                QStringLiteral("U")};
    if (kind == QLatin1String("newborn"))
        return {QStringLiteral("M0000102"), QStringLiteral("Baby Doe"),
                QDate::currentDate().addDays(-20).toString(Qt::ISODate), QStringLiteral("M")};
    return {QStringLiteral("M0000103"), QStringLiteral("Moe, Ann"), QStringLiteral("1970-01-01"),
            QStringLiteral("F")};
}

// One result event as a station wrote it, for writing what older versions recorded.
inline benchside::Status writeResultEvent(benchside::Lab &lab, const QString &actor, const QString &kind,
                                          const QString &orderId, const QJsonObject &payload)
{
    const QString accession = orderId.left(orderId.lastIndexOf(QLatin1Char('-')));
    QJsonObject p = payload;
    p.insert(QStringLiteral("order_id"), orderId);
    return benchside::Status::from(
        lab.store().write(actor, [&]() -> benchside::Result<QList<benchside::EventDraft>> {
            return QList<benchside::EventDraft>{{kind, accession, p}};
        }));
}

// An XK value as stations recorded it before every result was judged (docs/decisions.md 49): no flag,
// no range basis; released by `releasedBy` too unless that is empty.
inline benchside::Status writeUnflaggedResult(benchside::Lab &lab, const QString &orderId,
                                              const QString &value, const QString &enteredBy,
                                              const QString &releasedBy = {})
{
    const benchside::Status entered =
        writeResultEvent(lab, enteredBy, QStringLiteral("result.entered"), orderId,
                         {{QStringLiteral("test"), QStringLiteral("XK")},
                          {QStringLiteral("value"), value},
                          {QStringLiteral("numeric"), value.toDouble()},
                          {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                          {QStringLiteral("flag"), QString()}});
    if (!entered || releasedBy.isEmpty())
        return entered;
    return writeResultEvent(lab, releasedBy, QStringLiteral("result.verified"), orderId,
                            {{QStringLiteral("value"), value}, {QStringLiteral("flag"), QString()}});
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

// Fails the calling test unless replaying the journal gives exactly the live views.
inline void verifyViewsMatchJournal(benchside::Lab &lab)
{
    const benchside::Result<QStringList> diff = benchside::RebuildCheck::differences(lab.database());
    QVERIFY2(diff, qPrintable(diff.error()));
    QVERIFY2(diff.value().isEmpty(), qPrintable(diff.value().join(QLatin1Char('\n'))));
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

// Accessions and receives a tube with `tests` for a patient of that kind (patientOf); its accession.
inline QString receivedFor(benchside::Lab &lab, const QString &patientKind, const QStringList &tests,
                           const QString &actor = QStringLiteral("p.nair"))
{
    benchside::AccessionRequest r = serumRequest(tests);
    r.patient = patientOf(patientKind);
    const benchside::Result<benchside::Specimen> s = lab.accessioner().accession(r, actor);
    if (!s)
        qFatal("accession failed: %s", qPrintable(s.error()));
    if (lab.scanner().process(s.value().accession, benchside::ScanProcessor::Action::Receive, actor).type !=
        benchside::ScanOutcome::Type::Received)
        qFatal("cannot receive %s", qPrintable(s.value().accession));
    return s.value().accession;
}

// Every row of a query as "a|b|c", the rows joined by newlines: what a test compares.
inline QString queryText(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        qFatal("query failed: %s", qPrintable(sql));
    QStringList rows;
    while (q.next()) {
        QStringList cols;
        for (int i = 0; q.value(i).isValid(); ++i)
            cols << q.value(i).toString();
        rows << cols.join(QLatin1Char('|'));
    }
    return rows.join(QLatin1Char('\n'));
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
