// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/sqlitestatement.h"

#include <QHash>
#include <QSqlDatabase>
#include <memory>

namespace benchside {

// Statements prepared once per connection and reused: preparing costs more than executing them,
// and the projections run the same few statements for every event they apply. Destroy the cache
// before its connection closes (see SqliteStatement).
class StatementCache
{
public:
    explicit StatementCache(QSqlDatabase db) : m_db(std::move(db)) {}

    // `sql` is a string literal: its address is the key.
    SqliteStatement &prepared(const char *sql);

private:
    QSqlDatabase m_db;
    QHash<const char *, std::shared_ptr<SqliteStatement>> m_statements;
};

} // namespace benchside
