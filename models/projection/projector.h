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

class AnalyzerProjection;
class QcProjection;

// Turns journal events into the tables that views read. apply() must be a pure function of the
// event and the tables' current state, so that replaying the journal in (hlc, station_id,
// station_seq) order always gives the same projections, whichever order the events arrived in.
class Projector
{
    Q_DECLARE_TR_FUNCTIONS(Projector)

public:
    explicit Projector(QSqlDatabase db);
    ~Projector();

    Status apply(const Event &event);
    // For events that are in the journal already and cannot be refused: pulled from another station,
    // or replayed. One that cannot be projected leaves nothing of itself in the views but a review
    // flag that says why, so that the events after it still apply and a rebuild gives the same views.
    Status applyOrFlag(const Event &event);

    // The MSH-10 of the message that reports event `eventId` to `destination`.
    static QString outboundControlId(const QString &destination, const QString &eventId);

    // Empties every projection and replays the whole journal, in one transaction.
    Status rebuild();

    static const QStringList &tables();

private:
    SqliteStatement &statement(const char *sql) { return m_statements.prepared(sql); }
    Status exec(SqliteStatement &q);
    Status applyCatalog(const Event &e, const QJsonObject &p);
    Status applyAccessioned(const Event &e, const QJsonObject &p);
    Status applyCustody(const Event &e, const QJsonObject &p);
    Status applyResult(const Event &e, const QJsonObject &p);
    Status checkBase(const Event &e, const QJsonObject &p, const QString &orderId);
    Status applyReviewResolved(const Event &e, const QJsonObject &p);
    Status applyManualReview(const Event &e, const QJsonObject &p);
    Status applyCredential(const Event &e, const QJsonObject &p);
    Status applyOrderChange(const Event &e, const QJsonObject &p);
    Status applyHl7Received(const Event &e, const QJsonObject &p);
    Status applyAutoverifyRules(const Event &e, const QJsonObject &p);
    Status applyHl7Outbound(const Event &e, const QJsonObject &p);
    // Queues one outbound message per destination that takes `kind` (released, amended, cancelled).
    Status queueOutbound(const Event &e, const QString &kind, const QStringList &tests);
    Status insertTestOrder(const Event &e, const QString &code, const QString &bench,
                           const QString &priority);
    Status setOrderStatus(const QString &orderId, const QString &status);
    Status bumpCounter(const QJsonObject &p);

    QSqlDatabase m_db;
    StatementCache m_statements; // shared with m_qc and m_analyzers: one connection, one set of statements
    std::unique_ptr<QcProjection> m_qc;
    std::unique_ptr<AnalyzerProjection> m_analyzers;
};

} // namespace benchside
