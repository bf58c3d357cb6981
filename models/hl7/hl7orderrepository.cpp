// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7orderrepository.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
QString failed(const QString &error)
{
    return QCoreApplication::translate("Hl7OrderRepository", "Cannot read the HL7 records: %1").arg(error);
}

QString failed(const QSqlQuery &q)
{
    return failed(q.lastError().text());
}

QString failed(const SqliteStatement &q)
{
    return failed(q.errorText());
}

// A query for placed tubes, which tubes() reads in this column order, with its condition. Each caller
// keeps the text in a static: the statement cache knows a statement by the address of its text.
QByteArray placedTubes(const char *condition)
{
    return QByteArrayLiteral("SELECT e.accession, e.placer_order, e.placer_specimen, e.source, "
                             "e.ordering_provider, e.tests, s.specimen_type, e.placer_namespace, "
                             "s.patient_mrn FROM external_orders e JOIN specimens s ON s.accession = "
                             "e.accession ") +
           condition;
}
} // namespace

Result<std::optional<QString>> Hl7OrderRepository::acceptedAck(const QString &app, const QString &facility,
                                                               const QString &controlId) const
{
    using R = Result<std::optional<QString>>;
    SqliteStatement &q = m_statements.prepared("SELECT ack FROM hl7_inbox WHERE sending_app = ? AND "
                                               "sending_facility = ? AND control_id = ? AND ack_code = 'AA' "
                                               "LIMIT 1");
    q.addBindValue(app);
    q.addBindValue(facility);
    q.addBindValue(controlId);
    if (!q.exec())
        return R::failure(failed(q));
    std::optional<QString> ack;
    if (q.next())
        ack = q.value(0).toString();
    q.finish();
    return ack;
}

Result<QList<Hl7PlacedTube>> Hl7OrderRepository::tubes(const char *sql, const QStringList &keys) const
{
    using R = Result<QList<Hl7PlacedTube>>;
    SqliteStatement &q = m_statements.prepared(sql);
    for (const QString &key : keys)
        q.addBindValue(key);
    if (!q.exec())
        return R::failure(failed(q));
    QList<Hl7PlacedTube> out;
    while (q.next())
        out << Hl7PlacedTube{
            q.value(0).toString(), q.value(1).toString(),
            q.value(2).toString(), q.value(3).toString(),
            q.value(4).toString(), q.value(5).toString().split(QLatin1Char(','), Qt::SkipEmptyParts),
            q.value(6).toString(), q.value(7).toString(),
            q.value(8).toString()};
    q.finish();
    return out;
}

Result<QList<Hl7PlacedTube>> Hl7OrderRepository::tubesOfPlacer(const QString &placerOrder) const
{
    static const QByteArray sql = placedTubes("WHERE e.placer_order = ? ORDER BY e.accession");
    return tubes(sql.constData(), {placerOrder});
}

Result<QList<Hl7PlacedTube>> Hl7OrderRepository::tubesOfOrder(const QString &placerOrder,
                                                              const QString &placerNamespace,
                                                              const QString &source) const
{
    static const QByteArray sql =
        placedTubes("WHERE e.placer_order = ?1 AND CASE WHEN e.placer_namespace <> '' AND ?2 <> '' THEN "
                    "e.placer_namespace = ?2 ELSE e.source = ?3 END ORDER BY e.accession");
    return tubes(sql.constData(), {placerOrder, placerNamespace, source});
}

Result<QList<Hl7PlacedTube>> Hl7OrderRepository::tubesByLabel(const QString &code) const
{
    static const QByteArray sql =
        placedTubes("WHERE e.placer_specimen = ? AND e.placer_specimen <> '' ORDER BY e.accession");
    Result<QList<Hl7PlacedTube>> bySpecimen = tubes(sql.constData(), {code});
    if (!bySpecimen || !bySpecimen.value().isEmpty())
        return bySpecimen;
    return tubesOfPlacer(code);
}

Result<QStringList> Hl7OrderRepository::accessionsByLabel(const QString &code) const
{
    Result<QList<Hl7PlacedTube>> tubes = tubesByLabel(code);
    if (!tubes)
        return Result<QStringList>::failure(tubes.error());
    QStringList accessions;
    for (const Hl7PlacedTube &t : tubes.value()) {
        if (!accessions.contains(t.accession))
            accessions << t.accession;
    }
    return accessions;
}

Result<std::optional<QString>> Hl7OrderRepository::accessionForLabel(const QString &code) const
{
    using R = Result<std::optional<QString>>;
    Result<QStringList> found = accessionsByLabel(code);
    if (!found)
        return R::failure(found.error());
    const QStringList &accessions = found.value();
    if (accessions.isEmpty())
        return std::optional<QString>();
    if (accessions.size() > 1)
        return R::failure(
            tr("%1 is the hospital's order number of %n tubes (%2): scan the tube's own specimen "
               "label, or print ours for it.",
               nullptr, int(accessions.size()))
                .arg(code, accessions.join(QStringLiteral(", "))));
    return std::optional<QString>(accessions.first());
}

Result<QHash<QString, QString>> Hl7OrderRepository::orderStatuses(const QString &accession) const
{
    using R = Result<QHash<QString, QString>>;
    SqliteStatement &q =
        m_statements.prepared("SELECT test_code, status FROM test_orders WHERE accession = ?");
    q.addBindValue(accession);
    if (!q.exec())
        return R::failure(failed(q));
    QHash<QString, QString> out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toString());
    q.finish();
    return out;
}

Result<QList<Hl7InboxEntry>> Hl7OrderRepository::inbox(int limit) const
{
    using R = Result<QList<Hl7InboxEntry>>;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT event_id, received_at, peer, sending_app, sending_facility, control_id, "
                             "message_type, ack_code, error, accessions FROM hl7_inbox "
                             "ORDER BY received_at DESC, event_id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return R::failure(failed(q));
    QList<Hl7InboxEntry> out;
    while (q.next())
        out << Hl7InboxEntry{
            q.value(0).toString(), q.value(1).toLongLong(),
            q.value(2).toString(), q.value(3).toString(),
            q.value(4).toString(), q.value(5).toString(),
            q.value(6).toString(), q.value(7).toString(),
            q.value(8).toString(), q.value(9).toString().split(QLatin1Char(','), Qt::SkipEmptyParts)};
    return out;
}

Result<std::pair<QString, QString>> Hl7OrderRepository::messageText(const QString &eventId) const
{
    using R = Result<std::pair<QString, QString>>;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT payload FROM journal WHERE id = ? AND kind = 'interface.received'"));
    q.addBindValue(eventId);
    if (!q.exec())
        return R::failure(failed(q));
    if (!q.next())
        return R::failure(tr("No inbound HL7 message %1 is recorded here.").arg(eventId));
    const QJsonObject p = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
    return std::make_pair(p.value(QLatin1String("message")).toString(),
                          p.value(QLatin1String("ack")).toString());
}

} // namespace benchside
