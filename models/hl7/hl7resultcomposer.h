// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hl7/hl7outbox.h"
#include "hl7/hl7resultreport.h"

#include <QCoreApplication>

namespace benchside {

class Lab;

// What an outbound message says, gathered from the journal and the projections: the patient, the
// hospital's order and specimen numbers, and per test the value, unit, flag and range as the reported
// event released them (not as they may read later), LOINC and UCUM from the catalogue, who verified
// it and the documented critical-result call.
class Hl7ResultComposer
{
    Q_DECLARE_TR_FUNCTIONS(Hl7ResultComposer)

public:
    explicit Hl7ResultComposer(Lab &lab) : m_lab(lab) {}

    Result<Hl7ResultReport> compose(const Hl7OutboxEntry &entry, const Hl7Destination &destination,
                                    qint64 nowMs) const;

private:
    Lab &m_lab;
};

} // namespace benchside
