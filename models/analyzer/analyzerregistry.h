// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analyzer/analyzerdefinition.h"
#include "core/result.h"
#include "journal/event.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <optional>

namespace benchside {

class Catalog;
class EventStore;
class Permissions;

// The station's analyzers and their test-code maps: defined by journaled events
// (analyzer.defined, analyzer.map_defined) that administrators write, read from their projections.
class AnalyzerRegistry
{
    Q_DECLARE_TR_FUNCTIONS(AnalyzerRegistry)

public:
    AnalyzerRegistry(EventStore &store, const Permissions &permissions, Catalog &catalog);

    // Adds an analyzer or changes where it is; its map is kept.
    Result<Event> define(const AnalyzerDefinition &d, const QString &actor);
    // Replaces the analyzer's map; every test must be in the catalogue.
    Result<Event> setMap(const QString &analyzer, const QList<AnalyzerMapEntry> &map, const QString &actor);

    Result<QList<AnalyzerDefinition>> list() const;
    Result<std::optional<AnalyzerDefinition>> find(const QString &name) const;

    static bool validName(const QString &name);

private:
    Result<QList<AnalyzerMapEntry>> mapOf(const QString &analyzer) const;

    EventStore &m_store;
    const Permissions &m_permissions;
    Catalog &m_catalog;
    QSqlDatabase m_db;
};

} // namespace benchside
