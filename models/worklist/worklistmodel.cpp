// SPDX-License-Identifier: GPL-3.0-or-later
#include "worklist/worklistmodel.h"

#include "result/resultjudge.h"

#include <QDateTime>
#include <QLocale>
#include <QSet>
#include <algorithm>

namespace benchside {

WorklistModel::WorklistModel(QSqlDatabase db, QObject *parent)
    : QAbstractTableModel(parent), m_query(std::move(db))
{}

qint64 WorklistModel::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

Status WorklistModel::fail(const QString &message)
{
    m_lastError = message;
    emit loadFailed(message);
    return Status::failure(message);
}

Status WorklistModel::setFilter(const WorklistFilter &filter)
{
    if (Status s = WorklistQuery::validate(filter); !s)
        return fail(s.error());
    beginResetModel();
    m_filter = filter;
    m_rows.clear();
    // Views (and QAbstractItemModelTester) ask for more while the reset finishes; the first page
    // is read after it, as an insert.
    m_atEnd = true;
    endResetModel();
    m_atEnd = false;
    m_atStart = true;
    fetchMore();
    return m_lastError.isEmpty() ? Status() : Status::failure(m_lastError);
}

WorklistKey WorklistModel::keyOf(const WorklistRow &row) const
{
    return m_filter.sort.keyOf(row);
}

std::optional<WorklistSort> WorklistModel::sortFor(int column, Qt::SortOrder order)
{
    // Age grows as the receipt time falls: the oldest first is the earliest received first.
    const bool ascending = column == Age ? order == Qt::DescendingOrder : order == Qt::AscendingOrder;
    switch (column) {
    case Priority:
        return WorklistSort{WorklistSort::Priority, !ascending};
    case Accession:
        return WorklistSort{WorklistSort::Accession, !ascending};
    case Test:
        return WorklistSort{WorklistSort::Test, !ascending};
    case Received:
    case Age:
        return WorklistSort{WorklistSort::Received, !ascending};
    case Due:
        return WorklistSort{WorklistSort::Due, !ascending};
    default:
        return std::nullopt;
    }
}

std::pair<int, Qt::SortOrder> WorklistModel::headerFor(const WorklistSort &sort)
{
    static const int columns[] = {Priority, Received, Due, Accession, Test}; // by WorklistSort::By
    return {columns[sort.by], sort.descending ? Qt::DescendingOrder : Qt::AscendingOrder};
}

void WorklistModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<WorklistSort> by = sortFor(column, order);
    if (!by || *by == m_filter.sort || m_filter.bench.isEmpty())
        return;
    WorklistFilter f = m_filter;
    f.sort = *by;
    setFilter(f);
}

bool WorklistModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_fetching && !m_filter.bench.isEmpty();
}

void WorklistModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_lastError.clear();
    const std::optional<WorklistKey> after =
        m_rows.isEmpty() ? std::nullopt : std::optional(keyOf(m_rows.last()));
    Result<QList<WorklistRow>> page = m_query.page(m_filter, after, m_pageSize);
    if (!page) {
        m_atEnd = true;
        fail(page.error());
        return;
    }
    m_atEnd = page.value().size() < m_pageSize;
    insertLoaded(int(m_rows.size()), page.value());
}

void WorklistModel::insertLoaded(int at, const QList<WorklistRow> &rows)
{
    if (rows.isEmpty())
        return;
    // A view may ask for the next page while these rows are being announced; it gets it afterwards.
    m_fetching = true;
    beginInsertRows({}, at, int(at + rows.size() - 1));
    m_rows.insert(at, rows.size(), WorklistRow());
    std::copy(rows.cbegin(), rows.cend(), m_rows.begin() + at);
    endInsertRows();
    m_fetching = false;
}

bool WorklistModel::canFetchBefore() const
{
    return !m_atStart && !m_fetching && !m_rows.isEmpty();
}

int WorklistModel::fetchBefore()
{
    if (!canFetchBefore())
        return 0;
    m_lastError.clear();
    Result<QList<WorklistRow>> page = m_query.rows(
        m_filter, WorklistQuery::Range{keyOf(m_rows.first()), false, std::nullopt, m_pageSize, true});
    if (!page) {
        fail(page.error());
        return 0;
    }
    m_atStart = page.value().size() < m_pageSize;
    insertLoaded(0, page.value());
    return int(page.value().size());
}

Status WorklistModel::jumpTo(const WorklistKey &key)
{
    // A few rows of context above the target, a page from it on; the rows in between are never read.
    const int Above = std::min(20, m_pageSize);
    using Range = WorklistQuery::Range;
    Result<QList<WorklistRow>> above = m_query.rows(m_filter, Range{key, false, std::nullopt, Above, true});
    if (!above)
        return fail(above.error());
    Result<QList<WorklistRow>> from =
        m_query.rows(m_filter, Range{key, true, std::nullopt, m_pageSize, false});
    if (!from)
        return fail(from.error());
    m_fetching = true;
    beginResetModel();
    m_rows = above.value() + from.value();
    m_atStart = above.value().size() < Above;
    m_atEnd = from.value().size() < m_pageSize;
    endResetModel();
    m_fetching = false;
    return {};
}

