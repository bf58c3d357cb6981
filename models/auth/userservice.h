// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/passwordhasher.h"
#include "auth/permissions.h"
#include "catalog/catalog.h"
#include "core/result.h"
#include "journal/eventstore.h"

#include <QCoreApplication>

namespace benchside {

// Adds people and sets their roles, badges, passwords and PINs, as journal events. Administrators
// manage everyone; anyone may change their own password and PIN.
class UserService
{
    Q_DECLARE_TR_FUNCTIONS(UserService)

public:
    UserService(EventStore &store, const Catalog &catalog, PasswordHasher hasher = PasswordHasher());

    Result<Event> defineUser(const User &user, const QString &actor);
    Result<Event> setPassword(const QString &user, const QString &password, const QString &actor);
    Result<Event> setPin(const QString &user, const QString &pin, const QString &actor);
    Result<Event> setBadge(const QString &user, const QString &badge, const QString &actor);
    // The first password on a station where nobody can sign in yet (new, or from before sign-in
    // existed): the station's own account becomes an administrator with this password. Refused as
    // soon as anyone can sign in.
    Result<Event> claimStation(const QString &password);

    // Lower-case letters, digits and . _ -, 2-32 characters, starting with a letter or digit.
    static Status checkName(const QString &name);
    static Status checkPassword(const QString &user, const QString &password);
    static Status checkPin(const QString &pin);
    static Status checkBadge(const QString &badge);

private:
    Result<Event> setSecret(const char *kind, const QString &user, const QString &hash, const QString &actor);
    Status mayChange(const QString &user, const QString &actor) const;

    EventStore &m_store;
    const Catalog &m_catalog;
    Permissions m_permissions;
    PasswordHasher m_hasher;
};

} // namespace benchside
