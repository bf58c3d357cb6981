// SPDX-License-Identifier: GPL-3.0-or-later
#include "usercommands.h"

#include "auth/credentialrepository.h"
#include "auth/userservice.h"
#include "commandcontext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace benchside::cli {

namespace {

// Secrets come on standard input, never as arguments, which other users can read from the process list.
Result<QString> readSecret(const QString &what)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return Result<QString>::failure(tr("Cannot read %1 from standard input.").arg(what));
    QString line = QString::fromUtf8(in.readLine());
    while (line.endsWith(QLatin1Char('\n')) || line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    if (line.isEmpty())
        return Result<QString>::failure(
            tr("Give the %1 on standard input, e.g. printf '%s\\n' \"$SECRET\" | benchside-cli …").arg(what));
    return line;
}

int list(CommandContext &ctx)
{
    Result<QList<User>> users = ctx.lab().catalog().users();
    if (!users)
        return ctx.fail(Failure, users.error());
    Result<QHash<QString, Credentials>> credentials =
        CredentialRepository(ctx.lab().database().connection()).all();
    if (!credentials)
        return ctx.fail(Failure, credentials.error());
    QJsonArray rows;
    for (const User &u : users.value()) {
        const Credentials c = credentials.value().value(u.name);
        if (ctx.invocation().json) {
            rows.append(QJsonObject{{QStringLiteral("name"), u.name},
                                    {QStringLiteral("display_name"), u.displayName},
                                    {QStringLiteral("role"), u.role},
                                    {QStringLiteral("password"), !c.passwordHash.isEmpty()},
                                    {QStringLiteral("pin"), !c.pinHash.isEmpty()},
                                    {QStringLiteral("badge"), !c.badge.isEmpty()}});
            continue;
        }
        QStringList has;
        if (!c.passwordHash.isEmpty())
            has << tr("password");
        if (!c.pinHash.isEmpty())
            has << tr("PIN");
        if (!c.badge.isEmpty())
            has << tr("badge");
        ctx.out() << "  " << u.name.leftJustified(14) << u.role.leftJustified(15)
                  << u.displayName.leftJustified(24)
                  << (has.isEmpty() ? tr("cannot sign in yet") : has.join(QStringLiteral(", "))) << '\n';
    }
    if (ctx.invocation().json)
        ctx.printJson(rows);
    return Ok;
}

int done(CommandContext &ctx, const Result<Event> &written, const QString &message)
{
    if (!written)
        return ctx.fail(BadInput, written.error());
    if (ctx.invocation().json)
        ctx.printJson(QJsonObject{{QStringLiteral("event_id"), written.value().id},
                                  {QStringLiteral("kind"), written.value().kind},
                                  {QStringLiteral("user"), written.value().subject}});
    else
        ctx.out() << message << '\n';
    return Ok;
}

int user(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    const QString sub = ctx.positional(0);
    if (sub.isEmpty() || sub == QLatin1String("list")) {
        if (int e = ctx.needPositional(sub.isEmpty() ? 0 : 1, QString()); e != Ok)
            return e;
        return list(ctx);
    }
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    UserService users(ctx.lab().store(), ctx.lab().catalog());
    const QString name = ctx.positional(1).trimmed();
    if (sub == QLatin1String("add")) {
        if (int e = ctx.needPositional(2, tr("a user name")); e != Ok)
            return e;
        const User u{name, inv.option("--name"), inv.option("--role")};
        return done(ctx, users.defineUser(u, ctx.actor()), tr("%1 (%2) defined.").arg(name, u.role));
    }
    if (sub == QLatin1String("password") || sub == QLatin1String("pin")) {
        if (int e = ctx.needPositional(2, tr("a user name")); e != Ok)
            return e;
        const bool pin = sub == QLatin1String("pin");
        Result<QString> secret = readSecret(pin ? tr("PIN") : tr("password"));
        if (!secret)
            return ctx.fail(BadInput, secret.error());
        return done(ctx,
                    pin ? users.setPin(name, secret.value(), ctx.actor())
                        : users.setPassword(name, secret.value(), ctx.actor()),
                    pin ? tr("PIN of %1 set.").arg(name) : tr("Password of %1 set.").arg(name));
    }
    if (sub == QLatin1String("badge")) {
        if (int e = ctx.needPositional(3, tr("a user name and the badge's code")); e != Ok)
            return e;
        return done(ctx, users.setBadge(name, ctx.positional(2), ctx.actor()),
                    tr("Badge of %1 set.").arg(name));
    }
    return ctx.fail(BadInput,
                    tr("\"%1\" is not a user command: use list, add, password, pin or badge.").arg(sub));
}

} // namespace

const QList<Command> &userCommands()
{
    using enum Command::Needs;
    static const QList<Command> commands{
        {"user", OpenLab, &user,
         QT_TRANSLATE_NOOP("benchside::cli",
                           "user [list] | user add NAME --role ROLE --name \"DISPLAY NAME\"\n"
                           "    user password NAME | user pin NAME   (the secret on standard input)\n"
                           "    user badge NAME CODE"),
         QT_TRANSLATE_NOOP("benchside::cli", "the people who sign in: roles, passwords, PINs and badges")},
    };
    return commands;
}

} // namespace benchside::cli