bool WorklistModel::loadedFrom(const WorklistKey &key) const
{
    return m_atStart || (!m_rows.isEmpty() && !(key < keyOf(m_rows.first())));
}

bool WorklistModel::loadedUpTo(const WorklistKey &key) const
{
    return m_atEnd || (!m_rows.isEmpty() && !(keyOf(m_rows.last()) < key));
}

void WorklistModel::merge(const QList<WorklistRow> &fresh, const std::optional<WorklistKey> &from,
                          const std::optional<WorklistKey> &to)
{
    auto inRange = [&](const WorklistKey &k) {
        return (!from || !(k < *from)) && (!to || !(*to < k));
    };
    // The rows are in key order: the range starts where the keys stop being below `from`.
    qsizetype i = 0;
    if (from) {
        i = std::partition_point(m_rows.cbegin(), m_rows.cend(),
                                 [&](const WorklistRow &r) { return keyOf(r) < *from; }) -
            m_rows.cbegin();
    }
    qsizetype j = 0;
    while (j < fresh.size() || (i < m_rows.size() && inRange(keyOf(m_rows.at(i))))) {
        const bool haveOld = i < m_rows.size() && inRange(keyOf(m_rows.at(i)));
        const bool haveNew = j < fresh.size();
        if (haveOld && haveNew && keyOf(m_rows.at(i)) == keyOf(fresh.at(j))) {
            if (!(m_rows.at(i) == fresh.at(j))) {
                m_rows[i] = fresh.at(j);
                emit dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
            }
            ++i;
            ++j;
        } else if (haveOld && (!haveNew || keyOf(m_rows.at(i)) < keyOf(fresh.at(j)))) {
            beginRemoveRows({}, int(i), int(i));
            m_rows.removeAt(i);
            endRemoveRows();
        } else {
            beginInsertRows({}, int(i), int(i));
            m_rows.insert(i, fresh.at(j));
            endInsertRows();
            ++i;
            ++j;
        }
    }
}

Status WorklistModel::refresh()
{
    if (m_filter.bench.isEmpty())
        return {};
    m_lastError.clear();
    if (m_rows.isEmpty())
        m_atStart = true;
    // The loaded range again, and at least one page, so that rows received since show up. A window
    // that does not start at the top is re-read from its first row: rows arriving above it come
    // with fetchBefore().
    const std::optional<WorklistKey> from = m_atStart ? std::nullopt : std::optional(keyOf(m_rows.first()));
    const int want = std::max<int>(m_pageSize, int(m_rows.size()));
    Result<QList<WorklistRow>> rows =
        m_query.rows(m_filter, WorklistQuery::Range{from, true, std::nullopt, want + 1, false});
    if (!rows)
        return fail(rows.error());
    QList<WorklistRow> fresh = rows.value();
    const bool more = fresh.size() > want;
    if (more)
        fresh.removeLast();
    const std::optional<WorklistKey> to =
        more && !fresh.isEmpty() ? std::optional(keyOf(fresh.last())) : std::nullopt;
    merge(fresh, from, to);
    if (more) {
        // Rows beyond the re-read range stay for fetchMore.
        while (!m_rows.isEmpty() && to && *to < keyOf(m_rows.last())) {
            beginRemoveRows({}, int(m_rows.size() - 1), int(m_rows.size() - 1));
            m_rows.removeLast();
            endRemoveRows();
        }
    }
    m_atEnd = !more;
    return {};
}

Status WorklistModel::applyEvents(const QList<Event> &events)
{
    if (m_filter.bench.isEmpty())
        return {};
    QSet<QString> done;
    for (const Event &e : events) {
        const bool relevant =
            e.kind.startsWith(QLatin1String("custody.")) || e.kind.startsWith(QLatin1String("result."));
        if (!relevant || done.contains(e.subject))
            continue;
        done.insert(e.subject);
        Result<QList<WorklistRow>> fresh = m_query.rowsOfAccession(m_filter, e.subject);
        if (!fresh)
            return fail(fresh.error());
        // Each row of the specimen on its own: they may be far apart in display order.
        QSet<QString> seen;
        for (const WorklistRow &r : fresh.value()) {
            seen.insert(r.orderId);
            const int at = rowOf(r.orderId);
            if (at >= 0 || (loadedFrom(keyOf(r)) && loadedUpTo(keyOf(r))))
                merge({r}, keyOf(r), keyOf(r));
        }
        for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
            if (m_rows.at(i).accession == e.subject && !seen.contains(m_rows.at(i).orderId)) {
                beginRemoveRows({}, i, i);
                m_rows.removeAt(i);
                endRemoveRows();
            }
        }
    }
    return {};
}

