// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/idlelock.h"

#include <QObject>
#include <functional>

class QTimer;

namespace benchside {

// Feeds the application's input events to an IdleLock and asks it, every second, whether the
// station must lock. The clock can be replaced for tests.
class IdleWatcher : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>;
    explicit IdleWatcher(QObject *parent = nullptr, Clock clock = {});

    void setTimeout(qint64 ms) { m_lock.setTimeout(ms); }
    // Input that does not pass through the event loop's input events, such as a serial scan.
    void activity();
    // What the timer does each second; public so tests need not wait.
    void check();
    // The idle() just emitted could not be acted on: emit it again at the next check, unless there
    // is input meanwhile.
    void retry() { m_lock.rearm(); }
    void setClock(Clock clock) { m_clock = std::move(clock); }

signals:
    void idle();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    qint64 now() const;
    Clock m_clock;
    IdleLock m_lock;
    QTimer *m_timer;
};

} // namespace benchside
