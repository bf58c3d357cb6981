// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/sqlitestatement.h"

#include <QSqlDriver>
#include <sqlite3.h>

namespace benchside {

sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    if (!db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.data());
}

namespace {
// QSqlQuery's rule: a null value of any type is SQL NULL, and so are the null QString and QByteArray
// that Qt 6's QVariant::isNull() no longer counts as null.
bool isSqlNull(const QVariant &v)
{
    if (v.isNull())
        return true;
    switch (v.metaType().id()) {
    case QMetaType::QString:
        return static_cast<const QString *>(v.constData())->isNull();
    case QMetaType::QByteArray:
        return static_cast<const QByteArray *>(v.constData())->isNull();
    default:
        return false;
    }
}
} // namespace

SqliteStatement::SqliteStatement(const QSqlDatabase &db, const QByteArray &sql) : m_db(sqliteHandle(db))
{
    if (!m_db) {
        m_error = tr("There is no open SQLite database to run the statement on.");
        return;
    }
    if (sqlite3_prepare_v3(m_db, sql.constData(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &m_stmt, nullptr) != SQLITE_OK) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::beginBinding()
{
    if (m_active) {
        sqlite3_reset(m_stmt);
        m_active = false;
    }
    m_pendingRow = false;
    m_done = false;
    m_bindError = false;
    m_texts.clear();
}

void SqliteStatement::checkBind(int rc)
{
    if (rc != SQLITE_OK && !m_bindError) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        m_bindError = true;
    }
}

void SqliteStatement::bindText(int parameter, const QString &value)
{
    m_texts.push_back(value.toUtf8());
    const QByteArray &utf8 = m_texts.back();
    checkBind(
        sqlite3_bind_text(m_stmt, parameter, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_STATIC));
}

void SqliteStatement::addBindValue(const QString &value)
{
    if (!m_stmt)
        return;
    if (m_nextParameter == 1)
        beginBinding();
    const int parameter = m_nextParameter++;
    if (value.isNull())
        checkBind(sqlite3_bind_null(m_stmt, parameter));
    else
        bindText(parameter, value);
}

void SqliteStatement::addBindValue(const QVariant &value)
{
    if (!m_stmt)
        return;
    if (m_nextParameter == 1)
        beginBinding();
    const int parameter = m_nextParameter++;
    if (isSqlNull(value)) {
        checkBind(sqlite3_bind_null(m_stmt, parameter));
        return;
    }
    switch (value.metaType().id()) {
    case QMetaType::Bool:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        checkBind(sqlite3_bind_int64(m_stmt, parameter, value.toLongLong()));
        break;
    case QMetaType::Float:
    case QMetaType::Double:
        checkBind(sqlite3_bind_double(m_stmt, parameter, value.toDouble()));
        break;
    case QMetaType::QByteArray: {
        const auto *blob = static_cast<const QByteArray *>(value.constData());
        checkBind(sqlite3_bind_blob64(m_stmt, parameter, blob->constData(),
                                      static_cast<sqlite3_uint64>(blob->size()), SQLITE_TRANSIENT));
        break;
    }
    case QMetaType::QString:
        bindText(parameter, *static_cast<const QString *>(value.constData()));
        break;
    default:
        bindText(parameter, value.toString());
        break;
    }
}

bool SqliteStatement::exec()
{
    if (!m_stmt)
        return false;
    const int given = m_nextParameter - 1;
    if (given == 0)
        beginBinding(); // nothing bound: the previous run still has to be reset
    m_nextParameter = 1;
    if (m_bindError)
        return false;
    if (const int wanted = sqlite3_bind_parameter_count(m_stmt); given != wanted) {
        // Bindings outlive a run in SQLite: a value left out would silently be the previous run's.
        m_error = tr("The statement needs %1 values but was given %2.").arg(wanted).arg(given);
        return false;
    }
    m_error.clear();
    m_active = true;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        m_pendingRow = true;
        return true;
    }
    if (rc == SQLITE_DONE) {
        release();
        return true;
    }
    fail();
    return false;
}

bool SqliteStatement::next()
{
    if (m_pendingRow) {
        m_pendingRow = false;
        return true;
    }
    if (!m_active || m_done)
        return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        release();
    else
        fail();
    return false;
}

QVariant SqliteStatement::value(int column) const
{
    if (!m_active)
        return {};
    switch (sqlite3_column_type(m_stmt, column)) {
    case SQLITE_INTEGER:
        return QVariant(static_cast<qint64>(sqlite3_column_int64(m_stmt, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_stmt, column));
    case SQLITE_TEXT:
        return QVariant(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column)),
                                          sqlite3_column_bytes(m_stmt, column)));
    case SQLITE_BLOB:
        return QVariant(QByteArray(static_cast<const char *>(sqlite3_column_blob(m_stmt, column)),
                                   sqlite3_column_bytes(m_stmt, column)));
    default:
        return {};
    }
}

void SqliteStatement::finish()
{
    if (!m_stmt)
        return;
    beginBinding();
    m_nextParameter = 1;
    m_done = true;
}

void SqliteStatement::release()
{
    sqlite3_reset(m_stmt);
    m_active = false;
    m_pendingRow = false;
    m_done = true;
}

void SqliteStatement::fail()
{
    m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
    release();
}

} // namespace benchside
