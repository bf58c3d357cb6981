// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "custody/custodyservice.h"
#include "scan/scanoutcome.h"
#include "specimen/specimenrepository.h"

#include <QCoreApplication>
#include <functional>

namespace benchside {

// The one scan path: every scanned code — keyboard wedge, serial scanner, image, CLI replay —
// goes through process(), from raw text to committed event.
class ScanProcessor
{
    Q_DECLARE_TR_FUNCTIONS(ScanProcessor)

public:
    enum class Action { Lookup, Receive };

    ScanProcessor(EventStore &store, SpecimenRepository &specimens, CustodyService &custody);

    ScanOutcome process(const QString &rawCode, Action action, const QString &actor);
    // A code that is not our accession number but a ward's label of a tube ordered by HL7.
    bool isHospitalLabel(const QString &code) const;

    // A second receipt scan of the same tube within this window is a duplicate, not an error.
    void setDuplicateWindowMs(qint64 ms) { m_duplicateWindowMs = ms; }
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

private:
    ScanOutcome receive(ScanOutcome outcome, const QString &actor);
    // Our accession number for a tube found by the hospital's own label; on a read failure or an
    // ambiguous order number, nothing, with the reason in `outcome`.
    std::optional<QString> hospitalLabel(ScanOutcome &outcome) const;
    static ScanOutcome withLabelNote(ScanOutcome outcome);

    EventStore &m_store;
    SpecimenRepository &m_specimens;
    CustodyService &m_custody;
    qint64 m_duplicateWindowMs = 10'000;
    std::function<qint64()> m_clock;
};

} // namespace benchside
