// SPDX-License-Identifier: GPL-3.0-or-later
#include "specimen/specimenrepository.h"

#include "custody/custodytrail.h"
#include "journal/event.h"

#include <QCoreApplication>
#include <QSqlError>
#include <algorithm>

namespace benchside {

SpecimenRepository::SpecimenRepository(QSqlDatabase db) : m_db(std::move(db)) {}

Result<std::optional<Specimen>> SpecimenRepository::find(const QString &accession, bool withDetails)
{
    using R = Result<std::optional<Specimen>>;
    SqliteStatement &find = m_statements.prepared(
        "SELECT s.accession, s.parent, s.patient_mrn, coalesce(p.name, ''), coalesce(p.birth_date, ''), "
        "coalesce(p.sex, ''), s.specimen_type, s.container, s.collected_at, s.collector, s.priority, "
        "s.status, s.location, s.accessioned_at, s.accessioned_by, s.received_at, s.received_station, "
        "s.last_event_at, s.manual_review "
        "FROM specimens s LEFT JOIN patients p ON p.mrn = s.patient_mrn WHERE s.accession = ?");
    find.addBindValue(accession);
    if (!find.exec())
        return R::failure(tr("Cannot look up %1: %2").arg(accession, find.errorText()));
    if (!find.next())
        return R(std::optional<Specimen>());
    Specimen s;
    s.accession = find.value(0).toString();
    s.parent = find.value(1).toString();
    s.patient = Patient{find.value(2).toString(), find.value(3).toString(), find.value(4).toString(),
                        find.value(5).toString()};
    s.specimenType = find.value(6).toString();
    s.container = find.value(7).toString();
    s.collectedAtMs = find.value(8).toLongLong();
    s.collector = find.value(9).toString();
    s.priority = find.value(10).toString();
    s.status = find.value(11).toString();
    s.location = find.value(12).toString();
    s.accessionedAtMs = find.value(13).toLongLong();
    s.accessionedBy = find.value(14).toString();
    s.receivedAtMs = find.value(15).toLongLong();
    s.receivedStation = find.value(16).toString();
    s.lastEventAtMs = find.value(17).toLongLong();
    if (!find.value(18).isNull())
        s.manualReview = find.value(18).toString();
    find.finish();

    // Orders are part of the one-line summary every scan confirms, so they are always read.
    SqliteStatement &orders = m_statements.prepared(
        "SELECT o.order_id, o.test_code, coalesce(t.name, o.test_code), o.bench, o.status "
        "FROM test_orders o LEFT JOIN tests t ON t.code = o.test_code "
        "WHERE o.accession = ? ORDER BY o.test_code");
    orders.addBindValue(accession);
    if (!orders.exec())
        return R::failure(tr("Cannot read the orders of %1: %2").arg(accession, orders.errorText()));
    while (orders.next())
        s.orders.append({orders.value(0).toString(), orders.value(1).toString(), orders.value(2).toString(),
                         orders.value(3).toString(), orders.value(4).toString()});
    if (!orders.errorText().isEmpty())
        return R::failure(tr("Cannot read the orders of %1: %2").arg(accession, orders.errorText()));
    if (withDetails) {
        SqliteStatement &children =
            m_statements.prepared("SELECT accession FROM specimens WHERE parent = ? ORDER BY accession");
        children.addBindValue(accession);
        if (!children.exec())
            return R::failure(tr("Cannot read the aliquots of %1: %2").arg(accession, children.errorText()));
        while (children.next())
            s.children << children.value(0).toString();
        if (!children.errorText().isEmpty())
            return R::failure(tr("Cannot read the aliquots of %1: %2").arg(accession, children.errorText()));
    }
    return R(std::optional<Specimen>(s));
}

Result<QList<CustodyEntry>> SpecimenRepository::custody(const QString &accession)
{
    Result<QList<Step>> trail = steps(accession);
    if (!trail)
        return Result<QList<CustodyEntry>>::failure(trail.error());
    return entries(trail.value());
}

Result<QList<CustodyEntry>> SpecimenRepository::timeline(const QString &accession)
{
    using R = Result<QList<CustodyEntry>>;
    Result<QList<Step>> trail = steps(accession);
    if (!trail)
        return R::failure(trail.error());
    QList<Step> all = trail.value();
    SqliteStatement &q = m_statements.prepared(
        "SELECT h.event_id, CASE h.kind WHEN 'result.verified' THEN 'autoverify.released' "
        "ELSE 'autoverify.held' END, h.actor, j.station_id, '', '', o.test_code || ': ' || h.detail, "
        "h.at, h.hlc FROM test_orders o JOIN result_history h ON h.order_id = o.order_id "
        "JOIN journal j ON j.id = h.event_id WHERE o.accession = ? AND "
        "((h.kind = 'result.verified' AND h.actor = 'autoverify') OR (h.kind = 'result.entered' AND "
        "h.detail <> ''))");
    q.addBindValue(accession);
    if (!q.exec())
        return R::failure(tr("Cannot read the custody of %1: %2").arg(accession, q.errorText()));
    while (q.next())
        all.append(
            {q.value(8).toLongLong(),
             {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
              q.value(4).toString(), q.value(5).toString(), q.value(6).toString(), q.value(7).toLongLong()}});
    if (!q.errorText().isEmpty())
        return R::failure(tr("Cannot read the custody of %1: %2").arg(accession, q.errorText()));
    // Newest first; on the same clock tick a custody step before what was decided on its results.
    std::stable_sort(all.begin(), all.end(), [](const Step &a, const Step &b) { return a.hlc > b.hlc; });
    return entries(all);
}

QList<CustodyEntry> SpecimenRepository::entries(const QList<Step> &steps)
{
    QList<CustodyEntry> out;
    out.reserve(steps.size());
    for (const Step &step : steps)
        out.append(step.entry);
    return out;
}

Result<QList<SpecimenRepository::Step>> SpecimenRepository::steps(const QString &accession)
{
    using R = Result<QList<Step>>;
    // The tube's own events, and the aliquoting event of its parent that made it. An event another
    // station pushed that projection refused (flagged with no other event) is not on the trail, as
    // it is in no other view.
    static const QByteArray sql =
        QStringLiteral(
            "SELECT %1 FROM journal j WHERE j.subject = ?1 AND %2 AND NOT EXISTS (SELECT 1 FROM "
            "review_flags f WHERE f.event_id = j.id AND f.other_event = '') "
            "UNION ALL SELECT %1 FROM journal j WHERE j.subject = (SELECT parent FROM specimens "
            "WHERE accession = ?1 AND parent <> '') AND j.kind = 'custody.aliquoted' AND NOT EXISTS "
            "(SELECT 1 FROM review_flags f WHERE f.event_id = j.id AND f.other_event = '') "
            "ORDER BY hlc DESC, station_id DESC, station_seq DESC")
            .arg(QLatin1String(Event::Columns), QLatin1String(CustodyTrail::KindCondition))
            .toUtf8();
    SqliteStatement &q = m_statements.prepared(sql.constData());
    q.addBindValue(accession);
    if (!q.exec())
        return R::failure(tr("Cannot read the custody of %1: %2").arg(accession, q.errorText()));
    QList<Step> out;
    while (q.next()) {
        const Event e = Event::fromRow(q);
        if (std::optional<CustodyEntry> entry = CustodyTrail::entry(e, accession))
            out.append({e.hlc, *entry});
    }
    if (!q.errorText().isEmpty())
        return R::failure(tr("Cannot read the custody of %1: %2").arg(accession, q.errorText()));
    return out;
}

Result<qint64> SpecimenRepository::lastCounterValue(const QString &prefix)
{
    SqliteStatement &q = m_statements.prepared("SELECT last_seq FROM accession_counters WHERE prefix = ?");
    q.addBindValue(prefix);
    if (!q.exec())
        return Result<qint64>::failure(tr("Cannot read the accession counter: %1").arg(q.errorText()));
    const qint64 last = q.next() ? q.value(0).toLongLong() : qint64(0);
    q.finish();
    return last;
}

bool SpecimenRepository::exists(const QString &accession)
{
    SqliteStatement &q = m_statements.prepared("SELECT 1 FROM specimens WHERE accession = ?");
    q.addBindValue(accession);
    const bool found = q.exec() && q.next();
    q.finish();
    return found;
}

std::optional<Patient> SpecimenRepository::patient(const QString &mrn)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT mrn, name, birth_date, sex FROM patients WHERE mrn = ?"));
    q.addBindValue(mrn);
    if (q.exec() && q.next())
        return Patient{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                       q.value(3).toString()};
    return std::nullopt;
}

} // namespace benchside
