// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hl7/hl7ack.h"
#include "hl7/hl7message.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace benchside {

// What an order message made, for the application response: one entry per tube of a placer order.
struct Hl7FilledOrder
{
    int orcSegment = -1;    // the inbound ORC (ORC-2 is echoed), or -1
    int obrSegment = -1;    // the inbound OBR (OBR-2 and OBR-4 are echoed), or -1
    QString control;        // ORC-1 of the answer, HL7 table 0119: OK, UA, CR, UC, XR, UX
    QString accession;      // our number: the filler order number (ORC-3, OBR-3); empty when refused
    QString placerSpecimen; // SPM-2.1 of the inbound message, for ORL^O22
};

// The application response to an order message: ORR^O02 for ORM^O01 (2.3–2.4), ORL^O22 for OML^O21
// (2.5 and later). MSH, MSA and ERR as in an ACK (Hl7Ack::compose); then the patient's PID-3 and,
// per tube, ORC (ORC-1 the order control code of the answer, ORC-2 the placer's number as it was
// written, ORC-3 our accession number in the namespace of MSH-3) and OBR (OBR-2, OBR-3, OBR-4 as
// ordered); ORL adds SPM with the placer's specimen ID and ours.
class Hl7OrderResponse
{
public:
    static QString build(const Hl7Message &in, Hl7Ack::Code code, const QString &controlId,
                         const QDateTime &at, const QString &text, const QList<Hl7Error> &errors,
                         const QList<Hl7FilledOrder> &orders);
    // ORR^O02^ORR_O02 or ORL^O22^ORL_O22 for the message type of `in`.
    static QStringList messageType(const Hl7Message &in);
};

} // namespace benchside
