// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QString>

namespace benchside {

// What a person may do on a station, by role. Services check here before they write, so the rules
// hold for the GUI, the CLI and anything else that records events; widgets only mirror them.
enum class Permission {
    BenchWork,                 // accession, custody steps, results entry, QC values, labels
    VerifyResults,             // release results (technicians where the test allows it: VerificationRules)
    OverrideQcLockout,         // release a bench locked by a QC rejection without an accepted run
    ConfigureQc,               // control lots, targets, Westgard rules, analyzer mappings
    DocumentQcAction,          // corrective actions and look-back reviews after a QC rejection
    DecideReview,              // resolve a specimen flagged after a conflict between stations
    EditCatalog,               // tests, benches, locations, specimen types, containers, sites
    ManageUsers,               // people, their roles, badges, and others' passwords and PINs
    VerifyChains,              // run the journal's hash-chain verification
    ChangeSettings,            // station settings: scanners, printers, sync server, idle lock
    ManageInterfaces,          // HL7 destinations; resend or discard an outbound message
    ConfigureAutoverification, // the rules that release analyzer results without a person
};

class Permissions
{
    Q_DECLARE_TR_FUNCTIONS(Permissions)

public:
    // stationAccount is the account a station records for before it has any users (Lab::actor):
    // it counts as the administrator until the catalogue names people.
    Permissions(const Catalog &catalog, QString stationAccount);

    // "technician", "supervisor", "administrator", or empty for someone who is not a user.
    QString role(const QString &user) const;
    // A message that names the user, the action and who may do it when the answer is no.
    Status check(const QString &user, Permission permission) const;

    static bool allows(const QString &role, Permission permission);
    static const QStringList &roles();
    // The role's name in the user's language.
    static QString roleLabel(const QString &role);

private:
    const Catalog &m_catalog;
    QString m_stationAccount;
};

} // namespace benchside
