// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "worklist/worklistquery.h"

#include <QCoreApplication>
#include <QSqlDatabase>

namespace benchside {

// Turnaround time, received → first verification, of the results released in a time range.
class TatStatistics
{
    Q_DECLARE_TR_FUNCTIONS(TatStatistics)

public:
    struct Group
    {
        QString key; // a bench code or a test code
        QString bench;
        int count = 0;
        double medianMinutes = 0;
        double p90Minutes = 0;
        double maxMinutes = 0;
        int tatMinutes = 0; // the test's target (tests only; 0 for benches)
        int overTarget = 0;
    };
    struct Report
    {
        qint64 fromMs = 0;
        qint64 toMs = 0;
        QList<Group> benches; // by bench code
        QList<Group> tests;   // by bench, then test code
        QList<WorklistRow> slowestOpen;
    };

    explicit TatStatistics(QSqlDatabase db) : m_db(std::move(db)) {}

    // Results released in [fromMs, toMs), on one bench or all (empty `bench`), and the `slowest`
    // open orders that have waited longest.
    Result<Report> compute(const QString &bench, qint64 fromMs, qint64 toMs, int slowest = 10) const;

    // Linear interpolation between closest ranks (Excel's PERCENTILE.INC); `sorted` ascending.
    static double percentile(const QList<double> &sorted, double fraction);

private:
    QSqlDatabase m_db;
};

} // namespace benchside
