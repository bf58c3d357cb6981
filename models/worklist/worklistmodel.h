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

    // Re-reads the rows already loaded and applies the differences row by row.
    Status refresh();
    // Updates the rows of the specimens these committed events are about (receipts, rejections,
    // results), wherever they come from: this station, another process or a sync pull.
    Status applyEvents(const QList<Event> &events);
    // Loads pages until the rows of `accession` are in the model; returns their rows (scan to jump).
    QList<int> revealAccession(const QString &accession);

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
    qint64 now() const;

    WorklistQuery m_query;
    WorklistFilter m_filter;
    QList<WorklistRow> m_rows;
    bool m_atEnd = true;
    bool m_fetching = false;
    int m_pageSize = 200;
    QString m_lastError;
    std::function<qint64()> m_clock;
};

} // namespace benchside
