// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keyedrowsmodel.h"
#include "core/result.h"
#include "hl7/hl7orderrepository.h"

namespace benchside {

// The inbound HL7 messages this station recorded, newest first, for the Interfaces page. Read from
// the hl7_inbox projection; reload() keeps a view's selection while new messages come in.
class Hl7InboxModel : public KeyedRowsModel<Hl7InboxEntry>
{
    Q_OBJECT

public:
    enum Column { Received, Sender, Type, ControlId, Ack, Accessions, Error, ColumnCount };
    static constexpr int Limit = 500;

    explicit Hl7InboxModel(QSqlDatabase db, QObject *parent = nullptr);

    // Fails (keeping the rows shown) on a database error.
    Status reload();

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    QString keyOf(const Hl7InboxEntry &row) const override { return row.eventId; }
    bool same(const Hl7InboxEntry &a, const Hl7InboxEntry &b) const override;

private:
    Hl7OrderRepository m_repository;
};

} // namespace benchside
