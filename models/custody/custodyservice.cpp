// SPDX-License-Identifier: GPL-3.0-or-later
#include "custody/custodyservice.h"

#include "accession/accessionallocator.h"

#include <QCoreApplication>
#include <QDate>
#include <QJsonArray>

namespace benchside {

namespace {
// "Freezer 2/Rack 5 /B7" and "Freezer 2 / Rack 5 / B7" are the same place.
QString normalisedLocation(const QString &path)
{
    QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (QString &p : parts)
        p = p.simplified();
    parts.removeAll(QString());
    return parts.join(QStringLiteral(" / "));
}
} // namespace

CustodyService::CustodyService(EventStore &store, SpecimenRepository &specimens)
    : m_store(store), m_specimens(specimens)
{}

Result<CustodyService::Recorded> CustodyService::record(const QString &accession,
                                                        const CustodyRules::Step &step, const QString &actor)
{
    Recorded recorded;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        Result<std::optional<Specimen>> found = m_specimens.find(accession, false);
        if (!found)
            return Result<QList<EventDraft>>::failure(found.error());
        if (!found.value())
            return Result<QList<EventDraft>>::failure(
                tr("No specimen %1 is known at this station. Check the number, or accession it first.")
                    .arg(accession));
        Result<EventDraft> draft = decide(*found.value(), step);
        if (!draft)
            return Result<QList<EventDraft>>::failure(draft.error());
        for (const QJsonValue &c : draft.value().payload.value(QLatin1String("children")).toArray())
            recorded.aliquots << c.toObject().value(QLatin1String("accession")).toString();
        return QList<EventDraft>{draft.value()};
    });
    if (!written)
        return Result<Recorded>::failure(written.error());
    recorded.event = written.value().first();
    return recorded;
}

Result<EventDraft> CustodyService::decide(const Specimen &specimen, const CustodyRules::Step &requested,
                                          CustodyRules::Verdict *verdict)
{
    CustodyRules::Step step = requested;
    step.location = normalisedLocation(step.location);
    step.reason = step.reason.trimmed();
    const CustodyRules::Check check = CustodyRules::check(specimen, step);
    if (verdict)
        *verdict = check.verdict;
    if (!check.allowed())
        return Result<EventDraft>::failure(check.message);

    const bool locationOptional = step.kind != CustodyKind::Stored && step.kind != CustodyKind::InTransit &&
                                  step.kind != CustodyKind::Corrected && step.kind != CustodyKind::Disposed &&
                                  step.kind != CustodyKind::Rejected;
    if (step.location.isEmpty() && locationOptional)
        step.location = m_store.station().defaultLocation;

    QJsonObject payload;
    if (!step.location.isEmpty())
        payload.insert(QStringLiteral("location"), step.location);
    if (!step.reason.isEmpty())
        payload.insert(QStringLiteral("reason"), step.reason);
    if (!step.reasonCode.isEmpty())
        payload.insert(QStringLiteral("reason_code"), step.reasonCode);
    if (step.kind == CustodyKind::Corrected && !step.correctedStatus.isEmpty())
        payload.insert(QStringLiteral("status"), step.correctedStatus);
    if (step.kind == CustodyKind::Aliquoted) {
        AccessionAllocator allocator(m_specimens, m_store.station().id);
        Result<AccessionAllocator::Allocation> a =
            allocator.allocate(step.aliquots, QDate::currentDate().year());
        if (!a)
            return Result<EventDraft>::failure(a.error());
        QJsonArray children;
        for (const QString &n : a.value().numbers)
            children.append(QJsonObject{{QStringLiteral("accession"), n},
                                        {QStringLiteral("container"), QStringLiteral("ALIQUOT")}});
        payload.insert(QStringLiteral("children"), children);
        a.value().writeTo(payload);
    }
    return EventDraft{QString::fromLatin1(CustodyKinds::info(step.kind).eventKind), specimen.accession,
                      payload};
}

} // namespace benchside
