// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/credentialrepository.h"
#include "auth/passwordhasher.h"
#include "catalog/catalog.h"
#include "core/result.h"
#include "journal/eventstore.h"

#include <QCoreApplication>
#include <functional>

namespace benchside {

// Signs people in against the hashes this station holds, so it works offline. Every attempt is
// journaled (user.signin.succeeded / user.signin.failed); after a few failures for one user the
// next attempt must wait, longer each time.
class SignInService
{
    Q_DECLARE_TR_FUNCTIONS(SignInService)

public:
    using Clock = std::function<qint64()>; // ms since the epoch

    SignInService(EventStore &store, const Catalog &catalog, PasswordHasher hasher = PasswordHasher(),
                  Clock clock = {});

    Result<User> withPassword(const QString &name, const QString &password);
    Result<User> withBadge(const QString &badge, const QString &pin);
    // Whose badge this is, to greet them while they type the PIN; a failure says why it is no one's.
    Result<User> badgeHolder(const QString &badge) const;

    // False until someone has a password, or a badge and a PIN (UserService::claimStation).
    Result<bool> anyoneCanSignIn() const { return m_credentials.anyoneCanSignIn(); }

    // How long the user must wait before the next attempt is checked; 0 when they need not.
    Result<qint64> waitMs(const QString &name) const;
    // The wait after `failures` consecutive failures: none for the first two, then 5 s doubling
    // to at most 5 minutes.
    static qint64 delayAfter(int failures);
    // Failures older than this are forgotten; so are failures before a successful sign-in.
    static constexpr qint64 FailureWindowMs = 15 * 60 * 1000;

private:
    enum class Method { Password, Badge };
    Result<User> check(const QString &name, const QString &secret, Method method);
    Result<User> refuse(const QString &subject, Method method, const QString &message);
    qint64 now() const;

    EventStore &m_store;
    const Catalog &m_catalog;
    CredentialRepository m_credentials;
    PasswordHasher m_hasher;
    Clock m_clock;
};

} // namespace benchside
