// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "result/deltacheck.h"
#include "result/orderresult.h"
#include "result/resultspec.h"

#include <QCoreApplication>
#include <QSqlDatabase>

namespace benchside {

// Reads orders, results and their history from the projections. Every read is by key or by an
// index; nothing here scans a table.
class ResultRepository
{
    Q_DECLARE_TR_FUNCTIONS(ResultRepository)

public:
    explicit ResultRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    // The order with its patient and result; nullopt when no such order exists.
    Result<std::optional<OrderResult>> order(const QString &orderId) const;
    // The orders of one specimen, by test code.
    Result<QList<OrderResult>> orders(const QString &accession) const;
    // The orders whose numeric result was recorded with neither a flag nor a range basis: before every
    // patient's result was judged (ResultJudge::recordedUnjudged), by order id.
    Result<QList<OrderResult>> unjudged() const;
    Result<ResultSpec> spec(const QString &testCode) const;
    // The patient's newest released result of the test on a specimen collected no later than
    // `collectedAtMs`, other than `excludeOrderId`.
    Result<std::optional<PreviousResult>> previous(const QString &mrn, const QString &testCode,
                                                   const QString &excludeOrderId, qint64 collectedAtMs) const;
    // Oldest first.
    Result<QList<ResultHistoryEntry>> history(const QString &orderId) const;
    // The id of the order's last entered, amended or verified event ('' none): a new result event
    // names it as its base, so that a change made on another station meanwhile is noticed.
    Result<QString> lastEvent(const QString &orderId) const;

private:
    Result<QList<OrderResult>> select(const char *where, const QStringList &keys) const;
    QSqlDatabase m_db;
};

} // namespace benchside
