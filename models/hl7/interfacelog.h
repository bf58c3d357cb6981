// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace benchside {

// What an interface saw that is not a message: connections, closes, stray bytes, unreadable frames,
// refused peers. Local to this station (interface_log, not a projection: no event behind it).
class InterfaceLog
{
    Q_DECLARE_TR_FUNCTIONS(InterfaceLog)

public:
    struct Entry
    {
        qint64 atMs = 0;
        QString interface;
        QString peer;
        QString level; // info, warning, error
        QString text;
    };

    explicit InterfaceLog(QSqlDatabase db) : m_db(std::move(db)) {}

    Status append(const QString &interface, const QString &peer, const QString &level, const QString &text);
    Result<QList<Entry>> recent(int limit) const;

private:
    QSqlDatabase m_db;
};

} // namespace benchside
