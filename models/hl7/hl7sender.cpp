// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7sender.h"

#include "hl7/hl7message.h"
#include "hl7/hl7orubuilder.h"
#include "hl7/mllpframer.h"
#include "lab/lab.h"

#include <QDateTime>
#include <QTcpSocket>

namespace benchside {

struct Hl7Sender::Link
{
    Hl7Destination destination;
    QTcpSocket *socket = nullptr;
    MllpFramer framer;
    QTimer *ackTimer = nullptr;
    QString inFlight; // the control ID awaiting its ACK
    QString message;
    QList<std::pair<Hl7OutboxEntry, QString>> queue; // composed and stored, in sending order
    bool waiting = false;                            // sent, ACK not yet in

    QString peer() const { return QStringLiteral("%1:%2").arg(destination.host).arg(destination.port); }
};

Hl7Sender::Hl7Sender(Lab &lab, Options options, QObject *parent)
    : QObject(parent), m_lab(lab), m_options(std::move(options)), m_outbox(lab.store(), lab.permissions()),
      m_composer(lab), m_log(lab.database().connection())
{
    m_poll.setInterval(m_options.pollIntervalMs);
    connect(&m_poll, &QTimer::timeout, this, &Hl7Sender::poll);
    m_flush.setSingleShot(true);
    m_flush.setInterval(m_options.flushIntervalMs);
    connect(&m_flush, &QTimer::timeout, this, &Hl7Sender::flushOutcomes);
}

Hl7Sender::~Hl7Sender()
{
    stop();
}

void Hl7Sender::start()
{
    m_poll.start();
    poll();
}

void Hl7Sender::stop()
{
    m_poll.stop();
    flushOutcomes();
    for (auto &[name, link] : m_links) {
        if (link->socket) {
            link->socket->disconnect(this);
            link->socket->abort();
        }
    }
    m_links.clear();
}

void Hl7Sender::poll()
{
    Result<QList<Hl7Destination>> destinations = m_outbox.destinations();
    if (!destinations) {
        log({}, QStringLiteral("error"), destinations.error());
        return;
    }
    for (const Hl7Destination &d : destinations.value()) {
        std::unique_ptr<Link> &link = m_links[d.name];
        if (!link) {
            link = std::make_unique<Link>();
            link->ackTimer = new QTimer(this);
            link->ackTimer->setSingleShot(true);
            Link *raw = link.get();
            connect(link->ackTimer, &QTimer::timeout, this, [this, raw] {
                failAttempt(*raw, tr("No ACK within %1 s").arg(m_options.ackTimeoutMs / 1000.0));
            });
        }
        if (link->destination.host != d.host || link->destination.port != d.port) {
            if (link->socket)
                link->socket->abort();
        }
        link->destination = d;
        if (link->inFlight.isEmpty())
            sendNext(*link);
    }
}

bool Hl7Sender::refill(Link &link)
{
    QSet<QString> skip = m_unrecordedIds;
    Result<QList<Hl7OutboxEntry>> next = m_outbox.nextBatch(link.destination.name, m_options.batch, skip);
    if (!next) {
        log(link.peer(), QStringLiteral("error"), next.error());
        return false;
    }
    QList<std::pair<QString, QString>> toStore;
    for (const Hl7OutboxEntry &entry : next.value()) {
        Result<std::optional<QString>> stored = m_outbox.storedMessage(entry.id);
        if (!stored) {
            log(link.peer(), QStringLiteral("error"), stored.error());
            return false;
        }
        if (stored.value()) {
            link.queue << std::make_pair(entry, *stored.value());
            continue;
        }
        Result<Hl7ResultReport> report =
            m_composer.compose(entry, link.destination, QDateTime::currentMSecsSinceEpoch());
        if (!report) {
            // Nothing can be sent for it: a person must see it, so it becomes a dead letter (and
            // what follows for its patient waits behind it).
            m_unrecorded << Hl7Outbox::Outcome{entry.id, QString(), QString(), report.error()};
            m_unrecordedIds.insert(entry.id);
            flushOutcomes();
            break;
        }
        const QString message = Hl7OruBuilder::build(report.value());
        toStore << std::make_pair(entry.id, message);
        link.queue << std::make_pair(entry, message);
    }
    // Stored before the first is sent: every later attempt repeats these bytes.
    if (Status s = m_outbox.storeMessages(toStore); !s) {
        log(link.peer(), QStringLiteral("error"), s.error());
        link.queue.clear();
        return false;
    }
    return !link.queue.isEmpty();
}

void Hl7Sender::sendNext(Link &link)
{
    if (link.queue.isEmpty() && !refill(link))
        return;
    const auto [entry, message] = link.queue.takeFirst();
    if (entry.nextAttemptAtMs > QDateTime::currentMSecsSinceEpoch()) {
        link.queue.clear();
        return;
    }
    link.inFlight = entry.id;
    link.message = message;
    transmit(link);
}

void Hl7Sender::transmit(Link &link)
{
    if (!link.socket) {
        link.socket = new QTcpSocket(this);
        Link *raw = &link;
        connect(link.socket, &QTcpSocket::connected, this, [this, raw] { transmit(*raw); });
        connect(link.socket, &QTcpSocket::readyRead, this, [this, raw] { readAcks(*raw); });
        connect(link.socket, &QTcpSocket::errorOccurred, this, [this, raw](QAbstractSocket::SocketError) {
            if (!raw->inFlight.isEmpty())
                failAttempt(*raw, raw->socket->errorString());
        });
    }
    if (link.socket->state() == QAbstractSocket::UnconnectedState) {
        link.framer = MllpFramer();
        link.socket->connectToHost(link.destination.host, link.destination.port);
        link.ackTimer->start(m_options.ackTimeoutMs);
        return;
    }
    if (link.socket->state() != QAbstractSocket::ConnectedState)
        return;
    link.socket->write(MllpFramer::frame(link.message.toUtf8()));
    link.waiting = true;
    link.ackTimer->start(m_options.ackTimeoutMs);
}

void Hl7Sender::readAcks(Link &link)
{
    for (const MllpFramer::Frame &f : link.framer.feed(link.socket->readAll())) {
        Result<Hl7Message> ack = Hl7Message::parse(f.payload);
        const QString about = ack ? ack.value().value(QStringLiteral("MSA"), 2) : QString();
        if (!ack || link.inFlight.isEmpty() || about != link.inFlight || !link.waiting) {
            log(link.peer(), QStringLiteral("warning"),
                tr("Dropped an ACK that is not for the message in flight (MSA-2 \"%1\")").arg(about));
            continue;
        }
        const QString code = ack.value().value(QStringLiteral("MSA"), 1);
        QString error;
        if (code != QLatin1String("AA") && code != QLatin1String("CA")) {
            const int err = ack.value().find(QStringLiteral("ERR"));
            error = ack.value().value(QStringLiteral("MSA"), 3);
            if (err >= 0) {
                const QString detail = ack.value().value(err, 3, 2).isEmpty()
                                           ? ack.value().value(err, 1, 4, 2)
                                           : ack.value().value(err, 3, 2);
                if (!detail.isEmpty())
                    error = error.isEmpty() ? detail : error + QStringLiteral(": ") + detail;
            }
            if (error.isEmpty())
                error = tr("The receiver answered %1.").arg(code);
        }
        finish(link, code, QString::fromUtf8(f.payload), error);
    }
}

void Hl7Sender::finish(Link &link, const QString &ackCode, const QString &ack, const QString &error)
{
    const QString id = link.inFlight;
    link.ackTimer->stop();
    link.waiting = false;
    link.inFlight.clear();
    link.message.clear();
    m_unrecorded << Hl7Outbox::Outcome{id, ackCode, ack, error};
    m_unrecordedIds.insert(id);
    if (ackCode == QLatin1String("AA") || ackCode == QLatin1String("CA")) {
        if (m_unrecorded.size() >= m_options.batch)
            flushOutcomes();
        else if (!m_flush.isActive())
            m_flush.start();
        emit delivered(id, link.destination.name);
    } else {
        // A dead letter holds back its patient's later messages: recorded now, and the queue read
        // again without them.
        flushOutcomes();
        link.queue.clear();
        log(link.peer(), QStringLiteral("error"), tr("%1 is a dead letter: %2").arg(id, error));
        emit deadLettered(id, link.destination.name, error);
    }
    sendNext(link);
}

void Hl7Sender::flushOutcomes()
{
    m_flush.stop();
    if (m_unrecorded.isEmpty())
        return;
    Result<QStringList> skipped = m_outbox.recordOutcomes(m_unrecorded, m_options.actor);
    if (!skipped) {
        // Not recorded: they stay pending and are sent again with the same control IDs, which the
        // receiver can drop as duplicates.
        log({}, QStringLiteral("error"), skipped.error());
    } else if (!skipped.value().isEmpty()) {
        log({}, QStringLiteral("warning"),
            tr("Answered, but no longer pending (discarded meanwhile): %1")
                .arg(skipped.value().join(QStringLiteral(", "))));
    }
    m_unrecorded.clear();
    m_unrecordedIds.clear();
}

void Hl7Sender::failAttempt(Link &link, const QString &error)
{
    const QString id = link.inFlight;
    link.ackTimer->stop();
    link.waiting = false;
    link.inFlight.clear();
    link.message.clear();
    link.queue.clear();
    if (link.socket)
        link.socket->abort();
    if (id.isEmpty())
        return;
    Result<std::optional<Hl7OutboxEntry>> entry = m_outbox.entry(id);
    const int attempts = entry && entry.value() ? entry.value()->attempts : 0;
    const qint64 delay =
        std::min<qint64>(qint64(m_options.firstRetryMs) << std::min(attempts, 20), m_options.maxRetryMs);
    if (Status s = m_outbox.noteFailedAttempt(id, error, QDateTime::currentMSecsSinceEpoch() + delay); !s)
        log(link.peer(), QStringLiteral("error"), s.error());
    log(link.peer(), QStringLiteral("warning"),
        tr("%1 not delivered (%2); next try in %3 s").arg(id, error).arg(delay / 1000.0));
    emit attemptFailed(id, link.destination.name, error);
}

void Hl7Sender::log(const QString &peer, const QString &level, const QString &text)
{
    if (Status s = m_log.append(QStringLiteral("hl7-out"), peer, level, text); !s)
        qWarning("%s", qPrintable(s.error()));
}

} // namespace benchside
