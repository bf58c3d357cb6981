// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "qc/qcanalyzermapping.h"
#include "qc/qclot.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <limits>
#include <optional>

namespace benchside {

// Reads the QC projections: lots and their targets, control values with their judgement, rule sets
// and analyzer mappings. Every read is by key or through an index.
class QcRepository
{
    Q_DECLARE_TR_FUNCTIONS(QcRepository)

public:
    explicit QcRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    // Every lot level, by test, lot and level; only `testCode`'s when it is not empty.
    Result<QList<QcLot>> lots(const QString &testCode = {}) const;
    Result<std::optional<QcLot>> lot(const QString &testCode, const QString &lot, int level) const;
    Result<QList<QcLot>> lotLevels(const QString &testCode, const QString &lot) const;

    // A lot's values (all levels) measured in [fromMs, toMs], in the order they were judged.
    Result<QList<QcResultRow>> values(const QString &testCode, const QString &lot, qint64 fromMs = 0,
                                      qint64 toMs = std::numeric_limits<qint64>::max()) const;
    // The values of one run of a test, in the order they were recorded.
    Result<QList<QcResultRow>> run(const QString &testCode, const QString &runId) const;
    // The values of one lot level in recording order (what its targets are established from).
    Result<QList<double>> levelValues(const QString &testCode, const QString &lot, int level) const;
    // The newest measurement time of the test's judged and establishing runs on the bench; 0 when none.
    Result<qint64> latestMeasuredAt(const QString &testCode, const QString &bench) const;
    // The run recorded last for the test on the bench; empty when none.
    Result<QString> latestRunId(const QString &testCode, const QString &bench) const;

    // The test's own rule set, serialised; empty when it uses the default set.
    Result<QString> rules(const QString &testCode) const;

    Result<std::optional<QcAnalyzerMapping>> analyzer(const QString &name) const;
    Result<QList<QcAnalyzerMapping>> analyzers() const;

private:
    Result<QList<QcLot>> selectLots(const char *where, const QStringList &keys, int level = -1) const;
    Result<QList<QcResultRow>> selectValues(const char *where, const QVariantList &binds) const;
    QSqlDatabase m_db;
};

} // namespace benchside
