// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/permissions.h"
#include "core/result.h"
#include "journal/eventstore.h"

#include <QCoreApplication>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QStringList>
#include <optional>

namespace benchside {

struct Hl7Destination
{
    QString name;
    QString host;
    quint16 port = 0;
    QStringList events; // released, amended, cancelled
    QString receivingApp;
    QString receivingFacility;
    bool active = true; // false: nothing new is queued for it
};

// One outbound message: what it reports, where to, and how far it got.
struct Hl7OutboxEntry
{
    QString id; // = its control ID (MSH-10)
    QString destination;
    QString eventId;
    qint64 hlc = 0;
    QString kind; // released, amended, cancelled
    QString accession;
    QStringList tests;
    QString patient;
    QString state; // pending, delivered, dead, discarded
    QString ackCode;
    QString error;
    qint64 stateAtMs = 0;
    int attempts = 0;
    QString lastError;
    qint64 nextAttemptAtMs = 0;
};

// The outbound HL7 queue: destinations (journaled), the messages the journal's releases and
// cancellations queued for them (a projection), and what people and the sender do with them. Each
// outcome (delivered on AA/CA, dead letter on AE/AR, resent, discarded with a reason) is an event;
// attempts that got no answer are the sender's local bookkeeping.
class Hl7Outbox
{
    Q_DECLARE_TR_FUNCTIONS(Hl7Outbox)

public:
    Hl7Outbox(EventStore &store, const Permissions &permissions);

    static const QStringList &eventKinds();
    Result<Event> defineDestination(const Hl7Destination &d, const QString &actor);
    Result<QList<Hl7Destination>> destinations() const;

    // state empty: all. Newest first.
    Result<QList<Hl7OutboxEntry>> entries(const QString &state = {}, int limit = 1000) const;
    Result<std::optional<Hl7OutboxEntry>> entry(const QString &id) const;
    // The oldest pending message for a destination whose patient has no dead letter there.
    Result<std::optional<Hl7OutboxEntry>> next(const QString &destination) const;
    // The next `limit` such messages in sending order, leaving out `skip` (already sent, their
    // outcome not yet recorded).
    Result<QList<Hl7OutboxEntry>> nextBatch(const QString &destination, int limit,
                                            const QSet<QString> &skip) const;

    // A dead letter (or a discarded message) back into the queue; the same bytes and control ID.
    Result<Event> resend(const QString &id, const QString &actor);
    Result<Event> discard(const QString &id, const QString &reason, const QString &actor);

    // The sender's side.
    Result<std::optional<QString>> storedMessage(const QString &id) const;
    Status storeMessage(const QString &id, const QString &message);
    // Several at once, in one transaction (one disk sync instead of one each).
    Status storeMessages(const QList<std::pair<QString, QString>> &messages);
    Status noteFailedAttempt(const QString &id, const QString &error, qint64 nextAttemptAtMs);
    struct Outcome
    {
        QString id;
        QString ackCode; // AA, CA: delivered; anything else: dead letter
        QString ack;
        QString error;
    };
    // Several outcomes in one transaction. One whose message is no longer pending (discarded
    // meanwhile) is left out and named in the result.
    Result<QStringList> recordOutcomes(const QList<Outcome> &outcomes, const QString &actor);

private:
    Result<QList<Hl7OutboxEntry>> select(const QString &where, const QVariantList &binds, int limit) const;
    Result<Event> stateChange(const QString &id, const QString &kind, const QJsonObject &payload,
                              const QStringList &allowedFrom, const QString &actor);

    EventStore &m_store;
    const Permissions &m_permissions;
    QSqlDatabase m_db;
};

} // namespace benchside
