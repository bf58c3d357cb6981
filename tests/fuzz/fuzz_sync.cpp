// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for events from other stations (models/sync, models/projection, models/journal): a
// batch as the server would send it goes through JournalPuller::apply() into a station's SQLite
// database, the code path a real pull takes after its query. A buggy or compromised station may push
// anything the server's columns hold, so the input is a JSON array of events whose every field may be
// missing, of the wrong type, huge or nonsense; the target chains them with valid hashes unless the
// input gives "prev" or "hash" itself (a broken chain, or a valid hash over nonsense). Bytes that are
// no JSON array become the payload of one custody event. The batch is applied in two parts, then
// again whole, as an interrupted and repeated pull would. Besides crashes, leaks and undefined
// behaviour, it aborts when one of these does not hold:
//  - a batch fails only when this station's own chain forked, and then changes nothing;
//  - exactly the events that continue their station's chain are taken in: a broken link, an event
//    the journal refuses or a station id no station can have stops that station's chain (and
//    report.warning names the station), never another station's events nor the events after one
//    that cannot be projected;
//  - the views equal a rebuild from the journal (RebuildCheck, as `rebuild --check`), after the
//    rebuild a sync does when the pull left them stale;
//  - an event that could not be projected has a review flag with a reason and no row of its own in
//    the views (never half applied), and every review flag is about an event in the journal;
//  - pulling the same batch again takes in only what now continues a chain (nothing, in server order).
// The station holds a small catalogue (fuzzstation.h) so that specimens, results and QC from the input
// have something to refer to.
#include "fuzzstation.h"
#include "journal/event.h"
#include "projection/rebuildcheck.h"
#include "store/station.h"
#include "sync/journalpuller.h"
#include "sync/syncstate.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace benchside;

namespace {

void require(bool condition, const char *what, const QString &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_sync: invariant violated: %s\n%s\n", what, qPrintable(detail));
        std::abort();
    }
}

const QString LocalStation = fuzzstation::StationId;
// 2030-01-01 as an hlc (physical milliseconds above 16 bits of counter): after the catalogue the
// station wrote, so that pulled events apply in order unless the input gives an earlier "hlc".
constexpr qint64 BaseHlc = qint64(1893456000000) << 16;

QString text(const QJsonValue &v, const QString &fallback)
{
    if (v.isUndefined())
        return fallback;
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    // Null, arrays and objects: what a careless station would have written as text.
    return QString::fromUtf8(QJsonDocument::fromVariant(v.toVariant()).toJson(QJsonDocument::Compact));
}

qint64 integer(const QJsonValue &v, qint64 fallback)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        // The server's columns are bigint: anything else never reaches a station.
        return d >= -9.2e18 && d <= 9.2e18 ? qint64(d) : fallback;
    }
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        return ok ? n : fallback;
    }
    return fallback;
}

struct Heads
{
    QHash<QString, qint64> seq;
    QHash<QString, QString> hash;
};

Heads readHeads(const QSqlDatabase &db)
{
    Heads h;
    QSqlQuery q(db);
    require(q.exec(QStringLiteral("SELECT station_id, last_seq, last_hash FROM chain_heads")), "chain heads");
    while (q.next()) {
        h.seq.insert(q.value(0).toString(), q.value(1).toLongLong());
        h.hash.insert(q.value(0).toString(), q.value(2).toString());
    }
    return h;
}

qint64 count(const QSqlDatabase &db, const QString &sql, const QString &bind = {})
{
    QSqlQuery q(db);
    q.prepare(sql);
    if (!bind.isNull())
        q.addBindValue(bind);
    require(q.exec() && q.next(), "a count", sql);
    return q.value(0).toLongLong();
}

