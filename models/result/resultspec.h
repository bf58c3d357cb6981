// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace benchside {

// One reference interval of a numeric test, for one sex ("F", "M" or "any") and an age band
// [ageMinYears, ageMaxYears). Critical limits are optional.
struct ReferenceRange
{
    QString sex = QStringLiteral("any");
    double ageMinYears = 0;
    double ageMaxYears = 200;
    double low = 0;
    double high = 0;
    std::optional<double> criticalLow;
    std::optional<double> criticalHigh;

    bool fitsSex(const QString &patientSex) const;
    bool fitsAge(double ageYears) const;
    bool covers(const QString &patientSex, double ageYears) const
    {
        return fitsSex(patientSex) && fitsAge(ageYears);
    }
    // The limits as the journal records them: low, high, critical_low, critical_high.
    QJsonObject limitsJson() const;
};

// What the catalogue says about resulting one test: the parts of its definition (tests.definition)
// that entry, flagging, delta checks and verification need.
struct ResultSpec
{
    enum class Type { Numeric, Coded, Text };

    QString code;
    QString name;
    QString bench;
    Type type = Type::Numeric;
    QString unit;
    QList<ReferenceRange> ranges;
    std::optional<double> deltaLimit;
    // Limits that do not depend on the patient ("plausible_low"/"plausible_high"): a value outside
    // them is taken for a typing or unit error unless the technician confirms it with a reason.
    std::optional<double> plausibleLow;
    std::optional<double> plausibleHigh;
    QStringList allowedValues; // coded tests
    QStringList normalValues;  // coded tests: anything else is flagged A
    // A technician other than the one who entered the result may verify it; otherwise only a
    // supervisor may ("technician_may_verify" in the catalogue, false when absent).
    bool technicianMayVerify = false;

    static ResultSpec fromDefinition(const QString &code, const QJsonObject &definition);
    // "result_type" as fromDefinition reads it: anything but "coded" and "text" is numeric.
    static Type typeOf(const QJsonObject &definition);
    static QString typeName(Type type);
};

} // namespace benchside
