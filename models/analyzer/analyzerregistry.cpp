// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/analyzerregistry.h"

#include "auth/permissions.h"
#include "catalog/catalog.h"
#include "journal/eventstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

AnalyzerRegistry::AnalyzerRegistry(EventStore &store, const Permissions &permissions, Catalog &catalog)
    : m_store(store), m_permissions(permissions), m_catalog(catalog), m_db(store.database())
{}

bool AnalyzerRegistry::validName(const QString &name)
{
    // Names appear on the status bar, in CSV file names and on the command line.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"));
    return pattern.match(name).hasMatch();
}

Result<Event> AnalyzerRegistry::define(const AnalyzerDefinition &d, const QString &actor)
{
    using R = Result<Event>;
    if (!validName(d.name))
        return R::failure(tr("\"%1\" cannot name an analyzer: use up to 32 letters, digits, '-', '_' or '.', "
                             "starting with a letter or digit.")
                              .arg(d.name));
    if (Result<AstmEndpoint> e = AstmEndpoint::fromJson(d.endpoint.toJson()); !e)
        return R::failure(e.error());
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        if (Status s = m_permissions.check(actor, Permission::ChangeSettings); !s)
            return Result<QList<EventDraft>>::failure(s.error());
        return QList<EventDraft>{
            {QStringLiteral("analyzer.defined"), d.name,
             QJsonObject{{QStringLiteral("endpoint"), d.endpoint.toJson()},
                         {QStringLiteral("profile"), AnalyzerDefinition::profileName(d.profile)},
                         {QStringLiteral("active"), d.active}}}};
    });
    if (!written)
        return R::failure(written.error());
    return written.value().first();
}

Result<Event> AnalyzerRegistry::setMap(const QString &analyzer, const QList<AnalyzerMapEntry> &map,
                                       const QString &actor)
{
    using R = Result<Event>;
    QStringList unknown;
    QJsonArray rows;
    for (const AnalyzerMapEntry &e : map) {
        if (!e.serumIndex() && !m_catalog.test(e.test))
            unknown << e.test;
        QJsonObject row{{QStringLiteral("code"), e.analyzerCode},
                        {QStringLiteral("test"), e.test},
                        {QStringLiteral("unit"), e.unit}};
        if (e.factor)
            row.insert(QStringLiteral("factor"), *e.factor);
        rows.append(row);
    }
    unknown.removeDuplicates();
    if (!unknown.isEmpty())
        return R::failure(tr("The map names tests the catalogue does not have: %1 (serum indices are "
                             "written index:H, index:L and index:I). Nothing was changed.")
                              .arg(unknown.join(QStringLiteral(", "))));
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using W = Result<QList<EventDraft>>;
        if (Status s = m_permissions.check(actor, Permission::ChangeSettings); !s)
            return W::failure(s.error());
        Result<std::optional<AnalyzerDefinition>> known = find(analyzer);
        if (!known)
            return W::failure(known.error());
        if (!known.value())
            return W::failure(
                tr("No analyzer %1 is set up here: add it first (analyzer add).").arg(analyzer));
        return QList<EventDraft>{
            {QStringLiteral("analyzer.map_defined"), analyzer, QJsonObject{{QStringLiteral("map"), rows}}}};
    });
    if (!written)
        return R::failure(written.error());
    return written.value().first();
}

Result<QList<AnalyzerMapEntry>> AnalyzerRegistry::mapOf(const QString &analyzer) const
{
    using R = Result<QList<AnalyzerMapEntry>>;
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT analyzer_code, test_code, unit, factor FROM analyzer_map WHERE analyzer = ? "
                       "ORDER BY analyzer_code"));
    q.addBindValue(analyzer);
    if (!q.exec())
        return R::failure(tr("Cannot read the map of %1: %2").arg(analyzer, q.lastError().text()));
    QList<AnalyzerMapEntry> out;
    while (q.next()) {
        AnalyzerMapEntry e{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), std::nullopt};
        if (!q.value(3).isNull())
            e.factor = q.value(3).toDouble();
        out << e;
    }
    return out;
}

Result<QList<AnalyzerDefinition>> AnalyzerRegistry::list() const
{
    using R = Result<QList<AnalyzerDefinition>>;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT name, endpoint, profile, active FROM analyzers ORDER BY name")))
        return R::failure(tr("Cannot read the analyzers: %1").arg(q.lastError().text()));
    QList<AnalyzerDefinition> out;
    while (q.next()) {
        AnalyzerDefinition d;
        d.name = q.value(0).toString();
        Result<AstmEndpoint> endpoint =
            AstmEndpoint::fromJson(QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
        if (!endpoint)
            return R::failure(tr("Analyzer %1: %2").arg(d.name, endpoint.error()));
        d.endpoint = endpoint.value();
        d.profile = AnalyzerDefinition::profileFromName(q.value(2).toString()).value_or(AstmProfile::Generic);
        d.active = q.value(3).toInt() != 0;
        out << d;
    }
    for (AnalyzerDefinition &d : out) {
        Result<QList<AnalyzerMapEntry>> map = mapOf(d.name);
        if (!map)
            return R::failure(map.error());
        d.map = map.value();
    }
    return out;
}

Result<std::optional<AnalyzerDefinition>> AnalyzerRegistry::find(const QString &name) const
{
    using R = Result<std::optional<AnalyzerDefinition>>;
    Result<QList<AnalyzerDefinition>> all = list();
    if (!all)
        return R::failure(all.error());
    for (const AnalyzerDefinition &d : all.value()) {
        if (d.name == name)
            return std::optional<AnalyzerDefinition>(d);
    }
    return std::optional<AnalyzerDefinition>();
}

} // namespace benchside
