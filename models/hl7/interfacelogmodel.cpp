// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/interfacelogmodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace benchside {

InterfaceLogModel::InterfaceLogModel(QSqlDatabase db, QObject *parent)
    : KeyedRowsModel(parent), m_log(std::move(db))
{}

Status InterfaceLogModel::reload()
{
    Result<QList<InterfaceLog::Entry>> entries = m_log.recent(Limit);
    if (!entries)
        return Status::failure(entries.error());
    replaceRows(std::move(entries).value());
    return {};
}

QString InterfaceLogModel::keyOf(const InterfaceLog::Entry &row) const
{
    return QStringLiteral("%1\n%2\n%3\n%4").arg(row.atMs).arg(row.interface, row.peer, row.text);
}

bool InterfaceLogModel::same(const InterfaceLog::Entry &a, const InterfaceLog::Entry &b) const
{
    return a.level == b.level;
}

int InterfaceLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InterfaceLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const InterfaceLog::Entry &e = row(index.row());
    if (role == Qt::ForegroundRole) {
        if (e.level == QLatin1String("error"))
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        if (e.level == QLatin1String("warning"))
            return QBrush(QColor(0x8a, 0x5a, 0x00));
        return {};
    }
    if (role == Qt::ToolTipRole)
        return index.column() == Text ? QVariant(e.text) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(e.atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case Interface:
        return e.interface == QLatin1String("hl7-in")    ? tr("HL7 in")
               : e.interface == QLatin1String("hl7-out") ? tr("HL7 out")
                                                         : e.interface;
    case Peer:
        return e.peer;
    case Level:
        return e.level == QLatin1String("error")     ? tr("error")
               : e.level == QLatin1String("warning") ? tr("warning")
                                                     : tr("info");
    case Text:
        return e.text;
    default:
        return {};
    }
}

QVariant InterfaceLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Interface:
        return tr("Interface");
    case Peer:
        return tr("Peer");
    case Level:
        return tr("Level");
    case Text:
        return tr("Text");
    default:
        return {};
    }
}

} // namespace benchside
