// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7ackrequest.h"

namespace benchside {

Hl7AckRequest Hl7AckRequest::of(const Hl7Message &m)
{
    const int msh = m.find(QStringLiteral("MSH"));
    Hl7AckRequest r;
    r.m_accept = m.value(msh, 15, 1).trimmed().toUpper();
    r.m_application = m.value(msh, 16, 1).trimmed().toUpper();
    return r;
}

bool Hl7AckRequest::wanted(const QString &condition, Hl7Ack::Code outcome)
{
    if (condition.isEmpty() || condition == QLatin1String("NE"))
        return false;
    if (condition == QLatin1String("ER"))
        return outcome != Hl7Ack::Code::Accept;
    if (condition == QLatin1String("SU"))
        return outcome == Hl7Ack::Code::Accept;
    // AL, and codes outside table 0155: a sender that wrote something there is waiting for an answer.
    return true;
}

Hl7AckRequest::Reply Hl7AckRequest::reply(Hl7Ack::Code outcome) const
{
    if (original())
        return Reply::Ack;
    if (wanted(m_application, outcome))
        return Reply::OrderResponse;
    if (wanted(m_accept, outcome))
        return Reply::CommitAck;
    return Reply::None;
}

} // namespace benchside
