// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7inboxmodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace benchside {

Hl7InboxModel::Hl7InboxModel(QSqlDatabase db, QObject *parent)
    : KeyedRowsModel(parent), m_repository(std::move(db))
{}

Status Hl7InboxModel::reload()
{
    Result<QList<Hl7InboxEntry>> entries = m_repository.inbox(Limit);
    if (!entries)
        return Status::failure(entries.error());
    replaceRows(std::move(entries).value());
    return {};
}

bool Hl7InboxModel::same(const Hl7InboxEntry &a, const Hl7InboxEntry &b) const
{
    return a.receivedAtMs == b.receivedAtMs && a.peer == b.peer && a.sendingApp == b.sendingApp &&
           a.sendingFacility == b.sendingFacility && a.controlId == b.controlId &&
           a.messageType == b.messageType && a.ackCode == b.ackCode && a.error == b.error &&
           a.accessions == b.accessions;
}

int Hl7InboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant Hl7InboxModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Hl7InboxEntry &e = row(index.row());
    // Anything but AA needs a person: the hospital system was told its message was not taken.
    if (role == Qt::ForegroundRole && index.column() == Ack && e.ackCode != QLatin1String("AA"))
        return QBrush(QColor(0xb0, 0x1c, 0x1c));
    if (role == Qt::ToolTipRole) {
        if (index.column() == Sender)
            return tr("From %1").arg(e.peer);
        if (index.column() == Error && !e.error.isEmpty())
            return e.error;
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Received:
        return QDateTime::fromMSecsSinceEpoch(e.receivedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Sender:
        return e.sendingFacility.isEmpty() ? e.sendingApp
                                           : QStringLiteral("%1 / %2").arg(e.sendingApp, e.sendingFacility);
    case Type:
        return e.messageType;
    case ControlId:
        return e.controlId;
    case Ack:
        return e.ackCode;
    case Accessions:
        return e.accessions.join(QStringLiteral(", "));
    case Error:
        return e.error;
    default:
        return {};
    }
}

QVariant Hl7InboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Received:
        return tr("Received");
    case Sender:
        return tr("Sender");
    case Type:
        return tr("Type");
    case ControlId:
        return tr("Control ID");
    case Ack:
        return tr("ACK");
    case Accessions:
        return tr("Accessions");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

} // namespace benchside
