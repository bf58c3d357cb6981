// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/unmatchedmodel.h"

#include <QDateTime>

namespace benchside {

UnmatchedModel::UnmatchedModel(const UnmatchedReadings &readings, QObject *parent)
    : KeyedRowsModel(parent), m_readings(readings)
{}

Status UnmatchedModel::reload()
{
    Result<QList<UnmatchedReading>> open = m_readings.list(true, Limit);
    if (!open)
        return Status::failure(open.error());
    replaceRows(std::move(open).value());
    return {};
}

bool UnmatchedModel::same(const UnmatchedReading &a, const UnmatchedReading &b) const
{
    // Open readings change only by leaving the list; the state is compared all the same.
    return a.state == b.state && a.value == b.value && a.unit == b.unit && a.reason == b.reason &&
           a.test == b.test && a.flags == b.flags;
}

int UnmatchedModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UnmatchedModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const UnmatchedReading &u = row(index.row());
    if (role == Qt::ToolTipRole) {
        if (index.column() == Reason)
            return u.reason;
        if (index.column() == SampleId && !u.accession.isEmpty())
            return tr("Tube %1").arg(u.accession);
        if (index.column() == Received && !u.measuredAt.isEmpty())
            return tr("Measured %1").arg(u.measuredAt);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Received:
        return QDateTime::fromMSecsSinceEpoch(u.receivedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Analyzer:
        return u.analyzer;
    case SampleId:
        return u.specimenId;
    case Code:
        return u.analyzerCode;
    case Test:
        return u.test;
    case Value:
        return u.unit.isEmpty() ? u.value : QStringLiteral("%1 %2").arg(u.value, u.unit);
    case Flags:
        return u.flags.join(QStringLiteral(", "));
    case Reason:
        return u.reason;
    default:
        return {};
    }
}

QVariant UnmatchedModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Received:
        return tr("Received");
    case Analyzer:
        return tr("Analyzer");
    case SampleId:
        return tr("Sample ID");
    case Code:
        return tr("Analyzer code");
    case Test:
        return tr("Test");
    case Value:
        return tr("Value");
    case Flags:
        return tr("Flags");
    case Reason:
        return tr("Why it waits");
    default:
        return {};
    }
}

} // namespace benchside
