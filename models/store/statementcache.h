#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <memory>

namespace benchside {

// Statements prepared once per connection and reused: preparing costs more than executing them,
// and the projections run the same few statements for every event they apply.
class StatementCache
{
public:
    explicit StatementCache(QSqlDatabase db) : m_db(std::move(db)) {}

    // `sql` is a string literal: its address is the key.
    QSqlQuery &prepared(const char *sql);

private:
    QSqlDatabase m_db;
    QHash<const char *, std::shared_ptr<QSqlQuery>> m_statements;
};

} // namespace benchside
