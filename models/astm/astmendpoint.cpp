// SPDX-License-Identifier: GPL-3.0-or-later
#include "astm/astmendpoint.h"

#include <QHostAddress>
#include <QJsonValue>
#include <optional>

namespace benchside {

namespace {
QString parityName(AstmEndpoint::Parity p)
{
    switch (p) {
    case AstmEndpoint::Parity::None:
        return QStringLiteral("none");
    case AstmEndpoint::Parity::Even:
        return QStringLiteral("even");
    case AstmEndpoint::Parity::Odd:
        return QStringLiteral("odd");
    }
    return {};
}

// An IPv6 address needs brackets before ":port".
QString hostPort(const QString &host, quint16 port)
{
    const QString h = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
    return QStringLiteral("%1:%2").arg(h).arg(port);
}

// A whole number in the JSON, or std::nullopt for anything else (3.5, "9600", absent).
std::optional<int> integer(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (d != double(qint64(d)) || d < -2147483648.0 || d > 2147483647.0)
        return std::nullopt;
    return int(d);
}
} // namespace

AstmEndpoint AstmEndpoint::serial(const QString &device, int baudRate)
{
    AstmEndpoint e;
    e.kind = Kind::Serial;
    e.device = device;
    e.baudRate = baudRate;
    return e;
}

AstmEndpoint AstmEndpoint::tcpClient(const QString &host, quint16 port)
{
    AstmEndpoint e;
    e.kind = Kind::TcpClient;
    e.host = host;
    e.port = port;
    return e;
}

AstmEndpoint AstmEndpoint::tcpServer(const QString &address, quint16 port)
{
    AstmEndpoint e;
    e.kind = Kind::TcpServer;
    e.host = address;
    e.port = port;
    return e;
}

QJsonObject AstmEndpoint::toJson() const
{
    switch (kind) {
    case Kind::Serial:
        return {{QStringLiteral("kind"), QStringLiteral("serial")},
                {QStringLiteral("device"), device},
                {QStringLiteral("baud"), baudRate},
                {QStringLiteral("data_bits"), dataBits},
                {QStringLiteral("parity"), parityName(parity)},
                {QStringLiteral("stop_bits"), stopBits}};
    case Kind::TcpClient:
        return {{QStringLiteral("kind"), QStringLiteral("tcp")},
                {QStringLiteral("host"), host},
                {QStringLiteral("port"), port}};
    case Kind::TcpServer:
        return {{QStringLiteral("kind"), QStringLiteral("listen")},
                {QStringLiteral("address"), host},
                {QStringLiteral("port"), port}};
    }
    return {};
}

Result<AstmEndpoint> AstmEndpoint::fromJson(const QJsonObject &o)
{
    using R = Result<AstmEndpoint>;
    const QString kind = o.value(QStringLiteral("kind")).toString();
    AstmEndpoint e;
    if (kind == QStringLiteral("serial")) {
        e.kind = Kind::Serial;
        e.device = o.value(QStringLiteral("device")).toString().trimmed();
        if (e.device.isEmpty())
            return R::failure(QStringLiteral("A serial analyzer needs its device, e.g. \"/dev/ttyUSB0\"."));
        // Absent settings take the defaults; present ones must be right.
        if (o.contains(QStringLiteral("baud"))) {
            const std::optional<int> baud = integer(o, QStringLiteral("baud"));
            if (!baud || *baud <= 0)
                return R::failure(
                    QStringLiteral("The baud rate must be a positive whole number, e.g. 9600."));
            e.baudRate = *baud;
        }
        if (o.contains(QStringLiteral("data_bits"))) {
            const std::optional<int> bits = integer(o, QStringLiteral("data_bits"));
            if (!bits || *bits < 5 || *bits > 8)
                return R::failure(QStringLiteral("Data bits must be 5, 6, 7 or 8."));
            e.dataBits = *bits;
        }
        if (o.contains(QStringLiteral("parity"))) {
            const QString parity = o.value(QStringLiteral("parity")).toString().toLower();
            if (parity == QStringLiteral("none"))
                e.parity = Parity::None;
            else if (parity == QStringLiteral("even"))
                e.parity = Parity::Even;
            else if (parity == QStringLiteral("odd"))
                e.parity = Parity::Odd;
            else
                return R::failure(QStringLiteral("Parity must be none, even or odd."));
        }
        if (o.contains(QStringLiteral("stop_bits"))) {
            const std::optional<int> stop = integer(o, QStringLiteral("stop_bits"));
            if (!stop || (*stop != 1 && *stop != 2))
                return R::failure(QStringLiteral("Stop bits must be 1 or 2."));
            e.stopBits = *stop;
        }
        return e;
    }
    const bool client = kind == QStringLiteral("tcp");
    if (!client && kind != QStringLiteral("listen")) {
        return R::failure(
            QStringLiteral("Unknown analyzer connection kind \"%1\"; it is serial, tcp or listen.")
                .arg(kind));
    }
    e.kind = client ? Kind::TcpClient : Kind::TcpServer;
    e.host = o.value(client ? QStringLiteral("host") : QStringLiteral("address")).toString().trimmed();
    if (client && e.host.isEmpty())
        return R::failure(QStringLiteral("A TCP analyzer needs its host name or address."));
    if (!client && QHostAddress(e.host).isNull())
        return R::failure(
            QStringLiteral("\"%1\" is not an address to listen on, e.g. 0.0.0.0 or 127.0.0.1.").arg(e.host));
    const std::optional<int> port = integer(o, QStringLiteral("port"));
    if (!port || *port < 1 || *port > 65535)
        return R::failure(QStringLiteral("The port must be a whole number from 1 to 65535."));
    e.port = quint16(*port);
    return e;
}

QString AstmEndpoint::describe() const
{
    switch (kind) {
    case Kind::Serial: {
        const QChar parityLetter = parity == Parity::None   ? QLatin1Char('N')
                                   : parity == Parity::Even ? QLatin1Char('E')
                                                            : QLatin1Char('O');
        return QStringLiteral("serial %1 %2 %3%4%5")
            .arg(device)
            .arg(baudRate)
            .arg(dataBits)
            .arg(parityLetter)
            .arg(stopBits);
    }
    case Kind::TcpClient:
        return QStringLiteral("tcp ") + hostPort(host, port);
    case Kind::TcpServer:
        return QStringLiteral("listen ") + hostPort(host, port);
    }
    return {};
}

} // namespace benchside
