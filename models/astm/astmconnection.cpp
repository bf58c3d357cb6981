// SPDX-License-Identifier: GPL-3.0-or-later
#include "astm/astmconnection.h"

#include <QHostAddress>
#include <QSerialPort>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>
#include <cerrno>
#include <termios.h>

namespace benchside {

namespace {
QString stateName(AstmConnection::State s)
{
    switch (s) {
    case AstmConnection::State::Stopped:
        return QStringLiteral("Stopped");
    case AstmConnection::State::Connecting:
        return QStringLiteral("Connecting");
    case AstmConnection::State::Listening:
        return QStringLiteral("Listening");
    case AstmConnection::State::Connected:
        return QStringLiteral("Connected");
    case AstmConnection::State::Error:
        return QStringLiteral("Error");
    }
    return {};
}

// An IPv4 peer on a dual-stack socket reads ::ffff:a.b.c.d; the log says a.b.c.d.
QString peerName(const QTcpSocket *s)
{
    bool v4 = false;
    const quint32 ipv4 = s->peerAddress().toIPv4Address(&v4);
    const QHostAddress a = v4 ? QHostAddress(ipv4) : s->peerAddress();
    return QStringLiteral("%1:%2").arg(a.toString()).arg(s->peerPort());
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0);
}
} // namespace

AstmConnection::AstmConnection(QString name, AstmEndpoint endpoint, QObject *parent)
    : QObject(parent), m_name(std::move(name)), m_endpoint(std::move(endpoint))
{}

AstmConnection::~AstmConnection()
{
    // The line and the server are children and outlive this destructor's body: nothing they emit while
    // closing may reach a half-destroyed connection.
    if (m_line)
        m_line->disconnect(this);
    if (m_server)
        m_server->disconnect(this);
}

quint16 AstmConnection::serverPort() const
{
    return m_server && m_server->isListening() ? m_server->serverPort() : 0;
}

void AstmConnection::start()
{
    if (m_state != State::Stopped)
        return;
    if (!m_tick) {
        m_tick = new QTimer(this);
        m_retry = new QTimer(this);
        m_retry->setSingleShot(true);
        m_connectTimeout = new QTimer(this);
        m_connectTimeout->setSingleShot(true);
        connect(m_tick, &QTimer::timeout, this, &AstmConnection::tick);
        connect(m_retry, &QTimer::timeout, this, &AstmConnection::open);
        connect(m_connectTimeout, &QTimer::timeout, this, [this] {
            lose(State::Error,
                 QStringLiteral("no connection within %1 s").arg(seconds(m_timing.connectTimeoutMs)));
        });
    }
    m_tick->setInterval(m_timing.tickMs);
    m_clock.start();
    m_retryMs = m_timing.retryMinMs;
    open();
}

void AstmConnection::stop()
{
    if (m_state == State::Stopped)
        return;
    m_retry->stop();
    closeLine();
    if (m_server) {
        m_server->disconnect(this);
        m_server->close();
        m_server->deleteLater();
        m_server = nullptr;
    }
    setState(State::Stopped, m_endpoint.describe());
}

void AstmConnection::send(const QList<QByteArray> &records)
{
    m_link.send(records);
    if (m_state == State::Connected) {
        write(m_link.tick(now()));
        drain();
    }
}

void AstmConnection::acknowledge(bool committed)
{
    if (m_unanswered.isEmpty())
        return;
    const quint64 held = m_unanswered.takeFirst();
    if (held == 0 || held != m_link.heldMessage() || !m_line)
        return;
    write(committed ? m_link.committed(now()) : m_link.refused(now()));
    drain();
}

void AstmConnection::open()
{
    switch (m_endpoint.kind) {
    case AstmEndpoint::Kind::Serial:
        openSerial();
        break;
    case AstmEndpoint::Kind::TcpClient:
        openClient();
        break;
    case AstmEndpoint::Kind::TcpServer:
        listen();
        break;
    }
}

