// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <optional>

namespace benchside {

struct Credentials
{
    QString name;
    QString passwordHash; // empty: no password set
    QString pinHash;      // empty: no PIN set
    QString badge;        // empty: no badge
};

// Reads the user_credentials projection. Hashes only: nothing here can recover a password.
class CredentialRepository
{
public:
    explicit CredentialRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    std::optional<Credentials> forUser(const QString &name) const;
    // Everyone's, by name, in one query: for lists of users.
    Result<QHash<QString, Credentials>> all() const;
    // Normally one name; two when stations assigned the same badge offline, which sign-in refuses.
    Result<QStringList> badgeHolders(const QString &badge) const;
    // False on a station where nobody can sign in yet (a new station, or one from before sign-in).
    Result<bool> anyoneCanSignIn() const;

private:
    QSqlDatabase m_db;
};

} // namespace benchside
