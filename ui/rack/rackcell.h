// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rack/rackreading.h"
#include "specimen/specimen.h"

#include <QString>
#include <optional>

namespace benchside {

// One well as the Rack page shows it: what the image showed, what the station knows about the code,
// and, once the rack has been received or stored, what became of the tube.
struct RackCell
{
    enum class Kind {
        Known,      // decoded, and a specimen of this station
        Unknown,    // decoded, but no specimen here (or not an accession number at all)
        Empty,      // no tube
        Unreadable, // a tube whose code could not be read
        Duplicate,  // the same code in two wells: neither is trusted
    };

    WellReading reading;
    Kind kind = Kind::Empty;
    std::optional<Specimen> specimen; // Known only
    QString problem;                  // why an Unknown code is not a specimen here

    QString outcome; // RackService's outcome name once recorded or refused; empty before
    QString outcomeMessage;
    bool recorded = false;

    static QString kindName(Kind kind); // known, unknown, empty, unreadable, duplicate
};

} // namespace benchside
