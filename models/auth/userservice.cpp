// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/userservice.h"

#include "accession/accessionnumber.h"
#include "auth/credentialrepository.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QRegularExpression>

namespace benchside {

namespace {
template<typename T> Result<T> fail(const QString &message)
{
    return Result<T>::failure(message);
}
} // namespace

UserService::UserService(EventStore &store, const Catalog &catalog, PasswordHasher hasher)
    : m_store(store), m_catalog(catalog), m_permissions(catalog, store.station().defaultActor),
      m_hasher(hasher)
{}

Status UserService::checkName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9][a-z0-9._-]{1,31}$"));
    if (!valid.match(name).hasMatch())
        return Status::failure(
            tr("\"%1\" cannot be a user name: use 2 to 32 lower-case letters, digits, dots, "
               "dashes or underscores, such as p.nair.")
                .arg(name));
    return {};
}

Status UserService::checkPassword(const QString &user, const QString &password)
{
    if (password.size() < 8)
        return Status::failure(tr("A password needs at least 8 characters."));
    if (password.compare(user, Qt::CaseInsensitive) == 0)
        return Status::failure(tr("A password cannot be the user name."));
    return {};
}

Status UserService::checkPin(const QString &pin)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{4,8}$"));
    if (!digits.match(pin).hasMatch())
        return Status::failure(tr("A PIN is 4 to 8 digits."));
    return {};
}

Status UserService::checkBadge(const QString &badge)
{
    if (badge.size() < 4 || badge.size() > 64)
        return Status::failure(tr("A badge code has 4 to 64 characters; scan the badge again."));
    for (const QChar c : badge) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return Status::failure(
                tr("A badge code is printable ASCII without spaces; scan the badge again."));
    }
    // A badge that reads as a tube label would turn a sign-in into a receipt, or the reverse.
    if (AccessionNumber::validate(badge) == AccessionNumber::Problem::None)
        return Status::failure(
            tr("%1 reads as a specimen accession number; give badges codes with a character "
               "other than A-Z and 0-9, such as a dash (BADGE-0042).")
                .arg(badge));
    return {};
}

Status UserService::mayChange(const QString &user, const QString &actor) const
{
    if (!m_catalog.user(user))
        return Status::failure(tr("\"%1\" is not a user of this station.").arg(user));
    if (user == actor && !m_permissions.role(actor).isEmpty())
        return {};
    return m_permissions.check(actor, Permission::ManageUsers);
}

Result<Event> UserService::defineUser(const User &user, const QString &actor)
{
    if (Status s = checkName(user.name); !s)
        return fail<Event>(s.error());
    if (user.displayName.trimmed().isEmpty())
        return fail<Event>(tr("%1 needs a display name, such as \"Priya Nair\".").arg(user.name));
    if (!Permissions::roles().contains(user.role))
        return fail<Event>(
            tr("\"%1\" is not a role: use technician, supervisor or administrator.").arg(user.role));
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        if (Status s = m_permissions.check(actor, Permission::ManageUsers); !s)
            return Result<QList<EventDraft>>::failure(s.error());
        return QList<EventDraft>{{QStringLiteral("catalog.user.defined"), user.name,
                                  QJsonObject{{QStringLiteral("display_name"), user.displayName.trimmed()},
                                              {QStringLiteral("role"), user.role}}}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

Result<Event> UserService::setPassword(const QString &user, const QString &password, const QString &actor)
{
    if (Status s = mayChange(user, actor); !s)
        return fail<Event>(s.error());
    if (Status s = checkPassword(user, password); !s)
        return fail<Event>(s.error());
    Result<QString> hash = m_hasher.hash(password);
    if (!hash)
        return fail<Event>(hash.error());
    return setSecret("user.password.set", user, hash.value(), actor);
}

Result<Event> UserService::setPin(const QString &user, const QString &pin, const QString &actor)
{
    if (Status s = mayChange(user, actor); !s)
        return fail<Event>(s.error());
    if (Status s = checkPin(pin); !s)
        return fail<Event>(s.error());
    Result<QString> hash = m_hasher.hash(pin);
    if (!hash)
        return fail<Event>(hash.error());
    return setSecret("user.pin.set", user, hash.value(), actor);
}

// Hashing takes a tenth of a second on purpose; it happens before the write lock is taken, and the
// rules are checked again under it.
Result<Event> UserService::setSecret(const char *kind, const QString &user, const QString &hash,
                                     const QString &actor)
{
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        if (Status s = mayChange(user, actor); !s)
            return Result<QList<EventDraft>>::failure(s.error());
        return QList<EventDraft>{
            {QString::fromLatin1(kind), user,
             QJsonObject{{QStringLiteral("user"), user}, {QStringLiteral("hash"), hash}}}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

Result<Event> UserService::setBadge(const QString &user, const QString &badge, const QString &actor)
{
    const QString code = badge.trimmed();
    if (Status s = checkBadge(code); !s)
        return fail<Event>(s.error());
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        if (!m_catalog.user(user))
            return R::failure(tr("\"%1\" is not a user of this station.").arg(user));
        if (Status s = m_permissions.check(actor, Permission::ManageUsers); !s)
            return R::failure(s.error());
        Result<QStringList> holders = CredentialRepository(m_store.database()).badgeHolders(code);
        if (!holders)
            return R::failure(holders.error());
        for (const QString &other : holders.value()) {
            if (other != user)
                return R::failure(tr("That badge already belongs to %1.").arg(other));
        }
        return QList<EventDraft>{
            {QStringLiteral("user.badge.set"), user,
             QJsonObject{{QStringLiteral("user"), user}, {QStringLiteral("badge"), code}}}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

Result<Event> UserService::claimStation(const QString &password)
{
    const QString account = m_store.station().defaultActor;
    if (Status s = checkPassword(account, password); !s)
        return fail<Event>(s.error());
    Result<QString> hash = m_hasher.hash(password);
    if (!hash)
        return fail<Event>(hash.error());
    Result<QList<Event>> written = m_store.write(account, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<bool> claimed = CredentialRepository(m_store.database()).anyoneCanSignIn();
        if (!claimed)
            return R::failure(claimed.error());
        if (claimed.value())
            return R::failure(
                tr("Someone can already sign in on this station; an administrator sets passwords."));
        QList<EventDraft> drafts;
        const std::optional<User> existing = m_catalog.user(account);
        if (!existing || existing->role != QLatin1String("administrator"))
            drafts.append({QStringLiteral("catalog.user.defined"), account,
                           QJsonObject{{QStringLiteral("display_name"), tr("Station administrator")},
                                       {QStringLiteral("role"), QStringLiteral("administrator")}}});
        drafts.append(
            {QStringLiteral("user.password.set"), account,
             QJsonObject{{QStringLiteral("user"), account}, {QStringLiteral("hash"), hash.value()}}});
        return drafts;
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().last();
}

} // namespace benchside
