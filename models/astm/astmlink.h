// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringList>
#include <limits>

namespace benchside {

// The ASTM E1381 (CLSI LIS1-A) link layer, both directions, as a state machine without I/O: bytes
// read from the line go in with the time they arrived, and what comes back is what to write to it.
// The caller owns the serial port or socket and the clock (and calls tick() now and then so that
// timers fire when the line is silent), which keeps every rule testable without waiting 30 s.
//
// Receiving: ENQ is answered ACK (NAK while a session or our own transfer is under way); each frame
// `STX FN text ETB|ETX C1 C2 CR LF` is ACKed when its checksum and frame number are right and NAKed
// otherwise, a repeat of the previous frame (our ACK was lost) is ACKed and dropped, and EOT ends the
// session: the text of its frames, joined, becomes one received message. NAK only ever means a bad
// transmission; what the text says is for the record layer to judge.
// With setAckAfterCommit(true) the ACK of the frame that completes a message (an ETX frame whose
// joined text ends with an L record) is held back: the message is given out at once (takeMessages(),
// before EOT) and the caller answers for it once it knows what became of it, committed() for ACK or
// refused() for NAK (the instrument sends that frame again and the message comes again whole). An
// instrument that hears our ACK may forget its results, so it hears it only once they are on disk.
// Sending: send() queues records; the machine bids for the line with ENQ, sends one record per
// frame (ETB continuations past 240 characters), resends a NAKed frame, and ends with EOT.
class AstmLink
{
public:
    static constexpr char Stx = 0x02;
    static constexpr char Etx = 0x03;
    static constexpr char Eot = 0x04;
    static constexpr char Enq = 0x05;
    static constexpr char Ack = 0x06;
    static constexpr char Lf = 0x0A;
    static constexpr char Cr = 0x0D;
    static constexpr char Nak = 0x15;
    static constexpr char Etb = 0x17;

    // The standard's timers and limits.
    static constexpr qint64 ReplyTimeoutMs = 15000;
    static constexpr qint64 FrameTimeoutMs = 30000;
    // After NAK to our ENQ (the instrument is busy), the standard asks for at least 10 s.
    static constexpr qint64 BusyRetryMs = 10000;
    // After contention the instrument goes first. LIS1-A asks the computer to wait at least 1 s
    // before its next ENQ; 20 s leaves the instrument time to start its own session.
    static constexpr qint64 ContentionBackoffMs = 20000;
    static constexpr int MaxTries = 6;
    // How long a held ACK waits for committed() or refused() before the frame is NAKed: well inside
    // the sender's 15 s, so that it resends rather than gives up.
    static constexpr qint64 CommitTimeoutMs = 10000;
    static constexpr qsizetype SendTextLimit = 240;
    // Receiving is lenient on length: instruments (and replays of captures, as senaite stores them)
    // send whole messages of several kilobytes in one frame, and NAKing them only makes the sender
    // repeat the same frame six times. The limit bounds memory; LIS1-A's strict 240 can be asked for.
    static constexpr qsizetype DefaultReceiveTextLimit = 64 * 1024;

    enum class State {
        Idle,         // nobody has the line
        Receiving,    // the instrument has it: frames until EOT
        Establishing, // our ENQ is out, waiting for ACK, NAK or the instrument's ENQ
        Sending,      // a frame of ours is out, waiting for ACK or NAK
    };

    explicit AstmLink(qsizetype receiveTextLimit = DefaultReceiveTextLimit);

    // Bytes from the line (any split: a frame may come in many reads, many frames in one) at time
    // nowMs (a monotonic clock in milliseconds); returns the bytes to write back.
    QByteArray feed(QByteArrayView bytes, qint64 nowMs);
    // Fires the timers that ran out by nowMs, and starts sending a queued message when the line is
    // free; returns the bytes to write.
    QByteArray tick(qint64 nowMs);
    // Queues one message (records without their CR) for sending; it goes out at the next feed() or
    // tick() that finds the line free.
    void send(const QList<QByteArray> &records);
    // The line was lost (socket closed, port gone) or replaced: the next byte starts a new line. A
    // message being received is discarded; one being sent goes again whole in the next session (the
    // receiver has discarded its part), and the queue is kept. Backoffs of the old line are forgotten.
    void reset();

