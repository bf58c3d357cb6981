// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hl7/hl7resultreport.h"

#include <QString>
#include <QTimeZone>

namespace benchside {

// The outbound ORU^R01 (HL7 2.5.1) for a report: MSH, PID, ORC (RE), OBR, then per result its OBX and
// NTEs, then SPM. ER7 text with the default delimiters |^~\&, each segment ended by CR, every value
// escaped (Hl7Escape), trailing empty fields and components left off. MSH-15/16 empty (original-mode
// acknowledgement), MSH-18 "UNICODE UTF-8": send the text as UTF-8. Pure: no database, no clock.
//
// OBX-2 follows the value's form, never its test: a plain decimal number is NM ("4.2"); a number
// with a comparator is SN comparator^number ("<0.5" → "<^0.5"); a ratio or range of two numbers is
// SN ^n1^separator^n2 ("1:128" → "^1^:^128", "2-5" → "^2^-^5"); text with a line break or over 199
// characters is FT; any other text is ST ("NEG", "-----", "1,5"); an empty value leaves OBX-2 and
// OBX-5 empty. Nothing is ever turned into 0.
//
// Times are written as DTM to the second with the offset from UTC in force at that moment in the
// given time zone (YYYYMMDDHHMMSS+ZZZZ, e.g. 20261206083000+0100), so that a receiver never has to
// guess the sender's zone; 0 leaves the field empty. Milliseconds are dropped (truncated).
class Hl7OruBuilder
{
public:
    // In the station's own time zone.
    static QString build(const Hl7ResultReport &report);
    static QString build(const Hl7ResultReport &report, const QTimeZone &zone);
};

} // namespace benchside
