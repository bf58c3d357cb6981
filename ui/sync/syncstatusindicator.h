// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/syncworker.h"

#include <QDateTime>
#include <QLabel>

namespace benchside {

// The status bar's view of the background sync: online or offline, the time of the last successful
// sync and how many of this station's events wait for the server. A problem is announced once
// (problemAppeared) and then stays visible in the indicator until a round succeeds.
class SyncStatusIndicator : public QLabel
{
    Q_OBJECT

public:
    explicit SyncStatusIndicator(QWidget *parent = nullptr);

    void showNotConfigured();
    void showSyncing();
    void showOutcome(const SyncOutcome &outcome, const QDateTime &now = QDateTime::currentDateTime());

    enum class State { NotConfigured, Online, Problem, Offline };
    State state() const { return m_state; }

signals:
    void problemAppeared(const QString &message); // a new problem, not a repeat of the last one
    void problemCleared();

private:
    void setState(State state, const QString &text, const QString &toolTip);
    void render(const QString &text); // the dot in the state's colour, then the text

    State m_state = State::NotConfigured;
    QString m_lastProblem;
    QString m_lastText;
};

} // namespace benchside
