// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "astm/astmencoder.h"
#include "astm/astmlink.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class QIODevice;
class QTimer;

namespace benchside {

struct AstmSimulatedResult
{
    QString testCode; // the analyzer's own code, written as R-3 `^^^code`
    QString value;
    QString unit;
    QStringList flags;                    // R-7 repeats: H, L, A …
    QString status = QStringLiteral("F");
};

struct AstmSimulatedTube
{
    QString specimenId;
    QString patientId;
    QList<AstmSimulatedResult> results;
};

// A simulated analyzer: speaks ASTM E1381/E1394 as the instrument over a device it is given (a
// connected QTcpSocket, an open QSerialPort, a pseudo-terminal), with an AstmLink of its own. It sends
// results and host queries, answers the LIS's ENQ and frames, and reports the answers to its queries.
// For the demo, `benchside-cli analyzer simulate` and tests, which also ask it to misbehave (Faults).
//
// Contention goes as LIS1-A says: the instrument keeps the line, so an ENQ from the LIS while ours
// waits for an answer is ignored.
class AstmSimulator : public QObject
{
    Q_OBJECT

public:
    // Frames are counted as written since setFaults(), from 1, resends included; each fault happens once.
    struct Faults
    {
        int ackDelayMs = 0;      // every answer to the LIS's ENQ and frames waits this long
        int corruptChecksum = 0; // this frame goes out with a wrong checksum
        int skipFrameNumber = 0; // this frame goes out with the next frame number
        int dropAfterFrames = 0; // the line is closed right after this frame
        // Messages are held until the LIS sends ENQ, which is answered with our own ENQ, as if both
        // had been sent at the same moment.
        bool contend = false;
    };

    static constexpr int TickMs = 50;

    explicit AstmSimulator(QString name = QStringLiteral("SIMULATOR"), QObject *parent = nullptr);
    ~AstmSimulator() override;

    // The line to speak on: open, not owned. A socket that disconnects is let go of by itself.
    void attach(QIODevice *device);
    // Lets go of the line: the session under way is over, and queued messages wait for the next line
    // (one being sent goes again whole).
    void detach();
    bool isAttached() const { return !m_device.isNull(); }
    void setFaults(const Faults &faults);

    // Queues one message (one session) with the results of these tubes: H, then P, O and R records for
    // each tube, then L. Returns the message's id, as messageAcknowledged() gives it.
    qsizetype sendResults(const QList<AstmSimulatedTube> &tubes);
    // Queues a host query (H, Q, L) for one specimen; the answer comes as queryAnswered().
    qsizetype sendQuery(const QString &specimenId);

    QList<QByteArray> resultRecords(const QList<AstmSimulatedTube> &tubes, const QDateTime &at) const;
    QList<QByteArray> queryRecords(const QString &specimenId, const QDateTime &at) const;

signals:
    // Each frame as written, faults included.
    void frameSent(const QByteArray &frame);
    // The LIS acknowledged every frame of the message, and EOT was sent.
    void messageAcknowledged(qsizetype id);
    // The message was given up (refused six times, no answer, or the line went).
    void messageAbandoned(qsizetype id);
    // A message from the LIS, as the link joined it.
    void messageReceived(const QByteArray &text);
    // For each specimen in an answer to our query: its O-26 (Q tests to run, Y nothing to run, Z unknown
    // specimen) and the tests; "I" without tests when the LIS has no information (L-3 I).
    void queryAnswered(const QString &specimenId, const QStringList &testCodes, const QString &reportType);
    // The dropAfterFrames fault closed the line; the message being sent was abandoned.
    void lineDropped();
    void logLine(const QString &text);

private:
    qsizetype queue(const QList<QByteArray> &records);
    void readAvailable();
    void tick();
    void reply(const QByteArray &out);
    void transmit(const QByteArray &out);
    QByteArray applyFaults(QByteArray frame);
    void finished(bool acknowledged);
    void drain();
    void readAnswer(const QByteArray &text);
    void dropLine();
    void log(const QString &text) { emit logLine(text); }
    qint64 now() const { return m_clock.elapsed(); }

    QString m_name;
    AstmEncoder m_encoder;
    AstmLink m_link;
    QElapsedTimer m_clock;
    QPointer<QIODevice> m_device;
    QTimer *m_tick;
    Faults m_faults;
    int m_framesWritten = 0;
    bool m_holding = false; // Faults::contend: messages wait for the LIS's ENQ
    qsizetype m_nextId = 1;
    QList<std::pair<qsizetype, QList<QByteArray>>> m_queued; // the link's queued messages and their ids
    QStringList m_askedFor;                                  // specimens of queries not yet answered
};

} // namespace benchside
