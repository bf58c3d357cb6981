// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7orderresponse.h"

#include "hl7/hl7escape.h"

namespace benchside {

QStringList Hl7OrderResponse::messageType(const Hl7Message &in)
{
    if (in.value(QStringLiteral("MSH"), 9, 1).trimmed() == QLatin1String("OML"))
        return {QStringLiteral("ORL"), QStringLiteral("O22"), QStringLiteral("ORL_O22")};
    return {QStringLiteral("ORR"), QStringLiteral("O02"), QStringLiteral("ORR_O02")};
}

QString Hl7OrderResponse::build(const Hl7Message &in, Hl7Ack::Code code, const QString &controlId,
                                const QDateTime &at, const QString &text, const QList<Hl7Error> &errors,
                                const QList<Hl7FilledOrder> &orders)
{
    const QStringList type = messageType(in);
    QString out = Hl7Ack::compose(in, type, Hl7Ack::codeName(code), controlId, at, text, errors);
    if (orders.isEmpty())
        return out;

    const Hl7Delimiters &d = in.delimiters();
    const QString f = d.field;
    const QString c = d.component.isNull() ? QStringLiteral("^") : QString(d.component);
    const QString s = d.subcomponent.isNull() ? QStringLiteral("&") : QString(d.subcomponent);
    const auto esc = [&](const QString &v) {
        return Hl7Escape::escape(v, d);
    };
    // Our numbers are in the namespace of the application the sender addressed (its MSH-5, our MSH-3).
    QString ours = in.value(QStringLiteral("MSH"), 5, 1).trimmed();
    if (ours.isEmpty())
        ours = QStringLiteral("BENCHSIDE");
    const auto filler = [&](const QString &accession) {
        return accession.isEmpty() ? QString() : esc(accession) + c + esc(ours);
    };
    const bool withSpecimen = type.first() == QLatin1String("ORL");

    const int pid = in.find(QStringLiteral("PID"));
    if (pid >= 0)
        out +=
            QStringLiteral("PID") + f + QStringLiteral("1") + f + f + in.rawField(pid, 3) + QLatin1Char('\r');
    int n = 0;
    for (const Hl7FilledOrder &o : orders) {
        ++n;
        QString placer = o.orcSegment >= 0 ? in.rawField(o.orcSegment, 2) : QString();
        if (placer.isEmpty() && o.obrSegment >= 0)
            placer = in.rawField(o.obrSegment, 2);
        out += QStringLiteral("ORC") + f + esc(o.control) + f + placer + f + filler(o.accession) +
               QLatin1Char('\r');
        out += QStringLiteral("OBR") + f + QString::number(n) + f + placer + f + filler(o.accession) + f +
               (o.obrSegment >= 0 ? in.rawField(o.obrSegment, 4) : QString()) + QLatin1Char('\r');
        if (withSpecimen && !o.accession.isEmpty())
            out += QStringLiteral("SPM") + f + QString::number(n) + f + esc(o.placerSpecimen) + c +
                   esc(o.accession) + s + esc(ours) + QLatin1Char('\r');
    }
    return out;
}

} // namespace benchside