void AstmConnection::openSerial()
{
    auto *port = new QSerialPort(this);
    port->setPortName(m_endpoint.device);
    port->setBaudRate(m_endpoint.baudRate);
    port->setDataBits(QSerialPort::DataBits(m_endpoint.dataBits));
    port->setParity(m_endpoint.parity == AstmEndpoint::Parity::Even  ? QSerialPort::EvenParity
                    : m_endpoint.parity == AstmEndpoint::Parity::Odd ? QSerialPort::OddParity
                                                                     : QSerialPort::NoParity);
    port->setStopBits(m_endpoint.stopBits == 2 ? QSerialPort::TwoStop : QSerialPort::OneStop);
    port->setFlowControl(QSerialPort::NoFlowControl);
    setState(State::Connecting, m_endpoint.describe());
    if (!port->open(QIODevice::ReadWrite)) {
        const QString reason = port->errorString();
        delete port;
        retryLater(State::Error, QStringLiteral("cannot open %1: %2").arg(m_endpoint.device, reason));
        return;
    }
    connect(port, &QSerialPort::errorOccurred, this, &AstmConnection::onSerialError);
    adopt(port, m_endpoint.describe());
}

void AstmConnection::openClient()
{
    auto *socket = new QTcpSocket(this);
    m_line = socket;
    connect(socket, &QTcpSocket::connected, this, [this, socket] {
        m_connectTimeout->stop();
        adopt(socket, peerName(socket));
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError error) {
        // A peer's orderly close is reported by disconnected() as well, and is no error.
        if (error != QAbstractSocket::RemoteHostClosedError)
            lose(State::Error, socket->errorString());
    });
    connect(socket, &QTcpSocket::disconnected, this,
            [this] { lose(State::Connecting, QStringLiteral("the analyzer closed the connection")); });
    setState(State::Connecting, m_endpoint.describe());
    m_connectTimeout->start(m_timing.connectTimeoutMs);
    socket->connectToHost(m_endpoint.host, m_endpoint.port);
}

void AstmConnection::listen()
{
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &AstmConnection::acceptPending);
    const QHostAddress address(m_endpoint.host);
    if (!m_server->listen(address, m_endpoint.port)) {
        const QString reason = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        retryLater(State::Error,
                   QStringLiteral("cannot listen on %1: %2").arg(m_endpoint.describe(), reason));
        return;
    }
    m_retryMs = m_timing.retryMinMs;
    setState(State::Listening, QStringLiteral("%1:%2").arg(address.toString()).arg(m_server->serverPort()));
}

void AstmConnection::acceptPending()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        const QString peer = peerName(socket);
        if (m_line) {
            // The link is one conversation: a second analyzer on the same line would have its frames
            // mixed into the first one's session.
            log(QStringLiteral("warning"),
                QStringLiteral("Refused a connection from %1: the analyzer at %2 is "
                               "connected.")
                    .arg(peer, m_line->objectName()));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError)
                lose(State::Listening, socket->errorString());
        });
        connect(socket, &QTcpSocket::disconnected, this,
                [this] { lose(State::Listening, QStringLiteral("the analyzer closed the connection")); });
        adopt(socket, peer);
    }
}

void AstmConnection::adopt(QIODevice *device, const QString &peer)
{
    m_line = device;
    m_line->setObjectName(peer);
    connect(device, &QIODevice::readyRead, this, &AstmConnection::readAvailable);
    m_retryMs = m_timing.retryMinMs;
    m_lastSerialError.clear();
    setState(State::Connected, peer);
    m_tick->start();
    if (device->bytesAvailable() > 0)
        readAvailable();
    else
        tick(); // messages queued while the line was down
}

void AstmConnection::readAvailable()
{
    if (!m_line)
        return;
    const QByteArray data = m_line->readAll();
    if (data.isEmpty())
        return;
    emit bytes(data, true);
    write(m_link.feed(data, now()));
    drain();
}

void AstmConnection::tick()
{
    if (!m_line)
        return;
    if (serialHungUp()) {
        lose(State::Error, QStringLiteral("the device %1 was disconnected").arg(m_endpoint.device));
        return;
    }
    write(m_link.tick(now()));
    drain();
}

