// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace benchside {

// What one outbound ORU^R01 says, as plain values (unescaped; Hl7OruBuilder escapes them). Times are
// milliseconds since the epoch, 0 for "not known" (the field is then left empty). Names are written
// "Family, Given" (split at the first comma into XPN/XCN family and given name) or as one word (the
// family name only).

// One test's result: one OBX, followed by its NTEs.
struct Hl7ReportedResult
{
    QString localCode;      // our catalogue code ("K"): OBX-3 alternate identifier, coding system L
    QString name;           // our name of the test ("Potassium"): OBX-3 text
    QString loinc;          // LOINC code ("2823-3"), empty when the test has none: OBX-3 identifier, LN
    QString loincName;      // LOINC display name; empty: `name` is sent in its place
    QString value;          // as recorded ("4.2", "<0.5", ">11.0", "1:128", "NEG", free text): OBX-5,
                            // its data type (OBX-2) chosen from its form, never converted to a number
    QString unit;           // the unit ("mmol/L"): OBX-6 unit^unit^system; empty for none (no OBX-6)
    bool unitIsUcum = true; // the catalogue's UCUM code (system UCUM); false: the lab's own unit text,
                            // sent as a local code (L) rather than passed off as UCUM
    QString referenceRange; // as shown to the user ("3.5-5.1", "<5", ">60"): OBX-7; empty for none
    QString flag;           // abnormal flag of HL7 table 0078 (N, L, H, LL, HH, A): OBX-8; empty when
                            // the result has no range to be judged against (OBX-8 left empty)
    QString status = QStringLiteral("F"); // OBX-11: F final, C corrected, X cannot be done / cancelled
    qint64 observedAtMs = 0;              // when measured (or entered by hand): OBX-14
    QString verifierId;                   // who released it, our user name: OBX-16 XCN-1
    QString verifierName;                 // that person's name ("Family, Given" or free): OBX-16 XCN-2/3
    QString analyzer;  // instrument instance that measured it: OBX-18 EI-1; empty when typed in
    QStringList notes; // one NTE each after the OBX (NTE-2 L), e.g. the documented critical call
};

// One specimen's order and its results: one ORU^R01 (HL7 2.5.1).
struct Hl7ResultReport
{
    QString controlId;      // MSH-10, given by the caller: derived from the journal event reported, so
                            // that a resend after a crash carries the same ID
    qint64 createdAtMs = 0; // MSH-7
    QString sendingApplication = QStringLiteral("BENCHSIDE"); // MSH-3 (HD namespace ID)
    QString sendingFacility;                                  // MSH-4
    QString receivingApplication;                             // MSH-5
    QString receivingFacility;                                // MSH-6
    QString processingId = QStringLiteral("P");               // MSH-11: P production, T training, D debugging

    QString patientId;                 // PID-3 CX-1 (identifier type MR)
    QString patientAssigningAuthority; // PID-3 CX-4 (HD namespace ID); empty when not known
    QString patientName;               // PID-5 ("Family, Given" or one word)
    QString patientBirthDate; // PID-7, "YYYY-MM-DD" (or "YYYY", "YYYY-MM"); empty or anything else: not sent
    QString patientSex;       // PID-8, HL7 table 0001 (F, M, U …) or empty

    QString placerOrder;    // the hospital's order number: ORC-2 and OBR-2
    QString placerGroup;    // the hospital's group number: ORC-4
    QString fillerOrder;    // our accession number: ORC-3, OBR-3 and SPM-2.2
    QString placerSpecimen; // the hospital's specimen ID, if it gave one: SPM-2.1

    QString serviceCode;          // what was ordered: OBR-4 CWE-1
    QString serviceName;          // its name: OBR-4 CWE-2
    QString serviceCodeSystem;    // its coding system, HL7 table 0396: LN for LOINC, L for our local code
    QString orderingProviderId;   // ORC-12 and OBR-16 XCN-1
    QString orderingProviderName; // ORC-12 and OBR-16 XCN-2/3 ("Family, Given" or free)

    qint64 collectedAtMs = 0;                   // OBR-7 and SPM-17
    qint64 receivedAtMs = 0;                    // SPM-18 (received in the laboratory)
    qint64 reportedAtMs = 0;                    // OBR-22 (results reported / status changed)
    QString resultStatus = QStringLiteral("F"); // OBR-25: F final, C corrected, X cancelled

    QString specimenTypeCode;       // SPM-4 CWE-1 ("SER")
    QString specimenTypeName;       // SPM-4 CWE-2 ("Serum")
    QString specimenTypeCodeSystem; // SPM-4 CWE-3 (e.g. HL70487, SCT); empty: not sent

    QList<Hl7ReportedResult> results; // one OBX (and its NTEs) each, in this order
};

} // namespace benchside
