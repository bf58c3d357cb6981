// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace benchside {

// The standard's names of the fields of the segments a laboratory interface carries (MSH, PID, PV1,
// ORC, OBR, TQ1, OBX, NTE, SPM, MSA, ERR), as HL7 v2.5.1 gives them, for the message viewer. They stay
// in English: they are the names interface specifications, vendors' documents and support staff use.
class Hl7FieldNames
{
public:
    // "Sending Application" for ("MSH", 3); empty for a field or segment not in the table.
    static QString name(const QString &segment, int field);
    // "Patient Identification" for "PID"; empty for a segment not in the table.
    static QString segmentName(const QString &segment);
};

} // namespace benchside
