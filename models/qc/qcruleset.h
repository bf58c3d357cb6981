// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace benchside {

// The Westgard control rules Benchside knows, in the fixed order in which violations are listed.
enum class QcRule {
    OneTwoS,        // 1-2s     one measurement beyond ±2 SD (warning only)
    OneThreeS,      // 1-3s     one measurement beyond ±3 SD
    TwoTwoS,        // 2-2s     two consecutive beyond the same 2 SD limit
    RangeFourS,     // R-4s     within a run, one beyond +2 SD and another beyond −2 SD
    FourOneS,       // 4-1s     four consecutive beyond the same 1 SD limit
    TenX,           // 10x      ten consecutive on one side of the mean
    EightX,         // 8x       eight consecutive on one side of the mean
    TwelveX,        // 12x      twelve consecutive on one side of the mean
    TwoOfThreeTwoS, // 2of3-2s  two of three measurements beyond the same 2 SD limit
    ThreeOneS,      // 3-1s     three consecutive beyond the same 1 SD limit
    SevenT,         // 7T       seven consecutive of a level steadily rising or falling
};

// Which rules are applied to a test's QC. Rules are switched on and off one by one, with one
// constraint: 10x, 8x and 12x are alternatives (the same mean rule over different numbers of
// measurements), so at most one of them is on. Every rule except 1-2s rejects a run; a set must
// contain at least one rejecting rule to be usable (validate()).
//
// Stored as text: the rule names in the fixed order, separated by commas ("1-2s,1-3s,2-2s,R-4s,
// 4-1s,10x"); fromString() also accepts spaces or semicolons, any case, and rules in any order.
class QcRuleSet
{
    Q_DECLARE_TR_FUNCTIONS(QcRuleSet)

public:
    QcRuleSet() = default; // no rules: not valid until some are enabled

    // Westgard's multirule for two control levels (N = 2): 1-2s (warning), 1-3s, 2-2s, R-4s,
    // 4-1s, 10x. For three levels (N = 3) Westgard's combination 1-3s/2of3-2s/R-4s/3-1s/12x,
    // with the 1-2s warning. 7T is never on by default.
    static QcRuleSet defaults(int levels = 2);

    bool contains(QcRule rule) const { return m_mask & bit(rule); }
    // Enabling 10x, 8x or 12x switches the other two off.
    void setEnabled(QcRule rule, bool on);
    QList<QcRule> rules() const; // in the fixed order
    bool isEmpty() const { return m_mask == 0; }
    quint32 mask() const { return m_mask; }

    // Fails with a message when no rule that rejects a run is on, or when more than one of
    // 10x/8x/12x is.
    Status validate() const;

    QString toString() const; // canonical: names in the fixed order, comma-separated
    static Result<QcRuleSet> fromString(const QString &text);
    QJsonArray toJson() const; // the names, in the fixed order
    static Result<QcRuleSet> fromJson(const QJsonArray &names);

    static QList<QcRule> allRules();
    static QString name(QcRule rule);                           // "2-2s"
    static std::optional<QcRule> fromName(const QString &name); // case-insensitive, trimmed
    static QString description(QcRule rule);                    // a sentence for tooltips and help
    static bool rejects(QcRule rule) { return rule != QcRule::OneTwoS; }
    static quint32 bit(QcRule rule) { return 1u << static_cast<int>(rule); }
    static QStringList names(quint32 mask); // rule names of a bit mask, in the fixed order

    friend bool operator==(const QcRuleSet &a, const QcRuleSet &b) { return a.m_mask == b.m_mask; }

private:
    static Result<QcRuleSet> fromNames(const QStringList &names);
    quint32 m_mask = 0;
};

} // namespace benchside
