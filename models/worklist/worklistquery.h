// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "worklist/worklistsort.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <optional>

namespace benchside {

// What a worklist shows and in which order: one bench, and optionally one status, priority, test
// and a window on the receipt time. Only received orders are work; `status` is one of statuses().
struct WorklistFilter
{
    QString bench;
    QString status;   // "" or "open": pending + entered + amended; else pending, entered, amended, verified
    QString priority; // "" any; routine, asap, stat
    QString testCode; // "" any
    qint64 receivedFromMs = 0; // 0: no lower bound (inclusive)
    qint64 receivedToMs = 0;   // 0: no upper bound (exclusive)
    WorklistSort sort;

    bool operator==(const WorklistFilter &) const = default;
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
    QString status;                 // pending, entered, amended, verified
    QString flag;                   // the current result's flag, "" without a result
    QString rangeBasis;             // ResultJudge::basisCode of that flag: "" the patient's own range
    QString analyzer;               // the analyzer the current value came from, "" when typed
    QStringList instrumentFlags;    // what the analyzer said about it (H, L, A, its own codes)
    QString instrumentStatus;       // its R-9 when not final (W, P, C …), "" for F
    QStringList instrumentComments; // its comments (C records) on the result

    qint64 ageMs(qint64 nowMs) const { return nowMs - receivedAtMs; }
    bool released() const { return status == QLatin1String("verified"); }
    bool overdue(qint64 nowMs) const { return !released() && nowMs > dueAtMs; }
    // Due within the last fifth of its turnaround time (at least 10 minutes before).
    bool nearDue(qint64 nowMs) const;
    bool operator==(const WorklistRow &) const = default;
};

// Reads a bench's worklist a page at a time with a keyset on WorklistKey. In priority order every
// page is an index range, so the first rows of 50,000 pending orders come as fast as of 50; other
// orders sort the index's keys for each page (migration 0018).
class WorklistQuery
{
    Q_DECLARE_TR_FUNCTIONS(WorklistQuery)

public:
    explicit WorklistQuery(QSqlDatabase db) : m_db(std::move(db)) {}

    // Up to `limit` rows after `after` (from the start when nullopt), in display order.
    Result<QList<WorklistRow>> page(const WorklistFilter &filter, const std::optional<WorklistKey> &after,
                                    int limit) const;
    // A stretch of the list in display order: after a key (or from it, inclusive), up to a key,
    // at most `limit` rows (0: no limit); backwards = the `limit` rows just before `after`.
    struct Range
    {
        std::optional<WorklistKey> after;
        bool inclusive = false;
        std::optional<WorklistKey> upTo;
        int limit = 0;
        bool backwards = false;
    };
    Result<QList<WorklistRow>> rows(const WorklistFilter &filter, const Range &range) const;
    // The rows of one specimen that the filter lets through, in display order: what a receipt or a
    // result on that specimen may have changed in an open worklist.
    Result<QList<WorklistRow>> rowsOfAccession(const WorklistFilter &filter, const QString &accession) const;
    // Open orders of a bench (all benches when empty) that have waited longest since receipt.
    Result<QList<WorklistRow>> slowestOpen(const QString &bench, int limit) const;
    // The SQL a page runs, for checking its query plan.
    static QString pageSql(const WorklistFilter &filter, bool withKey, bool forAccession = false,
                           bool withUpTo = false, bool inclusive = false, bool withLimit = true);

    static const QStringList &statuses(); // open, pending, entered, amended, verified
    // An order's status as a person reads it ("pending" → "ausstehend" in German); the code itself
    // stays in the data, the filters and --json.
    static QString statusName(const QString &status);
    static Status validate(const WorklistFilter &filter);

private:
    static WorklistRow rowFrom(const QSqlQuery &q);
    Result<QList<WorklistRow>> run(const WorklistFilter &filter, const Range &range,
                                   const QString &accession) const;
    QSqlDatabase m_db;
};

} // namespace benchside
