// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace benchside {

// The current result of an order, as the results projection holds it.
struct ResultRecord
{
    QString value;
    std::optional<double> number;
    QString unit;
    QString flag;              // ResultFlags::code
    QString rangeBasis;        // ResultJudge::basisCode: "" the patient's own range (or none needed)
    QString implausibleReason; // why a value beyond the test's plausible limits was confirmed
    QString delta;             // DeltaCheck::outcomeCode
    QString deltaPrevious;
    QString enteredBy;
    qint64 enteredAtMs = 0;
    QString verifiedBy; // empty until verified (cleared again by an amendment)
    qint64 verifiedAtMs = 0;
    qint64 releasedAtMs = 0; // first verification; 0 = never released
    QString notifiedTo;      // empty: no notification documented for the current value
    QString notifiedBy;
    qint64 notifiedAtMs = 0;
    int amendCount = 0;
    // What the analyzer said about the current value, when it came from one.
    QStringList instrumentFlags;
    QString instrumentStatus;       // R-9 when not final ("" for F)
    QStringList instrumentComments; // the C records after the R record
};

// One test order with what its rules need: the specimen's patient and collection time, the
// order's status and its result, if any.
struct OrderResult
{
    QString orderId;
    QString accession;
    QString testCode;
    QString bench;
    QString priority;
    QString status;          // ordered, entered, amended, verified, cancelled
    qint64 receivedAtMs = 0; // 0 = tube not received
    int tatMinutes = 0;
    QString patientMrn;
    QString patientName;
    QString patientSex;
    QString patientBirthDate;
    qint64 collectedAtMs = 0;
    std::optional<ResultRecord> result;

    qint64 dueAtMs() const { return receivedAtMs > 0 ? receivedAtMs + qint64(tatMinutes) * 60'000 : 0; }
};

// One step of a result's history: every value entered or amended, notifications, verifications.
struct ResultHistoryEntry
{
    QString eventId;
    QString kind; // result.entered, result.notified, result.verified, result.amended
    QString value;
    QString unit;
    QString flag;
    QString actor;
    QString detail; // the amendment's reason, or who was told
    qint64 atMs = 0;
};

} // namespace benchside
