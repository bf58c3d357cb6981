// SPDX-License-Identifier: GPL-3.0-or-later
#include "astm/astmmessage.h"

#include <QStringDecoder>

namespace benchside {

namespace {
QString decodeText(QByteArrayView bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(bytes);
    return utf8.hasError() ? QString::fromLatin1(bytes) : text;
}

QStringList recordLines(const QString &text)
{
    const bool crEnds = text.contains(QLatin1Char('\r'));
    QStringList lines = text.split(crEnds ? QLatin1Char('\r') : QLatin1Char('\n'));
    QStringList out;
    for (QString &line : lines) {
        // CR LF line ends leave an LF in front of the next record.
        if (crEnds && line.startsWith(QLatin1Char('\n')))
            line.remove(0, 1);
        if (!line.trimmed().isEmpty())
            out.append(line);
    }
    return out;
}

QString firstNonEmpty(const QStringList &parts)
{
    for (const QString &part : parts) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty())
            return trimmed;
    }
    return {};
}

// Where the sample number sits in an O record: (field, component) pairs tried in turn; component 0
// is the first non-empty one. A place marked `alone` counts only when the field has no other
// component: the same component of a longer field is a sequence number, a rack or a position, and a
// result filed by one of those could land on a tube whose hospital label happens to be that number.
// Without a sample number the reading goes to the unmatched list.
struct Place
{
    int field;
    int component;
    bool alone = false;
    int unlessFilled = 0; // a field that, when it holds anything, says this place is not the sample's
};

QList<Place> specimenPlaces(AstmProfile profile)
{
    switch (profile) {
    case AstmProfile::Roche:
        // cobas c311 writes `seq^sample ID^…` in O-3 (and no sample in O-4); c111 leaves O-3 empty
        // and writes `sample ID^^position` in O-4.
        return {{3, 2}, {3, 1, true}, {4, 1, false, 3}};
    case AstmProfile::Sysmex:
        // `rack^position^sample^attribute` in O-4.
        return {{4, 3}, {4, 1, true}, {3, 1, true}};
    default:
        return {{4, 0}, {3, 0}};
    }
}

QString specimenFrom(const AstmRecord &r, AstmProfile profile)
{
    for (const Place &place : specimenPlaces(profile)) {
        const QStringList parts = r.components(place.field);
        if ((place.alone && parts.size() > 1) ||
            (place.unlessFilled > 0 && !firstNonEmpty(r.components(place.unlessFilled)).isEmpty()))
            continue;
        const QString id =
            place.component == 0 ? firstNonEmpty(parts) : parts.value(place.component - 1).trimmed();
        if (!id.isEmpty())
            return id;
    }
    return {};
}

QStringList trimmedAll(QStringList parts)
{
    for (QString &part : parts)
        part = part.trimmed();
    return parts;
}

AstmComment commentFrom(const AstmRecord &r, int index)
{
    return {index, r.field(3).trimmed(), trimmedAll(r.components(4)), r.field(5).trimmed()};
}
} // namespace

QStringList AstmMessage::recordsBeforeHeader(QByteArrayView text)
{
    QStringList out;
    AstmDelimiters ignored;
    for (const QString &line : recordLines(decodeText(text))) {
        if (AstmDelimiters::fromHeader(line, &ignored))
            break;
        out.append(line);
    }
    return out;
}

QList<Result<AstmMessage>> AstmMessage::parseSession(QByteArrayView text, AstmProfile profile)
{
    QList<Result<AstmMessage>> out;
    QStringList group;
    AstmDelimiters ignored;
    for (const QString &line : recordLines(decodeText(text))) {
        if (AstmDelimiters::fromHeader(line, &ignored) && !group.isEmpty()) {
            out.append(parseRecords(group, profile));
            group.clear();
        }
        group.append(line);
    }
    if (!group.isEmpty())
        out.append(parseRecords(group, profile));
    return out;
}

Result<AstmMessage> AstmMessage::parseRecords(const QStringList &lines, AstmProfile profile)
{
    AstmMessage m;
    if (!AstmDelimiters::fromHeader(lines.first(), &m.m_delimiters)) {
        return Result<AstmMessage>::failure(
            tr("%n record(s) without an H record before them, the first: \"%1\".", nullptr, int(lines.size()))
                .arg(lines.first().left(60)));
    }
    for (const QString &line : lines)
        m.m_records.append(AstmRecord(line, m.m_delimiters));
    m.read(profile);
    return m;
}

