// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcmonthlysummary.h"

#include <QLocale>
#include <QSet>

namespace benchside {

namespace {
QString number(const std::optional<double> &v, int decimals)
{
    return v ? QLocale::c().toString(*v, 'f', decimals) : QStringLiteral("–");
}
} // namespace

Status QcMonthlySummary::load(const QcRepository &repository, const QString &bench, QDate month)
{
    const QDate first(month.year(), month.month(), 1);
    const qint64 fromMs = first.startOfDay().toMSecsSinceEpoch();
    const qint64 toMs = first.addMonths(1).startOfDay().toMSecsSinceEpoch() - 1;
    Result<QList<QcLot>> lots = repository.lots();
    if (!lots)
        return Status::failure(lots.error());
    QList<Row> rows;
    QHash<QString, QList<QcResultRow>> valuesOfLot; // "test/lot": one read per lot, not per level
    for (const QcLot &l : lots.value()) {
        if (l.bench != bench)
            continue;
        const QString key = l.testCode + QLatin1Char('/') + l.lot;
        if (!valuesOfLot.contains(key)) {
            Result<QList<QcResultRow>> values = repository.values(l.testCode, l.lot, fromMs, toMs);
            if (!values)
                return Status::failure(values.error());
            valuesOfLot.insert(key, values.value());
        }
        Row row;
        row.testCode = l.testCode;
        row.lot = l.lot;
        row.level = l.level;
        if (l.hasTargets())
            row.target = QcTarget{*l.mean, *l.sd};
        QList<double> values;
        QSet<QString> runs, warnings, rejected;
        for (const QcResultRow &v : valuesOfLot.value(key)) {
            if (v.level != l.level)
                continue;
            values << v.value;
            runs.insert(v.runId);
            if (v.runStatus == QLatin1String("warning"))
                warnings.insert(v.runId);
            else if (v.runStatus == QLatin1String("rejected"))
                rejected.insert(v.runId);
        }
        if (values.isEmpty())
            continue; // a lot not run this month
        row.statistics = QcStatistics::compute(values, row.target);
        row.runs = int(runs.size());
        row.warnings = int(warnings.size());
        row.rejected = int(rejected.size());
        rows << row;
    }
    beginResetModel();
    m_rows = rows;
    m_bench = bench;
    m_month = first;
    endResetModel();
    return {};
}

QString QcMonthlySummary::title() const
{
    return tr("QC summary — %1 — %2").arg(m_bench, QLocale().toString(m_month, QStringLiteral("MMMM yyyy")));
}

int QcMonthlySummary::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QcMonthlySummary::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QcMonthlySummary::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Level ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Test:
        return r.testCode;
    case Lot:
        return r.lot;
    case Level:
        return r.level;
    case N:
        return r.statistics.n;
    case Mean:
        return number(r.statistics.mean, 3);
    case Sd:
        return number(r.statistics.sd, 3);
    case Cv:
        return number(r.statistics.cvPercent, 1);
    case Target:
        return r.target ? QStringLiteral("%1 ± %2").arg(QLocale::c().toString(r.target->mean, 'f', 3),
                                                        QLocale::c().toString(r.target->sd, 'f', 3))
                        : tr("establishing");
    case Bias:
        return number(r.statistics.biasPercent, 1);
    case Runs:
        return r.runs;
    case Warnings:
        return r.warnings;
    case Rejected:
        return r.rejected;
    default:
        return {};
    }
}

QVariant QcMonthlySummary::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Test:
        return tr("Test");
    case Lot:
        return tr("Lot");
    case Level:
        return tr("Level");
    case N:
        return tr("n");
    case Mean:
        return tr("Mean");
    case Sd:
        return tr("SD");
    case Cv:
        return tr("CV %");
    case Target:
        return tr("Target (mean ± SD)");
    case Bias:
        return tr("Bias %");
    case Runs:
        return tr("Runs");
    case Warnings:
        return tr("Warnings");
    case Rejected:
        return tr("Rejected");
    default:
        return {};
    }
}

} // namespace benchside
