// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hl7/hl7message.h"
#include "hl7/hl7ordermessage.h"
#include "hl7/hl7testcodes.h"

#include <QCoreApplication>

namespace benchside {

// Reads the orders of an ORM^O01 (2.3.1, 2.4) or OML^O21 (2.5, 2.5.1) message: the patient, and per
// ORC its order control, placer and filler numbers, priority, provider, collection time, tests (OBR-4,
// through the catalogue's codes) and specimens (SPM). Every problem is collected as an ERR for the AE,
// with the segment and field it is in; nothing is looked up in the database here.
class Hl7OrderReader
{
    Q_DECLARE_TR_FUNCTIONS(Hl7OrderReader)

public:
    explicit Hl7OrderReader(const Hl7TestCodes &codes) : m_codes(codes) {}

    Hl7OrderMessage read(const Hl7Message &message) const;

    // An HL7 TS/DTM (YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]) as ms since the epoch; local time when no
    // offset is given; 0 for empty or unreadable.
    static qint64 parseTimestamp(const QString &ts);

private:
    void readPatient(const Hl7Message &m, int pid, Hl7OrderMessage &out) const;
    void readObr(const Hl7Message &m, int obr, const QString &sender, Hl7Order &order,
                 Hl7OrderMessage &out) const;

    const Hl7TestCodes &m_codes;
};

} // namespace benchside
