// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "custody/custodyservice.h"
#include "rack/rackreading.h"

#include <QCoreApplication>

namespace benchside {

// Receives or stores every tube of a rack image in one transaction: all the tubes that can be
// recorded are, in one commit, and every other well says why it was not (empty, unreadable,
// duplicated, unknown, not yet received, …). Nothing is guessed and no well is passed over in silence.
class RackService
{
    Q_DECLARE_TR_FUNCTIONS(RackService)

public:
    struct WellOutcome
    {
        QString well;
        WellReading::State state = WellReading::State::Empty;
        QString code;
        QString outcome; // received, stored, empty, unreadable, duplicate, unknown, bad-check-character, …
        QString message;
        bool recorded = false;
    };

    struct Outcome
    {
        QList<WellOutcome> wells; // row-major, one per well
        int recorded = 0;
    };

    RackService(EventStore &store, SpecimenRepository &specimens, CustodyService &custody);

    Result<Outcome> receive(const RackReading &reading, const QString &actor);
    // Each tube goes to "LOCATION / WELL", e.g. "Freezer 2 / Rack 5 / B7".
    Result<Outcome> store(const RackReading &reading, const QString &location, const QString &actor);

private:
    Result<Outcome> record(const RackReading &reading, CustodyKind kind, const QString &location,
                           const QString &actor);

    EventStore &m_store;
    SpecimenRepository &m_specimens;
    CustodyService &m_custody;
};

} // namespace benchside