    // Messages received completely (ENQ to EOT) since the last call: the text of their frames, joined,
    // with a CR ending every record. With ackAfterCommit, a message complete with its L record is
    // given out as soon as that frame is in, and a session may give several.
    QList<QByteArray> takeMessages();

    // Off by default. On: the ACK of a message's last frame waits for committed() or refused().
    void setAckAfterCommit(bool on) { m_ackAfterCommit = on; }
    bool ackAfterCommit() const { return m_ackAfterCommit; }
    // The message whose last ACK is held: a number that is new for every held message (so that an
    // answer meant for an earlier one can be told apart), 0 when none is held. While one is, further
    // frames are not answered (the sender waits for our answer before it sends one), EOT gives it up
    // (the sender will send it again) and CommitTimeoutMs later it is refused.
    quint64 heldMessage() const { return m_held ? m_heldSerial : 0; }
    // The held message is committed: the ACK to write (empty when none is held).
    QByteArray committed(qint64 nowMs);
    // The held message could not be taken: the NAK to write (empty when none is held). The frame is
    // forgotten, so that its resend completes the message again.
    QByteArray refused(qint64 nowMs);
    // What happened on the line since the last call, worded for support staff.
    QStringList takeLog();

    State state() const { return m_state; }
    qsizetype queuedMessages() const { return m_outbox.size(); }

    // Two upper-case hex digits: the sum of the bytes from the frame number through ETB/ETX, mod 256.
    static QByteArray checksum(QByteArrayView fnThroughEnd);
    // One frame with its checksum and CR LF trailer; fn is taken mod 8.
    static QByteArray frame(int fn, QByteArrayView text, bool last);
    // The frames of a message: one record per frame, CR-terminated, cut into ETB frames past 240
    // characters; frame numbers 1, 2 … 7, 0, 1 ….
    static QList<QByteArray> frames(const QList<QByteArray> &records);

private:
    void takeByte(char c, qint64 nowMs, QByteArray &out);
    void receiveByte(char c, QByteArray &out);
    void endFrame(QByteArray &out);
    void startSession(qint64 nowMs);
    void endSession();
    bool completesMessage() const;
    void releaseHold(const QString &why);
    void replyToOurs(char c, qint64 nowMs, QByteArray &out);
    void sendCurrentFrame(qint64 nowMs, QByteArray &out);
    void abandonMessage(const QString &why, QByteArray &out);
    void expire(qint64 nowMs, QByteArray &out);
    void startSending(qint64 nowMs, QByteArray &out);
    void countStray();
    void flushStray();
    void log(const QString &line) { m_log.append(line); }

    qsizetype m_receiveTextLimit;
    State m_state = State::Idle;
    QList<QByteArray> m_messages;
    QStringList m_log;
    qsizetype m_stray = 0;

    // Receiving: the session so far, and the frame being read.
    QByteArray m_session;
    qsizetype m_sessionComplete = 0; // length of m_session up to the last ETX frame
    int m_sessionFrames = 0;
    int m_expectedFn = 1;
    int m_lastFn = -1;
    qint64 m_lastByteAt = 0;
    bool m_inFrame = false;
    QByteArray m_frameText; // FN and text, up to the limit
    quint8 m_frameSum = 0;  // running checksum of FN through ETB/ETX
    qsizetype m_frameLength = 0;
    char m_frameEnd = 0; // ETB or ETX once read
    QByteArray m_frameChecksum;
    QString m_frameProblem;

    // A held ACK (ackAfterCommit): what the session was before the frame that completed the message.
    bool m_ackAfterCommit = false;
    bool m_held = false;
    quint64 m_heldSerial = 0;
    qint64 m_heldSince = 0;
    qsizetype m_heldSessionSize = 0;
    qsizetype m_heldSessionComplete = 0;
    int m_heldLastFn = -1;

    // Sending.
    QList<QList<QByteArray>> m_outbox; // frames of each queued message
    qsizetype m_frameIndex = 0;
    int m_tries = 0;
    qint64 m_sentAt = 0;
    qint64 m_notBefore = std::numeric_limits<qint64>::min();
};

} // namespace benchside
