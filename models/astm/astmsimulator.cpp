// SPDX-License-Identifier: GPL-3.0-or-later
#include "astm/astmsimulator.h"

#include "astm/astmmessage.h"

#include <QAbstractSocket>
#include <QIODevice>
#include <QTimer>
#include <utility>

namespace benchside {

AstmSimulator::AstmSimulator(QString name, QObject *parent)
    : QObject(parent), m_name(std::move(name)), m_tick(new QTimer(this))
{
    m_tick->setInterval(TickMs);
    connect(m_tick, &QTimer::timeout, this, &AstmSimulator::tick);
    m_clock.start();
}

AstmSimulator::~AstmSimulator()
{
    if (m_device)
        m_device->disconnect(this);
}

void AstmSimulator::attach(QIODevice *device)
{
    if (m_device)
        detach();
    m_device = device;
    connect(device, &QIODevice::readyRead, this, &AstmSimulator::readAvailable);
    connect(device, &QIODevice::aboutToClose, this, &AstmSimulator::detach);
    if (auto *socket = qobject_cast<QAbstractSocket *>(device))
        connect(socket, &QAbstractSocket::disconnected, this, &AstmSimulator::detach);
    m_tick->start();
    if (device->bytesAvailable() > 0)
        readAvailable();
    else
        tick();
}

void AstmSimulator::detach()
{
    m_tick->stop();
    if (m_device) {
        m_device->disconnect(this);
        m_device = nullptr;
    }
    m_link.reset();
    drain();
}

void AstmSimulator::setFaults(const Faults &faults)
{
    m_faults = faults;
    m_framesWritten = 0;
    m_holding = faults.contend;
}

qsizetype AstmSimulator::sendResults(const QList<AstmSimulatedTube> &tubes)
{
    return queue(resultRecords(tubes, QDateTime::currentDateTime()));
}

qsizetype AstmSimulator::sendQuery(const QString &specimenId)
{
    m_askedFor.append(specimenId);
    return queue(queryRecords(specimenId, QDateTime::currentDateTime()));
}

QList<QByteArray> AstmSimulator::resultRecords(const QList<AstmSimulatedTube> &tubes,
                                               const QDateTime &at) const
{
    const QString completed = at.toString(QStringLiteral("yyyyMMddHHmmss"));
    QList<QByteArray> records{m_encoder.header(m_name, QStringLiteral("LIS"), at)};
    int patient = 0;
    for (const AstmSimulatedTube &tube : tubes) {
        records.append(m_encoder.patient(++patient, tube.patientId));
        QStringList codes;
        for (const AstmSimulatedResult &r : tube.results)
            codes.append(r.testCode);
        // O-26 F: the order carries final results.
        records.append(m_encoder.order(1, tube.specimenId, codes, QStringLiteral("R"), QLatin1Char('F')));
        int sequence = 0;
        for (const AstmSimulatedResult &r : tube.results) {
            QStringList flags;
            for (const QString &flag : r.flags)
                flags.append(m_encoder.escape(flag));
            // R-2 … R-14: sequence, test, value, unit, range, flags, nature, status, change, operator,
            // started, completed, instrument.
            records.append(m_encoder.record(QLatin1Char('R'), {QString::number(++sequence),
                                                               m_encoder.testId(r.testCode),
                                                               m_encoder.escape(r.value),
                                                               m_encoder.escape(r.unit),
                                                               {},
                                                               flags.join(QLatin1Char('\\')),
                                                               {},
                                                               m_encoder.escape(r.status),
                                                               {},
                                                               {},
                                                               {},
                                                               completed,
                                                               m_encoder.escape(m_name)}));
        }
    }
    records.append(m_encoder.terminator());
    return records;
}

QList<QByteArray> AstmSimulator::queryRecords(const QString &specimenId, const QDateTime &at) const
{
    // Q-3 `^specimen` (patient ID empty), Q-5 all tests, Q-13 O: the orders are requested.
    return {m_encoder.header(m_name, QStringLiteral("LIS"), at),
            m_encoder.record(QLatin1Char('Q'), {QStringLiteral("1"),
                                                m_encoder.components({QString(), specimenId}),
                                                {},
                                                m_encoder.testId(QStringLiteral("ALL")),
                                                {},
                                                {},
                                                {},
                                                {},
                                                {},
                                                {},
                                                {},
                                                QStringLiteral("O")}),
            m_encoder.terminator()};
}

qsizetype AstmSimulator::queue(const QList<QByteArray> &records)
{
    const qsizetype id = m_nextId++;
    m_link.send(records);
    m_queued.append({id, records});
    if (m_device && !m_holding)
        tick();
    return id;
}

void AstmSimulator::readAvailable()
{
    if (!m_device)
        return;
    const QByteArray data = m_device->readAll();
    // A byte at a time: contention and the answers' delay are decided on the state before each byte.
    for (const char c : data) {
        const AstmLink::State before = m_link.state();
        if (c == AstmLink::Enq && m_holding && before == AstmLink::State::Idle &&
            m_link.queuedMessages() > 0) {
            m_holding = false;
            log(QStringLiteral("Contention staged: our ENQ answers the LIS's ENQ."));
            transmit(m_link.tick(now()));
            continue;
        }
        if (c == AstmLink::Enq && before == AstmLink::State::Establishing) {
            log(QStringLiteral("Contention: the instrument keeps the line; the LIS's ENQ is ignored."));
            continue;
        }
        const qsizetype queued = m_link.queuedMessages();
        const QByteArray out = m_link.feed(QByteArrayView(&c, 1), now());
        const bool answer =
            before == AstmLink::State::Receiving || (before == AstmLink::State::Idle && c == AstmLink::Enq);
        if (answer)
            reply(out);
        else
            transmit(out);
        if (m_link.queuedMessages() < queued)
            finished(before == AstmLink::State::Sending && (c == AstmLink::Ack || c == AstmLink::Eot));
        if (!m_device)
            break;
    }
    drain();
}

void AstmSimulator::tick()
{
    if (!m_device || m_holding)
        return;
    const qsizetype queued = m_link.queuedMessages();
    transmit(m_link.tick(now()));
    if (m_link.queuedMessages() < queued)
        finished(false);
    drain();
}

void AstmSimulator::reply(const QByteArray &out)
{
    if (m_faults.ackDelayMs <= 0 || out.isEmpty()) {
        transmit(out);
        return;
    }
    // The LIS waits for each answer before it writes again, so delayed answers cannot overtake.
    QTimer::singleShot(m_faults.ackDelayMs, this, [this, out] { transmit(out); });
}

void AstmSimulator::transmit(const QByteArray &out)
{
    // The link writes frames whole (STX … CR LF) and control characters between them.
    qsizetype at = 0;
    while (at < out.size() && m_device) {
        if (out.at(at) != AstmLink::Stx) {
            m_device->write(out.constData() + at, 1);
            ++at;
            continue;
        }
        const qsizetype lf = out.indexOf(AstmLink::Lf, at);
        const qsizetype end = lf < 0 ? out.size() : lf + 1;
        const QByteArray frame = applyFaults(out.mid(at, end - at));
        at = end;
        m_device->write(frame);
        emit frameSent(frame);
        if (m_framesWritten == m_faults.dropAfterFrames) {
            dropLine();
            return;
        }
    }
}

QByteArray AstmSimulator::applyFaults(QByteArray frame)
{
    ++m_framesWritten;
    const qsizetype end = std::max(frame.indexOf(AstmLink::Etx), frame.indexOf(AstmLink::Etb));
    if (end < 2 || frame.size() < end + 3)
        return frame;
    if (m_framesWritten == m_faults.skipFrameNumber) {
        frame[1] = char('0' + (frame.at(1) - '0' + 1) % 8);
        frame.replace(end + 1, 2, AstmLink::checksum(QByteArrayView(frame).sliced(1, end)));
        log(QStringLiteral("Fault: frame %1 sent with frame number %2.")
                .arg(m_framesWritten)
                .arg(frame.at(1)));
    }
    if (m_framesWritten == m_faults.corruptChecksum) {
        const QByteArray right = AstmLink::checksum(QByteArrayView(frame).sliced(1, end));
        const QByteArray wrong =
            QByteArray::number((right.toInt(nullptr, 16) + 1) % 256, 16).toUpper().rightJustified(2, '0');
        frame.replace(end + 1, 2, wrong);
        log(QStringLiteral("Fault: frame %1 sent with checksum %2 for %3.")
                .arg(m_framesWritten)
                .arg(QLatin1String(wrong), QLatin1String(right)));
    }
    return frame;
}

void AstmSimulator::finished(bool acknowledged)
{
    if (m_queued.isEmpty())
        return;
    const qsizetype id = m_queued.takeFirst().first;
    if (acknowledged)
        emit messageAcknowledged(id);
    else
        emit messageAbandoned(id);
}

void AstmSimulator::drain()
{
    for (const QString &line : m_link.takeLog())
        log(line);
    for (const QByteArray &message : m_link.takeMessages()) {
        emit messageReceived(message);
        readAnswer(message);
    }
}

void AstmSimulator::readAnswer(const QByteArray &text)
{
    for (const Result<AstmMessage> &message : AstmMessage::parseSession(text)) {
        if (!message) {
            log(message.error());
            continue;
        }
        bool anyOrder = false;
        for (const AstmPatient &p : message->patients()) {
            for (const AstmOrder &o : p.orders) {
                anyOrder = true;
                m_askedFor.removeOne(o.specimenId);
                emit queryAnswered(o.specimenId, o.testCodes, o.reportType);
            }
        }
        if (!anyOrder && message->terminationCode() == QStringLiteral("I") && !m_askedFor.isEmpty())
            emit queryAnswered(m_askedFor.takeFirst(), {}, QStringLiteral("I"));
    }
}

void AstmSimulator::dropLine()
{
    log(QStringLiteral("Fault: line dropped after frame %1.").arg(m_framesWritten));
    QIODevice *device = m_device;
    // The instrument gives up the message it was sending; the rest of its queue waits for the next line.
    const qsizetype cut = m_queued.takeFirst().first;
    m_link = AstmLink();
    for (const auto &[id, records] : std::as_const(m_queued))
        m_link.send(records);
    detach();
    emit messageAbandoned(cut);
    if (auto *socket = qobject_cast<QAbstractSocket *>(device)) {
        // What was written must reach the LIS first: the point is a message cut after these frames.
        socket->flush();
        socket->disconnectFromHost();
    } else {
        device->close();
    }
    emit lineDropped();
}

} // namespace benchside
