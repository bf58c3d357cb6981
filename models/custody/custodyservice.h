// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "custody/custodyrules.h"
#include "journal/eventstore.h"
#include "specimen/specimenrepository.h"

#include <QCoreApplication>

namespace benchside {

// Records one custody step for a specimen after checking it against CustodyRules, under the
// write lock so that the check and the event cannot be separated by another station's write.
class CustodyService
{
    Q_DECLARE_TR_FUNCTIONS(CustodyService)

public:
    struct Recorded
    {
        Event event;
        QStringList aliquots; // accession numbers of the children an aliquoting step created
    };

    CustodyService(EventStore &store, SpecimenRepository &specimens);

    Result<Recorded> record(const QString &accession, const CustodyRules::Step &step, const QString &actor);

    // The same decision, for callers that need to combine it into their own transaction.
    Result<EventDraft> decide(const Specimen &specimen, const CustodyRules::Step &step,
                              CustodyRules::Verdict *verdict = nullptr);

private:
    EventStore &m_store;
    SpecimenRepository &m_specimens;
};

} // namespace benchside