// The events of the input, chained the way an honest station would unless it says otherwise.
QList<JournalPuller::Pulled> batchOf(const QByteArray &bytes, const Heads &held)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    QJsonArray items;
    if (error.error == QJsonParseError::NoError && doc.isArray()) {
        items = doc.array();
    } else {
        QJsonObject one;
        one.insert(QStringLiteral("kind"), QStringLiteral("custody.received"));
        one.insert(QStringLiteral("subject"), QStringLiteral("REM24000001X"));
        one.insert(QStringLiteral("payload"), QString::fromUtf8(bytes));
        items.append(one);
    }
    QHash<QString, qint64> seq = held.seq;
    QHash<QString, QString> hash = held.hash;
    qint64 hlc = BaseHlc;
    QList<JournalPuller::Pulled> batch;
    for (qsizetype i = 0; i < items.size() && i < 64; ++i) {
        const QJsonObject o = items.at(i).isObject() ? items.at(i).toObject()
                                                     : QJsonObject{{QStringLiteral("payload"), items.at(i)}};
        JournalPuller::Pulled p;
        p.serverSeq = i + 1;
        Event &e = p.event;
        e.stationId = text(o.value(QLatin1String("st")), QStringLiteral("REM"));
        const qint64 next = seq.value(e.stationId) + 1;
        e.stationSeq = integer(o.value(QLatin1String("seq")), next);
        hlc = integer(o.value(QLatin1String("hlc")), hlc + (qint64(1) << 16));
        e.hlc = hlc;
        e.actor = text(o.value(QLatin1String("actor")), QStringLiteral("tech"));
        e.kind = text(o.value(QLatin1String("kind")), QStringLiteral("custody.received"));
        e.subject = text(o.value(QLatin1String("subject")), QStringLiteral("REM24000001X"));
        const QJsonValue payload = o.value(QLatin1String("payload"));
        e.payload = payload.isObject() ? Event::canonicalJson(payload.toObject())
                                       : text(payload, QStringLiteral("{}"));
        e.id = text(o.value(QLatin1String("id")),
                    QStringLiteral("0190%1-%2").arg(e.stationId).arg(e.stationSeq));
        const QString genesis = Event::genesisHash();
        e.prevHash = text(o.value(QLatin1String("prev")), hash.value(e.stationId, genesis));
        e.hash = text(o.value(QLatin1String("hash")), e.computeHash());
        if (e.stationSeq == next && e.prevHash == hash.value(e.stationId, genesis)) {
            seq.insert(e.stationId, e.stationSeq);
            hash.insert(e.stationId, e.hash);
        }
        batch << p;
    }
    return batch;
}

// What apply() must take in of `batch`, worked out independently: per station, the events that
// continue the chain held, until the first that does not, that the journal refuses (an id it holds) or
// whose station id no station can have.
QSet<QString> expectedTaken(const QList<JournalPuller::Pulled> &batch, const Heads &held, QSet<QString> ids,
                            QSet<QString> &stopped, QList<Event> &takenEvents)
{
    QHash<QString, qint64> seq = held.seq;
    QHash<QString, QString> hash = held.hash;
    QSet<QString> taken;
    for (const JournalPuller::Pulled &p : batch) {
        const Event &e = p.event;
        if (stopped.contains(e.stationId))
            continue;
        if (!Station::isValidId(e.stationId)) {
            stopped.insert(e.stationId);
            continue;
        }
        const QString head = hash.value(e.stationId, Event::genesisHash());
        if (e.stationSeq <= seq.value(e.stationId))
            continue;
        if (e.stationSeq != seq.value(e.stationId) + 1 || e.prevHash != head || e.computeHash() != e.hash ||
            ids.contains(e.id)) {
            stopped.insert(e.stationId);
            continue;
        }
        seq.insert(e.stationId, e.stationSeq);
        hash.insert(e.stationId, e.hash);
        ids.insert(e.id);
        taken.insert(e.id);
        takenEvents << e;
    }
    return taken;
}

QSet<QString> journalIds(const QSqlDatabase &db)
{
    QSet<QString> ids;
    QSqlQuery q(db);
    require(q.exec(QStringLiteral("SELECT id FROM journal")), "journal ids");
    while (q.next())
        ids.insert(q.value(0).toString());
    return ids;
}

