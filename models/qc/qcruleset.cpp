// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcruleset.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <array>

namespace benchside {

namespace {
constexpr std::array<QcRule, 11> AllRules{QcRule::OneTwoS,    QcRule::OneThreeS, QcRule::TwoTwoS,
                                          QcRule::RangeFourS, QcRule::FourOneS,  QcRule::TenX,
                                          QcRule::EightX,     QcRule::TwelveX,   QcRule::TwoOfThreeTwoS,
                                          QcRule::ThreeOneS,  QcRule::SevenT};

quint32 meanRuleMask()
{
    return QcRuleSet::bit(QcRule::TenX) | QcRuleSet::bit(QcRule::EightX) | QcRuleSet::bit(QcRule::TwelveX);
}
} // namespace

QcRuleSet QcRuleSet::defaults(int levels)
{
    QcRuleSet set;
    // Westgard, "Westgard Rules" (westgard.com/mltirule.htm), N = 2: 1-2s warning, 1-3s, 2-2s,
    // R-4s, 4-1s, 10x. For three control materials the rules that fit are 2of3-2s and 3-1s with a
    // mean rule spanning whole runs; 12x (four runs of three) is our choice among 6x/9x/12x, see
    // docs/decisions.md 25.
    const QList<QcRule> rules =
        levels >= 3 ? QList<QcRule>{QcRule::OneTwoS,    QcRule::OneThreeS, QcRule::TwoOfThreeTwoS,
                                    QcRule::RangeFourS, QcRule::ThreeOneS, QcRule::TwelveX}
                    : QList<QcRule>{QcRule::OneTwoS,    QcRule::OneThreeS, QcRule::TwoTwoS,
                                    QcRule::RangeFourS, QcRule::FourOneS,  QcRule::TenX};
    for (QcRule r : rules)
        set.m_mask |= bit(r);
    return set;
}

void QcRuleSet::setEnabled(QcRule rule, bool on)
{
    if (!on) {
        m_mask &= ~bit(rule);
        return;
    }
    if (meanRuleMask() & bit(rule))
        m_mask &= ~meanRuleMask();
    m_mask |= bit(rule);
}

QList<QcRule> QcRuleSet::rules() const
{
    QList<QcRule> out;
    for (QcRule r : AllRules) {
        if (contains(r))
            out << r;
    }
    return out;
}

Status QcRuleSet::validate() const
{
    if ((m_mask & ~bit(QcRule::OneTwoS)) == 0)
        return Status::failure(tr("No QC rule that rejects a run is switched on; switch on at least 1-3s."));
    const quint32 meanRules = m_mask & meanRuleMask();
    if (meanRules & (meanRules - 1))
        return Status::failure(tr("10x, 8x and 12x are alternatives; choose one of them (%1 are on).")
                                   .arg(names(meanRules).join(QStringLiteral(", "))));
    return {};
}

QString QcRuleSet::toString() const
{
    return names(m_mask).join(QLatin1Char(','));
}

Result<QcRuleSet> QcRuleSet::fromString(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    return fromNames(text.split(separators, Qt::SkipEmptyParts));
}

QJsonArray QcRuleSet::toJson() const
{
    return QJsonArray::fromStringList(names(m_mask));
}

Result<QcRuleSet> QcRuleSet::fromJson(const QJsonArray &array)
{
    QStringList list;
    for (const QJsonValue &v : array) {
        if (!v.isString())
            return Result<QcRuleSet>::failure(tr("QC rules must be a list of rule names such as \"1-3s\"."));
        list << v.toString();
    }
    return fromNames(list);
}

Result<QcRuleSet> QcRuleSet::fromNames(const QStringList &list)
{
    QcRuleSet set;
    for (const QString &n : list) {
        const std::optional<QcRule> rule = fromName(n);
        if (!rule)
            return Result<QcRuleSet>::failure(tr("Unknown QC rule \"%1\"; the rules are %2.")
                                                  .arg(n.trimmed(), names(~0u).join(QStringLiteral(", "))));
        set.m_mask |= bit(*rule);
    }
    if (const Status s = set.validate(); !s)
        return Result<QcRuleSet>::failure(s.error());
    return set;
}

QList<QcRule> QcRuleSet::allRules()
{
    return QList<QcRule>(AllRules.begin(), AllRules.end());
}

QString QcRuleSet::name(QcRule rule)
{
    switch (rule) {
    case QcRule::OneTwoS:
        return QStringLiteral("1-2s");
    case QcRule::OneThreeS:
        return QStringLiteral("1-3s");
    case QcRule::TwoTwoS:
        return QStringLiteral("2-2s");
    case QcRule::RangeFourS:
        return QStringLiteral("R-4s");
    case QcRule::FourOneS:
        return QStringLiteral("4-1s");
    case QcRule::TenX:
        return QStringLiteral("10x");
    case QcRule::EightX:
        return QStringLiteral("8x");
    case QcRule::TwelveX:
        return QStringLiteral("12x");
    case QcRule::TwoOfThreeTwoS:
        return QStringLiteral("2of3-2s");
    case QcRule::ThreeOneS:
        return QStringLiteral("3-1s");
    case QcRule::SevenT:
        break;
    }
    return QStringLiteral("7T");
}

std::optional<QcRule> QcRuleSet::fromName(const QString &text)
{
    const QString wanted = text.trimmed();
    for (QcRule r : AllRules) {
        if (name(r).compare(wanted, Qt::CaseInsensitive) == 0)
            return r;
    }
    return std::nullopt;
}

QString QcRuleSet::description(QcRule rule)
{
    switch (rule) {
    case QcRule::OneTwoS:
        return tr("1-2s: one measurement beyond mean ± 2 SD (warning)");
    case QcRule::OneThreeS:
        return tr("1-3s: one measurement beyond mean ± 3 SD");
    case QcRule::TwoTwoS:
        return tr("2-2s: two measurements beyond the same 2 SD limit, in one run or in consecutive runs of a "
                  "level");
    case QcRule::RangeFourS:
        return tr("R-4s: in one run, one measurement beyond +2 SD and another beyond −2 SD");
    case QcRule::FourOneS:
        return tr("4-1s: four consecutive measurements beyond the same 1 SD limit");
    case QcRule::TenX:
        return tr("10x: ten consecutive measurements on the same side of the mean");
    case QcRule::EightX:
        return tr("8x: eight consecutive measurements on the same side of the mean");
    case QcRule::TwelveX:
        return tr("12x: twelve consecutive measurements on the same side of the mean");
    case QcRule::TwoOfThreeTwoS:
        return tr("2of3-2s: two of three measurements beyond the same 2 SD limit");
    case QcRule::ThreeOneS:
        return tr("3-1s: three consecutive measurements beyond the same 1 SD limit");
    case QcRule::SevenT:
        break;
    }
    return tr("7T: seven consecutive measurements of a level steadily rising or falling");
}

QStringList QcRuleSet::names(quint32 mask)
{
    QStringList out;
    for (QcRule r : AllRules) {
        if (mask & bit(r))
            out << name(r);
    }
    return out;
}

} // namespace benchside
