// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/idlelock.h"

namespace benchside {

bool IdleLock::due(qint64 nowMs)
{
    if (m_timeoutMs <= 0 || nowMs - m_lastActivityMs < m_timeoutMs)
        return false;
    if (m_firedFor == m_lastActivityMs)
        return false;
    m_firedFor = m_lastActivityMs;
    return true;
}

} // namespace benchside
