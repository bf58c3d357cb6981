// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "journal/event.h"
#include "result/deltacheck.h"
#include "result/orderresult.h"
#include "result/resultspec.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <functional>

namespace benchside {

// The results half of the demo: values mostly in range with some low, high and critical ones,
// entered by one technician and verified by someone the rules allow, critical ones notified
// (most of them) before release, a few released results amended. Values are judged when their
// event is due, in time order, so the delta checks compare with what was released by then.
class DemoResults
{
public:
    // Schedules an event at `at` for `actor` (the seeder drops what falls after its end).
    using Schedule = std::function<void(qint64 at, const EventDraft &draft)>;

    DemoResults(const QJsonObject &catalog, QRandomGenerator &rng);

    // The work on one specimen's orders once it reached its bench at `benchAt`.
    void plan(const QString &accession, const QJsonObject &patient, qint64 collectedAt, qint64 benchAt,
              const QJsonArray &orderedTests, const Schedule &schedule);
    // Completes a result event as it is appended: flag and delta check for entered and amended
    // values; a verification makes the value the patient's previous result for later delta checks.
    // False for a planned step the rules would refuse by then (a call about a value that turned
    // out not critical, the release of a critical value nobody was told about): it is left out.
    bool complete(EventDraft &draft);

private:
    QString value(const OrderResult &order, const ResultSpec &spec, int criticalPercent);

    QRandomGenerator &m_rng;
    QHash<QString, ResultSpec> m_specs;
    QStringList m_technicians;
    QStringList m_supervisors;
    struct State
    {
        OrderResult order;
        ResultValue value;
        QString flag;
        QString status; // ordered, entered, amended, verified
        bool notified = false;
        bool rangeKnown = true; // judged by the patient's own range
    };
    QHash<QString, int> m_tatMinutes;
    QHash<QString, State> m_orders;            // order id -> context and current result
    QHash<QString, PreviousResult> m_released; // patient mrn + '/' + test -> newest released
};

} // namespace benchside
