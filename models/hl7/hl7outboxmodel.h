// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/keyedrowsmodel.h"
#include "core/result.h"
#include "hl7/hl7outbox.h"

namespace benchside {

// The outbound HL7 queue for the Interfaces page: every message, or those in one state, newest
// first. reload() keeps a view's selection while the sender works through the queue.
class Hl7OutboxModel : public KeyedRowsModel<Hl7OutboxEntry>
{
    Q_OBJECT

public:
    enum Column {
        Queued,
        Destination,
        Kind,
        Accession,
        Tests,
        State,
        Attempts,
        LastError,
        ControlId,
        ColumnCount
    };
    static constexpr int Limit = 500;

    Hl7OutboxModel(const Hl7Outbox &outbox, QObject *parent = nullptr);

    // pending, delivered, dead, discarded; empty for all. Reads the queue again.
    Status setState(const QString &state);
    const QString &state() const { return m_state; }
    // Fails (keeping the rows shown) on a database error.
    Status reload();

    // A state's name in the user's language.
    static QString stateLabel(const QString &state);
    // What a message reports (released, amended, cancelled) in the user's language.
    static QString kindLabel(const QString &kind);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    QString keyOf(const Hl7OutboxEntry &row) const override { return row.id; }
    bool same(const Hl7OutboxEntry &a, const Hl7OutboxEntry &b) const override;

private:
    const Hl7Outbox &m_outbox;
    QString m_state;
};

} // namespace benchside
