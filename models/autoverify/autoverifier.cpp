#include "autoverify/autoverifier.h"

#include <QDateTime>
#include <cmath>

namespace benchside {

namespace {
QString number(double v)
{
    return QString::number(v, 'g', 6);
}
} // namespace

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
