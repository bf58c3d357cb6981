// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7resultcomposer.h"

#include "lab/lab.h"
#include "result/resultrepository.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
QJsonObject payloadOf(const QSqlDatabase &db, const QString &sql, const QString &key)
{
    QSqlQuery q(db);
    q.prepare(sql);
    q.addBindValue(key);
    if (!q.exec() || !q.next())
        return {};
    return QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
}

QString number(double v)
{
    return QLocale::c().toString(v, 'g', 12);
}

// "id Family Given" as the intake stored it: the id, and the name as "Family, Given".
std::pair<QString, QString> person(const QString &text)
{
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() < 2)
        return {text, QString()};
    QString name = words.at(1);
    if (words.size() > 2)
        name += QStringLiteral(", ") + words.mid(2).join(QLatin1Char(' '));
    return {words.first(), name};
}
} // namespace

Result<Hl7ResultReport> Hl7ResultComposer::compose(const Hl7OutboxEntry &entry,
                                                   const Hl7Destination &destination, qint64 nowMs) const
{
    using R = Result<Hl7ResultReport>;
    const QSqlDatabase db = m_lab.database().connection();
    Result<std::optional<Specimen>> found = m_lab.specimens().find(entry.accession);
    if (!found)
        return R::failure(found.error());
    if (!found.value())
        return R::failure(tr("Tube %1 of message %2 is not recorded here.").arg(entry.accession, entry.id));
    const Specimen &s = *found.value();

    Hl7ResultReport r;
    r.controlId = entry.id;
    r.createdAtMs = nowMs;
    r.sendingFacility = m_lab.station().site;
    r.receivingApplication = destination.receivingApp;
    r.receivingFacility = destination.receivingFacility;
    r.patientId = s.patient.mrn;
    r.patientName = s.patient.name;
    r.patientBirthDate = s.patient.birthDate;
    r.patientSex = s.patient.sex;
    r.fillerOrder = s.accession;
    r.collectedAtMs = s.collectedAtMs;
    r.receivedAtMs = s.receivedAtMs;
    r.resultStatus = entry.kind == QLatin1String("amended")     ? QStringLiteral("C")
                     : entry.kind == QLatin1String("cancelled") ? QStringLiteral("X")
                                                                : QStringLiteral("F");
    r.specimenTypeCode = s.specimenType;
    r.specimenTypeName = Catalog::namesByCode(m_lab.catalog().specimenTypes()).value(s.specimenType);

    // The reported event, read once: what it released, when, and by whom.
    QSqlQuery event(db);
    event.prepare(QStringLiteral("SELECT %1 FROM journal WHERE id = ?").arg(QLatin1String(Event::Columns)));
    event.addBindValue(entry.eventId);
    if (!event.exec())
        return R::failure(tr("Cannot read event %1: %2").arg(entry.eventId, event.lastError().text()));
    if (!event.next())
        return R::failure(tr("Event %1 of message %2 is not in the journal.").arg(entry.eventId, entry.id));
    const Event reportedEvent = Event::fromRow(event);
    const QJsonObject reported = reportedEvent.payloadObject();
    r.reportedAtMs = reportedEvent.atMs();
    const QJsonObject accessioned = payloadOf(
        db,
        QStringLiteral(
            "SELECT payload FROM journal WHERE subject = ? AND kind = 'specimen.accessioned' LIMIT 1"),
        s.accession);
    r.patientAssigningAuthority =
        accessioned.value(QLatin1String("patient")).toObject().value(QLatin1String("authority")).toString();
    r.placerSpecimen = accessioned.value(QLatin1String("placer_specimen")).toString();
    const auto provider = person(accessioned.value(QLatin1String("ordering_provider")).toString());
    r.orderingProviderId = provider.first;
    r.orderingProviderName = provider.second;
    const QJsonArray placers = accessioned.value(QLatin1String("placer_orders")).toArray();
    for (const QJsonValue &v : placers) {
        const QJsonArray codes = v.toObject().value(QLatin1String("tests")).toArray();
        if (r.placerOrder.isEmpty() || codes.contains(QJsonValue(entry.tests.value(0))))
            r.placerOrder = v.toObject().value(QLatin1String("placer")).toString();
    }

    ResultRepository results(db);
    for (const QString &code : entry.tests) {
        const std::optional<TestDefinition> test = m_lab.catalog().test(code);
        Hl7ReportedResult obx;
        obx.localCode = code;
        obx.name = test ? test->name : code;
        obx.loinc = test ? test->loinc : QString();
        if (entry.kind == QLatin1String("cancelled")) {
            obx.status = QStringLiteral("X");
            obx.observedAtMs = r.reportedAtMs;
        } else {
            Result<std::optional<OrderResult>> order = results.order(s.accession + QLatin1Char('-') + code);
            if (!order)
                return R::failure(order.error());
            if (!order.value() || !order.value()->result)
                return R::failure(tr("%1 on %2 has no result to send.").arg(code, s.accession));
            const ResultRecord &rec = *order.value()->result;
            obx.value = reported.value(QLatin1String("value")).toString(rec.value);
            const QString unit = reported.value(QLatin1String("unit")).toString(rec.unit);
            obx.unitIsUcum = test && !test->ucum.isEmpty() && unit == test->unit;
            obx.unit = obx.unitIsUcum ? test->ucum : unit;
            obx.flag = reported.value(QLatin1String("flag")).toString(rec.flag);
            obx.status = entry.kind == QLatin1String("amended") ? QStringLiteral("C") : QStringLiteral("F");
            obx.verifierId = reportedEvent.actor; // who released what is reported

            if (const std::optional<User> u = m_lab.catalog().user(obx.verifierId))
                obx.verifierName = u->displayName;
            // The entry the release released: the last one before it. A message is composed at its
            // first attempt, which may come after a later entry (an amendment not yet released),
            // whose range and time are not what this message reports.
            QSqlQuery enteredQuery(db);
            enteredQuery.prepare(QStringLiteral(
                "SELECT j.payload, h.at FROM result_history h JOIN journal j ON j.id = h.event_id WHERE "
                "h.order_id = ? AND h.kind IN ('result.entered', 'result.amended') AND h.hlc <= ? ORDER BY "
                "h.hlc DESC LIMIT 1"));
            enteredQuery.addBindValue(s.accession + QLatin1Char('-') + code);
            enteredQuery.addBindValue(reportedEvent.hlc);
            if (!enteredQuery.exec())
                return R::failure(tr("Cannot read the result history of %1 on %2: %3")
                                      .arg(code, s.accession, enteredQuery.lastError().text()));
            QJsonObject entered;
            obx.observedAtMs = rec.enteredAtMs;
            if (enteredQuery.next()) {
                entered = QJsonDocument::fromJson(enteredQuery.value(0).toString().toUtf8()).object();
                obx.observedAtMs = enteredQuery.value(1).toLongLong();
            }
            const QJsonObject range = entered.value(QLatin1String("range")).toObject();
            if (range.value(QLatin1String("low")).isDouble() && range.value(QLatin1String("high")).isDouble())
                obx.referenceRange = number(range.value(QLatin1String("low")).toDouble()) + QLatin1Char('-') +
                                     number(range.value(QLatin1String("high")).toDouble());
            if (!rec.notifiedTo.isEmpty())
                obx.notes << tr("Critical result called to %1 by %2 at %3.")
                                 .arg(rec.notifiedTo, rec.notifiedBy,
                                      QDateTime::fromMSecsSinceEpoch(rec.notifiedAtMs).toString(Qt::ISODate));
        }
        r.results << obx;
    }
    if (r.results.size() == 1) {
        const Hl7ReportedResult &only = r.results.first();
        r.serviceCode = only.loinc.isEmpty() ? only.localCode : only.loinc;
        r.serviceName = only.name;
        r.serviceCodeSystem = only.loinc.isEmpty() ? QStringLiteral("L") : QStringLiteral("LN");
    } else {
        r.serviceCode = entry.tests.join(QLatin1Char('+'));
        r.serviceName = entry.tests.join(QStringLiteral(", "));
        r.serviceCodeSystem = QStringLiteral("L");
    }
    return r;
}

} // namespace benchside
