// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/interfacelog.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

Status InterfaceLog::append(const QString &interface, const QString &peer, const QString &level,
                            const QString &text)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "INSERT INTO interface_log (at, interface, peer, level, text) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(interface);
    q.addBindValue(peer.isNull() ? QStringLiteral("") : peer);
    q.addBindValue(level);
    q.addBindValue(text.isNull() ? QStringLiteral("") : text);
    if (!q.exec())
        return Status::failure(tr("Cannot write the interface log: %1").arg(q.lastError().text()));
    return {};
}

Result<QList<InterfaceLog::Entry>> InterfaceLog::recent(int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT at, interface, peer, level, text FROM interface_log ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return Result<QList<Entry>>::failure(
            tr("Cannot read the interface log: %1").arg(q.lastError().text()));
    QList<Entry> out;
    while (q.next())
        out << Entry{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                     q.value(3).toString(), q.value(4).toString()};
    return out;
}

} // namespace benchside
