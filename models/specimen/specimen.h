// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace benchside {

struct Patient
{
    QString mrn;
    QString name;
    QString birthDate; // ISO 8601 date
    QString sex;       // F, M, U
};

struct TestOrder
{
    QString orderId;
    QString testCode;
    QString testName;
    QString bench;
    QString status;
};

struct Specimen
{
    QString accession;
    QString parent;
    Patient patient;
    QString specimenType;
    QString container;
    qint64 collectedAtMs = 0;
    QString collector;
    QString priority;
    QString status;
    QString location;
    qint64 accessionedAtMs = 0;
    QString accessionedBy;
    qint64 receivedAtMs = 0; // 0 = not received
    QString receivedStation;
    qint64 lastEventAtMs = 0;
    std::optional<QString> manualReview; // why a person holds its results for review, if one does
    QList<TestOrder> orders;
    QStringList children;

    QStringList testCodes() const;
    QString summary() const; // one line for confirmations: patient, type, tests
};

struct CustodyEntry
{
    QString eventId;
    QString kind;
    QString actor;
    QString station;
    QString location;
    QString reason;
    QString detail;
    qint64 atMs = 0;
};

} // namespace benchside
