// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7outboxmodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace benchside {

Hl7OutboxModel::Hl7OutboxModel(const Hl7Outbox &outbox, QObject *parent)
    : KeyedRowsModel(parent), m_outbox(outbox)
{}

Status Hl7OutboxModel::setState(const QString &state)
{
    const QString previous = m_state;
    m_state = state;
    Status s = reload();
    if (!s)
        m_state = previous;
    return s;
}

Status Hl7OutboxModel::reload()
{
    Result<QList<Hl7OutboxEntry>> entries = m_outbox.entries(m_state, Limit);
    if (!entries)
        return Status::failure(entries.error());
    replaceRows(std::move(entries).value());
    return {};
}

QString Hl7OutboxModel::stateLabel(const QString &state)
{
    if (state == QLatin1String("pending"))
        return tr("pending");
    if (state == QLatin1String("delivered"))
        return tr("delivered");
    if (state == QLatin1String("dead"))
        return tr("dead letter");
    if (state == QLatin1String("discarded"))
        return tr("discarded");
    return state;
}

QString Hl7OutboxModel::kindLabel(const QString &kind)
{
    if (kind == QLatin1String("released"))
        return tr("released");
    if (kind == QLatin1String("amended"))
        return tr("amended");
    if (kind == QLatin1String("cancelled"))
        return tr("cancelled");
    return kind;
}

bool Hl7OutboxModel::same(const Hl7OutboxEntry &a, const Hl7OutboxEntry &b) const
{
    return a.destination == b.destination && a.hlc == b.hlc && a.kind == b.kind &&
           a.accession == b.accession && a.tests == b.tests && a.state == b.state && a.ackCode == b.ackCode &&
           a.error == b.error && a.attempts == b.attempts && a.lastError == b.lastError;
}

int Hl7OutboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant Hl7OutboxModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Hl7OutboxEntry &e = row(index.row());
    // What went wrong last: the receiver's answer for a dead letter, the person's reason for a
    // discarded message, the failed attempt (no connection, no ACK) for one still pending.
    const QString problem = e.state == QLatin1String("pending")     ? e.lastError
                            : e.state == QLatin1String("discarded") ? tr("Discarded: %1").arg(e.error)
                                                                    : e.error;
    if (role == Qt::ForegroundRole && index.column() == State && e.state == QLatin1String("dead"))
        return QBrush(QColor(0xb0, 0x1c, 0x1c));
    if (role == Qt::ToolTipRole)
        return index.column() == LastError && !problem.isEmpty() ? QVariant(problem) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Queued:
        // The hybrid clock is milliseconds shifted left by 16 bits (HybridClock).
        return QDateTime::fromMSecsSinceEpoch(e.hlc >> 16).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Destination:
        return e.destination;
    case Kind:
        return kindLabel(e.kind);
    case Accession:
        return e.accession;
    case Tests:
        return e.tests.join(QStringLiteral(", "));
    case State:
        return stateLabel(e.state);
    case Attempts:
        return e.attempts;
    case LastError:
        return problem;
    case ControlId:
        return e.id;
    default:
        return {};
    }
}

QVariant Hl7OutboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Queued:
        return tr("Queued");
    case Destination:
        return tr("Destination");
    case Kind:
        return tr("Reports");
    case Accession:
        return tr("Accession");
    case Tests:
        return tr("Tests");
    case State:
        return tr("State");
    case Attempts:
        return tr("Attempts");
    case LastError:
        return tr("Last error");
    case ControlId:
        return tr("Control ID");
    default:
        return {};
    }
}

} // namespace benchside
