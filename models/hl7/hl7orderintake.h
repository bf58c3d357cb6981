// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hl7/hl7ack.h"
#include "hl7/hl7message.h"
#include "hl7/hl7ordermessage.h"
#include "hl7/hl7orderrepository.h"
#include "hl7/hl7orderresponse.h"
#include "hl7/hl7testcodes.h"
#include "store/statementcache.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>
#include <memory>
#include <optional>

namespace benchside {

class Lab;

// Takes in one inbound HL7 order message (the bytes of one MLLP frame) and returns the
// acknowledgement to send. The message, what it made and the ACK are committed in one transaction
// before the ACK is returned, so AA is only ever said for what is on disk. A message accepted before
// (same MSH-3, MSH-4, MSH-10) gets the same ACK again and records nothing. A content error (unknown
// test code, a cancellation of an unknown order, …) is AE with an ERR naming the segment, field and
// code, and records no order, not even part of one; an unsupported message, version or processing
// ID, or no control ID is AR. Bytes that do not fit the character set MSH-18 declares are read as
// what they are (Hl7Message), the message is taken, and the warning and the raw bytes are kept.
class Hl7OrderIntake
{
    Q_DECLARE_TR_FUNCTIONS(Hl7OrderIntake)

public:
    struct Outcome
    {
        QByteArray response; // the answer, in the inbound message's character set; empty when the
                             // sender asked for none (MSH-15/16)
        Hl7Ack::Code code = Hl7Ack::Code::Reject;
        QString controlId; // the inbound MSH-10
        QStringList accessions;
        QString error;
        bool duplicate = false;
        bool recorded = false; // an interface.received event was written
        QStringList warnings;  // how the text was read when MSH-18 did not fit it (kept with the raw bytes)
    };

    // `actor` is who the journal names for what the interface records.
    Hl7OrderIntake(Lab &lab, QString actor);

    Outcome handle(const QByteArray &frame, const QString &peer = {});
    // The answer to a frame over the size limit, from its first bytes (`head`): AR, nothing recorded.
    Outcome oversize(qsizetype limit, const QByteArray &head = {});

    static QString newControlId();

private:
    struct Plan;
    Outcome reject(const Hl7Message &m, const QString &peer, const QByteArray &frame, const Hl7Error &error);
    // `onError`: AE for content errors, AR for a message that is not taken at all.
    Outcome record(const Hl7Message &m, const QString &peer, const QByteArray &frame,
                   const Hl7OrderMessage &orders, Hl7Ack::Code onError);
    Status plan(const Hl7Message &m, const Hl7OrderMessage &orders, Plan &out);
    // Why an NW whose order is already here cannot be answered by what it made then: another
    // patient's order, a cancelled one, or one that lacks a test or specimen the message asks for.
    // None when the message asks for nothing new (a resend under a new control ID).
    Result<std::optional<Hl7Error>> repeatConflict(const Hl7Order &order, const Hl7Patient &patient,
                                                   const QList<Hl7PlacedTube> &known);
    // The answer the sender asked for (Hl7AckRequest), or empty when it asked for none.
    static QString respond(const Hl7Message &m, Hl7Ack::Code code, const QString &text,
                           const QList<Hl7Error> &errors, const QList<Hl7FilledOrder> &filled,
                           bool structural);
    // Every order of a refused message, with the ORC-1 that says it was not done (UA, UC, UX).
    static QList<Hl7FilledOrder> refused(const Hl7OrderMessage &orders);
    QJsonObject receivedPayload(const Hl7Message &m, const QString &peer, Hl7Ack::Code code,
                                const QString &ack, const QString &error,
                                const QStringList &accessions) const;

    Result<const Hl7TestCodes *> testCodes();

    Lab &m_lab;
    QString m_actor;
    Hl7OrderRepository m_repository;
    StatementCache m_statements;
    std::unique_ptr<Hl7TestCodes> m_codes;
    QString m_codesStamp;
};

} // namespace benchside
