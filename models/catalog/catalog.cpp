// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalog/catalog.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
TestDefinition testFrom(const QSqlQuery &q)
{
    TestDefinition t;
    t.code = q.value(0).toString();
    t.name = q.value(1).toString();
    t.bench = q.value(2).toString();
    t.specimenType = q.value(3).toString();
    t.container = q.value(4).toString();
    t.tatMinutes = q.value(5).toInt();
    t.unit = q.value(6).toString();
    t.resultType = q.value(7).toString();
    const QJsonObject definition = QJsonDocument::fromJson(q.value(8).toByteArray()).object();
    t.loinc = definition.value(QLatin1String("loinc")).toString();
    t.ucum = definition.value(QLatin1String("ucum")).toString();
    const QJsonObject codes = definition.value(QLatin1String("codes")).toObject();
    for (auto it = codes.begin(); it != codes.end(); ++it)
        t.codes.insert(it.key(), it.value().toString());
    return t;
}

const char *const TestColumns =
    "SELECT code, name, bench, specimen_type, container, tat_minutes, unit, result_type, definition "
    "FROM tests";
} // namespace

Result<QList<CodeName>> Catalog::codeNames(const char *sql) const
{
    QSqlQuery q(m_db);
    q.prepare(QString::fromUtf8(sql));
    if (!q.exec())
        return Result<QList<CodeName>>::failure(
            tr("Cannot read the catalogue: %1").arg(q.lastError().text()));
    QList<CodeName> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString()});
    return out;
}

Result<QList<CodeName>> Catalog::benches() const
{
    return codeNames("SELECT code, name FROM benches ORDER BY name");
}

Result<QList<CodeName>> Catalog::specimenTypes() const
{
    return codeNames("SELECT code, name FROM specimen_types ORDER BY name");
}

Result<QList<CodeName>> Catalog::containers() const
{
    return codeNames("SELECT code, name FROM containers ORDER BY name");
}

Result<QList<CodeName>> Catalog::sites() const
{
    return codeNames("SELECT code, name FROM sites ORDER BY name");
}

Result<QList<TestDefinition>> Catalog::tests() const
{
    QSqlQuery q(m_db);
    q.prepare(QString::fromUtf8(TestColumns) + QStringLiteral(" ORDER BY bench, name"));
    if (!q.exec())
        return Result<QList<TestDefinition>>::failure(
            tr("Cannot read the catalogue: %1").arg(q.lastError().text()));
    QList<TestDefinition> out;
    while (q.next())
        out << testFrom(q);
    return out;
}

std::optional<TestDefinition> Catalog::test(const QString &code) const
{
    QSqlQuery q(m_db);
    q.prepare(QString::fromUtf8(TestColumns) + QStringLiteral(" WHERE code = ?"));
    q.addBindValue(code);
    if (q.exec() && q.next())
        return testFrom(q);
    return std::nullopt;
}

Result<QList<Location>> Catalog::locations() const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT path, kind FROM locations ORDER BY path"));
    if (!q.exec())
        return Result<QList<Location>>::failure(
            tr("Cannot read the catalogue: %1").arg(q.lastError().text()));
    QList<Location> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString()});
    return out;
}

Result<QList<User>> Catalog::users() const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT name, display_name, role FROM users ORDER BY name"));
    if (!q.exec())
        return Result<QList<User>>::failure(tr("Cannot read the catalogue: %1").arg(q.lastError().text()));
    QList<User> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return out;
}

std::optional<User> Catalog::user(const QString &name) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT name, display_name, role FROM users WHERE name = ?"));
    q.addBindValue(name);
    if (q.exec() && q.next())
        return User{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()};
    return std::nullopt;
}

bool Catalog::hasSpecimenType(const QString &code) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM specimen_types WHERE code = ?"));
    q.addBindValue(code);
    return q.exec() && q.next();
}

QHash<QString, QString> Catalog::namesByCode(const Result<QList<CodeName>> &list)
{
    QHash<QString, QString> names;
    if (list) {
        for (const CodeName &c : list.value())
            names.insert(c.code, c.name);
    }
    return names;
}

const QList<RejectionReason> &Catalog::rejectionReasons()
{
    static const QList<RejectionReason> reasons{
        {QStringLiteral("hemolyzed"), tr("Hemolyzed")},
        {QStringLiteral("clotted"), tr("Clotted")},
        {QStringLiteral("qns"), tr("Quantity not sufficient")},
        {QStringLiteral("unlabeled"), tr("Unlabeled")},
        {QStringLiteral("mislabeled"), tr("Mislabeled")},
        {QStringLiteral("wrong_container"), tr("Wrong container")},
        {QStringLiteral("leaking"), tr("Leaking")},
        {QStringLiteral("stability_expired"), tr("Stability expired")},
    };
    return reasons;
}

} // namespace benchside
