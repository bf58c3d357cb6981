// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <optional>
#include <tuple>

namespace benchside {

struct WorklistRow;

// Where a row stands in one display order, and what a page continues after. The fields a sort does
// not use stay empty, so one lexicographic comparison serves every order.
struct WorklistKey
{
    QString text;     // accession or test code
    qint64 first = 0; // priority rank, receipt or due time
    qint64 second = 0;
    QString orderId; // breaks ties: no two rows share a key
    bool descending = false;

    bool operator<(const WorklistKey &o) const
    {
        const bool less =
            std::tie(text, first, second, orderId) < std::tie(o.text, o.first, o.second, o.orderId);
        const bool equal =
            std::tie(text, first, second, orderId) == std::tie(o.text, o.first, o.second, o.orderId);
        return descending ? !less && !equal : less;
    }
    bool operator==(const WorklistKey &) const = default;
};

// The orders a worklist can be shown in. The open-work index is in priority order; every other order
// sorts the keys that index holds, without reading the table (migration 0018).
struct WorklistSort
{
    enum By {
        Priority,  // STAT, ASAP, routine, then oldest received first
        Received,  // oldest received first, whatever the priority
        Due,       // soonest due first
        Accession, // by specimen
        Test,      // by test, then as Priority
    };
    By by = Priority;
    bool descending = false;

    WorklistKey keyOf(const WorklistRow &row) const;
    // The ORDER BY list; the keyset comparison uses the same columns in the same order.
    QStringList columns() const;
    QString name() const;
    static std::optional<WorklistSort> fromName(const QString &name); // "due", "-received", ...
    static QStringList names();

    bool operator==(const WorklistSort &) const = default;
};

} // namespace benchside
