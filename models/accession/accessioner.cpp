// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessioner.h"

#include "accession/accessionallocator.h"
#include "accession/accessionnumber.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>

namespace benchside {

namespace {
// Clocks on wards and in the lab drift; a collection time a few minutes ahead is not an error.
constexpr qint64 ClockSkewMs = 5 * 60 * 1000;
} // namespace

Accessioner::Accessioner(EventStore &store, SpecimenRepository &specimens, Catalog &catalog)
    : m_store(store), m_specimens(specimens), m_catalog(catalog)
{}

const QStringList &Accessioner::priorities()
{
    static const QStringList p{QStringLiteral("routine"), QStringLiteral("asap"), QStringLiteral("stat")};
    return p;
}

Result<Specimen> Accessioner::accession(const AccessionRequest &request, const QString &actor)
{
    QString accession;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        Result<EventDraft> draft = decide(request);
        if (!draft)
            return Result<QList<EventDraft>>::failure(draft.error());
        accession = draft.value().subject;
        return QList<EventDraft>{draft.value()};
    });
    if (!written)
        return Result<Specimen>::failure(written.error());
    Result<std::optional<Specimen>> found = m_specimens.find(accession);
    if (!found || !found.value())
        return Result<Specimen>::failure(
            tr("%1 was recorded but cannot be read back: %2").arg(accession, found.error()));
    return *found.value();
}

Result<EventDraft> Accessioner::decide(const AccessionRequest &r)
{
    using R = Result<EventDraft>;
    if (!m_catalog.hasSpecimenType(r.specimenType))
        return R::failure(tr("\"%1\" is not a specimen type in the catalogue.").arg(r.specimenType));
    if (!priorities().contains(r.priority))
        return R::failure(tr("\"%1\" is not a priority: use routine, asap or stat.").arg(r.priority));
    if (r.tests.isEmpty())
        return R::failure(tr("Order at least one test."));

    QJsonArray tests;
    QString container = r.container;
    QStringList seen;
    for (const QString &code : r.tests) {
        const std::optional<TestDefinition> test = m_catalog.test(code);
        if (!test)
            return R::failure(tr("\"%1\" is not a test in the catalogue.").arg(code));
        if (seen.contains(code))
            return R::failure(tr("%1 is ordered twice on the same specimen.").arg(code));
        if (test->specimenType != r.specimenType)
            return R::failure(tr("%1 (%2) needs a %3 specimen, not %4.")
                                  .arg(test->code, test->name, test->specimenType, r.specimenType));
        seen << code;
        if (container.isEmpty())
            container = test->container;
        tests.append(
            QJsonObject{{QStringLiteral("code"), test->code}, {QStringLiteral("bench"), test->bench}});
    }

    Patient patient = r.patient;
    patient.mrn = patient.mrn.trimmed();
    if (!patient.mrn.isEmpty()) {
        if (patient.name.trimmed().isEmpty()) {
            const std::optional<Patient> known = m_specimens.patient(patient.mrn);
            if (!known)
                return R::failure(
                    tr("No patient with MRN %1 is known here: give the patient's name, date of birth "
                       "and sex.")
                        .arg(patient.mrn));
            patient = *known;
        } else {
            const QDate dob = QDate::fromString(patient.birthDate, Qt::ISODate);
            if (!dob.isValid() || dob > QDate::currentDate())
                return R::failure(tr("\"%1\" is not a date of birth: use YYYY-MM-DD, not in the future.")
                                      .arg(patient.birthDate));
            if (!QStringList{QStringLiteral("F"), QStringLiteral("M"), QStringLiteral("U")}.contains(
                    patient.sex))
                return R::failure(tr("Sex must be F, M or U (unknown)."));
        }
    }

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 collected = r.collectedAtMs > 0 ? r.collectedAtMs : now;
    if (collected > now + ClockSkewMs)
        return R::failure(tr("The collection time is in the future. Check the date and time."));

    QJsonObject payload{
        {QStringLiteral("specimen_type"), r.specimenType},
        {QStringLiteral("container"), container},
        {QStringLiteral("collected_at"), static_cast<double>(collected)},
        {QStringLiteral("collector"), r.collector.trimmed()},
        {QStringLiteral("priority"), r.priority},
        {QStringLiteral("tests"), tests},
        {QStringLiteral("location"),
         r.location.isEmpty() ? m_store.station().defaultLocation : r.location.trimmed()},
    };
    if (!patient.mrn.isEmpty())
        payload.insert(QStringLiteral("patient"),
                       QJsonObject{{QStringLiteral("mrn"), patient.mrn},
                                   {QStringLiteral("name"), patient.name.trimmed()},
                                   {QStringLiteral("birth_date"), patient.birthDate},
                                   {QStringLiteral("sex"), patient.sex}});

    QString accession;
    const QString barcode = r.barcode.trimmed();
    if (!barcode.isEmpty()) {
        const AccessionNumber::Problem problem = AccessionNumber::validate(barcode);
        if (problem != AccessionNumber::Problem::None)
            return R::failure(AccessionNumber::problemText(problem, barcode));
        if (m_specimens.exists(barcode))
            return R::failure(tr("%1 is already accessioned: scan it to find it instead.").arg(barcode));
        accession = barcode;
        payload.insert(QStringLiteral("preprinted"), true);
    } else {
        AccessionAllocator allocator(m_specimens, m_store.station().id);
        Result<AccessionAllocator::Allocation> a = allocator.allocate(1, QDate::currentDate().year());
        if (!a)
            return R::failure(a.error());
        accession = a.value().numbers.first();
        a.value().writeTo(payload);
    }
    return EventDraft{QStringLiteral("specimen.accessioned"), accession, payload};
}

} // namespace benchside