void AstmMessage::read(AstmProfile profile)
{
    // A C record belongs to the record before it that can carry comments.
    enum class Last { Header, Patient, Order, Result } last = Last::Header;
    bool ended = false;
    for (int i = 0; i < m_records.size(); ++i) {
        const AstmRecord &r = m_records.at(i);
        const QChar type = r.type();
        if (ended)
            m_notes.append(QStringLiteral("Record %1 (%2) comes after the L record.").arg(i + 1).arg(type));
        switch (type.unicode()) {
        case 'H':
            break;
        case 'P': {
            AstmPatient p;
            p.record = i;
            p.practiceId = r.field(3).trimmed();
            p.laboratoryId = r.field(4).trimmed();
            p.patientId = r.field(5).trimmed();
            p.name = trimmedAll(r.components(6));
            p.birthDate = r.field(8).trimmed();
            p.sex = r.field(9).trimmed();
            m_patients.append(p);
            last = Last::Patient;
            break;
        }
        case 'O': {
            AstmOrder o;
            o.record = i;
            o.specimenId = specimenFrom(r, profile);
            // GeneXpert orders the panel as `^^^MTB-RIF`, in the place the generic profile reads.
            const AstmProfile orderProfile =
                profile == AstmProfile::GeneXpert ? AstmProfile::Generic : profile;
            const int tests = int(r.repeats(5).size());
            for (int rep = 0; rep < tests; ++rep) {
                const QString code = testCode(r.components(5, rep), orderProfile);
                if (!code.isEmpty())
                    o.testCodes.append(code);
            }
            o.priority = r.field(6).trimmed();
            o.actionCode = r.field(12).trimmed();
            o.specimenType = r.field(16).trimmed();
            o.reportType = r.field(26).trimmed();
            currentPatient(i).orders.append(o);
            last = Last::Order;
            break;
        }
        case 'R': {
            AstmResult res;
            res.record = i;
            res.testId = r.components(3);
            res.testCode = testCode(res.testId, profile);
            res.valueParts = trimmedAll(r.components(4));
            res.value = firstNonEmpty(res.valueParts);
            res.units = r.field(5).trimmed();
            res.referenceRange = r.field(6).trimmed();
            for (const QString &flag : r.repeats(7)) {
                const QString f = AstmRecord::decode(flag, m_delimiters).trimmed();
                if (!f.isEmpty())
                    res.flags.append(f);
            }
            res.status = r.field(9).trimmed();
            res.operatorId = r.field(11).trimmed();
            res.startedAt = r.field(12).trimmed();
            res.completedAt = r.field(13).trimmed();
            res.instrument = r.field(14).trimmed();
            currentOrder(i).results.append(res);
            last = Last::Result;
            break;
        }
        case 'C': {
            const AstmComment c = commentFrom(r, i);
            switch (last) {
            case Last::Header:
                m_comments.append(c);
                break;
            case Last::Patient:
                m_patients.last().comments.append(c);
                break;
            case Last::Order:
                m_patients.last().orders.last().comments.append(c);
                break;
            case Last::Result:
                m_patients.last().orders.last().results.last().comments.append(c);
                break;
            }
            break;
        }
        case 'Q': {
            AstmQuery q;
            q.record = i;
            // The specimen is the second component of each Q-3 repeat (`^sample^…`), for Sysmex the
            // third (`^^sample^attribute`), as in its O records.
            const int at = profile == AstmProfile::Sysmex ? 3 : 2;
            const int asked = int(r.repeats(3).size());
            for (int rep = 0; rep < asked; ++rep) {
                const QStringList parts = r.components(3, rep);
                QString id = parts.value(at - 1).trimmed();
                if (id.isEmpty())
                    id = firstNonEmpty(parts);
                if (!id.isEmpty())
                    q.specimenIds.append(id);
            }
            q.testIds = r.repeats(5);
            q.requestStatus = r.field(13).trimmed();
            m_queries.append(q);
            break;
        }
        case 'M':
            m_notes.append(
                QStringLiteral("Record %1 (M, the manufacturer's own) kept, not read.").arg(i + 1));
            break;
        case 'L':
            ended = true;
            break;
        default:
            m_notes.append(QStringLiteral("Record %1 of unknown type \"%2\" kept, not read.")
                               .arg(i + 1)
                               .arg(r.rawField(1).left(10)));
            break;
        }
    }
}

AstmPatient &AstmMessage::currentPatient(int recordIndex)
{
    if (m_patients.isEmpty()) {
        m_notes.append(QStringLiteral("Record %1 comes before any P record: read under an unnamed patient.")
                           .arg(recordIndex + 1));
        m_patients.append(AstmPatient());
    }
    return m_patients.last();
}

AstmOrder &AstmMessage::currentOrder(int recordIndex)
{
    AstmPatient &p = currentPatient(recordIndex);
    if (p.orders.isEmpty()) {
        m_notes.append(QStringLiteral("Record %1 comes before any O record: read under an order without a "
                                      "specimen.")
                           .arg(recordIndex + 1));
        p.orders.append(AstmOrder());
    }
    return p.orders.last();
}

QString AstmMessage::testCode(const QStringList &testId, AstmProfile profile)
{
    switch (profile) {
    case AstmProfile::Sysmex:
        return testId.value(4).trimmed();
    case AstmProfile::GeneXpert: {
        // Panel, assay, analyte and kind (Ct, EndPt): the panel alone names 84 results alike.
        QStringList parts;
        for (const int at : {1, 3, 6, 7})
            parts.append(testId.value(at).trimmed());
        while (!parts.isEmpty() && parts.last().isEmpty())
            parts.removeLast();
        return parts.join(QLatin1Char('^'));
    }
    default:
        return testId.value(3).trimmed();
    }
}

QString AstmMessage::controlId() const
{
    return m_records.first().field(3).trimmed();
}

QStringList AstmMessage::sender() const
{
    return trimmedAll(m_records.first().components(5));
}

QString AstmMessage::receiver() const
{
    return m_records.first().field(10).trimmed();
}

QString AstmMessage::processingId() const
{
    return m_records.first().field(12).trimmed();
}

QString AstmMessage::version() const
{
    return m_records.first().field(13).trimmed();
}

QString AstmMessage::timestamp() const
{
    return m_records.first().field(14).trimmed();
}

bool AstmMessage::isComplete() const
{
    return m_records.last().type() == QLatin1Char('L');
}

QString AstmMessage::terminationCode() const
{
    return isComplete() ? m_records.last().field(3).trimmed() : QString();
}

} // namespace benchside
