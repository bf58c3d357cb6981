// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace benchside {

// When an unattended station must lock: after `timeoutMs` without input. Pure state over the
// times it is given, so it is tested with a fake clock; ui/ feeds it input events and a timer.
class IdleLock
{
public:
    explicit IdleLock(qint64 timeoutMs = 0) : m_timeoutMs(timeoutMs) {}

    // 0 turns the idle lock off (the lock shortcut still works).
    void setTimeout(qint64 timeoutMs) { m_timeoutMs = timeoutMs; }
    qint64 timeout() const { return m_timeoutMs; }

    void activity(qint64 nowMs) { m_lastActivityMs = nowMs; }
    // True once, when the idle time has run out; again only after new activity.
    bool due(qint64 nowMs);
    // Makes due() true again for the same idle spell (the lock could not be shown yet).
    void rearm() { m_firedFor = -1; }

private:
    qint64 m_timeoutMs;
    qint64 m_lastActivityMs = 0;
    qint64 m_firedFor = -1;
};

} // namespace benchside
