// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/journalpusher.h"

#include "core/jsontext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlQuery>

namespace benchside {

// 64-bit numbers travel as strings: JSON numbers are doubles and would round hlc values.
QByteArray JournalPusher::batchJson(const QList<Event> &events)
{
    QByteArray out;
    out.reserve(events.size() * 720);
    out += '[';
    const auto text = [&out](const char *key, const QString &value) {
        out += key;
        appendJsonString(out, value);
    };
    for (const Event &e : events) {
        text(out.size() == 1 ? "{\"id\":" : ",{\"id\":", e.id);
        text(",\"station_id\":", e.stationId);
        out += ",\"station_seq\":\"" + QByteArray::number(e.stationSeq) + "\",\"hlc\":\"" +
               QByteArray::number(e.hlc) + '"';
        text(",\"actor\":", e.actor);
        text(",\"kind\":", e.kind);
        text(",\"subject\":", e.subject);
        text(",\"payload\":", e.payload);
        text(",\"prev_hash\":", e.prevHash);
        text(",\"hash\":", e.hash);
        out += '}';
    }
    out += ']';
    return out;
}

QString JournalPusher::insertSql()
{
    return QStringLiteral(
        "INSERT INTO benchside.journal (id, station_id, station_seq, hlc, actor, kind, subject, payload, "
        "prev_hash, hash) SELECT x.id, x.station_id, x.station_seq, x.hlc, x.actor, x.kind, x.subject, "
        "x.payload, "
        "x.prev_hash, x.hash FROM json_to_recordset(?::json) AS x(id text, station_id text, station_seq "
        "bigint, "
        "hlc bigint, actor text, kind text, subject text, payload text, prev_hash text, hash text) "
        "ORDER BY x.station_seq ON CONFLICT (id) DO NOTHING");
}

Result<JournalPusher::ServerHead> JournalPusher::serverHead(ServerConnection &server)
{
    using R = Result<ServerHead>;
    QSqlQuery q(server.database());
    q.prepare(QStringLiteral("SELECT last_seq, last_hash FROM benchside.stations WHERE id = ?"));
    q.addBindValue(m_store.station().id);
    if (!q.exec())
        return R::failure(tr("Cannot read this station's state on the server: %1")
                              .arg(ServerConnection::describe(q.lastError())));
    if (!q.next())
        return R::failure(tr("Station %1 is not registered on the server %2. Ask an administrator to run "
                             "benchside-cli server add-station %1 and sync with the URL it prints.")
                              .arg(m_store.station().id, server.url().toString()));
    return ServerHead{q.value(0).toLongLong(), q.value(1).toString()};
}

// The server's head must be a link of this station's own chain; otherwise the two have forked
// (a restored backup that recorded new events before it caught up), and nothing may be pushed.
Status JournalPusher::checkNoFork(const ServerHead &head)
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT last_seq FROM chain_heads WHERE station_id = ?"));
    q.addBindValue(m_store.station().id);
    if (!q.exec())
        return Status::failure(tr("Cannot read the journal: %1").arg(q.lastError().text()));
    const qint64 local = q.next() ? q.value(0).toLongLong() : 0;
    if (head.seq > local)
        return Status::failure(
            tr("The server holds %1 events of station %2 but this station only %3, and they could not be "
               "pulled back. Nothing was pushed. Check that the station signs in with its own role.")
                .arg(head.seq)
                .arg(m_store.station().id)
                .arg(local));
    if (head.seq == 0)
        return {};
    q.prepare(QStringLiteral("SELECT hash FROM journal WHERE station_id = ? AND station_seq = ?"));
    q.addBindValue(m_store.station().id);
    q.addBindValue(head.seq);
    if (!q.exec())
        return Status::failure(tr("Cannot read the journal: %1").arg(q.lastError().text()));
    if (!q.next() || q.value(0).toString() != head.hash)
        return Status::failure(forkMessage(head.seq));
    return {};
}

QString JournalPusher::forkMessage(qint64 seq)
{
    return tr("This station's journal and the server's copy of it differ at event #%1: the station was "
              "probably "
              "restored from a backup and recorded new events before it synced. Nothing was pushed or pulled "
              "and "
              "nothing is lost: the station's events stay in its journal. Ask an administrator to reconcile "
              "the "
              "station (docs/sync.md, \"A station restored from a backup\").")
        .arg(seq);
}

Result<QList<Event>> JournalPusher::pending(qint64 afterSeq, int limit)
{
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM journal WHERE station_id = ? AND station_seq > ? "
                             "ORDER BY station_seq LIMIT ?")
                  .arg(QLatin1String(Event::Columns)));
    q.addBindValue(m_store.station().id);
    q.addBindValue(afterSeq);
    q.addBindValue(limit);
    if (!q.exec())
        return Result<QList<Event>>::failure(tr("Cannot read the journal: %1").arg(q.lastError().text()));
    return Event::fromRows(q);
}

