// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/credentialrepository.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
QString readFailed(const QSqlQuery &q)
{
    return QCoreApplication::translate("CredentialRepository", "Cannot read the users' credentials: %1")
        .arg(q.lastError().text());
}
} // namespace

std::optional<Credentials> CredentialRepository::forUser(const QString &name) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT name, password_hash, pin_hash, badge FROM user_credentials WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return Credentials{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                       q.value(3).toString()};
}

Result<QHash<QString, Credentials>> CredentialRepository::all() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT name, password_hash, pin_hash, badge FROM user_credentials")))
        return Result<QHash<QString, Credentials>>::failure(readFailed(q));
    QHash<QString, Credentials> out;
    while (q.next())
        out.insert(q.value(0).toString(), Credentials{q.value(0).toString(), q.value(1).toString(),
                                                      q.value(2).toString(), q.value(3).toString()});
    return out;
}

Result<QStringList> CredentialRepository::badgeHolders(const QString &badge) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT name FROM user_credentials WHERE badge = ? AND badge <> '' ORDER BY name"));
    q.addBindValue(badge);
    if (!q.exec())
        return Result<QStringList>::failure(readFailed(q));
    QStringList names;
    while (q.next())
        names << q.value(0).toString();
    return names;
}

Result<bool> CredentialRepository::anyoneCanSignIn() const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM user_credentials c JOIN users u ON u.name = c.name "
                             "WHERE c.password_hash <> '' OR (c.pin_hash <> '' AND c.badge <> '') LIMIT 1"));
    if (!q.exec())
        return Result<bool>::failure(readFailed(q));
    return q.next();
}

} // namespace benchside
