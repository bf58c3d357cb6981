// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/deltacheck.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>

namespace benchside {

DeltaCheck::Verdict DeltaCheck::check(const ResultSpec &spec, const ResultValue &value,
                                      const std::optional<PreviousResult> &previous)
{
    Verdict v;
    if (spec.type != ResultSpec::Type::Numeric || !spec.deltaLimit) {
        v.reason = tr("no delta limit for %1").arg(spec.code);
        return v;
    }
    if (!previous || !previous->number || !value.number) {
        v.reason = tr("no previous result");
        return v;
    }
    v.previousValue = previous->value;
    v.change = *value.number - *previous->number;
    const QString change =
        (v.change > 0 ? QStringLiteral("+") : QString()) + QLocale::c().toString(v.change, 'g', 6);
    // A change exactly at the limit is within it; rounding must not turn 10 into 10.000000001.
    const bool exceeded = std::abs(v.change) > *spec.deltaLimit * (1 + 1e-9);
    v.outcome = exceeded ? Outcome::Exceeded : Outcome::Within;
    v.reason = tr("previous %1, change %2, limit %3")
                   .arg(previous->value, change, QLocale::c().toString(*spec.deltaLimit, 'g', 6));
    return v;
}

QString DeltaCheck::outcomeCode(Outcome outcome)
{
    switch (outcome) {
    case Outcome::NotChecked:
        return QString();
    case Outcome::Within:
        return QStringLiteral("within");
    case Outcome::Exceeded:
        break;
    }
    return QStringLiteral("exceeded");
}

DeltaCheck::Outcome DeltaCheck::parseOutcome(const QString &code)
{
    if (code == QLatin1String("within"))
        return Outcome::Within;
    if (code == QLatin1String("exceeded"))
        return Outcome::Exceeded;
    return Outcome::NotChecked;
}

} // namespace benchside
