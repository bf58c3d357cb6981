// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/analyzerlinemodel.h"

#include "analyzer/analyzerregistry.h"

#include <QBrush>
#include <QColor>
#include <algorithm>

namespace benchside {

AnalyzerLineModel::AnalyzerLineModel(const AnalyzerRegistry &registry, QObject *parent)
    : QAbstractTableModel(parent), m_registry(registry), m_clock([] { return QDateTime::currentDateTime(); })
{}

Status AnalyzerLineModel::reload()
{
    Result<QList<AnalyzerDefinition>> all = m_registry.list();
    if (!all)
        return Status::failure(all.error());
    QList<Row> fresh;
    for (const AnalyzerDefinition &d : all.value()) {
        Row r;
        const int known = rowOf(d.name);
        if (known >= 0)
            r = m_rows.at(known);
        r.name = d.name;
        r.endpoint = d.endpoint.describe();
        r.profile = AnalyzerDefinition::profileName(d.profile);
        r.active = d.active;
        r.defined = true;
        fresh << r;
    }
    // A line still running under a definition removed meanwhile stays until it stops.
    for (const Row &r : std::as_const(m_rows)) {
        if (r.state != AstmConnection::State::Stopped &&
            std::none_of(fresh.cbegin(), fresh.cend(), [&r](const Row &f) { return f.name == r.name; })) {
            fresh << r;
            fresh.last().defined = false;
        }
    }
    bool sameNames = fresh.size() == m_rows.size();
    for (qsizetype i = 0; sameNames && i < fresh.size(); ++i)
        sameNames = fresh.at(i).name == m_rows.at(i).name;
    if (!sameNames) {
        beginResetModel();
        m_rows = std::move(fresh);
        endResetModel();
        return {};
    }
    m_rows = std::move(fresh);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size() - 1), ColumnCount - 1));
    return {};
}

int AnalyzerLineModel::rowOf(const QString &name) const
{
    for (qsizetype r = 0; r < m_rows.size(); ++r) {
        if (m_rows.at(r).name == name)
            return int(r);
    }
    return -1;
}

int AnalyzerLineModel::ensureRow(const QString &name)
{
    const int known = rowOf(name);
    if (known >= 0)
        return known;
    // Defined after the list was read: shown at once, its details at the next reload().
    const int r = int(m_rows.size());
    beginInsertRows({}, r, r);
    Row row;
    row.name = name;
    m_rows << row;
    endInsertRows();
    return r;
}

void AnalyzerLineModel::changed(int row)
{
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void AnalyzerLineModel::setLine(const QString &name, AstmConnection::State state, const QString &detail)
{
    const int r = ensureRow(name);
    m_rows[r].state = state;
    m_rows[r].detail = detail;
    changed(r);
}

void AnalyzerLineModel::addTaken(const QString &name, int matched, int unmatched, int held)
{
    const int r = ensureRow(name);
    const QDateTime now = m_clock();
    Row &row = m_rows[r];
    row = current(row);
    row.day = now.date();
    row.lastMessage = now;
    ++row.messages;
    row.entered += matched;
    row.unmatched += unmatched;
    row.held += held;
    changed(r);
}

void AnalyzerLineModel::stopAll()
{
    for (qsizetype r = 0; r < m_rows.size(); ++r) {
        if (m_rows.at(r).state == AstmConnection::State::Stopped)
            continue;
        m_rows[r].state = AstmConnection::State::Stopped;
        m_rows[r].detail.clear();
        changed(int(r));
    }
}

AnalyzerLineModel::Row AnalyzerLineModel::current(const Row &row) const
{
    Row r = row;
    if (r.day != m_clock().date()) {
        r.messages = 0;
        r.entered = 0;
        r.unmatched = 0;
        r.held = 0;
    }
    return r;
}

AnalyzerLineModel::Totals AnalyzerLineModel::today() const
{
    Totals t;
    const QDate day = m_clock().date();
    for (const Row &r : m_rows) {
        if (r.day != day)
            continue;
        t.messages += r.messages;
        t.entered += r.entered;
        t.unmatched += r.unmatched;
        t.held += r.held;
    }
    return t;
}

QString AnalyzerLineModel::stateLabel(AstmConnection::State state)
{
    switch (state) {
    case AstmConnection::State::Stopped:
        return tr("stopped");
    case AstmConnection::State::Connecting:
        return tr("connecting");
    case AstmConnection::State::Listening:
        return tr("listening");
    case AstmConnection::State::Connected:
        return tr("connected");
    case AstmConnection::State::Error:
        return tr("error");
    }
    return {};
}

QString AnalyzerLineModel::stateColour(AstmConnection::State state)
{
    switch (state) {
    case AstmConnection::State::Connected:
        return QStringLiteral("#2e7d32");
    case AstmConnection::State::Listening:
        return QStringLiteral("#1565c0");
    case AstmConnection::State::Connecting:
        return QStringLiteral("#ef6c00");
    case AstmConnection::State::Error:
        return QStringLiteral("#c62828");
    case AstmConnection::State::Stopped:
        break;
    }
    return QStringLiteral("#757575");
}

int AnalyzerLineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AnalyzerLineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AnalyzerLineModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Row r = current(m_rows.at(index.row()));
    if (role == Qt::ForegroundRole && index.column() == State)
        return QBrush(QColor(stateColour(r.state)));
    if (role == Qt::ToolTipRole && index.column() == Detail && !r.detail.isEmpty())
        return r.detail;
    if (role == Qt::ToolTipRole && index.column() == Name)
        return tr("ASTM profile: %1").arg(r.profile);
    if (role == Qt::TextAlignmentRole && index.column() >= Entered && index.column() <= Held)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return r.name;
    case Where:
        return r.endpoint;
    case State:
        // A switched-off analyzer is not started with the others: its line is off, not failing.
        if (r.state == AstmConnection::State::Stopped && !r.active)
            return tr("switched off");
        if (!r.defined)
            return tr("%1 (removed)").arg(stateLabel(r.state));
        return stateLabel(r.state);
    case Detail:
        // A stopped line's detail is where it is, which the Where column says already.
        return r.state == AstmConnection::State::Stopped ? QString() : r.detail;
    case LastMessage:
        if (!r.lastMessage.isValid())
            return QString();
        return r.lastMessage.toString(r.lastMessage.date() == m_clock().date()
                                          ? QStringLiteral("HH:mm:ss")
                                          : QStringLiteral("yyyy-MM-dd HH:mm"));
    case Entered:
        return r.entered;
    case Unmatched:
        return r.unmatched;
    case Held:
        return r.held;
    default:
        return {};
    }
}

QVariant AnalyzerLineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Analyzer");
    case Where:
        return tr("Line");
    case State:
        return tr("State");
    case Detail:
        return tr("Detail");
    case LastMessage:
        return tr("Last message");
    case Entered:
        return tr("Entered today");
    case Unmatched:
        return tr("Unmatched today");
    case Held:
        return tr("Held today");
    default:
        return {};
    }
}

} // namespace benchside
