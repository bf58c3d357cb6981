// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/analyzerdefinition.h"

#include "result/valueparser.h"

#include <QLocale>
#include <cmath>

namespace benchside {

namespace {
struct NamedProfile
{
    const char *name;
    AstmProfile profile;
};

constexpr NamedProfile Profiles[] = {
    {"generic", AstmProfile::Generic},     {"roche", AstmProfile::Roche},     {"horiba", AstmProfile::Horiba},
    {"abbott", AstmProfile::Abbott},       {"siemens", AstmProfile::Siemens}, {"sysmex", AstmProfile::Sysmex},
    {"genexpert", AstmProfile::GeneXpert},
};
} // namespace

Result<std::pair<QString, QString>> AnalyzerMapEntry::toOurs(const QString &value,
                                                             const QString &sentUnit) const
{
    using R = Result<std::pair<QString, QString>>;
    QString v = value.trimmed();
    QString u = sentUnit.trimmed();
    if (!unit.isEmpty()) {
        if (!u.isEmpty() && !ValueParser::sameUnit(u, unit))
            return R::failure(AnalyzerDefinition::tr("Sent in %1; the analyzer's map expects %2 for %3.")
                                  .arg(u, unit, analyzerCode));
        u.clear();
    }
    if (factor) {
        bool ok = false;
        const double number = QLocale::c().toDouble(v, &ok);
        if (!ok || !std::isfinite(number))
            return R::failure(
                AnalyzerDefinition::tr("\"%1\" is not a number, so the map's factor cannot convert it.")
                    .arg(v));
        // Six significant digits: more than any analyzer measures, fewer than a double's noise.
        v = QString::number(number * *factor, 'g', 6);
    }
    return std::make_pair(v, u);
}

std::optional<QChar> AnalyzerMapEntry::serumIndex() const
{
    if (test.size() == 7 && test.startsWith(QLatin1String("index:")) &&
        QStringLiteral("HLI").contains(test.at(6)))
        return test.at(6);
    return std::nullopt;
}

const AnalyzerMapEntry *AnalyzerDefinition::entryForCode(const QString &analyzerCode) const
{
    for (const AnalyzerMapEntry &e : map) {
        if (e.analyzerCode == analyzerCode)
            return &e;
    }
    return nullptr;
}

QStringList AnalyzerDefinition::codesForTest(const QString &test) const
{
    QStringList out;
    for (const AnalyzerMapEntry &e : map) {
        if (e.test == test)
            out << e.analyzerCode;
    }
    return out;
}

QString AnalyzerDefinition::profileName(AstmProfile profile)
{
    for (const NamedProfile &p : Profiles) {
        if (p.profile == profile)
            return QLatin1String(p.name);
    }
    return QStringLiteral("generic");
}

std::optional<AstmProfile> AnalyzerDefinition::profileFromName(const QString &name)
{
    const QString wanted = name.trimmed().toLower();
    if (wanted.isEmpty())
        return AstmProfile::Generic;
    for (const NamedProfile &p : Profiles) {
        if (wanted == QLatin1String(p.name))
            return p.profile;
    }
    return std::nullopt;
}

QStringList AnalyzerDefinition::profileNames()
{
    QStringList out;
    for (const NamedProfile &p : Profiles)
        out << QLatin1String(p.name);
    return out;
}

} // namespace benchside
