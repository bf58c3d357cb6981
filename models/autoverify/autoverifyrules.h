// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace benchside {

// One test's autoverification rule set, as a supervisor set it (`autoverify set`, the Settings
// page): off until switched on; the limits a value must lie within (given, or the reference range
// widened by a share of its width, and never beyond the critical limits); an optional delta limit
// stricter than the test's own check; and how old the last accepted QC run may be. Versioned: each
// change is a journaled event with who and why.
struct AutoverifyRules
{
    Q_DECLARE_TR_FUNCTIONS(AutoverifyRules)

public:
    QString test;
    bool enabled = false;
    std::optional<double> low; // explicit limits, in the test's unit
    std::optional<double> high;
    double widenPercent = 0;          // without explicit limits: the range widened by this share of its width
    std::optional<double> deltaLimit; // the largest change from the previous value it releases
    double qcMaxAgeHours = 24;
    // The highest hemolysis, lipemia and icterus index a released result's specimen may have; a limit
    // set holds every result whose analyzer did not send that index.
    std::optional<double> hemolysisMax;
    std::optional<double> lipemiaMax;
    std::optional<double> icterusMax;
    int version = 0; // 0: never set

    QJsonObject toJson() const;
    static Result<AutoverifyRules> fromJson(const QString &test, const QJsonObject &o);
    // The rules in plain words, for supervisors and the timeline.
    QString describe() const;
};

} // namespace benchside
