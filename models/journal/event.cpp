// SPDX-License-Identifier: GPL-3.0-or-later
#include "journal/event.h"

#include "core/jsontext.h"

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
// the payload is canonical JSON already, so the same event always serialises to the same bytes.
// hlc and station_seq travel as decimal strings because JSON numbers lose precision beyond 2^53.
QByteArray Event::canonicalBytes() const
{
    QByteArray out;
    out.reserve(160 + 3 * (id.size() + stationId.size() + actor.size() + kind.size() + subject.size() +
                           payload.size() + prevHash.size()));
    out += "[\"benchside-event-v1\",";
    appendJsonString(out, id);
    out += ',';
    appendJsonString(out, stationId);
    out += ",\"";
    out += QByteArray::number(stationSeq);
    out += "\",\"";
    out += QByteArray::number(hlc);
    out += "\"";
    for (const QString *field : {&actor, &kind, &subject, &payload, &prevHash}) {
        out += ',';
        appendJsonString(out, *field);
    }
    out += ']';
    return out;
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

QString Event::genesisHash()
{
    return QString(64, QLatin1Char('0'));
}

} // namespace benchside
