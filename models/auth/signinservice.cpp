// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/signinservice.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
QString methodName(bool badge)
{
    return badge ? QStringLiteral("badge") : QStringLiteral("password");
}
} // namespace

SignInService::SignInService(EventStore &store, const Catalog &catalog, PasswordHasher hasher, Clock clock)
    : m_store(store), m_catalog(catalog), m_credentials(store.database()), m_hasher(hasher),
      m_clock(std::move(clock))
{}

qint64 SignInService::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

qint64 SignInService::delayAfter(int failures)
{
    if (failures < 3)
        return 0;
    const qint64 capped = std::min(failures - 3, 6); // 5 s << 6 = 320 s, over the cap
    return std::min<qint64>(5000LL << capped, 5 * 60 * 1000);
}

Result<qint64> SignInService::waitMs(const QString &name) const
{
    // Newest first, as far back as the window; the index covers only sign-in rows (migration 8).
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT kind, hlc FROM journal WHERE subject = ? "
                             "AND kind IN ('user.signin.failed', 'user.signin.succeeded') AND hlc > ? "
                             "ORDER BY hlc DESC LIMIT 16"));
    q.addBindValue(name);
    q.addBindValue((now() - FailureWindowMs) << 16);
    if (!q.exec())
        return Result<qint64>::failure(tr("Cannot read the sign-in history: %1").arg(q.lastError().text()));
    int failures = 0;
    qint64 lastFailureMs = 0;
    while (q.next() && q.value(0).toString() == QLatin1String("user.signin.failed")) {
        if (failures++ == 0)
            lastFailureMs = q.value(1).toLongLong() >> 16;
    }
    const qint64 delay = delayAfter(failures);
    return delay == 0 ? 0 : std::max<qint64>(0, lastFailureMs + delay - now());
}

Result<User> SignInService::refuse(const QString &subject, Method method, const QString &message)
{
    // Nobody is signed in: the actor is empty (but not NULL, which the journal refuses).
    Result<Event> journaled =
        m_store.writeOne(QString::fromLatin1(""),
                         {QStringLiteral("user.signin.failed"), subject,
                          QJsonObject{{QStringLiteral("user"), subject},
                                      {QStringLiteral("method"), methodName(method == Method::Badge)}}});
    if (!journaled)
        return Result<User>::failure(journaled.error());
    return Result<User>::failure(message);
}

Result<User> SignInService::check(const QString &name, const QString &secret, Method method)
{
    using R = Result<User>;
    Result<qint64> wait = waitMs(name);
    if (!wait)
        return R::failure(wait.error());
    if (wait.value() > 0)
        return R::failure(tr("Too many failed sign-ins for %1: try again in %2 s.")
                              .arg(name)
                              .arg((wait.value() + 999) / 1000));
    const std::optional<User> user = m_catalog.user(name);
    const std::optional<Credentials> credentials = m_credentials.forUser(name);
    const bool badge = method == Method::Badge;
    const QString hash = !credentials ? QString() : badge ? credentials->pinHash : credentials->passwordHash;
    if (!user || !PasswordHasher::verify(hash, secret)) {
        if (user && hash.isEmpty())
            return refuse(
                name, method,
                badge ? tr("%1 has no PIN yet: sign in with your password, or ask an administrator.")
                            .arg(user->displayName)
                      : tr("%1 has no password yet: an administrator sets one.").arg(user->displayName));
        return refuse(name, method,
                      badge ? tr("Wrong PIN. Scan your badge and type the PIN again.")
                            : tr("The user name or the password is wrong."));
    }

    QList<EventDraft> drafts{
        {QStringLiteral("user.signin.succeeded"), name,
         QJsonObject{{QStringLiteral("user"), name}, {QStringLiteral("method"), methodName(badge)}}}};
    // Hashes made with older, cheaper parameters are upgraded while the secret is at hand.
    if (m_hasher.needsRehash(hash)) {
        Result<QString> fresh = m_hasher.hash(secret);
        if (!fresh)
            return R::failure(fresh.error());
        drafts.append({badge ? QStringLiteral("user.pin.set") : QStringLiteral("user.password.set"), name,
                       QJsonObject{{QStringLiteral("user"), name},
                                   {QStringLiteral("hash"), fresh.value()},
                                   {QStringLiteral("reason"), QStringLiteral("rehash")}}});
    }
    Result<QList<Event>> written = m_store.write(name, [&]() -> Result<QList<EventDraft>> { return drafts; });
    if (!written)
        return R::failure(written.error());
    return *user;
}

Result<User> SignInService::withPassword(const QString &name, const QString &password)
{
    const QString key = name.trimmed().toLower();
    if (key.isEmpty())
        return Result<User>::failure(tr("Type your user name, or scan your badge."));
    return check(key, password, Method::Password);
}

Result<User> SignInService::badgeHolder(const QString &badge) const
{
    Result<QStringList> holders = m_credentials.badgeHolders(badge.trimmed());
    if (!holders)
        return Result<User>::failure(holders.error());
    if (holders.value().size() > 1)
        return Result<User>::failure(
            tr("This badge is registered to %1; an administrator must give it to one "
               "person only. Sign in with your user name and password.")
                .arg(holders.value().join(QStringLiteral(", "))));
    const std::optional<User> user =
        holders.value().isEmpty() ? std::nullopt : m_catalog.user(holders.value().first());
    if (!user)
        return Result<User>::failure(
            tr("This badge is not registered on this station. Sign in with your user "
               "name and password, or ask an administrator to register it."));
    return *user;
}

Result<User> SignInService::withBadge(const QString &badge, const QString &pin)
{
    Result<User> holder = badgeHolder(badge);
    if (!holder)
        return refuse(QStringLiteral("badge:") + badge.trimmed(), Method::Badge, holder.error());
    return check(holder.value().name, pin, Method::Badge);
}

} // namespace benchside
