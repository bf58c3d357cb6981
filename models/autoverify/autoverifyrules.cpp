// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoverify/autoverifyrules.h"

#include <cmath>

namespace benchside {

namespace {
QString number(double v)
{
    return QString::number(v, 'g', 6);
}
} // namespace

QJsonObject AutoverifyRules::toJson() const
{
    QJsonObject o{{QStringLiteral("enabled"), enabled},
                  {QStringLiteral("widen_percent"), widenPercent},
                  {QStringLiteral("qc_max_age_hours"), qcMaxAgeHours}};
    if (low)
        o.insert(QStringLiteral("low"), *low);
    if (high)
        o.insert(QStringLiteral("high"), *high);
    if (deltaLimit)
        o.insert(QStringLiteral("delta_limit"), *deltaLimit);
    if (hemolysisMax)
        o.insert(QStringLiteral("hemolysis_max"), *hemolysisMax);
    if (lipemiaMax)
        o.insert(QStringLiteral("lipemia_max"), *lipemiaMax);
    if (icterusMax)
        o.insert(QStringLiteral("icterus_max"), *icterusMax);
    return o;
}

Result<AutoverifyRules> AutoverifyRules::fromJson(const QString &test, const QJsonObject &o)
{
    using R = Result<AutoverifyRules>;
    AutoverifyRules r;
    r.test = test;
    r.enabled = o.value(QLatin1String("enabled")).toBool(false);
    const auto optional = [&](const char *key) -> std::optional<double> {
        const QJsonValue v = o.value(QLatin1String(key));
        return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
    };
    r.low = optional("low");
    r.high = optional("high");
    r.deltaLimit = optional("delta_limit");
    r.hemolysisMax = optional("hemolysis_max");
    r.lipemiaMax = optional("lipemia_max");
    r.icterusMax = optional("icterus_max");
    r.widenPercent = o.value(QLatin1String("widen_percent")).toDouble(0);
    r.qcMaxAgeHours = o.value(QLatin1String("qc_max_age_hours")).toDouble(24);
    if (r.low.has_value() != r.high.has_value())
        return R::failure(
            tr("Give both autoverification limits (low and high), or neither to use the reference "
               "range."));
    if (r.low && !(*r.low < *r.high))
        return R::failure(tr("The low autoverification limit must be below the high one."));
    if (!std::isfinite(r.widenPercent) || r.widenPercent < 0 || r.widenPercent > 50)
        return R::failure(tr("The reference range may be widened by 0 to 50 % of its width."));
    if (r.deltaLimit && !(*r.deltaLimit > 0))
        return R::failure(tr("The delta limit must be a change above zero."));
    for (const std::optional<double> &index : {r.hemolysisMax, r.lipemiaMax, r.icterusMax}) {
        if (index && !(std::isfinite(*index) && *index >= 0))
            return R::failure(tr("A serum index limit must be a number of 0 or more."));
    }
    if (!std::isfinite(r.qcMaxAgeHours) || r.qcMaxAgeHours <= 0 || r.qcMaxAgeHours > 24 * 7)
        return R::failure(tr("The QC run may be at most 1 minute to 7 days old (hours above 0, up to 168)."));
    return r;
}

QString AutoverifyRules::describe() const
{
    if (!enabled)
        return tr("Off: every result of %1 waits for a person.").arg(test);
    QStringList parts;
    parts << (low ? tr("the value lies within %1–%2").arg(number(*low), number(*high))
              : widenPercent > 0
                  ? tr("the value lies within the patient's reference range widened by %1 % of its width")
                        .arg(number(widenPercent))
                  : tr("the value lies within the patient's reference range"));
    parts << tr("never beyond the critical limits, and never when the patient's age or sex is unknown");
    parts << tr("the analyzer sent no flag and no error");
    parts << (deltaLimit ? tr("the delta check passes and the change is at most %1").arg(number(*deltaLimit))
                         : tr("the delta check passes, or there is no previous value"));
    parts << tr("the last QC run of %1 on that analyzer was accepted within %2 h and the test is not locked")
                 .arg(test, number(qcMaxAgeHours));
    if (hemolysisMax)
        parts << tr("the analyzer sent a hemolysis index of at most %1").arg(number(*hemolysisMax));
    if (lipemiaMax)
        parts << tr("the analyzer sent a lipemia index of at most %1").arg(number(*lipemiaMax));
    if (icterusMax)
        parts << tr("the analyzer sent an icterus index of at most %1").arg(number(*icterusMax));
    parts << tr("the specimen is neither flagged nor marked for review");
    return tr("On (rules v%1): a result of %2 from an analyzer is released without a person when %3.")
        .arg(version)
        .arg(test, parts.join(QStringLiteral("; ")));
}

} // namespace benchside
