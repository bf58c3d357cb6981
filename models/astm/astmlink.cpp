// SPDX-License-Identifier: GPL-3.0-or-later
#include "astm/astmlink.h"

#include <QString>
#include <cctype>
#include <utility>

namespace benchside {

namespace {
// LIS1-A's restricted characters: never text, so one inside a frame is a transmission error. STX,
// ETX, ETB and EOT are handled before this is asked.
bool restricted(char c)
{
    switch (c) {
    case 0x01: // SOH
    case AstmLink::Enq:
    case AstmLink::Ack:
    case AstmLink::Lf:
    case 0x10: // DLE
    case 0x11: // DC1 … DC4
    case 0x12:
    case 0x13:
    case 0x14:
    case AstmLink::Nak:
    case 0x16: // SYN
        return true;
    default:
        return false;
    }
}

QString hexByte(char c)
{
    return QStringLiteral("0x%1").arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0'));
}

QString printable(const QByteArray &bytes)
{
    QString out;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        out += (u >= 0x20 && u < 0x7F) ? QString(QLatin1Char(c)) : hexByte(c);
    }
    return out;
}
} // namespace

AstmLink::AstmLink(qsizetype receiveTextLimit) : m_receiveTextLimit(receiveTextLimit) {}

QByteArray AstmLink::feed(QByteArrayView bytes, qint64 nowMs)
{
    QByteArray out;
    expire(nowMs, out);
    for (const char c : bytes)
        takeByte(c, nowMs, out);
    startSending(nowMs, out);
    return out;
}

QByteArray AstmLink::tick(qint64 nowMs)
{
    QByteArray out;
    expire(nowMs, out);
    flushStray();
    startSending(nowMs, out);
    return out;
}

void AstmLink::send(const QList<QByteArray> &records)
{
    m_outbox.append(frames(records));
}

void AstmLink::reset()
{
    flushStray();
    switch (m_state) {
    case State::Idle:
        break;
    case State::Receiving:
        if (m_held) {
            log(QStringLiteral("Line lost while the ACK of a message's last frame waited for its commit; the "
                               "instrument sends the message again."));
            break;
        }
        log(m_sessionFrames > 0 || m_inFrame
                ? QStringLiteral(
                      "Line lost during a session: partial message discarded (frames received: %1).")
                      .arg(m_sessionFrames)
                : QStringLiteral("Line lost after ENQ, before any frame."));
        break;
    case State::Establishing:
        log(QStringLiteral("Line lost while our ENQ waited for an answer; the message is sent on the next "
                           "line."));
        break;
    case State::Sending:
        log(QStringLiteral("Line lost after %1 of %2 frames were acknowledged; the message is sent again "
                           "whole on the next line.")
                .arg(m_frameIndex)
                .arg(m_outbox.first().size()));
        break;
    }
    m_state = State::Idle;
    m_held = false;
    m_session.clear();
    m_sessionComplete = 0;
    m_sessionFrames = 0;
    m_inFrame = false;
    m_frameIndex = 0;
    m_tries = 0;
    m_notBefore = std::numeric_limits<qint64>::min();
}

QList<QByteArray> AstmLink::takeMessages()
{
    return std::exchange(m_messages, {});
}

QByteArray AstmLink::committed(qint64 nowMs)
{
    if (!m_held)
        return {};
    m_held = false;
    // The message is the session so far; what comes next in the session is another one.
    m_session.clear();
    m_sessionComplete = 0;
    m_lastByteAt = nowMs;
    return QByteArray(1, Ack);
}

QByteArray AstmLink::refused(qint64 nowMs)
{
    if (!m_held)
        return {};
    m_held = false;
    // As if the frame had never come: its resend completes the message again.
    m_session.truncate(m_heldSessionSize);
    m_sessionComplete = m_heldSessionComplete;
    --m_sessionFrames;
    m_expectedFn = m_lastFn;
    m_lastFn = m_heldLastFn;
    m_lastByteAt = nowMs;
    log(QStringLiteral("NAK frame %1: the message it completes was not committed; the instrument sends it "
                       "again.")
            .arg(m_expectedFn));
    return QByteArray(1, Nak);
}

