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

namespace {
char hexDigit(unsigned v)
{
    return static_cast<char>(v < 10 ? '0' + v : 'a' + v - 10);
}

// Exactly the escaping of QJsonDocument::toJson (and of PostgreSQL's to_json, which the server's
// check uses): the quote, the backslash and control characters escaped, everything else as UTF-8,
// a lone surrogate as \uXXXX. Written out because building a QJsonArray per event cost a pull more
// time than the SHA-256 itself; tst_journal compares the two over random strings.
void appendJsonString(QByteArray &out, QStringView s)
{
    out += '"';
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = s[i].unicode();
        if (u >= 0x20 && u < 0x80 && u != u'"' && u != u'\\') {
            out += static_cast<char>(u);
            continue;
        }
        if (u < 0x80) {
            out += '\\';
            switch (u) {
            case u'"':
                out += '"';
                break;
            case u'\\':
                out += '\\';
                break;
            case u'\b':
                out += 'b';
                break;
            case u'\f':
                out += 'f';
                break;
            case u'\n':
                out += 'n';
                break;
            case u'\r':
                out += 'r';
                break;
            case u'\t':
                out += 't';
                break;
            default:
                out += "u00";
                out += hexDigit(u >> 4);
                out += hexDigit(u & 0xf);
            }
            continue;
        }
        const bool pair = QChar::isHighSurrogate(u) && i + 1 < n && QChar::isLowSurrogate(s[i + 1].unicode());
        if (QChar::isSurrogate(u) && !pair) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4)
                out += hexDigit((u >> shift) & 0xf);
            continue;
        }
        out += s.mid(i, pair ? 2 : 1).toUtf8();
        if (pair)
            ++i;
    }
    out += '"';
}
} // namespace

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
