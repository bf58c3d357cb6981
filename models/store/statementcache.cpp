// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/statementcache.h"

namespace benchside {

SqliteStatement &StatementCache::prepared(const char *sql)
{
    auto &slot = m_statements[sql];
    if (!slot)
        slot = std::make_shared<SqliteStatement>(m_db, QByteArray::fromRawData(sql, qstrlen(sql)));
    return *slot;
}

} // namespace benchside
