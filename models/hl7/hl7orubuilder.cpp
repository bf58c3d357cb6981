// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7orubuilder.h"

#include "hl7/hl7escape.h"

#include <QDate>
#include <QDateTime>
#include <QRegularExpression>
#include <QStringList>
#include <cstdlib>
#include <initializer_list>

namespace benchside {

namespace {
const Hl7Delimiters Delimiters;

QString esc(const QString &value)
{
    return Hl7Escape::escape(value, Delimiters);
}

// Parts already escaped, joined with `separator`; trailing empty parts left off.
QString joined(std::initializer_list<QString> parts, QChar separator)
{
    QStringList list(parts);
    while (!list.isEmpty() && list.last().isEmpty())
        list.removeLast();
    return list.join(separator);
}

QString components(std::initializer_list<QString> escapedParts)
{
    return joined(escapedParts, Delimiters.component);
}

// One segment, its fields set by the standard's numbers (MSH-1 is the field separator itself, so
// MSH-2 is the first field written after it). Empty trailing fields are left off.
class Segment
{
public:
    explicit Segment(const QString &name) : m_fields{name}, m_msh(name == QLatin1String("MSH")) {}

    Segment &set(int field, const QString &encoded)
    {
        const qsizetype index = m_msh ? field - 1 : field;
        while (m_fields.size() <= index)
            m_fields << QString();
        m_fields[index] = encoded;
        return *this;
    }

