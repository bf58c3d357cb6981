// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoverify/autoverifier.h"

#include <QDateTime>
#include <QJsonArray>
#include <cmath>

namespace benchside {

namespace {
QString number(double v)
{
    return QString::number(v, 'g', 6);
}

// A serum index limit holds a result when the index is above it, or was not sent at all.
void checkIndex(QStringList &held, const std::optional<double> &limit, const std::optional<double> &index,
                const QString &missing, const QString &above)
{
    if (!limit)
        return;
    if (!index)
        held << missing;
    else if (*index > *limit)
        held << above.arg(number(*index), number(*limit));
}
} // namespace

void AutoverifyFacts::takeInstrument(const QJsonObject &instrument)
{
    for (const QJsonValue &sent : instrument.value(QLatin1String("flags")).toArray())
        instrumentFlags << sent.toString();
    instrumentStatus = instrument.value(QLatin1String("status")).toString();
    const QJsonObject indices = instrument.value(QLatin1String("indices")).toObject();
    const auto index = [&](const char *letter) -> std::optional<double> {
        const QJsonValue v = indices.value(QLatin1String(letter));
        return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
    };
    hemolysis = index("H");
    lipemia = index("L");
    icterus = index("I");
}

std::optional<std::pair<double, double>> Autoverifier::limits(const AutoverifyRules &rules,
                                                              const std::optional<ReferenceRange> &range)
{
    if (!range)
        return std::nullopt;
    double low = 0, high = 0;
    if (rules.low && rules.high) {
        low = *rules.low;
        high = *rules.high;
    } else {
        const double widen = (range->high - range->low) * rules.widenPercent / 100.0;
        low = range->low - widen;
        high = range->high + widen;
    }
    // Never beyond the critical limits: a value at or past them is critical, whatever was set.
    if (range->criticalLow)
        low = std::max(low, *range->criticalLow);
    if (range->criticalHigh)
        high = std::min(high, *range->criticalHigh);
    if (!(low <= high))
        return std::nullopt;
    return std::make_pair(low, high);
}

AutoverifyDecision Autoverifier::decide(const AutoverifyRules &rules, const AutoverifyFacts &f, bool explain)
{
    AutoverifyDecision d;
    QStringList held;
    if (!rules.enabled)
        held << tr("autoverification is off for %1").arg(rules.test);
    if (!f.value || !std::isfinite(*f.value))
        held << tr("not a numeric value");
    if (ResultFlags::isCritical(f.flag))
        held << tr("critical value (%1)").arg(ResultFlags::code(f.flag));
    if (f.basis != RangeBasis::Patient)
        held << tr("not judged by the patient's own range (%1)").arg(ResultJudge::basisText(f.basis));
    if (f.implausible)
        held << tr("beyond the plausible limits");
    QStringList instrument;
    for (const QString &flag : f.instrumentFlags) {
        if (!flag.trimmed().isEmpty() && flag.trimmed() != QLatin1String("N"))
            instrument << flag.trimmed();
    }
    if (!instrument.isEmpty())
        held << tr("analyzer flag %1").arg(instrument.join(QLatin1Char(',')));
    if (!f.instrumentStatus.isEmpty() && f.instrumentStatus != QLatin1String("F"))
        held << tr("analyzer status %1, not final").arg(f.instrumentStatus);
    if (f.delta == DeltaCheck::Outcome::Exceeded)
        held << tr("delta check exceeded");
    else if (rules.deltaLimit && f.hasPrevious && std::abs(f.deltaChange) > *rules.deltaLimit)
        held << tr("changed by %1 since the previous value, more than %2")
                    .arg(number(f.deltaChange), number(*rules.deltaLimit));
    if (f.qcLockout)
        held << tr("QC lockout: %1").arg(*f.qcLockout);
    if (f.lastQcStatus.isEmpty())
        held << tr("no QC run of %1 on this analyzer").arg(rules.test);
    else if (f.lastQcStatus != QLatin1String("accepted"))
        held << tr("last QC run %1").arg(f.lastQcStatus);
    else if (f.nowMs - f.lastQcAtMs > qint64(rules.qcMaxAgeHours * 3'600'000.0))
        held << tr("last QC run older than %1 h").arg(number(rules.qcMaxAgeHours));
    if (f.reviewFlagged)
        held << tr("the specimen is flagged for review");
    if (f.manualReview)
        held << tr("marked for manual review: %1").arg(*f.manualReview);
    checkIndex(held, rules.hemolysisMax, f.hemolysis, tr("no hemolysis index from the analyzer"),
               tr("hemolysis index %1 above %2"));
    checkIndex(held, rules.lipemiaMax, f.lipemia, tr("no lipemia index from the analyzer"),
               tr("lipemia index %1 above %2"));
    checkIndex(held, rules.icterusMax, f.icterus, tr("no icterus index from the analyzer"),
               tr("icterus index %1 above %2"));
    const std::optional<std::pair<double, double>> bounds = limits(rules, f.range);
    if (!bounds)
        held << tr("no autoverification limits (no reference range)");
    else if (f.value && (*f.value < bounds->first || *f.value > bounds->second))
        held << tr("outside %1–%2").arg(number(bounds->first), number(bounds->second));

    if (!held.isEmpty()) {
        d.reasons = held;
        return d;
    }
    d.release = true;
    if (!explain)
        return d;
    d.reasons << tr("within %1–%2").arg(number(bounds->first), number(bounds->second))
              << tr("QC accepted %1")
                     .arg(QDateTime::fromMSecsSinceEpoch(f.lastQcAtMs).toString(QStringLiteral("HH:mm")))
              << (f.hasPrevious ? tr("delta passed") : tr("no previous value"));
    return d;
}

} // namespace benchside
