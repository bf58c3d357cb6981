// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/mllplistener.h"

#include "lab/lab.h"

#include <QFile>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace benchside {

namespace {
// An IPv4 peer on a dual-stack socket reads ::ffff:a.b.c.d; the allow-list and the log use a.b.c.d.
QHostAddress plainAddress(const QHostAddress &a)
{
    bool v4 = false;
    const quint32 ipv4 = a.toIPv4Address(&v4);
    return v4 ? QHostAddress(ipv4) : a;
}

QString peerName(const QTcpSocket *s)
{
    return QStringLiteral("%1:%2").arg(plainAddress(s->peerAddress()).toString()).arg(s->peerPort());
}

Result<QSslConfiguration> tlsConfiguration(const MllpListener::Options &o)
{
    using R = Result<QSslConfiguration>;
    QFile certFile(o.tlsCertificate);
    QFile keyFile(o.tlsKey);
    if (!certFile.open(QIODevice::ReadOnly))
        return R::failure(MllpListener::tr("Cannot read the TLS certificate %1: %2")
                              .arg(o.tlsCertificate, certFile.errorString()));
    if (!keyFile.open(QIODevice::ReadOnly))
        return R::failure(
            MllpListener::tr("Cannot read the TLS key %1: %2").arg(o.tlsKey, keyFile.errorString()));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    const QSslKey key(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
    if (chain.isEmpty())
        return R::failure(MllpListener::tr("%1 holds no PEM certificate.").arg(o.tlsCertificate));
    if (key.isNull())
        return R::failure(MllpListener::tr("%1 holds no unencrypted PEM RSA key.").arg(o.tlsKey));
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setLocalCertificateChain(chain);
    c.setPrivateKey(key);
    if (!o.tlsCa.isEmpty()) {
        const QList<QSslCertificate> ca = QSslCertificate::fromPath(o.tlsCa, QSsl::Pem);
        if (ca.isEmpty())
            return R::failure(MllpListener::tr("%1 holds no PEM CA certificate.").arg(o.tlsCa));
        c.setCaCertificates(ca);
        c.setPeerVerifyMode(QSslSocket::VerifyPeer);
    } else {
        c.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    return c;
}
} // namespace

struct MllpListener::Connection
{
    explicit Connection(qsizetype limit) : framer(limit) {}
    MllpFramer framer;
    QList<MllpFramer::Frame> pending; // read, not yet answered
    QString peer;
    QTimer *idle = nullptr;
};

MllpListener::MllpListener(Lab &lab, Options options, QObject *parent)
    : QObject(parent), m_lab(lab), m_options(std::move(options)), m_intake(lab, m_options.actor),
      m_log(lab.database().connection())
{}

MllpListener::~MllpListener()
{
    close();
}

Status MllpListener::listen()
{
    if (!m_options.tlsCertificate.isEmpty()) {
        Result<QSslConfiguration> tls = tlsConfiguration(m_options);
        if (!tls)
            return Status::failure(tls.error());
        auto *server = new QSslServer(this);
        server->setSslConfiguration(tls.value());
        connect(server, &QSslServer::errorOccurred, this,
                [this](QSslSocket *s, QAbstractSocket::SocketError) {
                    log(peerName(s), QStringLiteral("warning"), tr("TLS: %1").arg(s->errorString()));
                });
        connect(server, &QSslServer::peerVerifyError, this, [this](QSslSocket *s, const QSslError &e) {
            log(peerName(s), QStringLiteral("warning"),
                tr("Client certificate refused: %1").arg(e.errorString()));
        });
        m_server = server;
    } else {
        m_server = new QTcpServer(this);
    }
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &MllpListener::acceptPending);
    if (!m_server->listen(m_options.address, m_options.port))
        return Status::failure(tr("Cannot listen on %1:%2: %3")
                                   .arg(m_options.address.toString())
                                   .arg(m_options.port)
                                   .arg(m_server->errorString()));
    log({}, QStringLiteral("info"), tr("Listening on %1").arg(address()));
    return {};
}

void MllpListener::close()
{
    const QList<QTcpSocket *> sockets = m_connections.keys();
    for (QTcpSocket *s : sockets)
        drop(s);
    if (m_server)
        m_server->close();
}

QString MllpListener::address() const
{
    if (!m_server || !m_server->isListening())
        return {};
    return QStringLiteral("%1:%2").arg(m_server->serverAddress().toString()).arg(m_server->serverPort());
}

bool MllpListener::allowed(const QHostAddress &peer) const
{
    if (m_options.allow.isEmpty())
        return true;
    const QHostAddress plain = plainAddress(peer);
    return std::any_of(m_options.allow.cbegin(), m_options.allow.cend(),
                       [&](const std::pair<QHostAddress, int> &subnet) { return plain.isInSubnet(subnet); });
}

void MllpListener::acceptPending()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        const QString peer = peerName(socket);
        if (!allowed(socket->peerAddress())) {
            log(peer, QStringLiteral("warning"), tr("Refused: not in the allow-list"));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto c = std::make_shared<Connection>(m_options.frameLimit);
        c->peer = peer;
        c->idle = new QTimer(socket);
        c->idle->setSingleShot(true);
        c->idle->setInterval(m_options.idleTimeoutMs);
        connect(c->idle, &QTimer::timeout, socket, [this, socket] {
            log(m_connections.value(socket) ? m_connections.value(socket)->peer : QString(),
                QStringLiteral("info"),
                tr("Closed after %1 s without data").arg(m_options.idleTimeoutMs / 1000));
            drop(socket);
        });
        c->idle->start();
        m_connections.insert(socket, c);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            if (const auto closed = m_connections.value(socket)) {
                if (closed->framer.inFrame())
                    log(closed->peer, QStringLiteral("warning"),
                        tr("Disconnected in the middle of a message"));
                log(closed->peer, QStringLiteral("info"), tr("Disconnected"));
            }
            drop(socket);
        });
        log(peer, QStringLiteral("info"), tr("Connected"));
        emit connectionsChanged(connections());
        if (socket->bytesAvailable() > 0)
            readFrom(socket);
    }
}

