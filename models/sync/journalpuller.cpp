// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/journalpuller.h"

#include "projection/subjectreplay.h"
#include "store/station.h"
#include "sync/journalpusher.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <tuple>

namespace benchside {

namespace {
JournalPuller::ReplayKey replayKey(const Event &e)
{
    return {e.hlc, e.stationId, e.stationSeq};
}

struct Head
{
    qint64 seq = 0;
    QString hash;
};

Result<QHash<QString, Head>> heads(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT station_id, last_seq, last_hash FROM chain_heads")))
        return Result<QHash<QString, Head>>::failure(
            JournalPuller::tr("Cannot read the journal: %1").arg(q.lastError().text()));
    QHash<QString, Head> out;
    while (q.next())
        out.insert(q.value(0).toString(), Head{q.value(1).toLongLong(), q.value(2).toString()});
    return out;
}
} // namespace

Status JournalPuller::pull(ServerConnection &server, SyncReport &report)
{
    for (;;) {
        Result<QList<Pulled>> batch = fetch(server);
        if (!batch)
            return Status::failure(batch.error());
        if (batch.value().isEmpty())
            return {};
        const int before = report.pulled;
        if (Status s = apply(batch.value(), report); !s)
            return s;
        if (report.pulled == before)
            return {}; // all of it was this station's own, appended here meanwhile
    }
}

QString JournalPuller::fetchSql()
{
    // One index range per station of the site, from the end of this station's copy of its chain.
    // The cursors are materialised first: row-level security lets only leakproof conditions into an
    // index scan, and a coalesce() over the outer join is not one (it made every pull a sequential
    // scan of the whole journal). The range is closed as well as limited (the server keeps every chain
    // without gaps, so the next n events are seq+1 … seq+n): a pull right after a push of 103,416
    // events, before autovacuum had analysed the journal, spent 2.2 s in this query with the limit
    // alone and 0.3 s with the closed range.
    return QStringLiteral(
        "WITH c AS MATERIALIZED (SELECT s.id AS station_id, coalesce(k.seq, 0) AS seq FROM "
        "benchside.stations s "
        "  LEFT JOIN unnest(?::text[], ?::bigint[]) AS k(station_id, seq) ON k.station_id = s.id) "
        "SELECT j.server_seq, j.id, j.station_id, j.station_seq, j.hlc, j.actor, j.kind, j.subject, "
        "j.payload, "
        "j.prev_hash, j.hash FROM c CROSS JOIN LATERAL (SELECT * FROM benchside.journal j "
        "  WHERE j.station_id = c.station_id AND j.station_seq > c.seq AND j.station_seq <= c.seq + ? "
        "  ORDER BY j.station_seq LIMIT ?) j "
        "ORDER BY j.station_id, j.station_seq");
}

Result<QList<JournalPuller::Pulled>> JournalPuller::fetch(ServerConnection &server)
{
    using R = Result<QList<Pulled>>;
    Result<QHash<QString, Head>> known = heads(m_store.database());
    if (!known)
        return R::failure(known.error());
    QStringList ids, seqs;
    for (auto it = known.value().cbegin(); it != known.value().cend(); ++it) {
        ids << it.key(); // station ids are [A-Z0-9]: nothing to quote in an array literal
        seqs << QString::number(it.value().seq);
    }
    QSqlQuery q(server.database());
    q.setForwardOnly(true);
    q.prepare(fetchSql());
    q.addBindValue(QStringLiteral("{%1}").arg(ids.join(QLatin1Char(','))));
    q.addBindValue(QStringLiteral("{%1}").arg(seqs.join(QLatin1Char(','))));
    q.addBindValue(BatchPerStation);
    q.addBindValue(BatchPerStation);
    if (!q.exec())
        return R::failure(
            tr("Pulling from the server failed: %1").arg(ServerConnection::describe(q.lastError())));
    QList<Pulled> out;
    while (q.next()) {
        Pulled p;
        p.serverSeq = q.value(0).toLongLong();
        Event &e = p.event;
        e.id = q.value(1).toString();
        e.stationId = q.value(2).toString();
        e.stationSeq = q.value(3).toLongLong();
        e.hlc = q.value(4).toLongLong();
        e.actor = q.value(5).toString();
        e.kind = q.value(6).toString();
        e.subject = q.value(7).toString();
        e.payload = q.value(8).toString();
        e.prevHash = q.value(9).toString();
        e.hash = q.value(10).toString();
        out << p;
    }
    // A connection cut while rows were arriving ends the loop early; what came must not pass for all.
    if (q.lastError().isValid())
        return R::failure(
            tr("Pulling from the server failed: %1").arg(ServerConnection::describe(q.lastError())));
    return out;
}

Result<qint64> JournalPuller::heldBefore(qsizetype inBatch) const
{
    QSqlQuery q(m_store.database());
    if (!q.exec(QStringLiteral("SELECT coalesce(max(rowid), 0) FROM journal")) || !q.next())
        return Result<qint64>::failure(tr("Cannot read the journal: %1").arg(q.lastError().text()));
    return q.value(0).toLongLong() - inBatch;
}

Status JournalPuller::project(const QList<Event> &events, bool nothingHeld, const ReplayKey &last,
                              SyncReport &report)
{
    if (events.isEmpty())
        return {};
    // A batch larger than everything held (a new station's first pull): the views are built once,
    // after the pull, by a rebuild that sets the worklist indexes aside, rather than event by event.
    if (Result<qint64> held = heldBefore(events.size()); !held)
        return Status::failure(held.error());
    else if (events.size() >= BulkPull && events.size() >= held.value())
        return m_state.setStale(true);
    if (nothingHeld || replayKey(events.first()) > last) {
        for (const Event &e : events) {
            if (Status s = m_store.projector().applyOrFlag(e); !s)
                return s;
        }
        return {};
    }
    Result<bool> repaired =
        SubjectReplay(m_store.database(), m_store.projector()).apply(events, [&last](const Event &e) {
            return replayKey(e) > last;
        });
    if (!repaired)
        return Status::failure(repaired.error());
    report.replayed = report.replayed || repaired.value();
    return repaired.value() ? Status() : m_state.setStale(true);
}

Status JournalPuller::apply(const QList<Pulled> &batch, SyncReport &report)
{
    QSqlDatabase db = m_store.database();
    QSqlQuery begin(db);
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return Status::failure(
            tr("The station's database is busy (%1); the pull will continue at the next sync.")
                .arg(begin.lastError().text()));
    auto fail = [&db](const QString &message) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return Status::failure(message);
    };

