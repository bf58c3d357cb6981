// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7orderreader.h"

#include <QDate>
#include <QDateTime>
#include <QTimeZone>

namespace benchside {

namespace {
// The HL7 null ("" = delete the value) means nothing to an order that is being placed.
QString plain(const QString &value)
{
    return value == QLatin1String("\"\"") ? QString() : value.trimmed();
}

QString priorityOf(const QString &code)
{
    const QString c = code.trimmed().toUpper();
    if (c == QLatin1String("S"))
        return QStringLiteral("stat");
    if (c == QLatin1String("A") || c == QLatin1String("P") || c == QLatin1String("C") ||
        c == QLatin1String("T"))
        return QStringLiteral("asap");
    return c.isEmpty() ? QString() : QStringLiteral("routine");
}

QString personOf(const Hl7Message &m, int segment, int field)
{
    QStringList parts;
    for (const QString &part : {plain(m.value(segment, field, 1)), plain(m.value(segment, field, 2, 1)),
                                plain(m.value(segment, field, 3))}) {
        if (!part.isEmpty())
            parts << part;
    }
    return parts.join(QLatin1Char(' '));
}
} // namespace

qint64 Hl7OrderReader::parseTimestamp(const QString &ts)
{
    const QString t = plain(ts);
    qsizetype zone = t.indexOf(QLatin1Char('+'));
    if (zone < 0)
        zone = t.indexOf(QLatin1Char('-'));
    const QString stamp = zone < 0 ? t : t.left(zone);
    QString digits = stamp.section(QLatin1Char('.'), 0, 0);
    if (digits.size() < 8 || digits.size() > 14 || digits.size() % 2 != 0)
        return 0;
    for (const QChar c : digits) {
        if (!c.isDigit())
            return 0;
    }
    digits = digits.leftJustified(14, QLatin1Char('0'));
    const QDate date(digits.mid(0, 4).toInt(), digits.mid(4, 2).toInt(), digits.mid(6, 2).toInt());
    const QTime time(digits.mid(8, 2).toInt(), digits.mid(10, 2).toInt(), digits.mid(12, 2).toInt());
    if (!date.isValid() || !time.isValid())
        return 0;
    if (zone < 0)
        return QDateTime(date, time).toMSecsSinceEpoch();
    const QString offset = t.mid(zone);
    if (offset.size() != 5)
        return 0;
    const int sign = offset.at(0) == QLatin1Char('-') ? -1 : 1;
    bool okHours = false;
    bool okMinutes = false;
    const int hours = offset.mid(1, 2).toInt(&okHours);
    const int minutes = offset.mid(3, 2).toInt(&okMinutes);
    if (!okHours || !okMinutes || hours > 14 || minutes > 59)
        return 0;
    return QDateTime(date, time, QTimeZone(sign * (hours * 3600 + minutes * 60))).toMSecsSinceEpoch();
}

Hl7OrderMessage Hl7OrderReader::read(const Hl7Message &m) const
{
    Hl7OrderMessage out;
    const int msh = m.find(QStringLiteral("MSH"));
    const QString sender = plain(m.value(msh, 3, 1));
    const int pid = m.find(QStringLiteral("PID"));
    if (pid < 0)
        out.errors << Hl7Error{QStringLiteral("PID"), 1, 0, QStringLiteral("100"),
                               tr("The message has no patient (PID segment).")};
    else
        readPatient(m, pid, out);
    // Every order of the message goes to its one patient: a second patient group would put that
    // patient's orders on the first one's tubes.
    if (const int second = m.find(QStringLiteral("PID"), 1); second >= 0)
        out.errors << Hl7Error{QStringLiteral("PID"), 2, 0, QStringLiteral("100"),
                               tr("The message holds orders for more than one patient: send one message "
                                  "per patient.")};

    int orcCount = 0;
    int obrCount = 0;
    for (int i = 0; i < m.segments().size(); ++i) {
        const QString &name = m.segments().at(i).name;
        if (name == QLatin1String("ORC")) {
            Hl7Order order;
            order.orcSegment = i;
            order.occurrence = ++orcCount;
            order.control = plain(m.value(i, 1)).toUpper();
            order.placer = plain(m.value(i, 2, 1));
            order.placerNamespace = plain(m.value(i, 2, 2));
            order.filler = plain(m.value(i, 3, 1));
            order.provider = personOf(m, i, 12);
            order.priority = priorityOf(m.value(i, 7, 6)); // ORC-7 quantity/timing, up to 2.4
            out.orders << order;
        } else if (name == QLatin1String("TQ1") && !out.orders.isEmpty()) {
            const QString priority = priorityOf(m.value(i, 9, 1));
            if (!priority.isEmpty())
                out.orders.last().priority = priority;
        } else if (name == QLatin1String("OBR")) {
            ++obrCount;
            if (out.orders.isEmpty()) {
                out.errors << Hl7Error{QStringLiteral("OBR"), obrCount, 0, QStringLiteral("100"),
                                       tr("OBR %1 has no ORC before it.").arg(obrCount)};
                continue;
            }
            readObr(m, i, sender, out.orders.last(), out);
        } else if (name == QLatin1String("SPM") && !out.orders.isEmpty()) {
            Hl7Specimen specimen;
            specimen.segment = i;
            specimen.placerId = plain(m.value(i, 2, 1, 1));
            specimen.type = plain(m.rawField(i, 4));
            specimen.collectedAtMs = parseTimestamp(m.value(i, 17, 1));
            specimen.rejectReason = plain(m.value(i, 21, 2));
            if (specimen.rejectReason.isEmpty())
                specimen.rejectReason = plain(m.value(i, 21, 1));
            out.orders.last().specimens << specimen;
        }
    }
    if (out.orders.isEmpty() && out.errors.isEmpty())
        out.errors << Hl7Error{QStringLiteral("ORC"), 1, 0, QStringLiteral("100"),
                               tr("The message has no order (ORC segment).")};
    for (Hl7Order &order : out.orders) {
        if (order.priority.isEmpty())
            order.priority = QStringLiteral("routine");
        if (order.placer.isEmpty())
            out.errors << Hl7Error{
                QStringLiteral("ORC"), order.occurrence, 2, QStringLiteral("101"),
                tr("Order %1 has no placer order number (ORC-2 or OBR-2).").arg(order.occurrence)};
    }
    return out;
}

void Hl7OrderReader::readPatient(const Hl7Message &m, int pid, Hl7OrderMessage &out) const
{
    Hl7Patient &p = out.patient;
    p.id = plain(m.value(pid, 3, 1));
    p.authority = plain(m.value(pid, 3, 4));
    if (p.id.isEmpty())
        out.errors << Hl7Error{QStringLiteral("PID"), 1, 3, QStringLiteral("101"),
                               tr("The patient has no identifier (PID-3).")};
    const QString family = plain(m.value(pid, 5, 1, 1));
    const QString given = plain(m.value(pid, 5, 2));
    p.name = given.isEmpty() ? family : family.isEmpty() ? given : family + QStringLiteral(", ") + given;
    if (p.name.isEmpty())
        out.errors << Hl7Error{QStringLiteral("PID"), 1, 5, QStringLiteral("101"),
                               tr("The patient has no name (PID-5).")};
    const QString dob = plain(m.value(pid, 7, 1));
    if (!dob.isEmpty()) {
        const QDate date = QDate::fromString(dob.left(8), QStringLiteral("yyyyMMdd"));
        if (dob.size() < 8 || !date.isValid() || date > QDate::currentDate())
            out.errors << Hl7Error{
                QStringLiteral("PID"), 1, 7, QStringLiteral("102"),
                tr("\"%1\" is not a date of birth (PID-7): use YYYYMMDD, not in the future.").arg(dob)};
        else
            p.birthDate = date.toString(Qt::ISODate);
    }
    const QString sex = plain(m.value(pid, 8, 1)).toUpper();
    p.sex = sex == QLatin1String("F") || sex == QLatin1String("M") ? sex : QStringLiteral("U");
}

void Hl7OrderReader::readObr(const Hl7Message &m, int obr, const QString &sender, Hl7Order &order,
                             Hl7OrderMessage &out) const
{
    const int occurrence = [&] {
        int n = 0;
        for (int i = 0; i <= obr; ++i)
            n += m.segments().at(i).name == QLatin1String("OBR") ? 1 : 0;
        return n;
    }();
    order.obrSegment = obr;
    if (order.placer.isEmpty()) {
        order.placer = plain(m.value(obr, 2, 1));
        order.placerNamespace = plain(m.value(obr, 2, 2));
    }
    if (order.filler.isEmpty())
        order.filler = plain(m.value(obr, 3, 1));
    if (order.provider.isEmpty())
        order.provider = personOf(m, obr, 16);
    if (const qint64 at = parseTimestamp(m.value(obr, 7, 1)); at > 0)
        order.collectedAtMs = at;
    if (order.priority.isEmpty()) {
        order.priority = priorityOf(m.value(obr, 27, 6));
        if (order.priority.isEmpty())
            order.priority = priorityOf(m.value(obr, 5, 1));
    }
    order.orderedCode = m.value(obr, 4);
    const QString id = plain(m.value(obr, 4, 1));
    const QString alternate = plain(m.value(obr, 4, 4));
    if (id.isEmpty() && alternate.isEmpty()) {
        // A cancellation or status message may name the order alone: it then means all its tests.
        if (order.control == QLatin1String("CA") || order.control == QLatin1String("SC"))
            return;
        out.errors << Hl7Error{QStringLiteral("OBR"), occurrence, 4, QStringLiteral("101"),
                               tr("OBR %1 orders no test (OBR-4 is empty).").arg(occurrence)};
        return;
    }
    QList<TestDefinition> tests = m_codes.match(id, m.value(obr, 4, 3), sender);
    if (tests.isEmpty())
        tests = m_codes.match(alternate, m.value(obr, 4, 6), sender);
    if (tests.isEmpty()) {
        const QString system = plain(m.value(obr, 4, 3));
        out.errors << Hl7Error{
            QStringLiteral("OBR"), occurrence, 4, QStringLiteral("103"),
            tr("Unknown test code %1 (%2, coding system %3) in OBR %4: add it to the catalogue's codes "
               "for %5, or correct the order.")
                .arg(id.isEmpty() ? alternate : id, plain(m.value(obr, 4, 2)),
                     system.isEmpty() ? tr("none") : system)
                .arg(occurrence)
                .arg(sender.isEmpty() ? tr("the sender") : sender)};
        return;
    }
    for (const TestDefinition &t : std::as_const(tests)) {
        const bool already = std::any_of(order.tests.cbegin(), order.tests.cend(),
                                         [&](const TestDefinition &o) { return o.code == t.code; });
        if (!already)
            order.tests << t;
    }
}

} // namespace benchside
