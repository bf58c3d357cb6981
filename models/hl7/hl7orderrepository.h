// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "store/statementcache.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace benchside {

// One tube that a placer order put tests on.
struct Hl7PlacedTube
{
    QString accession;
    QString placerOrder;
    QString placerSpecimen;
    QString source;
    QString provider;
    QStringList tests; // the codes this placer order asked for on this tube
    QString specimenType;
    QString placerNamespace; // ORC-2.2 as the order came, "" when it named none
    QString patientId;       // the tube's patient (PID-3.1 of the order that made it)
};

// One row of the inbound message list.
struct Hl7InboxEntry
{
    QString eventId;
    qint64 receivedAtMs = 0;
    QString peer;
    QString sendingApp;
    QString sendingFacility;
    QString controlId;
    QString messageType;
    QString ackCode;
    QString error;
    QStringList accessions;
};

// What the HL7 projections answer: accepted messages (for duplicates), the tubes of a placer order,
// the inbound list. Read-only; prepared statements only. The statements an order's intake runs are
// prepared once per repository: preparing them cost as much as running them.
class Hl7OrderRepository
{
    Q_DECLARE_TR_FUNCTIONS(Hl7OrderRepository)

public:
    explicit Hl7OrderRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    // The ACK sent when this (MSH-3, MSH-4, MSH-10) was accepted, if it was.
    Result<std::optional<QString>> acceptedAck(const QString &app, const QString &facility,
                                               const QString &controlId) const;
    // Every tube a placer order number names, from whichever sender: for a person looking it up.
    Result<QList<Hl7PlacedTube>> tubesOfPlacer(const QString &placerOrder) const;
    // The tubes of one sender's order. A placer order number is unique only within its placer
    // (ORC-2.2, else the sending application, MSH-3): when both the stored order and the message
    // name a namespace those must be equal, otherwise the sending applications must.
    Result<QList<Hl7PlacedTube>> tubesOfOrder(const QString &placerOrder, const QString &placerNamespace,
                                              const QString &source) const;
    // Tubes found by a hospital's own label: a placer specimen ID, else a placer order number.
    Result<QList<Hl7PlacedTube>> tubesByLabel(const QString &code) const;
    // Our accession numbers of the tubes a ward's label names, each once: none, one, or (an order
    // number) several.
    Result<QStringList> accessionsByLabel(const QString &code) const;
    // Our accession number for the tube a ward's label names, or none; a label shared by several
    // tubes (an order number) is refused with the tubes named, as is a failed read.
    Result<std::optional<QString>> accessionForLabel(const QString &code) const;
    // Test code → order status of one tube.
    Result<QHash<QString, QString>> orderStatuses(const QString &accession) const;
    Result<QList<Hl7InboxEntry>> inbox(int limit) const;
    // The message text and the ACK of one inbound message, from its event.
    Result<std::pair<QString, QString>> messageText(const QString &eventId) const;

private:
    Result<QList<Hl7PlacedTube>> tubes(const char *sql, const QStringList &keys) const;
    QSqlDatabase m_db;
    mutable StatementCache m_statements{m_db};
};

} // namespace benchside