    // Read inside the write lock: the station's own writer may have moved its head meanwhile.
    Result<QHash<QString, Head>> known = heads(db);
    if (!known)
        return fail(known.error());
    QHash<QString, Head> chain = known.value();

    QSqlQuery newest(db);
    if (!newest.exec(QStringLiteral("SELECT hlc, station_id, station_seq FROM journal ORDER BY hlc DESC, "
                                    "station_id DESC, station_seq DESC "
                                    "LIMIT 1")))
        return fail(tr("Cannot read the journal: %1").arg(newest.lastError().text()));
    const bool empty = !newest.next();
    const ReplayKey last = empty ? ReplayKey()
                                 : ReplayKey(newest.value(0).toLongLong(), newest.value(1).toString(),
                                             newest.value(2).toLongLong());
    newest.finish();

    QList<Event> events;
    QSet<QString> moved;
    // Stations whose chain broke in this batch: the rest of theirs waits (it cannot continue a chain
    // this station does not hold), the other stations' events are taken in.
    QHash<QString, QString> stopped;
    qint64 cursor = 0;
    for (const Pulled &p : batch) {
        const Event &e = p.event;
        cursor = std::max(cursor, p.serverSeq);
        if (stopped.contains(e.stationId))
            continue;
        // The server registers only station names of this form, so anything else was not written by a
        // station. It also keeps every pulled event's replay key ASCII, where comparing QStrings gives
        // SQLite's ORDER BY order (UTF-8 bytes), against any other key too (see ReplayKey).
        if (!Station::isValidId(e.stationId)) {
            stopped.insert(
                e.stationId,
                tr("The server sent event %1 from \"%2\", which is not a station name (2 to 8 "
                   "capital letters and digits, starting and ending with a letter). No station can "
                   "have written it, so its events were not taken in; the server's copy may have "
                   "been altered. Tell the administrator of the sync server.")
                    .arg(e.id, e.stationId));
            continue;
        }
        Head &head = chain[e.stationId];
        if (head.hash.isEmpty())
            head.hash = Event::genesisHash();
        if (e.stationSeq <= head.seq)
            continue; // appended meanwhile by this station itself (its own events, restored)
        const bool continues = e.stationSeq == head.seq + 1 && e.prevHash == head.hash;
        if (!continues && e.stationId == m_store.station().id && e.computeHash() == e.hash)
            return fail(JournalPusher::forkMessage(head.seq));
        if (!continues || e.computeHash() != e.hash) {
            stopped.insert(e.stationId,
                           tr("The server sent event %1 of station %2 (#%3) that does not continue the chain "
                              "this station holds (#%4). That station's events from there on were not taken "
                              "in; the server's copy may have been altered. Ask an administrator to run "
                              "benchside-cli verify on the stations.")
                               .arg(e.id, e.stationId)
                               .arg(e.stationSeq)
                               .arg(head.seq));
            continue;
        }
        // An event the journal refuses (an id it holds already) stops its station's chain like a break;
        // a failure of the transaction itself stops the batch.
        QSqlQuery savepoint(db);
        if (!savepoint.exec(QStringLiteral("SAVEPOINT pulled_event")))
            return fail(tr("Cannot save the pulled events: %1").arg(savepoint.lastError().text()));
        if (Status s = m_store.insertLocked(e); !s) {
            QSqlQuery undo(db);
            if (!undo.exec(QStringLiteral("ROLLBACK TO pulled_event")) ||
                !undo.exec(QStringLiteral("RELEASE pulled_event")))
                return fail(s.error());
            stopped.insert(e.stationId, tr("Station %1's events from #%2 on were not taken in: %3")
                                            .arg(e.stationId)
                                            .arg(e.stationSeq)
                                            .arg(s.error()));
            continue;
        }
        if (!savepoint.exec(QStringLiteral("RELEASE pulled_event")))
            return fail(tr("Cannot save the pulled events: %1").arg(savepoint.lastError().text()));
        head.seq = e.stationSeq;
        head.hash = e.hash;
        moved.insert(e.stationId);
        events << e;
    }

