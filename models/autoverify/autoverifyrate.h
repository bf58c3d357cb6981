// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>

namespace benchside {

// How much of the analyzers' work the rules released (issue 21, the Overview page): per bench and
// test, the analyzer results entered in a period and those of them released by the rules
// (verified by "autoverify"). Typed results are not counted: the rules never decide them.
class AutoverifyRate
{
    Q_DECLARE_TR_FUNCTIONS(AutoverifyRate)

public:
    struct Row
    {
        QString bench;
        QString test;
        int analyzerResults = 0;
        int released = 0; // by the rules
        double percent() const { return analyzerResults > 0 ? 100.0 * released / analyzerResults : 0; }
    };

    explicit AutoverifyRate(QSqlDatabase db) : m_db(std::move(db)) {}

    // Entered in [fromMs, toMs), by bench and then test.
    Result<QList<Row>> compute(qint64 fromMs, qint64 toMs) const;
    // Entered today (local time), the day of `nowMs`.
    Result<QList<Row>> today(qint64 nowMs) const;

private:
    QSqlDatabase m_db;
};

} // namespace benchside
