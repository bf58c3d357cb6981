// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace benchside {

class Checkpointer;

// One SQLite connection with Benchside's durability settings and schema. Opening applies any
// numbered migration (resources/migrations/NNNN_name.sql) the file has not seen yet, each in its
// own transaction, so an interrupted upgrade leaves the previous schema intact.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(Database)

public:
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database();

    static Result<std::unique_ptr<Database>> open(const QString &path);

    QSqlDatabase connection() const { return QSqlDatabase::database(m_connectionName, false); }
    const QString &path() const { return m_path; }
    int schemaVersion() const;
    // SQLite's own page-level check; reads the whole file, so it is run by `verify`, not at open.
    Status checkIntegrity() const;

    // The background checkpoint of the write-ahead log; null for a database without one.
    const Checkpointer *checkpointer() const { return m_checkpointer.get(); }

    // Runs a script of several statements (migrations, tests that tamper with a file on purpose).
    Status executeScript(const QString &sql);

    static QString defaultPath();
    static QString demoPath();

private:
    Database(QString path, QString connectionName);
    Status applyMigrations();

    QString m_path;
    QString m_connectionName;
    std::unique_ptr<Checkpointer> m_checkpointer;
};

} // namespace benchside
