// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/event.h"
#include "store/statementcache.h"

#include <QCoreApplication>
#include <QHash>
#include <QSqlDatabase>
#include <QStringList>
#include <memory>

namespace benchside {

// The QC half of the Projector: qc.* events into qc_lots, qc_results, qc_rules, qc_analyzers,
// qc_test_state, qc_lockouts and qc_lookback_reviews. A run is judged (QcRunJudge) when its event
// is applied, against what the tables hold at that point of the journal, so a replay judges it alike.
class QcProjection
{
    Q_DECLARE_TR_FUNCTIONS(QcProjection)

public:
    explicit QcProjection(StatementCache &statements);
    ~QcProjection();

    Status apply(const Event &event, const QJsonObject &payload);

    static const QStringList &tables();
    // The kinds apply() projects; any other qc.* kind changes no view.
    static bool projects(const QString &kind);

private:
    SqliteStatement &statement(const char *sql) { return m_statements.prepared(sql); }
    Status exec(SqliteStatement &q);
    Status checkTest(const Event &e, const QJsonObject &p);
    Status applyLot(const Event &e, const QJsonObject &p);
    Status applyTargets(const Event &e, const QJsonObject &p);
    Status applyRecorded(const Event &e, const QJsonObject &p);
    Status judgeRun(const QString &test, const QString &bench, const QString &runId, QString &status);
    Status updateLockout(const QString &test, const QString &bench, const QString &runId,
                         const QString &status, qint64 measuredAt);
    Status applyCorrective(const Event &e, const QJsonObject &p);
    Status applyOverride(const Event &e, const QJsonObject &p);
    Status applyReview(const Event &e, const QJsonObject &p);

    StatementCache &m_statements;
};

} // namespace benchside
