// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/unmatchedreadings.h"

#include "analyzer/analyzerregistry.h"
#include "auth/permissions.h"
#include "journal/hybridclock.h"
#include "lab/lab.h"
#include "result/resultrepository.h"
#include "result/resultservice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
const char *const Columns =
    "event_id, analyzer, specimen_id, analyzer_code, test_code, accession, value, unit, "
    "flags, status, measured_at, reason, received_at, state, resolved_by, resolution";

UnmatchedReading readRow(const QSqlQuery &q)
{
    return UnmatchedReading{q.value(0).toString(),
                            q.value(1).toString(),
                            q.value(2).toString(),
                            q.value(3).toString(),
                            q.value(4).toString(),
                            q.value(5).toString(),
                            q.value(6).toString(),
                            q.value(7).toString(),
                            q.value(8).toString().split(QLatin1Char('~'), Qt::SkipEmptyParts),
                            q.value(9).toString(),
                            q.value(10).toString(),
                            q.value(11).toString(),
                            q.value(12).toLongLong(),
                            q.value(13).toString(),
                            q.value(14).toString(),
                            q.value(15).toString()};
}
} // namespace

Result<QList<UnmatchedReading>> UnmatchedReadings::list(bool openOnly, int limit) const
{
    using R = Result<QList<UnmatchedReading>>;
    QSqlQuery q(m_lab.database().connection());
    q.prepare(QStringLiteral("SELECT %1 FROM instrument_unmatched WHERE (? = 0 OR state = 'open') ORDER BY "
                             "received_at DESC, event_id DESC LIMIT ?")
                  .arg(QLatin1String(Columns)));
    q.addBindValue(openOnly ? 1 : 0);
    q.addBindValue(limit);
    if (!q.exec())
        return R::failure(tr("Cannot read the unmatched analyzer results: %1").arg(q.lastError().text()));
    QList<UnmatchedReading> out;
    while (q.next())
        out << readRow(q);
    return out;
}

Result<UnmatchedReading> UnmatchedReadings::find(const QString &id) const
{
    using R = Result<UnmatchedReading>;
    QSqlQuery q(m_lab.database().connection());
    q.prepare(
        QStringLiteral("SELECT %1 FROM instrument_unmatched WHERE event_id = ?").arg(QLatin1String(Columns)));
    q.addBindValue(id);
    if (!q.exec())
        return R::failure(tr("Cannot read the unmatched analyzer results: %1").arg(q.lastError().text()));
    if (!q.next())
        return R::failure(
            tr("No unmatched analyzer result %1 is known here (see analyzer unmatched).").arg(id));
    return readRow(q);
}

