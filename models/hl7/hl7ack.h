// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hl7/hl7message.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace benchside {

// One content error for an ACK's ERR segment: where (segment, its occurrence, field) and what, as a
// code of HL7 table 0357 (101 required field missing, 102 data type error, 103 table value not
// found, 207 application internal error).
struct Hl7Error
{
    QString segment;
    int occurrence = 1;
    int field = 0;
    QString code;
    QString text;
};

// The acknowledgement of an inbound message: MSH with sender and receiver swapped (MSH-3/4 ↔
// MSH-5/6), MSH-9 ACK^<trigger>^ACK, a new MSH-10, MSH-11 and MSH-12 echoed; MSA with the code and
// the inbound MSH-10; one ERR per error, written as the message's version expects (ERR-1 up to 2.4,
// ERR-2/3/4 from 2.5). In the inbound message's own delimiters, values escaped.
class Hl7Ack
{
public:
    enum class Code { Accept, Error, Reject }; // AA, AE, AR; as a commit ACK CA, CE, CR

    // The original-mode ACK (AA, AE, AR).
    static QString build(const Hl7Message &in, Code code, const QString &controlId, const QDateTime &at,
                         const QString &text = {}, const QList<Hl7Error> &errors = {});
    // The enhanced-mode accept acknowledgement (CA, CE, CR).
    static QString buildCommit(const Hl7Message &in, Code code, const QString &controlId, const QDateTime &at,
                               const QString &text = {}, const QList<Hl7Error> &errors = {});
    // MSH-9 of an acknowledgement of `in`: ACK, the inbound trigger event, ACK (its components).
    static QStringList ackType(const Hl7Message &in);
    // MSH, MSA and ERR of any response to `in`: `messageType` is MSH-9's components, each escaped
    // and joined with the message's component separator; `msaCode` is MSA-1.
    static QString compose(const Hl7Message &in, const QStringList &messageType, const QString &msaCode,
                           const QString &controlId, const QDateTime &at, const QString &text,
                           const QList<Hl7Error> &errors);
    // For bytes that could not be read as a message at all: AR, MSA-2 empty, the reason in MSA-3.
    static QString rejectUnreadable(const QString &reason, const QString &controlId, const QDateTime &at);
    static QString codeName(Code code);
    static QString commitCodeName(Code code);
};

} // namespace benchside
