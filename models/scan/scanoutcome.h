// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "specimen/specimen.h"

#include <QString>
#include <optional>

namespace benchside {

// What became of one scan. Every type but Received and Found is a warning the technician must see.
struct ScanOutcome
{
    enum class Type {
        Received,
        Found,
        Duplicate,
        AlreadyReceived,
        Unknown,
        BadCheckCharacter,
        BadCharacters,
        Rejected,
        Disposed,
        Incomplete,
        Failed,
    };

    Type type = Type::Failed;
    QString code;          // our accession number (once found by a hospital label, the tube's)
    QString hospitalLabel; // the ward's own label the tube was found by, when it was not ours
    QString message;
    std::optional<Specimen> specimen;

    bool isConfirmation() const { return type == Type::Received || type == Type::Found; }
    // The code could not be an accession number at all: bad input, not a lookup result.
    bool isMalformed() const { return type == Type::BadCheckCharacter || type == Type::BadCharacters; }
    QString name() const; // the CLI/JSON spelling: received, duplicate, bad-check-character, …
};

} // namespace benchside