QStringList AstmLink::takeLog()
{
    return std::exchange(m_log, {});
}

QByteArray AstmLink::checksum(QByteArrayView fnThroughEnd)
{
    quint8 sum = 0;
    for (const char c : fnThroughEnd)
        sum += static_cast<quint8>(c);
    return QByteArray::number(sum, 16).toUpper().rightJustified(2, '0');
}

QByteArray AstmLink::frame(int fn, QByteArrayView text, bool last)
{
    QByteArray body;
    body.reserve(text.size() + 2);
    body.append(char('0' + (fn & 7)));
    body.append(text);
    body.append(last ? Etx : Etb);
    QByteArray out;
    out.reserve(body.size() + 5);
    out.append(Stx);
    out.append(body);
    out.append(checksum(body));
    out.append(Cr);
    out.append(Lf);
    return out;
}

QList<QByteArray> AstmLink::frames(const QList<QByteArray> &records)
{
    // One record per frame rather than the message cut every 240 characters: receivers that read
    // each ETX frame as one record (many do) then work too, and it is how instruments send.
    QList<QByteArray> out;
    int fn = 1;
    for (const QByteArray &record : records) {
        const QByteArray text = record + Cr;
        for (qsizetype at = 0; at < text.size(); at += SendTextLimit) {
            const bool last = at + SendTextLimit >= text.size();
            out.append(frame(fn++, QByteArrayView(text).sliced(at, std::min(SendTextLimit, text.size() - at)),
                             last));
        }
    }
    return out;
}

void AstmLink::takeByte(char c, qint64 nowMs, QByteArray &out)
{
    switch (m_state) {
    case State::Idle:
        if (c == Enq) {
            flushStray();
            out.append(Ack);
            startSession(nowMs);
        } else if (c != Eot && c != Cr && c != Lf) {
            // EOT on an idle line is a session's end already seen or a keep-alive; line ends are the
            // trailer of a frame. Anything else is noise worth mentioning, counted in runs.
            countStray();
        }
        break;
    case State::Receiving:
        // An ENQ is no sign of a session going on: answered by NAK or starting the session again,
        // it does not put off the 30 s timeout (an instrument retrying every 10 s kept it open).
        if (c != Enq)
            m_lastByteAt = nowMs;
        receiveByte(c, out);
        break;
    case State::Establishing:
        if (c == Ack) {
            flushStray();
            m_frameIndex = 0;
            m_tries = 0;
            m_state = State::Sending;
            sendCurrentFrame(nowMs, out);
        } else if (c == Nak) {
            flushStray();
            log(QStringLiteral("The instrument is busy (NAK to our ENQ); trying again in %1 s.")
                    .arg(BusyRetryMs / 1000));
            m_state = State::Idle;
            m_notBefore = nowMs + BusyRetryMs;
        } else if (c == Enq) {
            flushStray();
            log(QStringLiteral("Contention: both sides sent ENQ; the instrument goes first, ours waits %1 s.")
                    .arg(ContentionBackoffMs / 1000));
            out.append(Ack);
            m_notBefore = nowMs + ContentionBackoffMs;
            startSession(nowMs);
        } else {
            countStray();
        }
        break;
    case State::Sending:
        replyToOurs(c, nowMs, out);
        break;
    }
}

