// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "custody/custodykind.h"
#include "specimen/specimen.h"

#include <QCoreApplication>
#include <QString>

namespace benchside {

// What may happen to a specimen next, given where it is in its chain of custody.
class CustodyRules
{
    Q_DECLARE_TR_FUNCTIONS(CustodyRules)

public:
    enum class Verdict {
        Allowed,
        NotReceived,
        AlreadyReceived,
        Disposed,
        Rejected,
        NotStored,
        MissingLocation,
        MissingReason,
        BadAliquotCount,
        BadStatus,
    };

    struct Check
    {
        Verdict verdict = Verdict::Allowed;
        QString message;
        bool allowed() const { return verdict == Verdict::Allowed; }
    };

    struct Step
    {
        CustodyKind kind;
        QString location;
        QString reasonCode;
        QString reason;
        int aliquots = 0;
        QString correctedStatus;
    };

    static Check check(const Specimen &specimen, const Step &step);
    static const QStringList &statuses();
    static constexpr int MaxAliquots = 20;
};

} // namespace benchside