void AstmConnection::write(const QByteArray &out)
{
    if (out.isEmpty() || !m_line)
        return;
    m_line->write(out);
    emit bytes(out, false);
}

void AstmConnection::drain()
{
    for (const QString &line : m_link.takeLog())
        log(QStringLiteral("info"), line);
    const QList<QByteArray> messages = m_link.takeMessages();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        // Only the last message can be the held one: nothing more is taken while an ACK is held.
        if (m_link.ackAfterCommit())
            m_unanswered.append(i == messages.size() - 1 ? m_link.heldMessage() : 0);
        emit messageReceived(messages.at(i));
    }
}

void AstmConnection::onSerialError()
{
    auto *port = qobject_cast<QSerialPort *>(m_line.data());
    if (!port)
        return;
    const QSerialPort::SerialPortError error = port->error();
    if (error == QSerialPort::NoError || error == QSerialPort::TimeoutError)
        return;
    const QString message = port->errorString();
    if (error == QSerialPort::ResourceError) {
        lose(State::Error, QStringLiteral("the device %1 was lost: %2").arg(m_endpoint.device, message));
        return;
    }
    port->clearError();
    if (serialHungUp()) {
        lose(State::Error, QStringLiteral("the device %1 was disconnected").arg(m_endpoint.device));
        return;
    }
    // The same error over and over (a notifier firing on a noisy line) is one problem, not thousands.
    if (message == m_lastSerialError)
        return;
    m_lastSerialError = message;
    log(QStringLiteral("warning"), QStringLiteral("Serial error on %1: %2").arg(m_endpoint.device, message));
}

// Qt 6.4 does not report a serial device that goes away (a USB adapter unplugged, the far end of a
// pseudo-terminal closed) as a ResourceError: the tty is hung up, stays readable and reads nothing.
// A hung-up tty fails every ioctl with EIO, which tells it from a passing read error.
bool AstmConnection::serialHungUp() const
{
    const auto *port = qobject_cast<const QSerialPort *>(m_line.data());
    if (!port || !port->isOpen())
        return false;
    termios attributes;
    return ::tcgetattr(int(port->handle()), &attributes) != 0 &&
           (errno == EIO || errno == ENXIO || errno == ENODEV);
}

void AstmConnection::lose(State state, const QString &reason)
{
    if (!m_line)
        return;
    const QString peer = m_line->objectName();
    closeLine();
    if (m_endpoint.kind == AstmEndpoint::Kind::TcpServer && m_server) {
        log(QStringLiteral("warning"), QStringLiteral("Lost %1: %2.").arg(peer, reason));
        setState(
            State::Listening,
            QStringLiteral("%1:%2").arg(m_server->serverAddress().toString()).arg(m_server->serverPort()));
        return;
    }
    retryLater(state, reason);
}

void AstmConnection::closeLine()
{
    if (m_tick)
        m_tick->stop();
    if (m_connectTimeout)
        m_connectTimeout->stop();
    if (m_line) {
        QIODevice *line = m_line;
        m_line = nullptr;
        line->disconnect(this);
        if (auto *socket = qobject_cast<QAbstractSocket *>(line))
            socket->abort();
        // Later: this may run inside one of the line's own signals.
        line->deleteLater();
    }
    m_link.reset();
    drain();
}

void AstmConnection::retryLater(State state, const QString &reason)
{
    setState(state, QStringLiteral("%1; trying again in %2 s").arg(reason, seconds(m_retryMs)));
    m_retry->start(m_retryMs);
    m_retryMs = std::min(m_retryMs * 2, m_timing.retryMaxMs);
}

void AstmConnection::setState(State state, const QString &detail)
{
    m_state = state;
    log(state == State::Error ? QStringLiteral("error") : QStringLiteral("info"),
        QStringLiteral("%1: %2").arg(stateName(state), detail));
    emit stateChanged(state, detail);
}

void AstmConnection::log(const QString &level, const QString &text)
{
    emit logLine(level, text);
}

} // namespace benchside
