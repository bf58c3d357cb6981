// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/permissions.h"

#include <QCoreApplication>

namespace benchside {

namespace {
enum RoleBit { Technician = 1, Supervisor = 2, Administrator = 4 };

int roleBit(const QString &role)
{
    if (role == QLatin1String("technician"))
        return Technician;
    if (role == QLatin1String("supervisor"))
        return Supervisor;
    if (role == QLatin1String("administrator"))
        return Administrator;
    return 0;
}

// The one table of who may do what (docs/decisions.md 44).
int allowedRoles(Permission p)
{
    switch (p) {
    case Permission::BenchWork:
        return Technician | Supervisor | Administrator;
    case Permission::VerifyResults:
    case Permission::OverrideQcLockout:
    // A rule that releases results is a release decision made in advance: the people who release.
    case Permission::ConfigureAutoverification:
        return Supervisor;
    case Permission::ConfigureQc:
    case Permission::DecideReview:
    case Permission::ManageInterfaces:
        return Supervisor | Administrator;
    case Permission::DocumentQcAction:
        return Technician | Supervisor;
    case Permission::EditCatalog:
    case Permission::ManageUsers:
    case Permission::VerifyChains:
    case Permission::ChangeSettings:
        return Administrator;
    }
    return 0;
}

QString action(Permission p)
{
    switch (p) {
    case Permission::BenchWork:
        return Permissions::tr("record bench work");
    case Permission::VerifyResults:
        return Permissions::tr("verify results");
    case Permission::OverrideQcLockout:
        return Permissions::tr("override a QC lockout");
    case Permission::ConfigureQc:
        return Permissions::tr("change QC lots, targets, rules or analyzer mappings");
    case Permission::DocumentQcAction:
        return Permissions::tr("document QC corrective actions and look-back reviews");
    case Permission::DecideReview:
        return Permissions::tr("decide a review");
    case Permission::EditCatalog:
        return Permissions::tr("edit the test catalogue, benches or locations");
    case Permission::ManageUsers:
        return Permissions::tr("manage users");
    case Permission::VerifyChains:
        return Permissions::tr("run the chain verification");
    case Permission::ChangeSettings:
        return Permissions::tr("change the station's settings");
    case Permission::ManageInterfaces:
        return Permissions::tr("configure interface destinations or resend and discard their messages");
    case Permission::ConfigureAutoverification:
        return Permissions::tr("change the autoverification rules");
    }
    return {};
}

QString whoMay(Permission p)
{
    switch (allowedRoles(p)) {
    case Supervisor:
        return Permissions::tr("only a supervisor may");
    case Administrator:
        return Permissions::tr("only an administrator may");
    case Supervisor | Administrator:
        return Permissions::tr("supervisors and administrators may");
    case Technician | Supervisor:
        return Permissions::tr("technicians and supervisors may");
    default:
        return Permissions::tr("every user may");
    }
}
} // namespace

Permissions::Permissions(const Catalog &catalog, QString stationAccount)
    : m_catalog(catalog), m_stationAccount(std::move(stationAccount))
{}

const QStringList &Permissions::roles()
{
    static const QStringList all{QStringLiteral("technician"), QStringLiteral("supervisor"),
                                 QStringLiteral("administrator")};
    return all;
}

QString Permissions::role(const QString &user) const
{
    if (const std::optional<User> u = m_catalog.user(user))
        return u->role;
    if (user == m_stationAccount) {
        Result<QList<User>> users = m_catalog.users();
        if (users && users.value().isEmpty())
            return QStringLiteral("administrator");
    }
    return {};
}

bool Permissions::allows(const QString &role, Permission permission)
{
    return (allowedRoles(permission) & roleBit(role)) != 0;
}

QString Permissions::roleLabel(const QString &role)
{
    if (role == QLatin1String("technician"))
        return tr("technician");
    if (role == QLatin1String("supervisor"))
        return tr("supervisor");
    if (role == QLatin1String("administrator"))
        return tr("administrator");
    return role;
}

Status Permissions::check(const QString &user, Permission permission) const
{
    const QString r = role(user);
    if (r.isEmpty())
        return Status::failure(tr("\"%1\" is not a user of this station.").arg(user));
    if (!allows(r, permission))
        return Status::failure(
            tr("%1 (%2) may not %3: %4.").arg(user, roleLabel(r), action(permission), whoMay(permission)));
    return {};
}

} // namespace benchside
