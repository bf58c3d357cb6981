// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "astm/astmendpoint.h"
#include "astm/astmlink.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QIODevice;
class QSerialPort;
class QTcpServer;
class QTcpSocket;
class QTimer;

namespace benchside {

// One analyzer's ASTM line: the serial port, the TCP connection to the analyzer, or the TCP server the
// analyzer connects to (one analyzer at a time; a second is refused while one is connected), driving
// an AstmLink. Made to live in a thread of its own: nothing is created before start(), which is to
// run in that thread, and the slots are to be called through queued connections.
//
// Serial ports and TCP clients are opened again after a failure or a disconnection, 1 s later at
// first and twice as long each time up to 30 s; a server goes back to listening. When a line drops
// in the middle of a session, the partial message is discarded (and logged) and the next line starts
// clean; a message of ours being sent is sent again whole.
class AstmConnection : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Connecting, Listening, Connected, Error };
    Q_ENUM(State)

    struct Timing
    {
        int tickMs = 100;        // how often the link's timers are looked at on a silent line
        int retryMinMs = 1'000;  // the first wait before opening the line again
        int retryMaxMs = 30'000; // the longest
        int connectTimeoutMs = 10'000;
        // The link's clock runs this many times faster than the wall clock: for tests, so that the
        // standard's waits (20 s after contention, 15 s for an answer) pass in a test's time.
        int clockRate = 1;
    };

    explicit AstmConnection(QString name, AstmEndpoint endpoint, QObject *parent = nullptr);
    ~AstmConnection() override;

    // Before start().
    void setTiming(const Timing &timing) { m_timing = timing; }
    // Before start(). On: the ACK of a message's last frame waits until the receiver of
    // messageReceived() has said what became of the message: every messageReceived() is then
    // answered, in order, by one acknowledge() (see AstmLink::setAckAfterCommit).
    void setAckAfterCommit(bool on) { m_link.setAckAfterCommit(on); }

    const QString &name() const { return m_name; }
    const AstmEndpoint &endpoint() const { return m_endpoint; }
    // From the connection's own thread (or before it is moved).
    State state() const { return m_state; }
    // The port listened on (TcpServer), once Listening; 0 before.
    quint16 serverPort() const;

public slots:
    void start();
    void stop();
    // Queues a message (records without their CR, e.g. a host-query answer); it is sent when the line
    // is free, after anything queued before it.
    void send(const QList<QByteArray> &records);
    // With ackAfterCommit: the oldest message received and not yet answered for was committed (ACK)
    // or not (NAK, the analyzer sends it again). An answer for a message whose line has gone since, or
    // whose ACK was not held, changes nothing.
    void acknowledge(bool committed);

signals:
    void stateChanged(benchside::AstmConnection::State state, const QString &detail);
    // Every message received whole (ENQ to EOT, or to its L record with ackAfterCommit): the text of
    // its frames, each record ending in CR.
    void messageReceived(const QByteArray &text);
    // level is "info", "warning" or "error".
    void logLine(const QString &level, const QString &text);
    // The raw bytes on the line, both ways, for the session transcript.
    void bytes(const QByteArray &data, bool inbound);

private:
    void open();
    void openSerial();
    void openClient();
    void listen();
    void acceptPending();
    void adopt(QIODevice *device, const QString &peer);
    void readAvailable();
    void tick();
    void write(const QByteArray &out);
    void drain();
    void onSerialError();
    bool serialHungUp() const;
    void lose(State state, const QString &reason);
    void closeLine();
    void retryLater(State state, const QString &reason);
    void setState(State state, const QString &detail);
    void log(const QString &level, const QString &text);
    qint64 now() const { return m_clock.elapsed() * m_timing.clockRate; }

    QString m_name;
    AstmEndpoint m_endpoint;
    Timing m_timing;
    State m_state = State::Stopped;
    AstmLink m_link;
    QElapsedTimer m_clock;
    QPointer<QIODevice> m_line; // the open port or connected socket
    QTcpServer *m_server = nullptr;
    QTimer *m_tick = nullptr;
    QTimer *m_retry = nullptr;
    QTimer *m_connectTimeout = nullptr;
    int m_retryMs = 0;
    QString m_lastSerialError; // reported once however often it repeats
    // With ackAfterCommit: for each message given out and not yet answered for, the link's number
    // for its held ACK (0: nothing held, as for a message ended by EOT without its L record).
    QList<quint64> m_unanswered;
};

} // namespace benchside
