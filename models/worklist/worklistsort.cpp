// SPDX-License-Identifier: GPL-3.0-or-later
#include "worklist/worklistsort.h"

#include "worklist/worklistquery.h"

namespace benchside {

namespace {
const char *const ByNames[] = {"priority", "received", "due", "accession", "test"};
} // namespace

WorklistKey WorklistSort::keyOf(const WorklistRow &r) const
{
    WorklistKey k;
    k.orderId = r.orderId;
    k.descending = descending;
    switch (by) {
    case Priority:
        k.first = r.priorityRank;
        k.second = r.receivedAtMs;
        break;
    case Received:
        k.first = r.receivedAtMs;
        break;
    case Due:
        k.first = r.dueAtMs;
        break;
    case Accession:
        k.text = r.accession;
        break;
    case Test:
        k.text = r.testCode;
        k.first = r.priorityRank;
        k.second = r.receivedAtMs;
        break;
    }
    return k;
}

QStringList WorklistSort::columns() const
{
    switch (by) {
    case Priority:
        return {QStringLiteral("o.priority_rank"), QStringLiteral("o.received_at"),
                QStringLiteral("o.order_id")};
    case Received:
        return {QStringLiteral("o.received_at"), QStringLiteral("o.order_id")};
    case Due:
        return {QStringLiteral("o.received_at + o.tat_minutes * 60000"), QStringLiteral("o.order_id")};
    case Accession:
        return {QStringLiteral("o.accession"), QStringLiteral("o.order_id")};
    case Test:
        return {QStringLiteral("o.test_code"), QStringLiteral("o.priority_rank"),
                QStringLiteral("o.received_at"), QStringLiteral("o.order_id")};
    }
    return {};
}

QString WorklistSort::name() const
{
    return (descending ? QStringLiteral("-") : QString()) + QLatin1String(ByNames[by]);
}

std::optional<WorklistSort> WorklistSort::fromName(const QString &name)
{
    WorklistSort s;
    QString n = name.trimmed().toLower();
    if (n.startsWith(QLatin1Char('-'))) {
        s.descending = true;
        n.remove(0, 1);
    }
    for (int i = 0; i <= Test; ++i) {
        if (n == QLatin1String(ByNames[i])) {
            s.by = By(i);
            return s;
        }
    }
    return std::nullopt;
}

QStringList WorklistSort::names()
{
    QStringList all;
    for (const char *n : ByNames)
        all << QLatin1String(n);
    return all;
}

} // namespace benchside
