// SPDX-License-Identifier: GPL-3.0-or-later
#include "camera/framemailbox.h"

#include <QMutexLocker>

namespace benchside {

bool FrameMailbox::put(Frame frame)
{
    QMutexLocker lock(&m_mutex);
    ++m_offered;
    if (m_waiting)
        ++m_dropped;
    m_waiting = std::move(frame);
    if (m_wakePosted)
        return false;
    m_wakePosted = true;
    return true;
}

std::optional<FrameMailbox::Frame> FrameMailbox::take()
{
    QMutexLocker lock(&m_mutex);
    if (!m_waiting) {
        // Cleared under the same lock as the empty check: a frame put after this asks for a new
        // wake-up, and none is ever lost.
        m_wakePosted = false;
        return std::nullopt;
    }
    std::optional<Frame> frame = std::move(m_waiting);
    m_waiting.reset();
    return frame;
}

qint64 FrameMailbox::offered() const
{
    QMutexLocker lock(&m_mutex);
    return m_offered;
}

qint64 FrameMailbox::dropped() const
{
    QMutexLocker lock(&m_mutex);
    return m_dropped;
}

void FrameMailbox::resetCounts()
{
    QMutexLocker lock(&m_mutex);
    m_offered = 0;
    m_dropped = 0;
}

} // namespace benchside