void AstmLink::receiveByte(char c, QByteArray &out)
{
    if (!m_inFrame) {
        if (c == Stx) {
            flushStray();
            m_inFrame = true;
            m_frameText.clear();
            m_frameSum = 0;
            m_frameLength = 0;
            m_frameEnd = 0;
            m_frameChecksum.clear();
            m_frameProblem.clear();
        } else if (c == Eot) {
            flushStray();
            endSession();
        } else if (c == Enq && m_sessionFrames == 0 && !m_held) {
            // No frame yet: the instrument starts again. After contention LIS1-A has the instrument
            // wait at least 1 s and send ENQ again, which the host answers (the instrument may not
            // have taken the ACK to its first ENQ); a NAK here kept it out for good.
            flushStray();
            log(QStringLiteral("ENQ again before any frame: the instrument starts again; ACK."));
            out.append(Ack);
            m_expectedFn = 1;
            m_lastFn = -1;
        } else if (c == Enq) {
            flushStray();
            log(QStringLiteral("ENQ while busy (a session is open): NAK."));
            out.append(Nak);
        } else if (c != Cr && c != Lf) {
            countStray();
        }
        return;
    }

    if (c == Stx) {
        // A frame that never ended and a new one: the sender gave up waiting for our answer (bytes
        // were lost). The new frame is read on its own.
        log(QStringLiteral("Frame cut off after %1 bytes; a new frame starts.").arg(m_frameLength));
        m_inFrame = false;
        receiveByte(c, out);
        return;
    }
    if (c == Eot) {
        // EOT cannot be text: the sender ended the session in the middle of a frame.
        log(QStringLiteral("EOT inside a frame: the frame is discarded."));
        m_inFrame = false;
        endSession();
        return;
    }
    if (m_frameEnd != 0) {
        m_frameChecksum.append(c);
        // The frame is answered as soon as its checksum is in: the CR LF trailer (or LF or CR alone,
        // as some instruments write it) is skipped between frames, so none of them is required.
        if (m_frameChecksum.size() == 2) {
            m_inFrame = false;
            endFrame(out);
        }
        return;
    }
    m_frameSum += static_cast<quint8>(c);
    ++m_frameLength;
    if (c == Etx || c == Etb) {
        m_frameEnd = c;
        return;
    }
    if (restricted(c) && m_frameProblem.isEmpty())
        m_frameProblem = QStringLiteral("control character %1 in the text").arg(hexByte(c));
    // The frame number and the text; past the limit only the checksum is kept going.
    if (m_frameText.size() <= m_receiveTextLimit) {
        m_frameText.append(c);
    } else if (m_frameProblem.isEmpty()) {
        m_frameProblem = QStringLiteral("more than %1 characters of text").arg(m_receiveTextLimit);
    }
}

void AstmLink::endFrame(QByteArray &out)
{
    if (m_held) {
        // The sender waits for our answer to the frame before; whatever this is, it is answered by that.
        log(QStringLiteral("A frame came while the ACK of the frame before waited for its commit: not "
                           "answered, discarded."));
        return;
    }
    const QByteArray fnText = m_frameText.left(1);
    const QString name = QStringLiteral("frame %1").arg(printable(fnText));
    const auto nak = [&](const QString &why) {
        log(QStringLiteral("NAK %1: %2").arg(name, why));
        out.append(Nak);
    };
    const QByteArray want = QByteArray::number(m_frameSum, 16).toUpper().rightJustified(2, '0');
    const QByteArray got = m_frameChecksum.toUpper();
    if (got != want) {
        nak(QStringLiteral("checksum %1 expected %2").arg(printable(m_frameChecksum), QLatin1String(want)));
        return;
    }
    if (m_frameText.isEmpty()) {
        nak(QStringLiteral("no frame number"));
        return;
    }
    if (!m_frameProblem.isEmpty()) {
        nak(m_frameProblem);
        return;
    }
    const char fnChar = m_frameText.at(0);
    if (fnChar < '0' || fnChar > '7') {
        nak(QStringLiteral("frame number %1 is not 0 to 7").arg(printable(fnText)));
        return;
    }
    const int fn = fnChar - '0';
    if (fn == m_lastFn) {
        log(QStringLiteral("Frame %1 received again (our ACK was lost): ACK, the copy is discarded.")
                .arg(fn));
        out.append(Ack);
        return;
    }
    if (fn != m_expectedFn) {
        nak(QStringLiteral("frame number %1 expected %2").arg(fn).arg(m_expectedFn));
        return;
    }
    const qsizetype sessionSize = m_session.size();
    const qsizetype sessionComplete = m_sessionComplete;
    m_session.append(QByteArrayView(m_frameText).sliced(1));
    if (m_frameEnd == Etx) {
        // ETX ends a record; a sender that leaves out the record's CR still gets its records apart.
        if (!m_session.endsWith(Cr))
            m_session.append(Cr);
        m_sessionComplete = m_session.size();
    }
    ++m_sessionFrames;
    const int lastFn = m_lastFn;
    m_lastFn = fn;
    m_expectedFn = (fn + 1) % 8;
    if (m_ackAfterCommit && m_frameEnd == Etx && completesMessage()) {
        // The message is complete: out it goes, and the frame's ACK waits for the caller.
        m_held = true;
        ++m_heldSerial;
        m_heldSince = m_lastByteAt;
        m_heldSessionSize = sessionSize;
        m_heldSessionComplete = sessionComplete;
        m_heldLastFn = lastFn;
        m_messages.append(m_session);
        return;
    }
    out.append(Ack);
}

