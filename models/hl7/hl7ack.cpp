// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7ack.h"

namespace benchside {

namespace {
QString timestamp(const QDateTime &at)
{
    return at.toString(QStringLiteral("yyyyMMddHHmmss"));
}

// Versions before 2.5 put the whole error in ERR-1 (a CM of location and code); 2.5 and later use
// ERR-2 (ERL), ERR-3 (CWE) and ERR-4 (severity).
bool errInErr1(const QString &version)
{
    return version.startsWith(QLatin1String("2.1")) || version.startsWith(QLatin1String("2.2")) ||
           version.startsWith(QLatin1String("2.3")) || version.startsWith(QLatin1String("2.4"));
}
} // namespace

QString Hl7Ack::codeName(Code code)
{
    switch (code) {
    case Code::Accept:
        return QStringLiteral("AA");
    case Code::Error:
        return QStringLiteral("AE");
    case Code::Reject:
        break;
    }
    return QStringLiteral("AR");
}

QString Hl7Ack::commitCodeName(Code code)
{
    switch (code) {
    case Code::Accept:
        return QStringLiteral("CA");
    case Code::Error:
        return QStringLiteral("CE");
    case Code::Reject:
        break;
    }
    return QStringLiteral("CR");
}

QStringList Hl7Ack::ackType(const Hl7Message &in)
{
    // The trigger as a value: a component separator escaped inside it (found by fuzz_hl7) stays in
    // the one component it came in.
    return {QStringLiteral("ACK"), in.value(in.find(QStringLiteral("MSH")), 9, 2), QStringLiteral("ACK")};
}

QString Hl7Ack::build(const Hl7Message &in, Code code, const QString &controlId, const QDateTime &at,
                      const QString &text, const QList<Hl7Error> &errors)
{
    return compose(in, ackType(in), codeName(code), controlId, at, text, errors);
}

QString Hl7Ack::buildCommit(const Hl7Message &in, Code code, const QString &controlId, const QDateTime &at,
                            const QString &text, const QList<Hl7Error> &errors)
{
    return compose(in, ackType(in), commitCodeName(code), controlId, at, text, errors);
}

QString Hl7Ack::compose(const Hl7Message &in, const QStringList &messageType, const QString &msaCode,
                        const QString &controlId, const QDateTime &at, const QString &text,
                        const QList<Hl7Error> &errors)
{
    const Hl7Delimiters &d = in.delimiters();
    const QString f = d.field;
    const QString c = d.component.isNull() ? QStringLiteral("^") : QString(d.component);
    const QString s = d.subcomponent.isNull() ? QStringLiteral("&") : QString(d.subcomponent);
    const int msh = in.find(QStringLiteral("MSH"));
    const auto raw = [&](int field) {
        return in.rawField(msh, field);
    };
    const auto esc = [&](const QString &v) {
        return Hl7Escape::escape(v, d);
    };
    const QString version = in.value(msh, 12, 1);
    const auto typeField = [&](const QStringList &type) {
        QStringList parts;
        for (const QString &part : type)
            parts << esc(part);
        return parts.join(c);
    };

    QString out = QStringLiteral("MSH") + f + d.encodingCharacters();
    // Sender and receiver as the inbound message named them, swapped; copied as written.
    for (const QString &field : {raw(5), raw(6), raw(3), raw(4), timestamp(at), QString(),
                                 typeField(messageType), esc(controlId), raw(11), raw(12)})
        out += f + field;
    out += QLatin1Char('\r');
    out += QStringLiteral("MSA") + f + msaCode + f + raw(10);
    if (!text.isEmpty())
        out += f + esc(text);
    out += QLatin1Char('\r');
    for (const Hl7Error &e : errors) {
        const QString where =
            esc(e.segment) + c + QString::number(e.occurrence) + c + QString::number(e.field);
        if (errInErr1(version)) {
            out += QStringLiteral("ERR") + f + where + c + esc(e.code) + s + esc(e.text) + s +
                   QStringLiteral("HL70357");
        } else {
            out += QStringLiteral("ERR") + f + f + where + f + esc(e.code) + c + esc(e.text) + c +
                   QStringLiteral("HL70357") + f + QStringLiteral("E");
        }
        out += QLatin1Char('\r');
    }
    return out;
}

QString Hl7Ack::rejectUnreadable(const QString &reason, const QString &controlId, const QDateTime &at)
{
    const Hl7Delimiters d;
    return QStringLiteral("MSH|^~\\&|||||") + timestamp(at) + QStringLiteral("||ACK|") +
           Hl7Escape::escape(controlId, d) + QStringLiteral("|P|2.5.1\rMSA|AR||") +
           Hl7Escape::escape(reason, d) + QLatin1Char('\r');
}

} // namespace benchside
