// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "autoverify/autoverifyrules.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>

namespace benchside {

// "Try on history": the analyzer results of a test entered in the last days, each decided again by
// the rules in force and by proposed ones, from what the journal recorded when it was entered (its
// judgement, delta, the analyzer's flags) and the analyzer's QC runs before it. Says what the new
// rules would release that the old did not, and the reverse, so nobody turns a rule on blind.
class AutoverifyTrial
{
    Q_DECLARE_TR_FUNCTIONS(AutoverifyTrial)

public:
    struct Change
    {
        QString orderId;
        QString value;
        bool releasedNow = false;  // by the rules in force
        bool releasedThen = false; // by the proposed rules
        QString reason;            // the proposed rules' first reason to hold, or "released"
    };
    struct Outcome
    {
        int results = 0;
        int wouldRelease = 0; // by the proposed rules
        int wouldHold = 0;
        QList<Change> changed; // decided differently by the two
    };

    explicit AutoverifyTrial(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<Outcome> run(const AutoverifyRules &current, const AutoverifyRules &proposed, int days,
                        qint64 nowMs) const;

private:
    QSqlDatabase m_db;
};

} // namespace benchside