    // Each station's head once per batch, inside the same transaction as its events.
    for (const QString &station : std::as_const(moved)) {
        if (Status s = m_store.setHeadLocked(station, chain.value(station).seq, chain.value(station).hash);
            !s)
            return fail(s.error());
    }

    std::sort(events.begin(), events.end(),
              [](const Event &a, const Event &b) { return replayKey(a) < replayKey(b); });
    // Events that all come after everything held are applied as they are. Earlier ones change the
    // past of the projections: the specimens and QC tests they are about are re-projected from their
    // events (SubjectReplay), or, where that cannot be done, everything is rebuilt once the pull is done.
    // (A station whose views are stale already is rebuilt after the pull whatever arrives.)
    Result<bool> stale = m_state.projectionsStale();
    if (!stale)
        return fail(stale.error());
    if (Status s = stale.value() ? Status() : project(events, empty, last, report); !s)
        return fail(s.error());
    if (Status s = m_state.setCursor(cursor); !s)
        return fail(s.error());
    QSqlQuery commit(db);
    if (!commit.exec(QStringLiteral("COMMIT")))
        return fail(tr("Cannot save the pulled events: %1").arg(commit.lastError().text()));
    report.pulled += int(events.size());
    report.cursor = std::max(report.cursor, cursor);
    // The next batch brings the same refusal again: it is said once per round.
    QStringList refusals = stopped.values();
    refusals.sort();
    for (const QString &refusal : std::as_const(refusals)) {
        if (!report.warning.contains(refusal))
            report.warning += (report.warning.isEmpty() ? QString() : QStringLiteral("\n")) + refusal;
    }
    return {};
}

} // namespace benchside
