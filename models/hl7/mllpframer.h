// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace benchside {

// MLLP framing (HL7 v2 over TCP): 0x0B, the message, 0x1C 0x0D. Works on bytes as they arrive, in
// any split: a frame may come in several reads and several frames in one read. Bytes outside a frame
// are dropped and counted (to be logged); a frame larger than the limit is reported once, its bytes
// dropped up to its end, so that the sender can be answered AR and the connection kept in step.
// Text is decoded only after the frame is taken off (Hl7Message), never here.
class MllpFramer
{
public:
    struct Frame
    {
        enum class Kind { Message, Oversize };
        Kind kind = Kind::Message;
        QByteArray payload; // Message: the bytes between 0x0B and 0x1C 0x0D; Oversize: the first bytes
    };

    static constexpr char StartBlock = 0x0B;
    static constexpr char EndBlock = 0x1C;
    static constexpr char CarriageReturn = 0x0D;
    static constexpr qsizetype DefaultLimit = 1024 * 1024;

    explicit MllpFramer(qsizetype limit = DefaultLimit) : m_limit(limit) {}

    QList<Frame> feed(QByteArrayView bytes);
    // Bytes seen outside any frame since the last call (and reset).
    qsizetype takeStrayBytes();
    // True while a frame has started and not ended (a client that stops mid-frame).
    bool inFrame() const { return m_state != State::Idle; }

    static QByteArray frame(QByteArrayView message);

private:
    enum class State { Idle, InFrame, AfterEnd };

    qsizetype m_limit;
    State m_state = State::Idle;
    QByteArray m_buffer;
    bool m_oversize = false;
    qsizetype m_stray = 0;
};

} // namespace benchside
