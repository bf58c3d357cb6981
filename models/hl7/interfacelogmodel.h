// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keyedrowsmodel.h"
#include "core/result.h"
#include "hl7/interfacelog.h"

namespace benchside {

// The interface log (connections, closes, refused peers, unreadable frames, failed deliveries),
// newest first, for the Interfaces page.
class InterfaceLogModel : public KeyedRowsModel<InterfaceLog::Entry>
{
    Q_OBJECT

public:
    enum Column { Time, Interface, Peer, Level, Text, ColumnCount };
    static constexpr int Limit = 500;

    explicit InterfaceLogModel(QSqlDatabase db, QObject *parent = nullptr);

    // Fails (keeping the rows shown) on a database error.
    Status reload();

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    // A log line has no identity of its own: its time, place and text stand for it.
    QString keyOf(const InterfaceLog::Entry &row) const override;
    bool same(const InterfaceLog::Entry &a, const InterfaceLog::Entry &b) const override;

private:
    InterfaceLog m_log;
};

} // namespace benchside
