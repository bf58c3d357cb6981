// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/scanoutcome.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace benchside {

// The scans of one working session, newest first, as the Receiving page lists them. Held in memory
// only: the journal is the record, this is the technician's short-term memory of what just happened.
class ScanLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Code, Outcome, Message, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole, // time as ms since the epoch, the code, the outcome's name, the message
        OutcomeTypeRole,         // ScanOutcome::Type as int, so views can style a row by what happened
    };

    explicit ScanLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void add(const ScanOutcome &outcome, const QDateTime &at = QDateTime::currentDateTime());

    // A short name for a list: "Received", "Duplicate", "Bad check character", …
    static QString label(ScanOutcome::Type type);

signals:
    void receivedCountChanged(int count);

private:
    struct Entry
    {
        QDateTime at;
        ScanOutcome outcome;
    };
    QList<Entry> m_entries; // newest first
    int m_received = 0;
};

} // namespace benchside
