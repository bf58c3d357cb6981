// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7outbox.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
const char *const EntryColumns =
    "o.id, o.destination, o.event_id, o.hlc, o.kind, o.accession, o.tests, o.patient, o.state, o.ack_code, "
    "o.error, o.state_at, coalesce(d.attempts, 0), coalesce(d.last_error, ''), coalesce(d.next_attempt_at, "
    "0) "
    "FROM hl7_outbox o LEFT JOIN hl7_delivery d ON d.id = o.id";
} // namespace

Hl7Outbox::Hl7Outbox(EventStore &store, const Permissions &permissions)
    : m_store(store), m_permissions(permissions), m_db(store.database())
{}

const QStringList &Hl7Outbox::eventKinds()
{
    static const QStringList k{QStringLiteral("released"), QStringLiteral("amended"),
                               QStringLiteral("cancelled")};
    return k;
}

Result<Event> Hl7Outbox::defineDestination(const Hl7Destination &d, const QString &actor)
{
    using R = Result<Event>;
    const QString name = d.name.trimmed();
    if (name.isEmpty() || name.contains(QLatin1Char('/')))
        return R::failure(tr("A destination needs a name without \"/\"."));
    if (d.host.trimmed().isEmpty() || d.port == 0)
        return R::failure(tr("A destination needs a host and a port (HOST:PORT)."));
    if (d.events.isEmpty())
        return R::failure(
            tr("A destination needs at least one of: %1.").arg(eventKinds().join(QStringLiteral(", "))));
    for (const QString &e : d.events) {
        if (!eventKinds().contains(e))
            return R::failure(tr("\"%1\" is not an event to send; use %2.")
                                  .arg(e, eventKinds().join(QStringLiteral(", "))));
    }
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        if (Status s = m_permissions.check(actor, Permission::ManageInterfaces); !s)
            return Result<QList<EventDraft>>::failure(s.error());
        return QList<EventDraft>{
            {QStringLiteral("interface.destination.defined"), name,
             QJsonObject{{QStringLiteral("host"), d.host.trimmed()},
                         {QStringLiteral("port"), int(d.port)},
                         {QStringLiteral("events"), QJsonArray::fromStringList(d.events)},
                         {QStringLiteral("receiving_app"), d.receivingApp},
                         {QStringLiteral("receiving_facility"), d.receivingFacility},
                         {QStringLiteral("active"), d.active}}}};
    });
    if (!written)
        return R::failure(written.error());
    return written.value().first();
}

Result<QList<Hl7Destination>> Hl7Outbox::destinations() const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT name, host, port, events, receiving_app, receiving_facility FROM hl7_destinations "
        "WHERE active = 1 ORDER BY name"));
    if (!q.exec())
        return Result<QList<Hl7Destination>>::failure(
            tr("Cannot read the HL7 destinations: %1").arg(q.lastError().text()));
    QList<Hl7Destination> out;
    while (q.next())
        out << Hl7Destination{
            q.value(0).toString(),        q.value(1).toString(),
            quint16(q.value(2).toUInt()), q.value(3).toString().split(QLatin1Char(','), Qt::SkipEmptyParts),
            q.value(4).toString(),        q.value(5).toString()};
    return out;
}

Result<QList<Hl7OutboxEntry>> Hl7Outbox::select(const QString &where, const QVariantList &binds,
                                                int limit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 %2 LIMIT ?").arg(QLatin1String(EntryColumns), where));
    for (const QVariant &b : binds)
        q.addBindValue(b);
    q.addBindValue(limit);
    if (!q.exec())
        return Result<QList<Hl7OutboxEntry>>::failure(
            tr("Cannot read the HL7 outbox: %1").arg(q.lastError().text()));
    QList<Hl7OutboxEntry> out;
    while (q.next()) {
        Hl7OutboxEntry e;
        e.id = q.value(0).toString();
        e.destination = q.value(1).toString();
        e.eventId = q.value(2).toString();
        e.hlc = q.value(3).toLongLong();
        e.kind = q.value(4).toString();
        e.accession = q.value(5).toString();
        e.tests = q.value(6).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        e.patient = q.value(7).toString();
        e.state = q.value(8).toString();
        e.ackCode = q.value(9).toString();
        e.error = q.value(10).toString();
        e.stateAtMs = q.value(11).toLongLong();
        e.attempts = q.value(12).toInt();
        e.lastError = q.value(13).toString();
        e.nextAttemptAtMs = q.value(14).toLongLong();
        out << e;
    }
    return out;
}