void checkViews(Lab &lab)
{
    SyncState state(lab.database().connection());
    const Result<bool> stale = state.projectionsStale();
    require(stale.ok(), "the sync state reads");
    if (stale.value()) {
        // What SyncEngine does after a pull that left the views stale.
        const Status rebuilt = lab.store().projector().rebuild();
        require(rebuilt.ok(), "a rebuild after the pull succeeds",
                rebuilt.ok() ? QString() : rebuilt.error());
        require(state.setStale(false).ok(), "the views are marked fresh");
    }
    const Result<QStringList> diff = RebuildCheck::differences(lab.database());
    require(diff.ok(), "the rebuild check runs", diff.ok() ? QString() : diff.error());
    require(diff.value().isEmpty(), "the views equal a rebuild from the journal",
            diff.value().join(QLatin1Char('\n')));

    const QSqlDatabase db = lab.database().connection();
    require(count(db, QStringLiteral("SELECT count(*) FROM review_flags WHERE reason = '' OR event_id NOT IN "
                                     "(SELECT id FROM journal)")) == 0,
            "every review flag has a reason and is about an event in the journal");
    // An event set aside leaves nothing of itself in the views, nor on its tube's custody trail.
    require(
        count(db, QStringLiteral("SELECT count(*) FROM review_flags f WHERE f.other_event = '' AND "
                                 "(EXISTS (SELECT 1 FROM result_history h WHERE h.event_id = f.event_id) OR "
                                 "EXISTS (SELECT 1 FROM results r WHERE r.last_event = f.event_id))")) == 0,
        "an event that could not be projected is not half applied");
    QSqlQuery refused(db);
    require(
        refused.exec(QStringLiteral("SELECT event_id, accession FROM review_flags WHERE other_event = ''")),
        "the review flags can be read");
    while (refused.next()) {
        const Result<QList<CustodyEntry>> trail = lab.specimens().custody(refused.value(1).toString());
        require(trail.ok(), "a custody trail can be read", trail.ok() ? QString() : trail.error());
        for (const CustodyEntry &entry : trail.value())
            require(entry.eventId != refused.value(0).toString(), "a refused event is not on a custody trail",
                    entry.eventId);
    }
}

void pullInto(Lab &lab, const QList<JournalPuller::Pulled> &batch)
{
    const QSqlDatabase db = lab.database().connection();
    const Heads before = readHeads(db);
    const QSet<QString> idsBefore = journalIds(db);
    QSet<QString> stopped;
    QList<Event> takenEvents;
    const QSet<QString> taken = expectedTaken(batch, before, idsBefore, stopped, takenEvents);

    SyncState state(db);
    JournalPuller puller(lab.store(), state);
    SyncReport report;
    const Status applied = puller.apply(batch, report);
    const QSet<QString> idsAfter = journalIds(db);
    if (!applied) {
        require(!applied.error().isEmpty(), "a failed pull says why");
        require(stopped.contains(LocalStation), "only a fork of this station's own chain fails a batch",
                applied.error());
        require(idsAfter == idsBefore, "a failed batch takes nothing in");
        const Heads after = readHeads(db);
        require(after.seq == before.seq && after.hash == before.hash, "a failed batch moves no head");
        return;
    }
    require(idsAfter == (idsBefore | taken), "exactly the events that continue their chains are taken in");
    require(report.pulled == taken.size(), "the report counts what was taken in");
    for (const QString &station : std::as_const(stopped)) {
        require(report.warning.contains(station), "a stopped station is named in the report", report.warning);
    }
    if (stopped.isEmpty())
        require(report.warning.isEmpty(), "no warning when every chain continues", report.warning);
    const Heads after = readHeads(db);
    for (const Event &e : std::as_const(takenEvents))
        require(after.seq.value(e.stationId) >= e.stationSeq, "a head moves with its events");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fuzzstation::Fixture station;
    const std::unique_ptr<Lab> opened = station.open();
    Lab &lab = *opened;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<JournalPuller::Pulled> batch = batchOf(bytes, readHeads(lab.database().connection()));
    const qsizetype half = batch.size() / 2;
    pullInto(lab, batch.mid(0, half));
    pullInto(lab, batch.mid(half));
    // The same batch again, as a repeated pull: what was taken in is not taken again.
    pullInto(lab, batch);
    checkViews(lab);
    return 0;
}
