#include "hl7/mllpframer.h"

namespace benchside {

QList<MllpFramer::Frame> MllpFramer::feed(QByteArrayView bytes)
{
    QList<Frame> out;
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
            } else if (!m_oversize) {
                if (m_buffer.size() >= m_limit) {
                    m_oversize = true;
                    out.append({Frame::Kind::Oversize, m_buffer.left(256)});
                    m_buffer.clear();
                } else {
                    m_buffer.append(c);
                }
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
                if (!m_oversize)
                    m_buffer.append(EndBlock);
            } else {
                // 0x1C without 0x0D: data, not the end.
                if (!m_oversize) {
                    m_buffer.append(EndBlock);
                    if (c != StartBlock)
                        m_buffer.append(c);
                }
                m_state = State::InFrame;
                if (c == StartBlock) {
                    m_stray += m_buffer.size() + 1;
                    m_buffer.clear();
                    m_oversize = false;
                }
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
