// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/resultspec.h"

#include <QJsonArray>

namespace benchside {

namespace {
std::optional<double> optionalNumber(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}
} // namespace

bool ReferenceRange::fitsSex(const QString &patientSex) const
{
    return sex == QLatin1String("any") || sex == patientSex;
}

bool ReferenceRange::fitsAge(double ageYears) const
{
    return ageYears >= ageMinYears && ageYears < ageMaxYears;
}

QJsonObject ReferenceRange::limitsJson() const
{
    QJsonObject r{{QStringLiteral("low"), low}, {QStringLiteral("high"), high}};
    if (criticalLow)
        r.insert(QStringLiteral("critical_low"), *criticalLow);
    if (criticalHigh)
        r.insert(QStringLiteral("critical_high"), *criticalHigh);
    return r;
}

ResultSpec::Type ResultSpec::typeOf(const QJsonObject &d)
{
    const QString type = d.value(QLatin1String("result_type")).toString(QStringLiteral("numeric"));
    return type == QLatin1String("coded")  ? Type::Coded
           : type == QLatin1String("text") ? Type::Text
                                           : Type::Numeric;
}

ResultSpec ResultSpec::fromDefinition(const QString &code, const QJsonObject &d)
{
    ResultSpec s;
    s.code = code;
    s.name = d.value(QLatin1String("name")).toString();
    s.bench = d.value(QLatin1String("bench")).toString();
    s.unit = d.value(QLatin1String("unit")).toString();
    s.type = typeOf(d);
    for (const QJsonValue &r : d.value(QLatin1String("reference_ranges")).toArray()) {
        const QJsonObject o = r.toObject();
        ReferenceRange range;
        range.sex = o.value(QLatin1String("sex")).toString(QStringLiteral("any"));
        range.ageMinYears = o.value(QLatin1String("age_min_years")).toDouble(0);
        range.ageMaxYears = o.value(QLatin1String("age_max_years")).toDouble(200);
        range.low = o.value(QLatin1String("low")).toDouble();
        range.high = o.value(QLatin1String("high")).toDouble();
        range.criticalLow = optionalNumber(o, "critical_low");
        range.criticalHigh = optionalNumber(o, "critical_high");
        s.ranges << range;
    }
    s.deltaLimit = optionalNumber(d, "delta_limit");
    s.plausibleLow = optionalNumber(d, "plausible_low");
    s.plausibleHigh = optionalNumber(d, "plausible_high");
    s.allowedValues = strings(d.value(QLatin1String("allowed_values")));
    s.normalValues = strings(d.value(QLatin1String("normal_values")));
    s.technicianMayVerify = d.value(QLatin1String("technician_may_verify")).toBool(false);
    return s;
}

QString ResultSpec::typeName(Type type)
{
    switch (type) {
    case Type::Numeric:
        return QStringLiteral("numeric");
    case Type::Coded:
        return QStringLiteral("coded");
    case Type::Text:
        break;
    }
    return QStringLiteral("text");
}

} // namespace benchside
