#include "journal/event.h"

#include <QJsonArray>
#include <QJsonDocument>
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

QString Event::genesisHash()
{
    return QString(64, QLatin1Char('0'));
}

} // namespace benchside
