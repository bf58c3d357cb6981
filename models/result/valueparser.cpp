// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/valueparser.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>

namespace benchside {

namespace {
constexpr qsizetype MaxTextLength = 2000;

QString keyboardSpelling(QString unit)
{
    unit = unit.trimmed();
    unit.replace(QChar(0x00B5), QLatin1Char('u')); // µ MICRO SIGN
    unit.replace(QChar(0x03BC), QLatin1Char('u')); // μ GREEK SMALL LETTER MU
    unit.replace(QChar(0x00D7), QLatin1Char('x')); // ×
    unit.replace(QChar(0x2079), QLatin1Char('9')); // ⁹
    unit.replace(QChar(0x00B9), QLatin1Char('1'));
    unit.replace(QChar(0x00B2), QLatin1Char('2'));
    unit.replace(QChar(0x00B3), QLatin1Char('3'));
    unit.remove(QLatin1Char('^'));
    unit.remove(QLatin1Char(' '));
    return unit.toLower();
}
} // namespace

bool ValueParser::sameUnit(const QString &a, const QString &b)
{
    return keyboardSpelling(a) == keyboardSpelling(b);
}

Result<ResultValue> ValueParser::parse(const ResultSpec &spec, const QString &raw, const QString &unit)
{
    using R = Result<ResultValue>;
    const QString value = raw.trimmed();
    if (value.isEmpty())
        return R::failure(tr("Enter a value for %1.").arg(spec.code));
    const QString givenUnit = unit.trimmed();

    switch (spec.type) {
    case ResultSpec::Type::Numeric: {
        // A decimal comma is how half of Europe types; digit grouping is not accepted, so "1,234"
        // cannot be read as a thousand by one person and as one by another.
        QString normalised = value;
        if (normalised.count(QLatin1Char(',')) == 1 && !normalised.contains(QLatin1Char('.')))
            normalised.replace(QLatin1Char(','), QLatin1Char('.'));
        bool ok = false;
        const double number = QLocale::c().toDouble(normalised, &ok);
        if (!ok || !std::isfinite(number))
            return R::failure(
                tr("\"%1\" is not a number; %2 (%3) is a numeric test.").arg(value, spec.code, spec.name));
        if (!givenUnit.isEmpty() && !sameUnit(givenUnit, spec.unit))
            return R::failure(spec.unit.isEmpty()
                                  ? tr("%1 has no unit; \"%2\" does not fit it.").arg(spec.code, givenUnit)
                                  : tr("%1 is reported in %2, not %3. Convert the value or check the test.")
                                        .arg(spec.code, spec.unit, givenUnit));
        // The text keeps the digits as typed: 5.20 reports two decimals, 5.2 one.
        return ResultValue{normalised, number, spec.unit};
    }
    case ResultSpec::Type::Coded: {
        if (!givenUnit.isEmpty())
            return R::failure(tr("%1 is a coded test and has no unit.").arg(spec.code));
        for (const QString &allowed : spec.allowedValues) {
            if (allowed.compare(value, Qt::CaseInsensitive) == 0)
                return ResultValue{allowed, std::nullopt, QString()};
        }
        return R::failure(tr("\"%1\" is not a result of %2; use one of: %3.")
                              .arg(value, spec.code, spec.allowedValues.join(QStringLiteral(", "))));
    }
    case ResultSpec::Type::Text:
        break;
    }
    if (!givenUnit.isEmpty())
        return R::failure(tr("%1 is a text result and has no unit.").arg(spec.code));
    if (value.size() > MaxTextLength)
        return R::failure(tr("The result text is longer than %1 characters.").arg(MaxTextLength));
    return ResultValue{value, std::nullopt, QString()};
}

} // namespace benchside
