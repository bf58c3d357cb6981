// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/scanoutcome.h"
#include "specimen/specimen.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace benchside {

// The JSON spelling of a specimen and of a scan outcome. benchside-cli prints it (accession, scan,
// --json) and scripts rely on its keys, so every tool that exports a specimen uses this one shape.
class SpecimenJson
{
public:
    static QJsonObject specimen(const Specimen &s);
    // code, outcome, message, and the specimen when the scan found one.
    static QJsonObject outcome(const ScanOutcome &o);
    // One line of `replay --json`: code, commit_ms, message and outcome, exactly as QJsonDocument
    // spells that object in compact form (keys sorted). Written out because a flood of scans prints
    // one line per receipt, and building it as a QJsonObject cost 38,000 instructions, a tenth of
    // the receipt itself (callgrind, issue 22).
    static QByteArray replayLine(const ScanOutcome &o, double commitMs);
    // ISO 8601 with this machine's offset from UTC; empty for 0 (not happened).
    static QString timestamp(qint64 ms);
};

} // namespace benchside
