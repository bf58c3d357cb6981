// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace benchside {

// Walks every station's hash chain in station_seq order and reports the first entry that breaks it.
class ChainVerifier
{
    Q_DECLARE_TR_FUNCTIONS(ChainVerifier)

public:
    enum class Problem { Altered, Removed, Inserted, Reordered };

    struct Finding
    {
        Problem problem;
        QString stationId;
        qint64 stationSeq = 0;
        QString eventId;
        QString message;
    };

    struct Report
    {
        qint64 entries = 0;
        int stations = 0;
        std::optional<Finding> finding;
        bool intact() const { return !finding.has_value(); }
    };

    explicit ChainVerifier(QSqlDatabase db) : m_db(std::move(db)) {}
    Result<Report> verify() const;

    static QString problemName(Problem p);

private:
    Result<std::optional<Finding>> verifyStation(const QString &stationId, qint64 &entries) const;
    QSqlDatabase m_db;
};

} // namespace benchside
