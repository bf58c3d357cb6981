// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Reads a station database on a connection of its own while other processes (`hl7 serve`,
// `analyzer serve`) write to it, waiting for their locks rather than failing.

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QUuid>
#include <QVariantList>

namespace testlab {

// The first column of every row.
inline QStringList columnOf(const QString &path, const QString &sql, const QVariantList &binds = {})
{
    QStringList out;
    const QString name = QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            qFatal("cannot open %s: %s", qPrintable(path), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec())
            qFatal("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        while (q.next())
            out << q.value(0).toString();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

inline qint64 countOf(const QString &path, const QString &sql, const QVariantList &binds = {})
{
    return columnOf(path, sql, binds).value(0).toLongLong();
}

} // namespace testlab
