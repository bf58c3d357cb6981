// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/event.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QSqlDatabase>

namespace benchside {

class Projector;

// What SubjectReplay does for specimens, for the QC views: brings them up to date after QC events
// arrived that come, in replay order, before events already projected. Every QC row belongs to one
// test (qc_analyzers: to one analyzer), and a QC event's projection reads only its own test's rows (a
// run is judged against the test's lots, targets, rules and earlier runs; the lockout, corrective
// action and look-back are the test's). So the rows of each test a late event is about are removed
// and that test's qc.* events replayed in order; when every event of the test from the earliest
// pulled one on was pulled with it, the pulled ones are only applied, as if they had come in order.
// The QC views read nothing else, and nothing else reads them while projecting (a lockout is checked
// when a result is released; the result's event records what was decided). Decisions.md 62.
class QcReplay
{
    Q_DECLARE_TR_FUNCTIONS(QcReplay)

public:
    QcReplay(QSqlDatabase db, Projector &projector) : m_db(std::move(db)), m_projector(projector) {}

    // A QC event that comes before events already projected. False when its rows cannot be told
    // apart: a kind this version does not project, or no test named.
    bool addLate(const Event &e);
    // True, and `e` is left to apply(), when `e` (pulled in order with the late ones) is of a test or
    // analyzer that apply() replays.
    bool claim(const Event &e);

    // Runs inside the caller's transaction. Returns false, having changed nothing, when only a full
    // rebuild can do it: an event of a replayed test stands on the review list, whose resolution a
    // replay of the test alone would lose or keep wrongly, or a pulled event is not where the
    // journal's index files its test (QcProjection::checkTest).
    Result<bool> apply();

private:
    using Pulled = QHash<QString, QSet<QString>>; // test or analyzer: ids of its events pulled now

    Result<bool> replay(const QString &key, const QSet<QString> &pulled, bool analyzer,
                        QStringList &replayed);
    Status removeTest(const QString &test);
    Status removeAnalyzer(const QString &name);
    Result<bool> flagged(const QStringList &ids);
    Status exec(QSqlQuery &q);
    Status exec(const QString &sql);

    QSqlDatabase m_db;
    Projector &m_projector;
    Pulled m_tests;
    Pulled m_analyzers;
};

} // namespace benchside
