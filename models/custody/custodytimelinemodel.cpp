// SPDX-License-Identifier: GPL-3.0-or-later
#include "custody/custodytimelinemodel.h"

#include "catalog/catalog.h"
#include "custody/custodykind.h"
#include "specimen/specimenrepository.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>

namespace benchside {

CustodyTimelineModel::CustodyTimelineModel(SpecimenRepository &specimens, QObject *parent)
    : QAbstractTableModel(parent), m_specimens(specimens)
{}

Status CustodyTimelineModel::load(const QString &accession)
{
    if (accession.isEmpty()) {
        clear();
        return {};
    }
    Result<QList<CustodyEntry>> timeline = m_specimens.timeline(accession);
    if (!timeline) {
        clear();
        return Status::failure(timeline.error());
    }
    replace(accession, std::move(timeline.value()));
    return {};
}

void CustodyTimelineModel::clear()
{
    replace(QString(), {});
}

void CustodyTimelineModel::replace(const QString &accession, QList<CustodyEntry> entries)
{
    // The common case after recording a step: the old timeline is the tail of the new one.
    const qsizetype added = entries.size() - m_entries.size();
    bool onlyNewOnTop = accession == m_accession && added >= 0;
    for (qsizetype i = 0; onlyNewOnTop && i < m_entries.size(); ++i)
        onlyNewOnTop = entries.at(added + i).eventId == m_entries.at(i).eventId;

    if (!onlyNewOnTop) {
        beginResetModel();
        m_accession = accession;
        m_entries = std::move(entries);
        endResetModel();
        return;
    }
    if (added == 0)
        return;
    beginInsertRows({}, 0, static_cast<int>(added) - 1);
    m_entries = std::move(entries);
    endInsertRows();
    // The bold "current" step may have moved down with the insertion, past rows about results.
    if (m_entries.size() > added)
        emit dataChanged(index(static_cast<int>(added), 0), index(rowCount() - 1, ColumnCount - 1),
                         {Qt::FontRole});
}

void CustodyTimelineModel::setUserNames(const QHash<QString, QString> &names)
{
    m_userNames = names;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, Actor), index(rowCount() - 1, Actor),
                         {Qt::DisplayRole, Qt::ToolTipRole, SortRole});
}

int CustodyTimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int CustodyTimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CustodyTimelineModel::timeText(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                  : QString();
}

int CustodyTimelineModel::currentStepRow(const QList<CustodyEntry> &entries)
{
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const CustodyEntry &e = entries.at(i);
        if (e.kind.startsWith(QLatin1String("autoverify.")) ||
            e.kind == QLatin1String("specimen.review_marked"))
            continue; // about results, not where the tube is
        if (e.kind != QLatin1String("custody.corrected") || !e.detail.isEmpty() || !e.location.isEmpty())
            return static_cast<int>(i);
    }
    return entries.isEmpty() ? -1 : 0;
}

QString CustodyTimelineModel::describe(const CustodyEntry &e)
{
    QString reason = e.reason;
    for (const RejectionReason &r : Catalog::rejectionReasons()) {
        if (reason == r.code) {
            reason = r.label;
            break;
        }
        if (reason.startsWith(r.code + QStringLiteral(": "))) {
            reason = r.label + reason.mid(r.code.size());
            break;
        }
    }
    QStringList parts;
    if (!reason.isEmpty())
        parts << reason;
    if (!e.detail.isEmpty())
        parts << e.detail;
    return parts.join(QStringLiteral(" · "));
}

QString CustodyTimelineModel::actorName(const QString &actor) const
{
    return m_userNames.value(actor, actor);
}

QVariant CustodyTimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CustodyEntry &e = m_entries.at(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (column) {
        case Time:
            return role == SortRole ? QVariant(e.atMs) : QVariant(timeText(e.atMs));
        case Step:
            return CustodyKinds::label(e.kind);
        case Actor:
            return e.actor == QLatin1String("autoverify") ? tr("Autoverification") : actorName(e.actor);
        case Station:
            return e.station;
        case Location:
            return e.location;
        case Detail:
            return describe(e);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Actor)
            return e.actor;
        if (column == Detail || column == Location) {
            const QString text = column == Detail ? describe(e) : e.location;
            return text.isEmpty() ? QVariant() : QVariant(text);
        }
        return {};
    case Qt::FontRole:
        // The newest custody step is where the tube is now.
        if (index.row() == currentStepRow(m_entries)) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ForegroundRole:
        if (e.kind == QLatin1String("custody.rejected"))
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        if (e.kind == QLatin1String("custody.corrected"))
            return QBrush(QColor(0x8a, 0x5a, 0x00));
        // About the tube's results, not where it is: set apart from the steps.
        if (e.kind.startsWith(QLatin1String("autoverify.")) ||
            e.kind == QLatin1String("specimen.review_marked"))
            return QBrush(QColor(0x4a, 0x14, 0x8c));
        return {};
    case KindRole:
        return e.kind;
    case EventIdRole:
        return e.eventId;
    case AtMsRole:
        return e.atMs;
    default:
        return {};
    }
}

QVariant CustodyTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
    case Time:
        return tr("Time");
    case Step:
        return tr("Step");
    case Actor:
        return tr("By");
    case Station:
        return tr("Station");
    case Location:
        return tr("Location");
    case Detail:
        return tr("Reason / detail");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace benchside
