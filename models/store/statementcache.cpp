#include "store/statementcache.h"

namespace benchside {

QSqlQuery &StatementCache::prepared(const char *sql)
{
    auto &slot = m_statements[sql];
    if (!slot) {
        slot = std::make_shared<QSqlQuery>(m_db);
        slot->setForwardOnly(true);
        slot->prepare(QString::fromUtf8(sql));
    }
    return *slot;
}

} // namespace benchside
