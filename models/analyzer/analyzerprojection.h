// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/event.h"
#include "store/statementcache.h"

#include <QCoreApplication>
#include <QStringList>

namespace benchside {

// The analyzer half of the Projector: analyzer.* events into analyzers and analyzer_map,
// instrument.* into instrument_unmatched and instrument_readings. (Results entered from an
// analyzer are result.entered and projected with the other results.)
//
// A match or discard names the unmatched reading it resolves as its subject, so that a resolution
// synced in before the reading itself is found when the reading arrives (journal_subject index).
class AnalyzerProjection
{
    Q_DECLARE_TR_FUNCTIONS(AnalyzerProjection)

public:
    explicit AnalyzerProjection(StatementCache &statements);

    Status apply(const Event &event, const QJsonObject &payload);
    // The reading an entered result came from: a repeat of it is then known.
    Status noteReading(const Event &event, const QJsonObject &instrument);
    // What the analyzer measured in a reading (value, unit, status, flags) as one text, compared to
    // tell a repeat from a correction or a second reading with the same time; empty when the
    // reading does not say (instrument.qc_taken written before migration 0022).
    static QString measuredText(const QJsonObject &instrument);

    static const QStringList &tables();

private:
    SqliteStatement &statement(const char *sql) { return m_statements.prepared(sql); }
    Status exec(SqliteStatement &q);
    Status applyUnmatched(const Event &e, const QJsonObject &p);
    Status applyResolution(const QString &unmatchedId, const QString &kind, const QString &actor, qint64 atMs,
                           const QJsonObject &p);

    StatementCache &m_statements;
};

} // namespace benchside
