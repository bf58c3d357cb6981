// SPDX-License-Identifier: GPL-3.0-or-later
#include "specimen/specimenjson.h"

#include "core/jsontext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

namespace benchside {

QJsonObject SpecimenJson::specimen(const Specimen &s)
{
    QJsonArray tests;
    for (const TestOrder &o : s.orders)
        tests.append(QJsonObject{{QStringLiteral("order_id"), o.orderId},
                                 {QStringLiteral("code"), o.testCode},
                                 {QStringLiteral("name"), o.testName},
                                 {QStringLiteral("bench"), o.bench},
                                 {QStringLiteral("status"), o.status}});
    QJsonObject patient;
    if (!s.patient.mrn.isEmpty())
        patient = QJsonObject{{QStringLiteral("mrn"), s.patient.mrn},
                              {QStringLiteral("name"), s.patient.name},
                              {QStringLiteral("birth_date"), s.patient.birthDate},
                              {QStringLiteral("sex"), s.patient.sex}};
    return QJsonObject{{QStringLiteral("accession"), s.accession},
                       {QStringLiteral("parent"), s.parent},
                       {QStringLiteral("status"), s.status},
                       {QStringLiteral("location"), s.location},
                       {QStringLiteral("specimen_type"), s.specimenType},
                       {QStringLiteral("container"), s.container},
                       {QStringLiteral("priority"), s.priority},
                       {QStringLiteral("collected_at"), timestamp(s.collectedAtMs)},
                       {QStringLiteral("collector"), s.collector},
                       {QStringLiteral("accessioned_at"), timestamp(s.accessionedAtMs)},
                       {QStringLiteral("received_at"), timestamp(s.receivedAtMs)},
                       {QStringLiteral("patient"), patient},
                       {QStringLiteral("tests"), tests},
                       {QStringLiteral("aliquots"), QJsonArray::fromStringList(s.children)}};
}

QJsonObject SpecimenJson::outcome(const ScanOutcome &o)
{
    QJsonObject j{{QStringLiteral("code"), o.code},
                  {QStringLiteral("outcome"), o.name()},
                  {QStringLiteral("message"), o.message}};
    if (o.specimen)
        j.insert(QStringLiteral("specimen"), specimen(*o.specimen));
    return j;
}

QByteArray SpecimenJson::replayLine(const ScanOutcome &o, double commitMs)
{
    QByteArray line;
    line.reserve(64 + 3 * (o.code.size() + o.message.size()));
    line += "{\"code\":";
    appendJsonString(line, o.code);
    line += ",\"commit_ms\":";
    line += QByteArray::number(commitMs, 'g', QLocale::FloatingPointShortest);
    line += ",\"message\":";
    appendJsonString(line, o.message);
    line += ",\"outcome\":";
    appendJsonString(line, o.name());
    line += '}';
    return line;
}

QString SpecimenJson::timestamp(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms)
                        .toOffsetFromUtc(QDateTime::currentDateTime().offsetFromUtc())
                        .toString(Qt::ISODate)
                  : QString();
}

} // namespace benchside
