// SPDX-License-Identifier: GPL-3.0-or-later
#include "journal/eventstore.h"

#include "journal/uuid7.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

EventStore::EventStore(QSqlDatabase db, Station station, HybridClock clock)
    : m_db(db), m_station(std::move(station)), m_clock(std::move(clock)), m_projector(db), m_statements(db)
{}

Result<Event> EventStore::writeOne(const QString &actor, const EventDraft &draft)
{
    Result<QList<Event>> r =
        write(actor, [&]() -> Result<QList<EventDraft>> { return QList<EventDraft>{draft}; });
    if (!r)
        return Result<Event>::failure(r.error());
    return r.value().first();
}

Result<QList<Event>> EventStore::write(const QString &actor, const Decision &decide)
{
    SqliteStatement &begin = m_statements.prepared("BEGIN IMMEDIATE");
    if (!begin.exec())
        return Result<QList<Event>>::failure(
            tr("The database is busy or cannot be written (%1). Nothing was recorded; try again.")
                .arg(begin.errorText()));
    auto rollback = [this](const QString &message) {
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        return Result<QList<Event>>::failure(message);
    };

    Result<QList<EventDraft>> drafts = decide();
    if (!drafts)
        return rollback(drafts.error());

    QList<Event> written;
    written.reserve(drafts.value().size());
    for (const EventDraft &draft : drafts.value()) {
        Event e;
        if (draft.baseOf >= 0) {
            if (draft.baseOf >= written.size())
                return rollback(
                    tr("A %1 event names a later event as its base; nothing was recorded.").arg(draft.kind));
            EventDraft based = draft;
            based.payload.insert(QStringLiteral("base"), written.at(draft.baseOf).id);
            if (Status s = appendLocked(actor, based, e); !s)
                return rollback(s.error());
        } else if (Status s = appendLocked(actor, draft, e); !s) {
            return rollback(s.error());
        }
        written << e;
    }
    SqliteStatement &commit = m_statements.prepared("COMMIT");
    if (!commit.exec())
        return rollback(tr("The change could not be saved (%1). Nothing was recorded; try again.")
                            .arg(commit.errorText()));
    return written;
}

Status EventStore::appendLocked(const QString &actor, const EventDraft &draft, Event &e)
{
    // Read the head inside the transaction: another process (the CLI beside the GUI) may have
    // appended since this object last wrote.
    SqliteStatement &head =
        m_statements.prepared("SELECT last_seq, last_hash FROM chain_heads WHERE station_id = ?");
    head.addBindValue(m_station.id);
    if (!head.exec())
        return Status::failure(tr("Cannot read the journal: %1").arg(head.errorText()));
    qint64 seq = 0;
    QString prev = Event::genesisHash();
    if (head.next()) {
        seq = head.value(0).toLongLong();
        prev = head.value(1).toString();
    }
    head.finish();

    SqliteStatement &maxHlc = m_statements.prepared("SELECT max(hlc) FROM journal");
    if (!maxHlc.exec())
        return Status::failure(tr("Cannot read the journal: %1").arg(maxHlc.errorText()));
    const qint64 highest = maxHlc.next() ? maxHlc.value(0).toLongLong() : 0;
    maxHlc.finish();

    e.hlc = m_clock.next(highest);
    e.id = makeUuid7(HybridClock::toMs(e.hlc));
    e.stationId = m_station.id;
    e.stationSeq = seq + 1;
    e.actor = draft.actor.isEmpty() ? actor : draft.actor;
    e.kind = draft.kind;
    e.subject = draft.subject;
    e.payload = Event::canonicalJson(draft.payload);
    e.prevHash = prev;
    e.hash = e.computeHash();

    if (Status s = insertLocked(e); !s)
        return s;
    if (Status s = setHeadLocked(e.stationId, e.stationSeq, e.hash); !s)
        return s;
    return m_projector.apply(e);
}

Status EventStore::insertLocked(const Event &e)
{
    SqliteStatement &insert =
        m_statements.prepared("INSERT INTO journal (id, station_id, station_seq, hlc, actor, kind, subject, "
                              "payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const QVariant &v :
         {QVariant(e.id), QVariant(e.stationId), QVariant(e.stationSeq), QVariant(e.hlc), QVariant(e.actor),
          QVariant(e.kind), QVariant(e.subject), QVariant(e.payload), QVariant(e.prevHash), QVariant(e.hash)})
        insert.addBindValue(v);
    if (!insert.exec())
        return Status::failure(tr("Cannot append event %1 to the journal: %2").arg(e.id, insert.errorText()));
    return {};
}

Status EventStore::setHeadLocked(const QString &stationId, qint64 seq, const QString &hash)
{
    SqliteStatement &setHead =
        m_statements.prepared("INSERT INTO chain_heads (station_id, last_seq, last_hash) VALUES (?, ?, ?) "
                              "ON CONFLICT (station_id) DO UPDATE SET last_seq = excluded.last_seq, "
                              "last_hash = excluded.last_hash");
    setHead.addBindValue(stationId);
    setHead.addBindValue(seq);
    setHead.addBindValue(hash);
    if (!setHead.exec())
        return Status::failure(
            tr("Cannot move the head of station %1's chain: %2").arg(stationId, setHead.errorText()));
    return {};
}

} // namespace benchside