void MllpListener::readFrom(QTcpSocket *socket)
{
    const std::shared_ptr<Connection> c = m_connections.value(socket);
    if (!c)
        return;
    c->idle->start();
    c->pending << c->framer.feed(socket->readAll());
    if (const qsizetype stray = c->framer.takeStrayBytes(); stray > 0)
        log(c->peer, QStringLiteral("warning"),
            tr("Ignored %n byte(s) outside an MLLP frame", nullptr, int(stray)));
    handleNext(socket);
}

// One frame per turn of the event loop: a client that sends a thousand orders in one write must not
// hold back another client's ACK by a thousand commits.
void MllpListener::handleNext(QTcpSocket *socket)
{
    const std::shared_ptr<Connection> c = m_connections.value(socket);
    if (!c || c->pending.isEmpty())
        return;
    const MllpFramer::Frame f = c->pending.takeFirst();
    if (f.kind == MllpFramer::Frame::Kind::Oversize) {
        c->pending.clear();
        const Hl7OrderIntake::Outcome o = m_intake.oversize(m_options.frameLimit, f.payload);
        log(c->peer, QStringLiteral("error"), o.error);
        socket->write(MllpFramer::frame(o.response));
        socket->flush();
        socket->disconnectFromHost();
        emit messageHandled(c->peer, {}, QStringLiteral("AR"), {}, o.error, false);
        return;
    }
    const Hl7OrderIntake::Outcome o = m_intake.handle(f.payload, c->peer);
    if (o.response.isEmpty()) {
        log(c->peer, QStringLiteral("info"),
            tr("%1 not answered: its MSH-15/MSH-16 ask for no acknowledgement in this case")
                .arg(o.controlId));
    } else {
        socket->write(MllpFramer::frame(o.response));
        socket->flush();
    }
    if (!o.recorded && !o.duplicate)
        log(c->peer, QStringLiteral("error"), o.error);
    else if (o.duplicate)
        log(c->peer, QStringLiteral("info"),
            tr("Duplicate of %1 answered with its first ACK").arg(o.controlId));
    for (const QString &warning : o.warnings)
        log(c->peer, QStringLiteral("warning"), QStringLiteral("%1: %2").arg(o.controlId, warning));
    emit messageHandled(c->peer, o.controlId, Hl7Ack::codeName(o.code), o.accessions, o.error, o.duplicate);
    if (!c->pending.isEmpty()) {
        const QPointer<QTcpSocket> alive(socket);
        QMetaObject::invokeMethod(
            this,
            [this, alive] {
                if (alive)
                    handleNext(alive);
            },
            Qt::QueuedConnection);
    }
}

void MllpListener::drop(QTcpSocket *socket)
{
    if (!m_connections.remove(socket))
        return;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    emit connectionsChanged(connections());
}

void MllpListener::log(const QString &peer, const QString &level, const QString &text)
{
    // A log line must never stop a message from being answered: a failed write is only reported.
    if (Status s = m_log.append(QStringLiteral("hl7-in"), peer, level, text); !s)
        qWarning("%s", qPrintable(s.error()));
    emit logged(peer, level, text);
}

Result<QList<std::pair<QHostAddress, int>>> MllpListener::parseAllowList(const QString &text)
{
    using R = Result<QList<std::pair<QHostAddress, int>>>;
    QList<std::pair<QHostAddress, int>> out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString t = part.trimmed();
        std::pair<QHostAddress, int> subnet =
            t.contains(QLatin1Char('/')) ? QHostAddress::parseSubnet(t) : std::make_pair(QHostAddress(t), -1);
        if (subnet.first.isNull())
            return R::failure(
                tr("\"%1\" is not an address or subnet (e.g. 10.1.2.3 or 10.1.0.0/16).").arg(t));
        if (subnet.second < 0)
            subnet.second = subnet.first.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32;
        out << subnet;
    }
    return out;
}

Result<std::pair<QHostAddress, quint16>> MllpListener::parseAddress(const QString &text)
{
    using R = Result<std::pair<QHostAddress, quint16>>;
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    QString host = colon < 0 ? QString() : text.left(colon);
    const QString portText = colon < 0 ? text : text.mid(colon + 1);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535)
        return R::failure(tr("\"%1\" is not ADDRESS:PORT (e.g. 127.0.0.1:2575).").arg(text));
    QHostAddress address(QHostAddress::LocalHost);
    if (!host.isEmpty() && !address.setAddress(host))
        return R::failure(tr("\"%1\" is not an IP address.").arg(host));
    return std::make_pair(address, quint16(port));
}

} // namespace benchside
