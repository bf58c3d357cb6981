// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "hl7/hl7orderintake.h"
#include "hl7/interfacelog.h"
#include "hl7/mllpframer.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <memory>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace benchside {

class Lab;

// The MLLP listener for inbound HL7 orders. Lives in the thread that created it (the HL7 service's
// own thread in the GUI, the main thread of `hl7 serve`) with the Lab of that thread. Any number of
// connections, each with its own framer; every complete frame is taken in (Hl7OrderIntake) and
// answered at once, after its commit. A frame over the limit is answered AR and the connection
// closed; a connection silent for the idle timeout is closed; peers outside the allow-list are
// refused before they can send anything. TLS (with client certificates when a CA is given) through
// QSslServer.
class MllpListener : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        quint16 port = 2575;
        QList<std::pair<QHostAddress, int>> allow; // empty: any peer
        int idleTimeoutMs = 60'000;
        qsizetype frameLimit = MllpFramer::DefaultLimit;
        QString actor = QStringLiteral("hl7");
        QString tlsCertificate; // PEM files; no certificate: plain TCP
        QString tlsKey;
        QString tlsCa; // given: clients must present a certificate it signed
    };

    MllpListener(Lab &lab, Options options, QObject *parent = nullptr);
    ~MllpListener() override;

    Status listen();
    void close();
    // "127.0.0.1:2575" once listening.
    QString address() const;
    int connections() const { return int(m_connections.size()); }

    // "1.2.3.4", "10.0.0.0/8", "::1": what --allow takes.
    static Result<QList<std::pair<QHostAddress, int>>> parseAllowList(const QString &text);
    // "ADDR:PORT" or ":PORT" or "PORT".
    static Result<std::pair<QHostAddress, quint16>> parseAddress(const QString &text);

signals:
    void messageHandled(const QString &peer, const QString &controlId, const QString &ackCode,
                        const QStringList &accessions, const QString &error, bool duplicate);
    void connectionsChanged(int count);
    void logged(const QString &peer, const QString &level, const QString &text);

private:
    struct Connection;
    void acceptPending();
    void readFrom(QTcpSocket *socket);
    void handleNext(QTcpSocket *socket);
    void drop(QTcpSocket *socket);
    void log(const QString &peer, const QString &level, const QString &text);
    bool allowed(const QHostAddress &peer) const;

    Lab &m_lab;
    Options m_options;
    Hl7OrderIntake m_intake;
    InterfaceLog m_log;
    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, std::shared_ptr<Connection>> m_connections;
};

} // namespace benchside
