// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalog/catalogchecker.h"

#include "result/resultspec.h"

#include <QJsonValue>
#include <algorithm>
#include <optional>

namespace benchside {

namespace {
QString num(double v)
{
    return QString::number(v);
}

QList<QPair<double, double>> gaps(const QList<ReferenceRange> &ranges, const QString &sex)
{
    QList<QPair<double, double>> covered;
    for (const ReferenceRange &r : ranges) {
        if (!r.fitsSex(sex))
            continue;
        const double from = std::max(0.0, r.ageMinYears);
        const double to = std::min(CatalogChecker::MaxAgeYears, r.ageMaxYears);
        if (from < to)
            covered.append({from, to});
    }
    std::sort(covered.begin(), covered.end());
    QList<QPair<double, double>> out;
    double reached = 0;
    for (const auto &[from, to] : covered) {
        if (from > reached)
            out.append({reached, from});
        reached = std::max(reached, to);
    }
    if (reached < CatalogChecker::MaxAgeYears)
        out.append({reached, CatalogChecker::MaxAgeYears});
    return out;
}
} // namespace

bool CatalogChecker::isNumeric(const QJsonObject &definition)
{
    return ResultSpec::typeOf(definition) == ResultSpec::Type::Numeric;
}

QList<CatalogChecker::Warning> CatalogChecker::check(const QJsonArray &tests)
{
    QList<Warning> out;
    for (const QJsonValue &t : tests) {
        const QJsonObject definition = t.toObject();
        out << checkTest(definition.value(QLatin1String("code")).toString(), definition);
    }
    return out;
}

QList<CatalogChecker::Warning> CatalogChecker::checkTest(const QString &code, const QJsonObject &definition)
{
    QList<Warning> out;
    if (!isNumeric(definition))
        return out;
    auto warn = [&](const QString &message) {
        out.append({code, message});
    };
    // The test as result entry reads it, with the same defaults.
    const ResultSpec spec = ResultSpec::fromDefinition(code, definition);
    const QList<ReferenceRange> &all = spec.ranges;
    auto who = [](const QString &sex) {
        return sex == QLatin1String("any") ? tr("either sex") : sex;
    };

    if (all.isEmpty()) {
        warn(tr("Numeric test without any reference range: add ranges that cover ages 0–%1 years (sex "
                "any, or F and M), or its results cannot be flagged.")
                 .arg(num(MaxAgeYears)));
    } else {
        for (const QString &sex : {QStringLiteral("F"), QStringLiteral("M")}) {
            for (const auto &[from, to] : gaps(all, sex))
                warn(tr("No reference range for %1 aged %2–%3 years: add a range for them (sex %1 or "
                        "any), or their results cannot be flagged.")
                         .arg(sex, num(from), num(to)));
        }
    }

    for (const ReferenceRange &r : all) {
        if (r.criticalLow && *r.criticalLow > r.low)
            warn(tr("Critical low %1 lies inside the normal interval %2–%3 of the range for %4 aged %5–%6 "
                    "years: a critical limit must not be above the normal low; lower it to %2 or below.")
                     .arg(num(*r.criticalLow), num(r.low), num(r.high), who(r.sex), num(r.ageMinYears),
                          num(r.ageMaxYears)));
        if (r.criticalHigh && *r.criticalHigh < r.high)
            warn(tr("Critical high %1 lies inside the normal interval %2–%3 of the range for %4 aged %5–%6 "
                    "years: a critical limit must not be below the normal high; raise it to %3 or above.")
                     .arg(num(*r.criticalHigh), num(r.low), num(r.high), who(r.sex), num(r.ageMinYears),
                          num(r.ageMaxYears)));
    }

    const bool hasLow = definition.contains(QLatin1String("plausible_low"));
    const bool hasHigh = definition.contains(QLatin1String("plausible_high"));
    const std::optional<double> &plausibleLow = spec.plausibleLow;
    const std::optional<double> &plausibleHigh = spec.plausibleHigh;
    if (!hasLow && !hasHigh) {
        warn(tr("No plausibility interval: add plausible_low and plausible_high (numbers in the test's "
                "unit) so that impossible values are caught."));
        return out;
    }
    if (!plausibleLow || !plausibleHigh) {
        warn(tr("The plausibility interval needs both plausible_low and plausible_high, as numbers in the "
                "test's unit."));
        return out;
    }
    if (*plausibleLow >= *plausibleHigh) {
        warn(tr("The plausibility interval %1–%2 is empty: plausible_low must be below plausible_high.")
                 .arg(num(*plausibleLow), num(*plausibleHigh)));
        return out;
    }
    for (const ReferenceRange &r : all) {
        QStringList outside;
        for (const std::optional<double> &v :
             {std::optional<double>(r.low), std::optional<double>(r.high), r.criticalLow, r.criticalHigh}) {
            if (v && (*v < *plausibleLow || *v > *plausibleHigh) && !outside.contains(num(*v)))
                outside << num(*v);
        }
        if (!outside.isEmpty())
            warn(tr("The plausibility interval %1–%2 does not contain every limit of the range for %3 aged "
                    "%4–%5 years (%6 outside): widen the interval, or correct the range.")
                     .arg(num(*plausibleLow), num(*plausibleHigh), who(r.sex), num(r.ageMinYears),
                          num(r.ageMaxYears), outside.join(QStringLiteral(", "))));
    }
    return out;
}

} // namespace benchside