    QString text() const
    {
        QStringList fields = m_fields;
        while (fields.size() > 1 && fields.last().isEmpty())
            fields.removeLast();
        return fields.join(Delimiters.field) + QLatin1Char('\r');
    }

private:
    QStringList m_fields;
    bool m_msh;
};

// DTM to the second with the zone's offset at that moment: YYYYMMDDHHMMSS+ZZZZ.
QString timestamp(qint64 msecsSinceEpoch, const QTimeZone &zone)
{
    if (msecsSinceEpoch == 0)
        return {};
    // Truncated to the second, also before 1970 (division rounds towards zero).
    qint64 seconds = msecsSinceEpoch / 1000;
    if (msecsSinceEpoch < 0 && msecsSinceEpoch % 1000 != 0)
        --seconds;
    const QDateTime at = QDateTime::fromSecsSinceEpoch(seconds, zone);
    const int offset = at.offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    return at.toString(QStringLiteral("yyyyMMddHHmmss")) + QLatin1Char(offset < 0 ? '-' : '+') +
           QStringLiteral("%1%2")
               .arg(minutes / 60, 2, 10, QLatin1Char('0'))
               .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

// DT from "YYYY-MM-DD", "YYYY-MM" or "YYYY"; anything else (not a date) is not sent.
QString birthDate(const QString &iso)
{
    static const QRegularExpression form(QStringLiteral("^(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?$"));
    const QRegularExpressionMatch m = form.match(iso.trimmed());
    if (!m.hasMatch())
        return {};
    const int month = m.captured(2).isEmpty() ? 1 : m.captured(2).toInt();
    const int day = m.captured(3).isEmpty() ? 1 : m.captured(3).toInt();
    if (!QDate(m.captured(1).toInt(), month, day).isValid())
        return {};
    return m.captured(1) + m.captured(2) + m.captured(3);
}

// "Family, Given" → family^given (XPN-1/2, or XCN-2/3 after an ID); one word → the family name.
QString personName(const QString &name)
{
    const qsizetype comma = name.indexOf(QLatin1Char(','));
    if (comma < 0)
        return esc(name.trimmed());
    return components({esc(name.left(comma).trimmed()), esc(name.mid(comma + 1).trimmed())});
}

QString xcn(const QString &id, const QString &name)
{
    if (id.isEmpty() && name.trimmed().isEmpty())
        return {};
    return components({esc(id), personName(name)});
}

QString cwe(const QString &code, const QString &text, const QString &system)
{
    if (code.isEmpty() && text.isEmpty())
        return {};
    return components({esc(code), esc(text), esc(system)});
}

// OBX-2 and OBX-5 for a value as recorded.
struct EncodedValue
{
    QString type;
    QString field;
};

EncodedValue encodeValue(const QString &recorded)
{
    // ASCII digits only: NM allows no other script's digits.
    static const QString unsignedNumber = QStringLiteral("(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)");
    static const QString number = QStringLiteral("[+-]?") + unsignedNumber;
    static const QRegularExpression plain(QStringLiteral("^%1$").arg(number));
    static const QRegularExpression comparator(QStringLiteral("^(<=|>=|<>|<|>|=)\\s*(%1)$").arg(number));
    static const QRegularExpression pair(QStringLiteral("^(%1)\\s*([-:])\\s*(%1)$").arg(unsignedNumber));

    const QString value = recorded.trimmed();
    if (value.isEmpty())
        return {};
    if (plain.match(value).hasMatch())
        return {QStringLiteral("NM"), value};
    if (const QRegularExpressionMatch m = comparator.match(value); m.hasMatch())
        return {QStringLiteral("SN"), components({m.captured(1), m.captured(2)})};
    if (const QRegularExpressionMatch m = pair.match(value); m.hasMatch())
        return {QStringLiteral("SN"), components({QString(), m.captured(1), m.captured(2), m.captured(3)})};
    // ST is at most 199 characters and carries no line breaks; FT carries both (\.br\).
    const bool formatted =
        recorded.contains(QLatin1Char('\n')) || recorded.contains(QLatin1Char('\r')) || recorded.size() > 199;
    return {formatted ? QStringLiteral("FT") : QStringLiteral("ST"), esc(formatted ? recorded : value)};
}
} // namespace

QString Hl7OruBuilder::build(const Hl7ResultReport &report)
{
    return build(report, QTimeZone::systemTimeZone());
}

QString Hl7OruBuilder::build(const Hl7ResultReport &r, const QTimeZone &zone)
{
    const auto ts = [&](qint64 ms) {
        return timestamp(ms, zone);
    };
    QString out;

    out += Segment(QStringLiteral("MSH"))
               .set(2, Delimiters.encodingCharacters())
               .set(3, esc(r.sendingApplication))
               .set(4, esc(r.sendingFacility))
               .set(5, esc(r.receivingApplication))
               .set(6, esc(r.receivingFacility))
               .set(7, ts(r.createdAtMs))
               .set(9, QStringLiteral("ORU^R01^ORU_R01"))
               .set(10, esc(r.controlId))
               .set(11, esc(r.processingId))
               .set(12, QStringLiteral("2.5.1"))
               .set(18, QStringLiteral("UNICODE UTF-8"))
               .text();

    const QString patientId =
        r.patientId.isEmpty()
            ? QString()
            : components({esc(r.patientId), {}, {}, esc(r.patientAssigningAuthority), QStringLiteral("MR")});
    out += Segment(QStringLiteral("PID"))
               .set(1, QStringLiteral("1"))
               .set(3, patientId)
               .set(5, personName(r.patientName))
               .set(7, birthDate(r.patientBirthDate))
               .set(8, esc(r.patientSex))
               .text();

    const QString provider = xcn(r.orderingProviderId, r.orderingProviderName);
    out += Segment(QStringLiteral("ORC"))
               .set(1, QStringLiteral("RE"))
               .set(2, esc(r.placerOrder))
               .set(3, esc(r.fillerOrder))
               .set(4, esc(r.placerGroup))
               .set(12, provider)
               .text();

    out += Segment(QStringLiteral("OBR"))
               .set(1, QStringLiteral("1"))
               .set(2, esc(r.placerOrder))
               .set(3, esc(r.fillerOrder))
               .set(4, cwe(r.serviceCode, r.serviceName, r.serviceCodeSystem))
               .set(7, ts(r.collectedAtMs))
               .set(16, provider)
               .set(22, ts(r.reportedAtMs))
               .set(25, esc(r.resultStatus))
               .text();

    int setId = 0;
    for (const Hl7ReportedResult &result : r.results) {
        const QString identifier =
            result.loinc.isEmpty() ? cwe(result.localCode, result.name, QStringLiteral("L"))
            : result.localCode.isEmpty()
                ? cwe(result.loinc, result.loincName.isEmpty() ? result.name : result.loincName,
                      QStringLiteral("LN"))
                : components(
                      {esc(result.loinc), esc(result.loincName.isEmpty() ? result.name : result.loincName),
                       QStringLiteral("LN"), esc(result.localCode), esc(result.name), QStringLiteral("L")});
        const EncodedValue value = encodeValue(result.value);
        const QString unit =
            result.unit.isEmpty()
                ? QString()
                : components({esc(result.unit), esc(result.unit),
                              result.unitIsUcum ? QStringLiteral("UCUM") : QStringLiteral("L")});
        out += Segment(QStringLiteral("OBX"))
                   .set(1, QString::number(++setId))
                   .set(2, value.type)
                   .set(3, identifier)
                   .set(5, value.field)
                   .set(6, unit)
                   .set(7, esc(result.referenceRange))
                   .set(8, esc(result.flag))
                   .set(11, esc(result.status))
                   .set(14, ts(result.observedAtMs))
                   .set(16, xcn(result.verifierId, result.verifierName))
                   .set(18, esc(result.analyzer))
                   .text();
        int noteId = 0;
        for (const QString &note : result.notes) {
            out += Segment(QStringLiteral("NTE"))
                       .set(1, QString::number(++noteId))
                       .set(2, QStringLiteral("L"))
                       .set(3, esc(note))
                       .text();
        }
    }

    // SPM-2 is an EIP: the placer's specimen ID, then ours (each an EI, so escaped down to
    // subcomponents, which Hl7Escape does).
    const QString specimenId = r.placerSpecimen.isEmpty() && r.fillerOrder.isEmpty()
                                   ? QString()
                                   : components({esc(r.placerSpecimen), esc(r.fillerOrder)});
    out += Segment(QStringLiteral("SPM"))
               .set(1, QStringLiteral("1"))
               .set(2, specimenId)
               .set(4, cwe(r.specimenTypeCode, r.specimenTypeName, r.specimenTypeCodeSystem))
               .set(17, ts(r.collectedAtMs))
               .set(18, ts(r.receivedAtMs))
               .text();
    return out;
}

} // namespace benchside
