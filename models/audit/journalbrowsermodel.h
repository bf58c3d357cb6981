// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/journalfilter.h"
#include "core/result.h"
#include "journal/event.h"

#include <QAbstractTableModel>
#include <QSqlDatabase>

namespace benchside {

// The journal for the audit view, newest first, filtered, fetched a page at a time so that a
// station with millions of entries opens at once. Read-only.
class JournalBrowserModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Station, Seq, Actor, Kind, Subject, ColumnCount };
    static constexpr int PageSize = 500;

    // One entry's place in its station's hash chain.
    struct ChainPlace
    {
        bool hashMatches = false;     // the stored hash is the hash of the entry's content
        bool linksToPrevious = false; // prev_hash is the hash of the station's entry before it
        QString previousId;           // empty for a station's first entry
        QString nextId;               // empty for its newest
    };

    explicit JournalBrowserModel(QSqlDatabase db, QObject *parent = nullptr);

    // Applies the filter and shows its first page; fails (keeping the old rows) on a database error.
    Status setFilter(const JournalFilter &filter);
    const JournalFilter &filter() const { return m_filter; }
    const Event &event(int row) const { return m_rows.at(row); }
    Result<ChainPlace> chainPlace(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    Result<QList<Event>> page(const Event *after) const;

    QSqlDatabase m_db;
    JournalFilter m_filter;
    QList<Event> m_rows;
    bool m_atEnd = true;
};

} // namespace benchside
