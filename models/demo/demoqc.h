// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/event.h"

#include <QCoreApplication>
#include <QList>
#include <QRandomGenerator>
#include <QStringList>
#include <functional>

namespace benchside {

// The quality-control half of the demo: control lots (two levels) for chemistry, haematology and
// coagulation tests, runs every morning and on weekday afternoons over a few months, a lot change
// (the new lot runs beside the old one until its first 20 values set its targets), and rule
// violations: a 1-3s, a 2-2s across levels (overridden by a supervisor before it was corrected),
// a shift caught by 4-1s and a smaller one caught by 10x, each followed by a corrective action and
// an accepted rerun. Runs are judged with the same QcRunJudge the projector uses, so the demo knows
// which ones the projector will reject. Values come from the seeder's generator: same seed, same QC.
class DemoQc
{
    Q_DECLARE_TR_FUNCTIONS(DemoQc)

public:
    using Schedule = std::function<void(qint64 at, const EventDraft &draft)>; // draft.actor is set

    // A time during which a test's patient results stay unreleased (its QC was rejected).
    struct LockWindow
    {
        QString test;
        qint64 from = 0;
        qint64 to = 0;
    };

    DemoQc(QRandomGenerator &rng, const QStringList &technicians, const QStringList &supervisors);

    // Plans QC from `from` to `end`. Runs measured from `calmFrom` on (while the demo's specimens
    // are being worked) stay in control, but for one planned rejection whose look-back is reviewed:
    // it is scheduled as a qc.lookback.reviewed draft without an order id, which the seeder expands
    // into one review per result released in [payload "from", payload "until"].
    Status plan(qint64 from, qint64 calmFrom, qint64 end, const Schedule &schedule);

    const QList<LockWindow> &lockWindows() const { return m_windows; }
    int runs() const { return m_runs; }

private:
    double gaussian();

    QRandomGenerator &m_rng;
    QStringList m_technicians;
    QStringList m_supervisors;
    QList<LockWindow> m_windows;
    int m_runs = 0;
};

} // namespace benchside