QList<int> WorklistModel::revealAccession(const QString &accession)
{
    QList<int> rows;
    Result<QList<WorklistRow>> mine = m_query.rowsOfAccession(m_filter, accession);
    if (!mine) {
        fail(mine.error());
        return rows;
    }
    if (mine.value().isEmpty())
        return rows;
    const WorklistKey first = keyOf(mine.value().first());
    const WorklistKey last = keyOf(mine.value().last());
    if (!loadedFrom(first)) {
        if (Status s = jumpTo(first); !s)
            return rows;
    } else if (!loadedUpTo(last) && !m_fetching) {
        // Near the loaded rows: read the rows up to the tube's and append them. Far below: jump,
        // rather than read tens of thousands of rows nobody looks at (400 ms at 58,000).
        const std::optional<WorklistKey> after =
            m_rows.isEmpty() ? std::nullopt : std::optional(keyOf(m_rows.last()));
        Result<QList<WorklistRow>> gap =
            m_query.rows(m_filter, WorklistQuery::Range{after, false, last, m_jumpRows + 1, false});
        if (!gap) {
            fail(gap.error());
            return rows;
        }
        if (gap.value().size() > m_jumpRows) {
            if (Status s = jumpTo(first); !s)
                return rows;
        } else {
            insertLoaded(int(m_rows.size()), gap.value());
        }
    }
    for (const WorklistRow &r : mine.value()) {
        if (const int at = rowOf(r.orderId); at >= 0)
            rows << at;
    }
    return rows;
}

int WorklistModel::rowOf(const QString &orderId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).orderId == orderId)
            return int(i);
    }
    return -1;
}

int WorklistModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WorklistModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString WorklistModel::clockText(qint64 ms, qint64 nowMs)
{
    // The time alone is today's: work from another day says which, or "07:33" reads as this morning.
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms);
    if (at.date() == QDateTime::fromMSecsSinceEpoch(nowMs).date())
        return at.toString(QStringLiteral("HH:mm"));
    return QLocale().toString(at, QStringLiteral("d MMM HH:mm"));
}

QVariant WorklistModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WorklistRow &r = m_rows.at(index.row());
    const qint64 t = now();
    switch (role) {
    case OrderIdRole:
        return r.orderId;
    case AccessionRole:
        return r.accession;
    case OverdueRole:
        return r.overdue(t);
    case NearDueRole:
        return r.nearDue(t);
    case StatusRole:
        return r.status;
    case FlagRole:
        return r.flag;
    case SortRole:
        switch (index.column()) {
        case Priority:
            return r.priorityRank;
        case Received:
        case Age:
            return r.receivedAtMs;
        case Due:
            return r.dueAtMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case Priority:
            return r.priority.toUpper();
        case Accession:
            return r.accession;
        case Patient:
            return r.patientName.isEmpty() ? r.patientMrn : r.patientName;
        case Test:
            return r.testCode;
        case Received:
            return clockText(r.receivedAtMs, t);
        case Age: {
            const qint64 minutes = std::max<qint64>(0, r.ageMs(t) / 60'000);
            return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
        }
        case Due:
            return clockText(r.dueAtMs, t);
        case WorkStatus:
            // A value from an analyzer says so where the technician looks before verifying.
            // So does what the analyzer said beyond its flags: a status that is not final, comments.
            if (r.analyzer.isEmpty())
                return WorklistQuery::statusName(r.status);
            if (!r.instrumentStatus.isEmpty() || !r.instrumentComments.isEmpty())
                return tr("%1 · %2 · see its notes").arg(WorklistQuery::statusName(r.status), r.analyzer);
            return tr("%1 · %2").arg(WorklistQuery::statusName(r.status), r.analyzer);
        case Flag:
            // Said in the row itself: a flag judged without the patient's own range is less certain.
            return r.rangeBasis.isEmpty() || r.flag.isEmpty()
                       ? r.flag
                       : tr("%1 (%2)").arg(r.flag, ResultJudge::basisShort(r.rangeBasis));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Flag && !r.rangeBasis.isEmpty())
            return ResultJudge::basisText(r.rangeBasis);
        if (index.column() == WorkStatus && !r.analyzer.isEmpty()) {
            QString tip = r.instrumentFlags.isEmpty()
                              ? tr("Measured by %1").arg(r.analyzer)
                              : tr("Measured by %1; its flags: %2")
                                    .arg(r.analyzer, r.instrumentFlags.join(QStringLiteral(", ")));
            if (!r.instrumentStatus.isEmpty())
                tip += QLatin1Char('\n') + tr("Its status: %1 (not final)").arg(r.instrumentStatus);
            if (!r.instrumentComments.isEmpty())
                tip += QLatin1Char('\n') +
                       tr("Its comments: %1").arg(r.instrumentComments.join(QStringLiteral("; ")));
            return tip;
        }
        return {};
    default:
        return {};
    }
}

QVariant WorklistModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    // A first click on a heading sorts the way a technician reads it: the oldest first by age.
    if (role == Qt::InitialSortOrderRole)
        return section == Age ? Qt::DescendingOrder : Qt::AscendingOrder;
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Priority:
        return tr("Priority");
    case Accession:
        return tr("Accession");
    case Patient:
        return tr("Patient");
    case Test:
        return tr("Test");
    case Received:
        return tr("Received");
    case Age:
        return tr("Age");
    case Due:
        return tr("Due");
    case WorkStatus:
        return tr("Status");
    case Flag:
        return tr("Flag");
    default:
        return {};
    }
}

} // namespace benchside
