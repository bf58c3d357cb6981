// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <algorithm>

namespace benchside {

// A read-only table of rows that each have a key (an event id, a control ID), newest first, read
// again and again while people look at it (the interface lists refresh every few seconds). A reload
// inserts the rows that came in at the top, drops those pushed off the bottom and updates the rows
// that changed in place, so a view keeps its selection and scroll position; only a list that is not
// the old one plus new rows (another filter, say) resets the model.
template<typename Row> class KeyedRowsModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    const Row &row(int r) const { return m_rows.at(r); }
    // The row with this key, or -1.
    int rowOf(const QString &key) const
    {
        for (int r = 0; r < m_rows.size(); ++r) {
            if (keyOf(m_rows.at(r)) == key)
                return r;
        }
        return -1;
    }

protected:
    virtual QString keyOf(const Row &row) const = 0;
    virtual bool same(const Row &a, const Row &b) const = 0;

    void replaceRows(QList<Row> fresh)
    {
        // Where the old first row is now: everything above it is new.
        qsizetype added = -1;
        if (!m_rows.isEmpty()) {
            const QString first = keyOf(m_rows.first());
            for (qsizetype i = 0; i < fresh.size() && added < 0; ++i) {
                if (keyOf(fresh.at(i)) == first)
                    added = i;
            }
        }
        const qsizetype kept = added < 0 ? 0 : std::min(m_rows.size(), fresh.size() - added);
        bool follows = added >= 0;
        for (qsizetype i = 0; follows && i < kept; ++i)
            follows = keyOf(m_rows.at(i)) == keyOf(fresh.at(added + i));
        if (!follows) {
            beginResetModel();
            m_rows = std::move(fresh);
            endResetModel();
            return;
        }
        if (kept < m_rows.size()) {
            beginRemoveRows({}, int(kept), int(m_rows.size() - 1));
            m_rows.resize(kept);
            endRemoveRows();
        }
        for (qsizetype i = 0; i < kept; ++i) {
            if (same(m_rows.at(i), fresh.at(added + i)))
                continue;
            m_rows[i] = fresh.at(added + i);
            emit dataChanged(index(int(i), 0), index(int(i), columnCount() - 1));
        }
        if (added > 0) {
            beginInsertRows({}, 0, int(added - 1));
            m_rows = fresh.mid(0, added) + m_rows;
            endInsertRows();
        }
        // Older rows below the old last one: the list was cut short before (a longer limit now).
        if (m_rows.size() < fresh.size()) {
            beginInsertRows({}, int(m_rows.size()), int(fresh.size() - 1));
            m_rows += fresh.mid(m_rows.size());
            endInsertRows();
        }
    }

private:
    QList<Row> m_rows;
};

} // namespace benchside