Result<QList<Hl7OutboxEntry>> Hl7Outbox::entries(const QString &state, int limit) const
{
    if (state.isEmpty())
        return select(QStringLiteral("ORDER BY o.hlc DESC, o.id"), {}, limit);
    return select(QStringLiteral("WHERE o.state = ? ORDER BY o.hlc DESC, o.id"), {state}, limit);
}

Result<std::optional<Hl7OutboxEntry>> Hl7Outbox::entry(const QString &id) const
{
    Result<QList<Hl7OutboxEntry>> found = select(QStringLiteral("WHERE o.id = ?"), {id}, 1);
    if (!found)
        return Result<std::optional<Hl7OutboxEntry>>::failure(found.error());
    if (found.value().isEmpty())
        return std::optional<Hl7OutboxEntry>();
    return std::optional<Hl7OutboxEntry>(found.value().first());
}

Result<std::optional<Hl7OutboxEntry>> Hl7Outbox::next(const QString &destination) const
{
    // Order matters for a patient's chart: a dead letter holds back that patient's later messages at
    // the same destination until a person resends or discards it.
    Result<QList<Hl7OutboxEntry>> found =
        select(QStringLiteral(
                   "WHERE o.destination = ? AND o.state = 'pending' AND NOT EXISTS (SELECT 1 FROM "
                   "hl7_outbox x WHERE x.destination = o.destination AND x.state = 'dead' AND x.patient = "
                   "o.patient AND o.patient <> '' AND x.hlc < o.hlc) ORDER BY o.hlc, o.id"),
               {destination}, 1);
    if (!found)
        return Result<std::optional<Hl7OutboxEntry>>::failure(found.error());
    if (found.value().isEmpty())
        return std::optional<Hl7OutboxEntry>();
    return std::optional<Hl7OutboxEntry>(found.value().first());
}

Result<QList<Hl7OutboxEntry>> Hl7Outbox::nextBatch(const QString &destination, int limit,
                                                   const QSet<QString> &skip) const
{
    Result<QList<Hl7OutboxEntry>> found =
        select(QStringLiteral(
                   "WHERE o.destination = ? AND o.state = 'pending' AND NOT EXISTS (SELECT 1 FROM "
                   "hl7_outbox x WHERE x.destination = o.destination AND x.state = 'dead' AND x.patient = "
                   "o.patient AND o.patient <> '' AND x.hlc < o.hlc) ORDER BY o.hlc, o.id"),
               {destination}, limit + int(skip.size()));
    if (!found)
        return found;
    QList<Hl7OutboxEntry> out;
    for (const Hl7OutboxEntry &e : found.value()) {
        if (!skip.contains(e.id) && out.size() < limit)
            out << e;
    }
    return out;
}

Status Hl7Outbox::storeMessages(const QList<std::pair<QString, QString>> &messages)
{
    if (!m_db.transaction())
        return Status::failure(tr("Cannot update the HL7 outbox: %1").arg(m_db.lastError().text()));
    for (const auto &[id, message] : messages) {
        if (Status s = storeMessage(id, message); !s) {
            m_db.rollback();
            return s;
        }
    }
    if (!m_db.commit())
        return Status::failure(tr("Cannot update the HL7 outbox: %1").arg(m_db.lastError().text()));
    return {};
}

Result<QStringList> Hl7Outbox::recordOutcomes(const QList<Outcome> &outcomes, const QString &actor)
{
    using R = Result<QStringList>;
    QStringList skipped;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using D = Result<QList<EventDraft>>;
        skipped.clear();
        QList<EventDraft> drafts;
        QSqlQuery attempt(m_db);
        attempt.prepare(QStringLiteral("UPDATE hl7_delivery SET attempts = attempts + 1 WHERE id = ?"));
        for (const Outcome &o : outcomes) {
            Result<std::optional<Hl7OutboxEntry>> e = entry(o.id);
            if (!e)
                return D::failure(e.error());
            if (!e.value() || e.value()->state != QLatin1String("pending")) {
                skipped << o.id;
                continue;
            }
            attempt.addBindValue(o.id);
            if (!attempt.exec())
                return D::failure(tr("Cannot update the HL7 outbox: %1").arg(attempt.lastError().text()));
            const bool accepted = o.ackCode == QLatin1String("AA") || o.ackCode == QLatin1String("CA");
            QJsonObject p{{QStringLiteral("ack_code"), o.ackCode},
                          {QStringLiteral("ack"), o.ack},
                          {QStringLiteral("destination"), e.value()->destination},
                          {QStringLiteral("accession"), e.value()->accession}};
            if (!o.error.isEmpty())
                p.insert(QStringLiteral("error"), o.error);
            drafts << EventDraft{accepted ? QStringLiteral("interface.delivered")
                                          : QStringLiteral("interface.rejected"),
                                 o.id, p};
        }
        return drafts;
    });
    if (!written)
        return R::failure(written.error());
    return skipped;
}

