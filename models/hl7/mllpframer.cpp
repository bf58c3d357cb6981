// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/mllpframer.h"

namespace benchside {

QList<MllpFramer::Frame> MllpFramer::feed(QByteArrayView bytes)
{
    QList<Frame> out;
    // One byte of a frame's content. Every byte goes through here, the 0x1C that turn out to be data
    // too (found by fuzzing: a run of 0x1C grew a frame past the limit without end).
    const auto take = [&](char c) {
        if (m_oversize)
            return;
        if (m_buffer.size() >= m_limit) {
            m_oversize = true;
            out.append({Frame::Kind::Oversize, m_buffer.left(256)});
            m_buffer.clear();
        } else {
            m_buffer.append(c);
        }
    };
    for (const char c : bytes) {
        switch (m_state) {
        case State::Idle:
            if (c == StartBlock) {
                m_state = State::InFrame;
                m_buffer.clear();
                m_oversize = false;
            } else {
                ++m_stray;
            }
            break;
        case State::InFrame:
            if (c == EndBlock) {
                m_state = State::AfterEnd;
            } else if (c == StartBlock) {
                // A new start inside a frame: the sender gave up on the last one. What came before is
                // no message; counted as stray, and the new frame starts here.
                m_stray += m_buffer.size() + 1;
                m_buffer.clear();
                m_oversize = false;
            } else {
                take(c);
            }
            break;
        case State::AfterEnd:
            if (c == CarriageReturn) {
                if (!m_oversize)
                    out.append({Frame::Kind::Message, m_buffer});
                m_buffer.clear();
                m_state = State::Idle;
            } else if (c == EndBlock) {
                // 0x1C 0x1C: the first one was data after all (not valid HL7 text; the parser says so).
                take(EndBlock);
            } else if (c == StartBlock) {
                // 0x1C, then a new start: as inside a frame, the last one was given up (its 0x1C too).
                m_stray += m_buffer.size() + (m_oversize ? 1 : 2);
                m_buffer.clear();
                m_oversize = false;
                m_state = State::InFrame;
            } else {
                // 0x1C without 0x0D: data, not the end.
                take(EndBlock);
                take(c);
                m_state = State::InFrame;
            }
            break;
        }
    }
    return out;
}

qsizetype MllpFramer::takeStrayBytes()
{
    const qsizetype n = m_stray;
    m_stray = 0;
    return n;
}

QByteArray MllpFramer::frame(QByteArrayView message)
{
    QByteArray out;
    out.reserve(message.size() + 3);
    out.append(StartBlock);
    out.append(message);
    out.append(EndBlock);
    out.append(CarriageReturn);
    return out;
}

} // namespace benchside
