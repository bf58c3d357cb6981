// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QMutex>
#include <functional>
#include <optional>

namespace benchside {

// The one place a camera frame waits for the decoder: a single slot. A frame that arrives while
// another still waits replaces it, so decoding that falls behind drops frames instead of queueing
// them: a queue would grow without bound and the decoder would read ever older pictures of a bench
// whose tubes have moved on. Thread-safe: the camera puts, the decoding thread takes.
class FrameMailbox
{
public:
    struct Frame
    {
        qint64 id = 0;        // 1, 2, 3… in the order frames arrived
        qint64 arrivedMs = 0; // on the caller's clock, when the frame reached the mailbox
        // Makes the picture: called on the decoding thread, so that converting a video frame (often
        // YUV) costs the camera's thread nothing, and nothing at all for a frame that is dropped.
        std::function<QImage()> image;
    };

    // True when the taker must be woken: nothing was waiting and no wake-up is outstanding.
    bool put(Frame frame);
    // The waiting frame, or none; when none, the next put() asks for a wake-up again.
    std::optional<Frame> take();

    qint64 offered() const;
    qint64 dropped() const; // replaced while waiting, never decoded
    void resetCounts();

private:
    mutable QMutex m_mutex;
    std::optional<Frame> m_waiting;
    bool m_wakePosted = false;
    qint64 m_offered = 0;
    qint64 m_dropped = 0;
};

} // namespace benchside
