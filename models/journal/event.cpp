#include "journal/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <sodium.h>

namespace benchside {

QJsonObject Event::payloadObject() const
{
    return QJsonDocument::fromJson(payload.toUtf8()).object();
}

// A JSON array keeps the fields unambiguous (no separator can be smuggled inside a value), and
// QJsonObject sorts keys, so the same payload always serialises to the same bytes. hlc and
// station_seq travel as decimal strings because JSON numbers lose precision beyond 2^53.
QByteArray Event::canonicalBytes() const
{
    const QJsonArray fields{QStringLiteral("benchside-event-v1"),
                            id,
                            stationId,
                            QString::number(stationSeq),
                            QString::number(hlc),
                            actor,
                            kind,
                            subject,
                            payload,
                            prevHash};
    return QJsonDocument(fields).toJson(QJsonDocument::Compact);
}

QString Event::computeHash() const
{
    const QByteArray bytes = canonicalBytes();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(bytes.constData()),
                       static_cast<unsigned long long>(bytes.size()));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
}

QString Event::canonicalJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

const char *const Event::Columns =
    "id, station_id, station_seq, hlc, actor, kind, subject, payload, prev_hash, hash";

QList<Event> Event::fromRows(QSqlQuery &q)
{
    QList<Event> out;
    while (q.next())
        out << fromRow(q);
    return out;
}

Event Event::fromRow(const QSqlQuery &q)
{
    Event e;
    e.id = q.value(0).toString();
    e.stationId = q.value(1).toString();
    e.stationSeq = q.value(2).toLongLong();
    e.hlc = q.value(3).toLongLong();
    e.actor = q.value(4).toString();
    e.kind = q.value(5).toString();
    e.subject = q.value(6).toString();
    e.payload = q.value(7).toString();
    e.prevHash = q.value(8).toString();
    e.hash = q.value(9).toString();
    return e;
}

QString Event::genesisHash()
{
    return QString(64, QLatin1Char('0'));
}

} // namespace benchside
