// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/chainverifier.h"

namespace benchside {

class Lab;

// The hash-chain verification asked for by a user of the station (the audit view): administrators
// only, decided here rather than by which buttons a window enables.
class ChainAudit
{
public:
    static Result<ChainVerifier::Report> verifyAs(Lab &lab, const QString &actor);
};

} // namespace benchside
