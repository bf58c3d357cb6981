// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace benchside {

struct CodeName
{
    QString code;
    QString name;
};

struct TestDefinition
{
    QString code;
    QString name;
    QString bench;
    QString specimenType;
    QString container;
    int tatMinutes = 0;
    QString unit;
    QString resultType;
    // For interfaces: the LOINC code, the unit in UCUM, and the test's code at other systems, keyed
    // by the coding system (CWE-3) or the sending application (MSH-3) that uses it.
    QString loinc;
    QString ucum;
    QHash<QString, QString> codes;
};

struct Location
{
    QString path;
    QString kind;
};

struct User
{
    QString name;
    QString displayName;
    QString role;
};

struct RejectionReason
{
    QString code;
    QString label;
};

// Read-only access to the catalogue projections (benches, tests, locations, users…).
class Catalog
{
    Q_DECLARE_TR_FUNCTIONS(Catalog)

public:
    explicit Catalog(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<QList<CodeName>> benches() const;
    Result<QList<CodeName>> specimenTypes() const;
    Result<QList<CodeName>> containers() const;
    Result<QList<CodeName>> sites() const;
    Result<QList<TestDefinition>> tests() const;
    Result<QList<Location>> locations() const;
    Result<QList<User>> users() const;
    std::optional<TestDefinition> test(const QString &code) const;
    std::optional<User> user(const QString &name) const;
    bool hasSpecimenType(const QString &code) const;

    static const QList<RejectionReason> &rejectionReasons();
    // code -> name, for showing names where projections store codes; empty when the read failed.
    static QHash<QString, QString> namesByCode(const Result<QList<CodeName>> &list);

private:
    Result<QList<CodeName>> codeNames(const char *sql) const;
    QSqlDatabase m_db;
};

} // namespace benchside