Result<Event> UnmatchedReadings::match(const QString &id, const QString &accession, const QString &actor)
{
    using R = Result<Event>;
    ResultRepository repository(m_lab.database().connection());
    ResultService results(m_lab.store(), repository, m_lab.catalog());
    AnalyzerRegistry registry(m_lab.store(), m_lab.permissions(), m_lab.catalog());
    Result<QList<Event>> written = m_lab.store().write(actor, [&]() -> Result<QList<EventDraft>> {
        using W = Result<QList<EventDraft>>;
        if (Status s = m_lab.permissions().check(actor, Permission::BenchWork); !s)
            return W::failure(s.error());
        Result<UnmatchedReading> reading = find(id);
        if (!reading)
            return W::failure(reading.error());
        const UnmatchedReading &u = reading.value();
        if (u.state != QLatin1String("open"))
            return W::failure(tr("%1 was already %2 by %3.").arg(id, u.state, u.resolvedBy));
        Result<std::optional<AnalyzerDefinition>> analyzer = registry.find(u.analyzer);
        if (!analyzer)
            return W::failure(analyzer.error());
        const AnalyzerMapEntry *entry =
            analyzer.value() ? analyzer.value()->entryForCode(u.analyzerCode) : nullptr;
        if (!entry)
            return W::failure(
                tr("%1 has no map entry for the analyzer's code %2: add it to the map first, so "
                   "that the reading has a test.")
                    .arg(u.analyzer, u.analyzerCode));
        if (!m_lab.specimens().exists(accession.trimmed()))
            return W::failure(tr("No tube %1 is known here.").arg(accession));
        const QString orderId = accession.trimmed() + QLatin1Char('-') + entry->test;
        Result<std::pair<QString, QString>> ours = entry->toOurs(u.value, u.unit);
        if (!ours)
            return W::failure(ours.error());
        const QJsonObject instrument{{QStringLiteral("analyzer"), u.analyzer},
                                     {QStringLiteral("analyzer_code"), u.analyzerCode},
                                     {QStringLiteral("specimen_id"), u.specimenId},
                                     {QStringLiteral("measured_at"), u.measuredAt},
                                     {QStringLiteral("value"), u.value},
                                     {QStringLiteral("unit"), u.unit},
                                     {QStringLiteral("flags"), QJsonArray::fromStringList(u.flags)},
                                     {QStringLiteral("status"), u.status},
                                     {QStringLiteral("matched_from"), id}};
        Result<ResultService::InstrumentEntry> entered =
            results.instrumentEntry(orderId, ours.value().first, ours.value().second, instrument);
        if (!entered)
            return W::failure(entered.error());
        return QList<EventDraft>{{QStringLiteral("instrument.matched"), id,
                                  QJsonObject{{QStringLiteral("order_id"), orderId},
                                              {QStringLiteral("accession"), accession.trimmed()}}},
                                 entered.value().draft};
    });
    if (!written)
        return R::failure(written.error());
    return written.value().first();
}

Result<Event> UnmatchedReadings::discard(const QString &id, const QString &reason, const QString &actor)
{
    using R = Result<Event>;
    if (reason.trimmed().isEmpty())
        return R::failure(tr("A reading is discarded only with a reason (kept in the audit trail)."));
    Result<QList<Event>> written = m_lab.store().write(actor, [&]() -> Result<QList<EventDraft>> {
        using W = Result<QList<EventDraft>>;
        if (Status s = m_lab.permissions().check(actor, Permission::BenchWork); !s)
            return W::failure(s.error());
        Result<UnmatchedReading> reading = find(id);
        if (!reading)
            return W::failure(reading.error());
        if (reading.value().state != QLatin1String("open"))
            return W::failure(
                tr("%1 was already %2 by %3.").arg(id, reading.value().state, reading.value().resolvedBy));
        return QList<EventDraft>{{QStringLiteral("instrument.discarded"), id,
                                  QJsonObject{{QStringLiteral("reason"), reason.trimmed()}}}};
    });
    if (!written)
        return R::failure(written.error());
    return written.value().first();
}

Result<QList<UnknownQuery>> UnmatchedReadings::unknownQueries(qint64 sinceMs, int limit) const
{
    using R = Result<QList<UnknownQuery>>;
    // The unknown tubes themselves are picked out in SQLite, so that the limit counts them (not the
    // query messages) and the GUI's refresh parses no JSON.
    QSqlQuery q(m_lab.database().connection());
    q.prepare(QStringLiteral(
        "SELECT json_extract(j.payload, '$.analyzer'), json_extract(a.value, '$.specimen_id'), j.hlc "
        "FROM journal j, json_each(j.payload, '$.queries') a WHERE j.kind = 'instrument.query_answered' AND "
        "j.hlc >= ? AND json_extract(a.value, '$.answer') = 'unknown' ORDER BY j.hlc DESC LIMIT ?"));
    q.addBindValue(sinceMs << 16);
    q.addBindValue(limit);
    if (!q.exec())
        return R::failure(tr("Cannot read the host queries: %1").arg(q.lastError().text()));
    QList<UnknownQuery> out;
    while (q.next())
        out << UnknownQuery{q.value(0).toString(), q.value(1).toString(),
                            HybridClock::toMs(q.value(2).toLongLong())};
    return out;
}

} // namespace benchside