QSqlError JournalPusher::send(ServerConnection &server, const QList<Event> &events)
{
    QSqlDatabase db = server.database();
    QSqlQuery q(db);
    q.prepare(insertSql());
    q.addBindValue(QString::fromUtf8(batchJson(events)));
    // Autocommit: the statement is its own transaction, so a cut connection leaves all or nothing.
    if (!q.exec())
        return q.lastError();
    return {};
}

Status JournalPusher::refused(const Event &e, const QSqlError &error, SyncReport &report)
{
    QString reason = ServerConnection::describe(error);
    const QString state = error.nativeErrorCode();
    if (state == QLatin1String("42501"))
        reason =
            tr("the server's row-level security refused it (%1): the station signs in with a role that may "
               "not write events of station %2.")
                .arg(reason, e.stationId);
    else if (state == QLatin1String("23505"))
        reason = tr("the server already holds a different event #%1 of this station (%2).")
                     .arg(e.stationSeq)
                     .arg(reason);
    Result<SyncRefusal> r =
        m_state.recordRefusal(e.id, e.stationSeq, reason, QDateTime::currentMSecsSinceEpoch());
    if (!r)
        return Status::failure(r.error());
    report.refused << r.value();
    report.held =
        r.value().dead
            ? tr("Event #%1 (%2 %3) was refused by the server %4 times and is set aside: %5 The events "
                 "after it wait behind it, kept in the journal; nothing is lost.")
                  .arg(e.stationSeq)
                  .arg(e.kind, e.subject)
                  .arg(r.value().attempts)
                  .arg(reason)
            : tr("The server refused event #%1 (%2 %3), try %4 of %5: %6")
                  .arg(e.stationSeq)
                  .arg(e.kind, e.subject)
                  .arg(r.value().attempts)
                  .arg(SyncState::MaxAttempts)
                  .arg(reason);
    return {};
}

Status JournalPusher::push(ServerConnection &server, SyncReport &report)
{
    Result<ServerHead> head = serverHead(server);
    if (!head)
        return Status::failure(head.error());
    if (Status s = checkNoFork(head.value()); !s) {
        report.held = s.error();
        return s;
    }
    qint64 acknowledged = head.value().seq;
    if (Status s = m_state.setPushedSeq(acknowledged); !s)
        return s;

    for (;;) {
        Result<QList<Event>> batch = pending(acknowledged, BatchSize);
        if (!batch)
            return Status::failure(batch.error());
        if (batch.value().isEmpty())
            return {};
        // A dead letter is not sent again on its own: the queue waits behind it, visibly.
        Result<std::optional<SyncRefusal>> known = m_state.refusal(batch.value().first().id);
        if (!known)
            return Status::failure(known.error());
        if (known.value() && known.value()->dead) {
            const Event &e = batch.value().first();
            report.held = tr("Event #%1 (%2 %3) is set aside after %4 refusals: %5 The events after it wait "
                             "behind it; run benchside-cli sync --retry once the cause is fixed.")
                              .arg(e.stationSeq)
                              .arg(e.kind, e.subject)
                              .arg(known.value()->attempts)
                              .arg(known.value()->reason);
            return {};
        }
        const QList<Event> &events = batch.value();
        QSqlError error = send(server, events);
        const Event *refusedEvent = error.isValid() ? &events.first() : nullptr;
        if (error.isValid() && !ServerConnection::isTransient(error) && events.size() > 1) {
            // Find the event the server refuses: the ones before it are pushed one by one.
            for (const Event &e : events) {
                error = send(server, {e});
                if (error.isValid()) {
                    refusedEvent = &e;
                    break;
                }
                acknowledged = e.stationSeq;
                ++report.pushed;
            }
        } else if (!error.isValid()) {
            acknowledged = events.last().stationSeq;
            report.pushed += int(events.size());
        }
        if (Status s = m_state.setPushedSeq(acknowledged); !s)
            return s;
        // Only the head of the queue can carry a refusal: once it went through, it is no longer one.
        if (acknowledged >= events.first().stationSeq) {
            if (Status s = m_state.clearRefusal(events.first().id); !s)
                return s;
        }
        if (!error.isValid())
            continue;
        if (ServerConnection::isTransient(error))
            return Status::failure(tr("Pushing to the server was interrupted: %1 The station's events are "
                                      "safe and will be sent at the next sync.")
                                       .arg(ServerConnection::describe(error)));
        return refused(*refusedEvent, error, report);
    }
}

} // namespace benchside
