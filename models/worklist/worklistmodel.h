// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/event.h"
#include "worklist/worklistquery.h"

#include <QAbstractTableModel>
#include <functional>

namespace benchside {

// A bench's worklist for a view: fetches a page at a time (canFetchMore/fetchMore), never the
// whole list. Rows keep their identity across refresh() and applyEvents(): a changed order is a
// dataChanged, a new one an insert at its place in display order, a finished one a removal, so
// a view keeps its selection and scroll position while tubes arrive and results are entered.
class WorklistModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Priority, Accession, Patient, Test, Received, Age, Due, WorkStatus, Flag, ColumnCount };
    enum Role {
        OrderIdRole = Qt::UserRole + 1,
        AccessionRole,
        SortRole,    // a value that sorts like the column (times in ms)
        OverdueRole, // bool
        NearDueRole, // bool
        StatusRole,  // pending, entered, amended, verified
        FlagRole,    // N, L, H, LL, HH, A or ""
    };

    explicit WorklistModel(QSqlDatabase db, QObject *parent = nullptr);

    // Shows another bench or filter: resets the model and reads the first page.
    Status setFilter(const WorklistFilter &filter);
    const WorklistFilter &filter() const { return m_filter; }
    void setPageSize(int rows) { m_pageSize = std::max(1, rows); }
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    // A time as the Received and Due columns show it: HH:mm today, with its day otherwise.
    static QString clockText(qint64 ms, qint64 nowMs);

    // Patient, status and flag have no index over the open orders, so the model does not sort
    // by them (nullopt); every other column sorts through an index.
    static std::optional<WorklistSort> sortFor(int column, Qt::SortOrder order);
    // The heading and direction that show `sort` (the inverse of sortFor; Age shows as Received).
    static std::pair<int, Qt::SortOrder> headerFor(const WorklistSort &sort);
    // Re-reads the first page in the new order (QTableView calls this when a header is clicked).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Re-reads the rows already loaded and applies the differences row by row.
    Status refresh();
    // Updates the rows of the specimens these committed events are about (receipts, rejections,
    // results), wherever they come from: this station, another process or a sync pull.
    Status applyEvents(const QList<Event> &events);
    // Brings the rows of `accession` into the model and returns their rows (scan to jump). Rows
    // up to `jumpRows` below the loaded ones are read and appended; further away, the model is
    // reset to a window around the tube (atStart() false), and the rows above come with
    // fetchBefore() as the user scrolls up.
    QList<int> revealAccession(const QString &accession);
    void setJumpRows(int rows) { m_jumpRows = std::max(1, rows); }
    bool atStart() const { return m_atStart; }
    bool canFetchBefore() const;
    // Prepends the page above the first loaded row; returns how many rows came.
    int fetchBefore();

    int rowOf(const QString &orderId) const;
    const WorklistRow &rowAt(int row) const { return m_rows.at(row); }
    const QString &lastError() const { return m_lastError; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;

signals:
    void loadFailed(const QString &message);

private:
    Status fail(const QString &message);
    // Puts `fresh` (sorted) in place of the loaded rows whose keys are in [from, to].
    void merge(const QList<WorklistRow> &fresh, const std::optional<WorklistKey> &from,
               const std::optional<WorklistKey> &to);
    bool loadedUpTo(const WorklistKey &key) const;
    bool loadedFrom(const WorklistKey &key) const;
    Status jumpTo(const WorklistKey &key);
    void insertLoaded(int at, const QList<WorklistRow> &rows);
    WorklistKey keyOf(const WorklistRow &row) const;
    qint64 now() const;

    WorklistQuery m_query;
    WorklistFilter m_filter;
    QList<WorklistRow> m_rows;
    bool m_atEnd = true;
    bool m_atStart = true;
    int m_jumpRows = 1000;
    bool m_fetching = false;
    int m_pageSize = 200;
    QString m_lastError;
    std::function<qint64()> m_clock;
};

} // namespace benchside
