// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QString>

namespace benchside {

// Where an analyzer's ASTM line is: a serial port, an analyzer we connect to over TCP, or an address
// we listen on for the analyzer to connect to. A plain value, kept in the station's configuration as
// JSON.
struct AstmEndpoint
{
    enum class Kind { Serial, TcpClient, TcpServer };
    enum class Parity { None, Even, Odd };

    Kind kind = Kind::TcpClient;

    // Serial.
    QString device; // /dev/ttyUSB0
    int baudRate = 9600;
    int dataBits = 8; // 5 … 8; analyzers use 8 or 7
    Parity parity = Parity::None;
    int stopBits = 1; // 1 or 2

    // TCP: the analyzer's host (TcpClient) or the local address to listen on (TcpServer).
    QString host;
    quint16 port = 0; // 0 for TcpServer: any free port (tests)

    static AstmEndpoint serial(const QString &device, int baudRate = 9600);
    static AstmEndpoint tcpClient(const QString &host, quint16 port);
    static AstmEndpoint tcpServer(const QString &address, quint16 port);

    // {"kind": "serial", "device", "baud", "data_bits", "parity": "none|even|odd", "stop_bits"},
    // {"kind": "tcp", "host", "port"} or {"kind": "listen", "address", "port"}.
    QJsonObject toJson() const;
    // Refuses what could not be opened, naming the field and what it may be.
    static Result<AstmEndpoint> fromJson(const QJsonObject &o);

    // "serial /dev/ttyUSB0 9600 8N1", "tcp 10.0.0.5:5000", "listen 0.0.0.0:5001".
    QString describe() const;

    friend bool operator==(const AstmEndpoint &, const AstmEndpoint &) = default;
};

} // namespace benchside