Result<Event> Hl7Outbox::stateChange(const QString &id, const QString &kind, const QJsonObject &payload,
                                     const QStringList &allowedFrom, const QString &actor)
{
    using R = Result<Event>;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using D = Result<QList<EventDraft>>;
        Result<std::optional<Hl7OutboxEntry>> e = entry(id);
        if (!e)
            return D::failure(e.error());
        if (!e.value())
            return D::failure(tr("No outbound message %1 is queued here.").arg(id));
        if (!allowedFrom.contains(e.value()->state))
            return D::failure(
                tr("Message %1 is %2, so it cannot be %3.")
                    .arg(id, e.value()->state,
                         kind == QLatin1String("interface.resent") ? tr("resent") : tr("discarded")));
        QJsonObject p = payload;
        p.insert(QStringLiteral("destination"), e.value()->destination);
        p.insert(QStringLiteral("accession"), e.value()->accession);
        return QList<EventDraft>{{kind, id, p}};
    });
    if (!written)
        return R::failure(written.error());
    return written.value().first();
}

Result<Event> Hl7Outbox::resend(const QString &id, const QString &actor)
{
    if (Status s = m_permissions.check(actor, Permission::ManageInterfaces); !s)
        return Result<Event>::failure(s.error());
    Result<Event> e = stateChange(id, QStringLiteral("interface.resent"), {},
                                  {QStringLiteral("dead"), QStringLiteral("discarded")}, actor);
    if (e) {
        QSqlQuery q(m_db);
        q.prepare(
            QStringLiteral("UPDATE hl7_delivery SET next_attempt_at = 0, last_error = '' WHERE id = ?"));
        q.addBindValue(id);
        if (!q.exec())
            return Result<Event>::failure(tr("Cannot update the HL7 outbox: %1").arg(q.lastError().text()));
    }
    return e;
}

Result<Event> Hl7Outbox::discard(const QString &id, const QString &reason, const QString &actor)
{
    if (Status s = m_permissions.check(actor, Permission::ManageInterfaces); !s)
        return Result<Event>::failure(s.error());
    if (reason.trimmed().isEmpty())
        return Result<Event>::failure(tr("Say why the message is discarded (--reason)."));
    return stateChange(id, QStringLiteral("interface.discarded"),
                       {{QStringLiteral("reason"), reason.trimmed()}},
                       {QStringLiteral("dead"), QStringLiteral("pending")}, actor);
}

Result<std::optional<QString>> Hl7Outbox::storedMessage(const QString &id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT message FROM hl7_delivery WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return Result<std::optional<QString>>::failure(
            tr("Cannot read the HL7 outbox: %1").arg(q.lastError().text()));
    if (!q.next())
        return std::optional<QString>();
    return std::optional<QString>(q.value(0).toString());
}

Status Hl7Outbox::storeMessage(const QString &id, const QString &message)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO hl7_delivery (id, message) VALUES (?, ?)"));
    q.addBindValue(id);
    q.addBindValue(message);
    if (!q.exec())
        return Status::failure(tr("Cannot update the HL7 outbox: %1").arg(q.lastError().text()));
    return {};
}

Status Hl7Outbox::noteFailedAttempt(const QString &id, const QString &error, qint64 nextAttemptAtMs)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("UPDATE hl7_delivery SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                       "WHERE id = ?"));
    q.addBindValue(error);
    q.addBindValue(nextAttemptAtMs);
    q.addBindValue(id);
    if (!q.exec())
        return Status::failure(tr("Cannot update the HL7 outbox: %1").arg(q.lastError().text()));
    return {};
}

} // namespace benchside
