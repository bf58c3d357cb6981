// SPDX-License-Identifier: GPL-3.0-or-later
#include "audit/journalbrowsermodel.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

JournalBrowserModel::JournalBrowserModel(QSqlDatabase db, QObject *parent)
    : QAbstractTableModel(parent), m_db(std::move(db))
{}

// Keyset paging in replay order, newest first: (hlc, station_id, station_seq) below the last row shown.
// The WHERE clause is put together from fixed fragments (every value is bound) so that SQLite sees
// only the filters in use: an "? = '' OR subject = ?" form would keep it off the subject index.
Result<QList<Event>> JournalBrowserModel::page(const Event *after) const
{
    QStringList where;
    QVariantList values;
    if (!m_filter.actor.isEmpty()) {
        where << QStringLiteral("actor = ?");
        values << m_filter.actor;
    }
    if (!m_filter.subject.isEmpty()) {
        where << QStringLiteral("subject = ?");
        values << m_filter.subject;
    }
    if (!m_filter.kindPrefix.isEmpty()) {
        // substr rather than LIKE: kinds contain '_', which LIKE would read as a wildcard.
        where << QStringLiteral("substr(kind, 1, ?) = ?");
        values << int(m_filter.kindPrefix.size()) << m_filter.kindPrefix;
    }
    // hlc is milliseconds shifted left by 16 bits (HybridClock).
    if (m_filter.fromMs > 0) {
        where << QStringLiteral("hlc >= ?");
        values << (m_filter.fromMs << 16);
    }
    if (m_filter.toMs > 0) {
        where << QStringLiteral("hlc < ?");
        values << (m_filter.toMs << 16);
    }
    if (after) {
        where << QStringLiteral("(hlc, station_id, station_seq) < (?, ?, ?)");
        values << after->hlc << after->stationId << after->stationSeq;
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
                  "SELECT %1 FROM journal %2 ORDER BY hlc DESC, station_id DESC, station_seq DESC LIMIT ?")
                  .arg(QLatin1String(Event::Columns),
                       where.isEmpty() ? QString()
                                       : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND "))));
    for (const QVariant &v : std::as_const(values))
        q.addBindValue(v);
    q.addBindValue(PageSize);
    if (!q.exec())
        return Result<QList<Event>>::failure(tr("Cannot read the journal: %1").arg(q.lastError().text()));
    return Event::fromRows(q);
}

Status JournalBrowserModel::setFilter(const JournalFilter &filter)
{
    const JournalFilter previous = m_filter;
    m_filter = filter;
    Result<QList<Event>> first = page(nullptr);
    if (!first) {
        m_filter = previous;
        return Status::failure(first.error());
    }
    beginResetModel();
    m_rows = first.value();
    m_atEnd = m_rows.size() < PageSize;
    endResetModel();
    return {};
}

bool JournalBrowserModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void JournalBrowserModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent) || m_rows.isEmpty())
        return;
    Result<QList<Event>> more = page(&m_rows.last());
    if (!more || more.value().isEmpty()) {
        // A failed read ends the list rather than looping; the view shows what it has.
        m_atEnd = true;
        return;
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + more.value().size() - 1));
    m_rows += more.value();
    endInsertRows();
    m_atEnd = more.value().size() < PageSize;
}

Result<JournalBrowserModel::ChainPlace> JournalBrowserModel::chainPlace(int row) const
{
    const Event &e = m_rows.at(row);
    ChainPlace place;
    place.hashMatches = e.computeHash() == e.hash;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT station_seq, id, hash FROM journal WHERE station_id = ? AND station_seq IN (?, ?)"));
    q.addBindValue(e.stationId);
    q.addBindValue(e.stationSeq - 1);
    q.addBindValue(e.stationSeq + 1);
    if (!q.exec())
        return Result<ChainPlace>::failure(tr("Cannot read the journal: %1").arg(q.lastError().text()));
    QString previousHash = e.stationSeq == 1 ? Event::genesisHash() : QString();
    while (q.next()) {
        if (q.value(0).toLongLong() < e.stationSeq) {
            place.previousId = q.value(1).toString();
            previousHash = q.value(2).toString();
        } else {
            place.nextId = q.value(1).toString();
        }
    }
    place.linksToPrevious = !previousHash.isEmpty() && previousHash == e.prevHash;
    return place;
}

int JournalBrowserModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JournalBrowserModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JournalBrowserModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || role != Qt::DisplayRole)
        return {};
    const Event &e = m_rows.at(index.row());
    switch (index.column()) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(e.atMs()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case Station:
        return e.stationId;
    case Seq:
        return e.stationSeq;
    case Actor:
        return e.actor;
    case Kind:
        return e.kind;
    case Subject:
        return e.subject;
    default:
        return {};
    }
}

QVariant JournalBrowserModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Recorded");
    case Station:
        return tr("Station");
    case Seq:
        return tr("#");
    case Actor:
        return tr("User");
    case Kind:
        return tr("Kind");
    case Subject:
        return tr("Subject");
    default:
        return {};
    }
}

} // namespace benchside