bool AstmLink::completesMessage() const
{
    // The session ends in CR here (an ETX frame); its last record is the L record that ends a message,
    // `L` and a field delimiter (whatever the H record chose) or `L` alone.
    const qsizetype end = m_session.size() - 1;
    const qsizetype start = m_session.lastIndexOf(Cr, end - 1) + 1;
    if (end - start < 1 || m_session.at(start) != 'L')
        return false;
    if (end - start == 1)
        return true;
    const auto delimiter = static_cast<unsigned char>(m_session.at(start + 1));
    return delimiter > 0x20 && std::isalnum(delimiter) == 0;
}

void AstmLink::startSession(qint64 nowMs)
{
    m_state = State::Receiving;
    m_lastByteAt = nowMs;
    m_session.clear();
    m_sessionComplete = 0;
    m_sessionFrames = 0;
    m_expectedFn = 1;
    m_lastFn = -1;
    m_inFrame = false;
}

void AstmLink::endSession()
{
    m_state = State::Idle;
    if (m_held) {
        // The sender ended the session without our answer: to it the message was not delivered, and
        // it sends it again (the intake knows the results it already has).
        log(QStringLiteral("EOT while the ACK of a message's last frame waited for its commit; the "
                           "instrument sends the message again."));
        m_held = false;
        m_session.clear();
        m_sessionComplete = 0;
    }
    if (m_session.size() > m_sessionComplete) {
        log(QStringLiteral("EOT after an ETB frame: the unfinished record (%1 characters) is discarded.")
                .arg(m_session.size() - m_sessionComplete));
        m_session.truncate(m_sessionComplete);
    }
    if (m_sessionFrames == 0)
        log(QStringLiteral("Empty session (ENQ then EOT)."));
    if (!m_session.isEmpty())
        m_messages.append(m_session);
    m_session.clear();
}

