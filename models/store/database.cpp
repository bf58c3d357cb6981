// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/database.h"

#include "store/checkpointer.h"
#include "store/sqlitestatement.h"
#include "store/walwritebuffer.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <sqlite3.h>

namespace benchside {

Database::Database(QString path, QString connectionName)
    : m_path(std::move(path)), m_connectionName(std::move(connectionName))
{}

Database::~Database()
{
    m_checkpointer.reset();
    {
        QSqlDatabase db = connection();
        if (db.isOpen()) {
            const QSqlError before = db.lastError();
            db.close();
            // Qt finalises its own statements, not a SqliteStatement still alive; SQLite then refuses
            // to close, and Qt lets go of the connection without closing it. Said, not swallowed.
            if (const QSqlError after = db.lastError(); after.isValid() && after != before)
                qWarning("Database %s was left open: %s. A SqliteStatement outlived it.", qPrintable(m_path),
                         qPrintable(after.text()));
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<Database>> Database::open(const QString &path)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return Result<std::unique_ptr<Database>>::failure(
            tr("Cannot create the folder %1 for the database. Check that it is writable.")
                .arg(info.absolutePath()));

    // Without the layer (a build whose SQLite has no Unix file system) every page is written on its
    // own, as SQLite does: slower, never less safe.
    WalWriteBuffer::install();
    const QString name = QStringLiteral("benchside-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<Database> database(new Database(info.absoluteFilePath(), name));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(database->m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return Result<std::unique_ptr<Database>>::failure(
            tr("Cannot open the database %1: %2").arg(database->m_path, db.lastError().text()));

    // WAL + synchronous=FULL: a commit is on disk before the user is told it happened.
    // recursive_triggers: without it INSERT OR REPLACE overwrites a journal entry past its delete trigger.
    const Status pragmas =
        database->executeScript(QStringLiteral("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA "
                                               "foreign_keys=ON; "
                                               "PRAGMA recursive_triggers=ON;"));
    if (!pragmas)
        return Result<std::unique_ptr<Database>>::failure(pragmas.error());

    // Reading the schema is enough to refuse a file that is not a database, and costs the same on
    // a 4 GB station as on an empty one; a full integrity check belongs to `verify`.
    QSqlQuery check(db);
    if (!check.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !check.next())
        return Result<std::unique_ptr<Database>>::failure(
            tr("The database %1 is damaged or is not a Benchside database. Restore it from a backup or "
               "resynchronise the station; nothing has been changed.")
                .arg(database->m_path));
    // An open statement would keep the schema locked against the migrations below.
    check.finish();

    const Status migrated = database->applyMigrations();
    if (!migrated)
        return Result<std::unique_ptr<Database>>::failure(migrated.error());
    // Not for a database SQLite could not put in WAL mode (one in memory): it has no log to copy.
    QSqlQuery mode(db);
    if (mode.exec(QStringLiteral("PRAGMA journal_mode")) && mode.next() &&
        mode.value(0).toString() == QLatin1String("wal"))
        database->m_checkpointer =
            std::make_unique<Checkpointer>(sqliteHandle(db), QFile::encodeName(database->m_path));
    return database;
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

Status Database::checkIntegrity() const
{
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("PRAGMA quick_check")))
        return Status::failure(tr("Cannot check %1: %2").arg(m_path, q.lastError().text()));
    QStringList problems;
    while (q.next() && problems.size() < 5) {
        const QString line = q.value(0).toString();
        if (line != QLatin1String("ok"))
            problems << line;
    }
    if (!problems.isEmpty())
        return Status::failure(
            tr("The database file %1 is damaged: %2").arg(m_path, problems.join(QStringLiteral("; "))));
    return {};
}

Status Database::executeScript(const QString &sql)
{
    sqlite3 *handle = sqliteHandle(connection());
    if (!handle)
        return Status::failure(tr("The SQLite driver is not available."));
    char *message = nullptr;
    if (sqlite3_exec(handle, sql.toUtf8().constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        const QString text = QString::fromUtf8(message ? message : "unknown error");
        sqlite3_free(message);
        return Status::failure(tr("Database error: %1").arg(text));
    }
    return {};
}

Status Database::applyMigrations()
{
    const int current = schemaVersion();
    if (current < 0)
        return Status::failure(tr("Cannot read the schema version of %1.").arg(m_path));

    QStringList files;
    QDirIterator it(QStringLiteral(":/migrations"), {QStringLiteral("*.sql")});
    while (it.hasNext())
        files << it.next();
    files.sort();

    int latest = 0;
    for (const QString &file : std::as_const(files)) {
        const int version = QFileInfo(file).fileName().left(4).toInt();
        latest = std::max(latest, version);
        if (version <= current)
            continue;
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return Status::failure(tr("Cannot read migration %1.").arg(file));
        const QString script = QStringLiteral("BEGIN IMMEDIATE;\n") + QString::fromUtf8(f.readAll()) +
                               QStringLiteral("\nPRAGMA user_version=%1;\nCOMMIT;").arg(version);
        const Status applied = executeScript(script);
        if (!applied) {
            executeScript(QStringLiteral("ROLLBACK;"));
            return Status::failure(tr("Upgrading the database to schema %1 failed and was rolled back: %2")
                                       .arg(version)
                                       .arg(applied.error()));
        }
    }
    if (current > latest)
        return Status::failure(tr("The database %1 was written by a newer Benchside (schema %2; this program "
                                  "knows up to %3). Update Benchside before opening it.")
                                   .arg(m_path)
                                   .arg(current)
                                   .arg(latest));
    return {};
}

QString Database::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/benchside.db");
}

QString Database::demoPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo.db");
}

} // namespace benchside
