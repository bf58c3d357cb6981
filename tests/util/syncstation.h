// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A workstation for the sync tests: its own station database in a temporary folder, registered on
// a test PostgreSQL server, with the services the tests drive.

#include "lab/lab.h"
#include "labhelpers.h"
#include "projection/projector.h"
#include "result/resultrepository.h"
#include "result/resultservice.h"
#include "sync/serveradmin.h"
#include "sync/syncengine.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace synctest {

using namespace benchside;

class SyncStation
{
public:
    SyncStation(const QString &id, const QString &site, const ServerUrl &adminUrl) : m_id(id)
    {
        m_path = m_dir.filePath(QStringLiteral("lab.db"));
        const Station s{id, site, QStringLiteral("Main Lab / Receiving"), QStringLiteral("admin"), false};
        if (Status st = Lab::initialise(m_path, s); !st)
            qFatal("cannot create station %s: %s", qPrintable(id), qPrintable(st.error()));
        reopen();
        Result<std::unique_ptr<ServerConnection>> admin = ServerConnection::open(adminUrl);
        if (!admin)
            qFatal("cannot reach the test server: %s", qPrintable(admin.error()));
        Result<ServerAdmin::NewStation> added = ServerAdmin(*admin.value()).addStation(id, site);
        if (!added)
            qFatal("cannot register station %s: %s", qPrintable(id), qPrintable(added.error()));
        Result<ServerUrl> url = ServerUrl::parse(added.value().url);
        if (!url)
            qFatal("add-station printed a URL that does not parse: %s", qPrintable(url.error()));
        m_url = url.value();
    }

    // Closes and opens the database again, as a restarted station (or one restored from a file) does.
    void reopen()
    {
        close();
        Result<std::unique_ptr<Lab>> lab = Lab::open(m_path);
        if (!lab)
            qFatal("cannot open station %s: %s", qPrintable(m_id), qPrintable(lab.error()));
        m_lab = std::move(lab.value());
        m_repo = std::make_unique<ResultRepository>(m_lab->database().connection());
        m_results = std::make_unique<ResultService>(m_lab->store(), *m_repo, m_lab->catalog());
    }

    void close()
    {
        m_results.reset();
        m_repo.reset();
        m_lab.reset();
    }
    // A copy of the database as it is now, as a nightly backup would take it.
    QString backup()
    {
        close();
        const QString copy = m_dir.filePath(QStringLiteral("backup-%1.db").arg(++m_backups));
        if (!QFile::copy(m_path, copy))
            qFatal("cannot back up %s", qPrintable(m_path));
        reopen();
        return copy;
    }
    void restore(const QString &copy)
    {
        close();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(m_path + suffix);
        if (!QFile::copy(copy, m_path))
            qFatal("cannot restore %s", qPrintable(copy));
        reopen();
    }
    // A query on the database while the station has it closed (another process uses it).
    qint64 countClosed(const QString &sql)
    {
        qint64 n = 0;
        {
            QSqlDatabase probe =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
            probe.setDatabaseName(m_path);
            if (!probe.open())
                qFatal("cannot open %s", qPrintable(m_path));
            n = testlab::scalar(probe, sql);
            probe.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("probe"));
        return n;
    }

    Result<SyncReport> sync() { return sync(m_url); }
    Result<SyncReport> sync(const ServerUrl &url)
    {
        SyncEngine engine(m_lab->store());
        Result<SyncReport> r = engine.sync(url);
        if (r) {
            replayed += r.value().replayed ? 1 : 0;
            rebuilt += r.value().rebuilt ? 1 : 0;
        }
        return r;
    }
    int replayed = 0; // rounds that re-projected only some specimens
    int rebuilt = 0;  // rounds that rebuilt every view

    // The same URL, through another port (a proxy in front of the server).
    ServerUrl urlVia(int port) const
    {
        ServerUrl u = m_url;
        u.port = port;
        return u;
    }

    const QString &id() const { return m_id; }
    const QString &path() const { return m_path; }
    const ServerUrl &url() const { return m_url; }
    Lab &lab() { return *m_lab; }
    QSqlDatabase db() { return m_lab->database().connection(); }
    ResultService &results() { return *m_results; }

    qint64 count(const QString &sql) { return testlab::scalar(db(), sql); }
    qint64 journalCount() { return count(QStringLiteral("SELECT count(*) FROM journal")); }

    // Every projection, row by row: what two converged stations must agree on.
    QStringList projections()
    {
        QStringList out;
        for (const QString &table : Projector::tables())
            for (const QString &row : testlab::tableRows(db(), table))
                out << table + QLatin1Char(':') + row;
        return out;
    }
    QStringList journalIds()
    {
        QSqlQuery q(db());
        q.exec(QStringLiteral("SELECT id FROM journal ORDER BY id"));
        QStringList ids;
        while (q.next())
            ids << q.value(0).toString();
        return ids;
    }

    QString accession(const QStringList &tests = {QStringLiteral("GLU"), QStringLiteral("NA")},
                      const QString &mrn = QStringLiteral("M0000001"), const QString &name = {})
    {
        AccessionRequest request = testlab::serumRequest(tests);
        request.patient.mrn = mrn;
        if (!name.isEmpty())
            request.patient.name = name;
        Result<Specimen> s = m_lab->accessioner().accession(request, QStringLiteral("p.nair"));
        if (!s)
            qFatal("cannot accession at %s: %s", qPrintable(m_id), qPrintable(s.error()));
        return s.value().accession;
    }
    Status custody(const QString &accession, CustodyKind kind, const QString &location = {},
                   const QString &reasonCode = {}, int aliquots = 0)
    {
        CustodyRules::Step step{kind, location, reasonCode, {}, aliquots, {}};
        return Status::from(m_lab->custody().record(accession, step, QStringLiteral("p.nair")));
    }

private:
    QString m_id;
    QTemporaryDir m_dir;
    QString m_path;
    ServerUrl m_url;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<ResultRepository> m_repo;
    std::unique_ptr<ResultService> m_results;
    int m_backups = 0;
};

} // namespace synctest
