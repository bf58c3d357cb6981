#pragma once

#include "core/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <optional>

namespace benchside {

// What a worklist shows: one bench, and optionally one status, priority, test and a window on
// the receipt time. Only received orders are work; `status` is one of statuses().
struct WorklistFilter
{
    QString bench;
    QString status;   // "" or "open": pending + entered + amended; else pending, entered, amended, verified
    QString priority; // "" any; routine, asap, stat
    QString testCode; // "" any
    qint64 receivedFromMs = 0; // 0: no lower bound (inclusive)
    qint64 receivedToMs = 0;   // 0: no upper bound (exclusive)

    bool operator==(const WorklistFilter &) const = default;
};

// The display order of a worklist and the keyset a page continues after: STAT, ASAP, routine,
// then oldest received first, the order id breaking ties.
struct WorklistKey
{
    int priorityRank = 0;
    qint64 receivedAtMs = 0;
    QString orderId;

    bool operator<(const WorklistKey &o) const
    {
        if (priorityRank != o.priorityRank)
            return priorityRank < o.priorityRank;
        if (receivedAtMs != o.receivedAtMs)
            return receivedAtMs < o.receivedAtMs;
        return orderId < o.orderId;
    }
    bool operator==(const WorklistKey &) const = default;
};

// One row of a worklist, a value: the GUI keeps copies, the CLI prints them.
struct WorklistRow
{
    QString orderId;
    QString accession;
    QString patientMrn;
    QString patientName;
    QString testCode;
    QString testName;
    QString priority; // routine, asap, stat
    int priorityRank = 2;
    qint64 receivedAtMs = 0;
    qint64 dueAtMs = 0;
    QString status; // pending, entered, amended, verified
    QString flag;   // the current result's flag, "" without a result

    WorklistKey key() const { return {priorityRank, receivedAtMs, orderId}; }
    qint64 ageMs(qint64 nowMs) const { return nowMs - receivedAtMs; }
    bool released() const { return status == QLatin1String("verified"); }
    bool overdue(qint64 nowMs) const { return !released() && nowMs > dueAtMs; }
    // Due within the last fifth of its turnaround time (at least 10 minutes before).
    bool nearDue(qint64 nowMs) const;
    bool operator==(const WorklistRow &) const = default;
};

// Reads a bench's worklist a page at a time with a keyset on WorklistKey: every page is an index
// range (see migration 0004), so the first rows of 50,000 pending orders come as fast as of 50.
class WorklistQuery
{
public:
    explicit WorklistQuery(QSqlDatabase db) : m_db(std::move(db)) {}

    // Up to `limit` rows after `after` (from the start when nullopt), in display order.
    Result<QList<WorklistRow>> page(const WorklistFilter &filter, const std::optional<WorklistKey> &after,
                                    int limit) const;
    // The rows of one specimen that the filter lets through, in display order: what a receipt or a
    // result on that specimen may have changed in an open worklist.
    Result<QList<WorklistRow>> rowsOfAccession(const WorklistFilter &filter, const QString &accession) const;
    // Open orders of a bench (all benches when empty) that have waited longest since receipt.
    Result<QList<WorklistRow>> slowestOpen(const QString &bench, int limit) const;
    // The SQL a page runs, for checking its query plan.
    static QString pageSql(const WorklistFilter &filter, bool withKey, bool forAccession = false);

    static const QStringList &statuses(); // open, pending, entered, amended, verified
    static Status validate(const WorklistFilter &filter);

private:
    static WorklistRow rowFrom(const QSqlQuery &q);
    Result<QList<WorklistRow>> run(const WorklistFilter &filter, const std::optional<WorklistKey> &after,
                                   const QString &accession, int limit) const;
    QSqlDatabase m_db;
};

} // namespace benchside
