// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace benchside {

// The SQLite connection behind a QSqlDatabase from the QSQLITE driver, or null for any other driver.
sqlite3 *sqliteHandle(const QSqlDatabase &db);

// One prepared statement run through SQLite's C API on the connection Qt opened. The projections
// and the journal run a handful of statements for every event, and through QSqlQuery half of a
// replay's instructions went to Qt naming each positional placeholder, caching rows and converting
// text to UTF-16 and back (docs/decisions.md, 48). Binds and reads like QSqlQuery: a null QVariant,
// null QString or null QByteArray binds SQL NULL; text binds as UTF-8, QByteArray as a blob.
//
// Must be destroyed before the QSqlDatabase closes: Qt closes with sqlite3_close, which refuses a
// connection that still has statements.
class SqliteStatement
{
    Q_DECLARE_TR_FUNCTIONS(SqliteStatement)

public:
    SqliteStatement(const QSqlDatabase &db, const QByteArray &sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Values bind in the order added, from the first placeholder, for the next exec().
    void addBindValue(const QVariant &value);
    void addBindValue(const QString &value);

    // Runs the statement with the values added since the last exec(); a result's first row is read
    // by the first next().
    bool exec();
    bool next();
    QVariant value(int column) const;
    // Lets go of the result before all its rows are read, so it holds no snapshot open.
    void finish();

    QString errorText() const { return m_error; }

private:
    void beginBinding();
    void bindText(int parameter, const QString &value);
    void checkBind(int rc);
    void fail();
    void release();

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    QString m_error;
    std::vector<QByteArray> m_texts; // the UTF-8 the current bindings point into
    int m_nextParameter = 1;
    bool m_active = false;     // stepped and not reset since
    bool m_pendingRow = false; // exec() stepped onto a row that next() has not handed out
    bool m_done = false;       // no more rows
    bool m_bindError = false;
};

} // namespace benchside
