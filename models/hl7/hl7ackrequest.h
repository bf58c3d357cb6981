// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hl7/hl7ack.h"
#include "hl7/hl7message.h"

#include <QString>

namespace benchside {

// What the sender of a message asked to be answered with (MSH-15 accept and MSH-16 application
// acknowledgement type, HL7 table 0155: AL always, NE never, ER on error or reject, SU on success).
// Both empty is original mode: an ACK with AA, AE or AR, always. Otherwise enhanced mode.
//
// One connection carries one answer per message: we commit before we answer, so the application
// response (ORR^O02 / ORL^O22) already says what a commit ACK would, and it is the one sent when both
// are asked for. A second, unsolicited message on the same socket would be read by the sender as the
// answer to its next message (the Mirth #1441 class of bug); see docs/decisions.md.
class Hl7AckRequest
{
public:
    enum class Reply {
        Ack,           // original mode: ACK, AA/AE/AR
        OrderResponse, // ORR^O02 or ORL^O22 with MSA AA/AE/AR and the filler numbers
        CommitAck,     // ACK, CA/CE/CR
        None,          // the sender asked for nothing in this case
    };

    static Hl7AckRequest of(const Hl7Message &m);

    bool original() const { return m_accept.isEmpty() && m_application.isEmpty(); }
    Reply reply(Hl7Ack::Code outcome) const;

private:
    static bool wanted(const QString &condition, Hl7Ack::Code outcome);

    QString m_accept;      // MSH-15
    QString m_application; // MSH-16
};

} // namespace benchside
