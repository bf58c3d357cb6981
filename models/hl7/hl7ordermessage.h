// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"
#include "hl7/hl7ack.h"

#include <QList>
#include <QString>

namespace benchside {

// The patient of an order message (PID).
struct Hl7Patient
{
    QString id;        // PID-3.1 of the first identifier
    QString authority; // PID-3.4
    QString name;      // "Family, Given" from PID-5
    QString birthDate; // ISO date, or "" when PID-7 is empty
    QString sex;       // F, M or U (PID-8; O, A, N and anything else read as U)
};

// One specimen the placer describes (SPM), to become one tube.
struct Hl7Specimen
{
    int segment = -1;         // index in the message, for errors
    QString placerId;         // SPM-2.1 (EIP placer assigned identifier)
    QString type;             // SPM-4 as written (code^text^system)
    qint64 collectedAtMs = 0; // SPM-17.1
    QString rejectReason;     // SPM-21: why the placer already judges it unfit (text, else code)
};

// One order group: ORC with its TQ1, OBR and SPMs.
struct Hl7Order
{
    int orcSegment = -1;
    int obrSegment = -1;
    int occurrence = 1; // which ORC of the message, 1-based
    QString control;    // ORC-1: NW, CA, XO, SC …
    QString placer;     // ORC-2.1, else OBR-2.1
    QString placerNamespace;
    QString filler;           // ORC-3.1, else OBR-3.1
    QString priority;         // routine, asap, stat (TQ1-9, OBR-27.6, OBR-5)
    QString provider;         // ORC-12, else OBR-16: "id Family Given"
    qint64 collectedAtMs = 0; // OBR-7
    QString orderedCode;      // OBR-4 as written, for messages
    QList<TestDefinition> tests;
    QList<Hl7Specimen> specimens;
};

// What an ORM^O01 / OML^O21 asks for, or why it cannot be taken.
struct Hl7OrderMessage
{
    Hl7Patient patient;
    QList<Hl7Order> orders;
    QList<Hl7Error> errors; // content errors: the message is answered AE and nothing is recorded
};

} // namespace benchside
