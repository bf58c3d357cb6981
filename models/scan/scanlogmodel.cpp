// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/scanlogmodel.h"

namespace benchside {

ScanLogModel::ScanLogModel(QObject *parent) : QAbstractTableModel(parent) {}

int ScanLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ScanLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScanLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries.at(index.row());
    if (role == OutcomeTypeRole)
        return int(e.outcome.type);
    if (role == Qt::ToolTipRole)
        return e.outcome.message;
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    switch (Column(index.column())) {
    case Time:
        // Seconds matter when a technician matches a tube in hand to a line; a lab clock is 24-hour.
        return sort ? QVariant(e.at.toMSecsSinceEpoch())
                    : QVariant(e.at.toString(QStringLiteral("HH:mm:ss")));
    case Code:
        return e.outcome.code;
    case Outcome:
        return sort ? e.outcome.name() : label(e.outcome.type);
    case Message:
        return e.outcome.message;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ScanLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case Code:
        return tr("Code");
    case Outcome:
        return tr("Outcome");
    case Message:
        return tr("Message");
    case ColumnCount:
        break;
    }
    return {};
}

void ScanLogModel::add(const ScanOutcome &outcome, const QDateTime &at)
{
    beginInsertRows({}, 0, 0);
    m_entries.prepend({at, outcome});
    endInsertRows();
    if (outcome.type == ScanOutcome::Type::Received)
        emit receivedCountChanged(++m_received);
}

QString ScanLogModel::label(ScanOutcome::Type type)
{
    using Type = ScanOutcome::Type;
    switch (type) {
    case Type::Received:
        return tr("Received");
    case Type::Found:
        return tr("Found");
    case Type::Duplicate:
        return tr("Duplicate");
    case Type::AlreadyReceived:
        return tr("Already received");
    case Type::Unknown:
        return tr("Unknown");
    case Type::BadCheckCharacter:
        return tr("Bad check character");
    case Type::BadCharacters:
        return tr("Bad characters");
    case Type::Rejected:
        return tr("Rejected");
    case Type::Disposed:
        return tr("Disposed");
    case Type::Incomplete:
        return tr("Incomplete");
    case Type::Failed:
        return tr("Failed");
    }
    return {};
}

} // namespace benchside
