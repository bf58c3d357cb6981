// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "qc/qcrepository.h"
#include "qc/qcstatistics.h"

#include <QAbstractTableModel>
#include <QDate>

namespace benchside {

// A bench's QC for one calendar month, one row per test, lot and level: how many values, their
// mean, SD and CV, the target and the bias against it, and how many runs were accepted, warned or
// rejected. The table a lab manager signs each month; TableExporter prints it as PDF.
class QcMonthlySummary : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Test, Lot, Level, N, Mean, Sd, Cv, Target, Bias, Runs, Warnings, Rejected, ColumnCount };
    struct Row
    {
        QString testCode;
        QString lot;
        int level = 0;
        QcStatistics statistics;
        std::optional<QcTarget> target;
        int runs = 0;
        int warnings = 0;
        int rejected = 0;
    };

    explicit QcMonthlySummary(QObject *parent = nullptr) : QAbstractTableModel(parent) {}

    // The month containing `month` (local time), for the lots of `bench`.
    Status load(const QcRepository &repository, const QString &bench, QDate month);
    const QList<Row> &rows() const { return m_rows; }
    QString title() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
    QString m_bench;
    QDate m_month;
};

} // namespace benchside