void AstmLink::replyToOurs(char c, qint64 nowMs, QByteArray &out)
{
    const QList<QByteArray> &message = m_outbox.first();
    if (c == Ack || c == Eot) {
        // EOT in place of ACK accepts the frame and asks us to stop soon; the standard lets the
        // sender finish, which is what the instrument waiting for a host-query answer needs.
        flushStray();
        if (++m_frameIndex == message.size()) {
            log(QStringLiteral("Message sent (%1 frames).").arg(message.size()));
            m_outbox.removeFirst();
            out.append(Eot);
            m_state = State::Idle;
            return;
        }
        m_tries = 0;
        sendCurrentFrame(nowMs, out);
    } else if (c == Nak || (c != Enq && nowMs != m_sentAt)) {
        // E1381/LIS1-A: a reply other than ACK or EOT is a NAK condition: the frame is sent again,
        // counting toward the six tries. (A byte in the same millisecond as our frame is no reply
        // to it, only noise.)
        flushStray();
        const int fn = int(m_frameIndex + 1) % 8;
        if (m_tries >= MaxTries) {
            abandonMessage(QStringLiteral("frame %1 refused %2 times").arg(fn).arg(MaxTries), out);
            return;
        }
        log(c == Nak ? QStringLiteral("Frame %1 refused (NAK): sent again.").arg(fn)
                     : QStringLiteral("Frame %1 answered by 0x%2, neither ACK nor NAK: sent again.")
                           .arg(fn)
                           .arg(quint8(c), 2, 16, QLatin1Char('0')));
        sendCurrentFrame(nowMs, out);
    } else if (c == Enq) {
        flushStray();
        log(QStringLiteral("ENQ while busy (we are sending): NAK."));
        out.append(Nak);
    } else {
        countStray();
    }
}

void AstmLink::sendCurrentFrame(qint64 nowMs, QByteArray &out)
{
    out.append(m_outbox.first().at(m_frameIndex));
    ++m_tries;
    m_sentAt = nowMs;
}

void AstmLink::abandonMessage(const QString &why, QByteArray &out)
{
    log(QStringLiteral("%1: message abandoned, EOT.").arg(why));
    m_outbox.removeFirst();
    out.append(Eot);
    m_state = State::Idle;
}

void AstmLink::expire(qint64 nowMs, QByteArray &out)
{
    switch (m_state) {
    case State::Idle:
        break;
    case State::Receiving:
        if (m_held) {
            if (nowMs - m_heldSince >= CommitTimeoutMs) {
                log(QStringLiteral("The message was not committed within %1 s.").arg(CommitTimeoutMs / 1000));
                out.append(refused(nowMs));
            }
            break;
        }
        if (nowMs - m_lastByteAt >= FrameTimeoutMs) {
            const bool partial = m_sessionFrames > 0 || m_inFrame;
            log(partial
                    ? QStringLiteral("Timeout waiting for frame (%1 s): partial message discarded (frames "
                                     "received: %2).")
                          .arg(FrameTimeoutMs / 1000)
                          .arg(m_sessionFrames)
                    : QStringLiteral("Timeout waiting for frame (%1 s) after ENQ.")
                          .arg(FrameTimeoutMs / 1000));
            m_session.clear();
            m_inFrame = false;
            m_state = State::Idle;
        }
        break;
    case State::Establishing:
        if (nowMs - m_sentAt >= ReplyTimeoutMs) {
            log(QStringLiteral("No answer to our ENQ within %1 s: EOT, trying again in %2 s.")
                    .arg(ReplyTimeoutMs / 1000)
                    .arg(BusyRetryMs / 1000));
            out.append(Eot);
            m_state = State::Idle;
            m_notBefore = nowMs + BusyRetryMs;
        }
        break;
    case State::Sending:
        if (nowMs - m_sentAt >= ReplyTimeoutMs) {
            abandonMessage(QStringLiteral("No answer to frame %1 within %2 s")
                               .arg(int(m_frameIndex + 1) % 8)
                               .arg(ReplyTimeoutMs / 1000),
                           out);
        }
        break;
    }
}

void AstmLink::startSending(qint64 nowMs, QByteArray &out)
{
    if (m_state != State::Idle || m_outbox.isEmpty() || nowMs < m_notBefore)
        return;
    out.append(Enq);
    m_state = State::Establishing;
    m_sentAt = nowMs;
}

void AstmLink::countStray()
{
    ++m_stray;
}

void AstmLink::flushStray()
{
    if (m_stray == 0)
        return;
    log(QStringLiteral("Ignored %1 bytes outside a frame.").arg(m_stray));
    m_stray = 0;
}

} // namespace benchside
