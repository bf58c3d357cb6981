// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "autoverify/autoverifier.h"
#include "autoverify/autoverifyrules.h"
#include "core/result.h"
#include "journal/event.h"
#include "result/orderresult.h"
#include "result/resultevaluator.h"
#include "store/statementcache.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QSqlDatabase>

namespace benchside {

class Catalog;
class EventStore;
class Permissions;

// The autoverification rule sets (one per test, versioned, set by supervisors with a reason) and,
// inside an analyzer message's transaction, the decision on each result the analyzer sent: the
// facts are read from the projections (the analyzer's last QC run, a lockout, a review flag) and
// Autoverifier decides. A release is a result.verified event by "autoverify" whose payload names
// the rule set's version and why; a hold is written into the result's entry with every reason.
class AutoverifyService
{
    Q_DECLARE_TR_FUNCTIONS(AutoverifyService)

public:
    AutoverifyService(EventStore &store, Catalog &catalog, const Permissions &permissions);

    // The test's rules; off and version 0 when never set.
    Result<AutoverifyRules> rules(const QString &test) const;
    Result<Event> set(const AutoverifyRules &rules, const QString &reason, const QString &actor);

    // Inside a journal write: the decision on an analyzer result whose entry is `entryIndex` among
    // the write's drafts. Released: the result.verified draft to add. Held (rules on): the entry's
    // payload gains the reasons. Rules off: nothing.
    struct Outcome
    {
        std::optional<EventDraft> release;
        AutoverifyDecision decision;
        bool decided = false; // the rules were on
    };
    Result<Outcome> decide(const OrderResult &order, const ResultEvaluation &evaluation,
                           const QJsonObject &instrument, EventDraft &entry, int entryIndex, qint64 nowMs);

    static const QString &actor(); // who the journal names for a release by the rules

private:
    Result<AutoverifyFacts> facts(const OrderResult &order, const ResultEvaluation &evaluation,
                                  const QJsonObject &instrument, qint64 nowMs) const;

    EventStore &m_store;
    Catalog &m_catalog;
    const Permissions &m_permissions;
    QSqlDatabase m_db;
    // A message's results ask the same questions one after another: prepared once.
    mutable StatementCache m_statements{m_db};
    mutable QHash<QString, AutoverifyRules> m_rules; // per test, for one message's many results
};

} // namespace benchside
