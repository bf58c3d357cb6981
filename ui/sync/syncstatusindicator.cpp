// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/syncstatusindicator.h"

namespace benchside {

namespace {
QString colour(SyncStatusIndicator::State state)
{
    switch (state) {
    case SyncStatusIndicator::State::Online:
        return QStringLiteral("#2e7d32");
    case SyncStatusIndicator::State::Problem:
        return QStringLiteral("#ef6c00");
    case SyncStatusIndicator::State::Offline:
        return QStringLiteral("#c62828");
    case SyncStatusIndicator::State::NotConfigured:
        break;
    }
    return QStringLiteral("#757575");
}

QString clock(qint64 ms, const QDateTime &now)
{
    if (ms <= 0)
        return SyncStatusIndicator::tr("never");
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms);
    return t.date() == now.date() ? t.toString(QStringLiteral("HH:mm:ss"))
                                  : t.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString wait(qint64 ms)
{
    return ms < 60'000 ? SyncStatusIndicator::tr("%1 s").arg((ms + 999) / 1000)
                       : SyncStatusIndicator::tr("%1 min").arg((ms + 59'999) / 60'000);
}
} // namespace

SyncStatusIndicator::SyncStatusIndicator(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("syncStatus"));
    setTextFormat(Qt::RichText);
    setContentsMargins(0, 0, fontMetrics().horizontalAdvance(QLatin1Char('M')), 0);
    showNotConfigured();
}

void SyncStatusIndicator::setState(State state, const QString &text, const QString &toolTip)
{
    m_state = state;
    m_lastText = text;
    render(text);
    setToolTip(toolTip);
}

void SyncStatusIndicator::showNotConfigured()
{
    setState(State::NotConfigured, tr("Sync: not set up"),
             tr("This station keeps its records locally only. Set the server in Station ▸ Sync settings."));
}

void SyncStatusIndicator::render(const QString &text)
{
    setText(QStringLiteral("<span style=\"color:%1\">&#9679;</span> %2")
                .arg(colour(m_state), text.toHtmlEscaped()));
}

void SyncStatusIndicator::showSyncing()
{
    // Keeps the colour of the last outcome: a round in progress says nothing yet about the network.
    render(m_lastText + QStringLiteral(" · ") + tr("syncing…"));
}

void SyncStatusIndicator::showOutcome(const SyncOutcome &outcome, const QDateTime &now)
{
    const int waiting = outcome.status.waiting;
    const QString last = clock(outcome.status.lastSuccessAtMs, now);
    if (outcome.ok) {
        setState(State::Online, tr("Online · synced %1 · %n waiting", nullptr, waiting).arg(last),
                 tr("Pushed %1 and pulled %2 event(s) in the last round.")
                     .arg(outcome.report.pushed)
                     .arg(outcome.report.pulled));
        if (!m_lastProblem.isEmpty()) {
            m_lastProblem.clear();
            emit problemCleared();
        }
        return;
    }
    const QString retry = tr("retry in %1").arg(wait(outcome.nextInMs));
    if (outcome.reached)
        setState(State::Problem,
                 tr("Sync problem · synced %1 · %n waiting · %2", nullptr, waiting).arg(last, retry),
                 outcome.error);
    else
        setState(State::Offline,
                 tr("Offline · synced %1 · %n waiting · %2", nullptr, waiting).arg(last, retry),
                 outcome.error);
    if (outcome.error != m_lastProblem) {
        m_lastProblem = outcome.error;
        emit problemAppeared(outcome.error);
    }
}

} // namespace benchside
