// SPDX-License-Identifier: GPL-3.0-or-later
#include "label/labelprinterclient.h"

#include <QCoreApplication>
#include <QTcpSocket>

namespace benchside {

namespace {
QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3);
}

} // namespace

Result<LabelPrinterClient::Address> LabelPrinterClient::parseAddress(const QString &address)
{
    const QString text = address.trimmed();
    const auto bad = [&] {
        return Result<Address>::failure(
            tr("\"%1\" is not a label printer address: use host:port, for example 10.0.0.5:9100.").arg(text));
    };
    if (text.isEmpty())
        return Result<Address>::failure(tr("No label printer address is set."));
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    Address a;
    if (colon < 0) {
        a.host = text;
        return a;
    }
    bool ok = false;
    const int port = text.mid(colon + 1).toInt(&ok);
    a.host = text.left(colon);
    if (a.host.startsWith(QLatin1Char('[')) && a.host.endsWith(QLatin1Char(']')))
        a.host = a.host.mid(1, a.host.size() - 2);
    if (!ok || port < 1 || port > 65535 || a.host.isEmpty())
        return bad();
    a.port = quint16(port);
    return a;
}

LabelPrinterClient::LabelPrinterClient(Address address, int connectTimeoutMs, int writeTimeoutMs)
    : m_address(std::move(address)), m_connectTimeoutMs(connectTimeoutMs), m_writeTimeoutMs(writeTimeoutMs)
{}

Status LabelPrinterClient::send(const QByteArray &data) const
{
    const QString where = m_address.text();
    QTcpSocket socket;
    socket.connectToHost(m_address.host, m_address.port);
    if (!socket.waitForConnected(m_connectTimeoutMs)) {
        switch (socket.error()) {
        case QAbstractSocket::SocketTimeoutError:
            return Status::failure(
                tr("The label printer at %1 did not answer within %2 s. Check that it is on "
                   "and on the network.")
                    .arg(where, seconds(m_connectTimeoutMs)));
        case QAbstractSocket::ConnectionRefusedError:
            return Status::failure(
                tr("The label printer at %1 refused the connection: nothing accepts print "
                   "jobs on port %2. Check the printer's address and port in the settings.")
                    .arg(where)
                    .arg(m_address.port));
        case QAbstractSocket::HostNotFoundError:
            return Status::failure(tr("The label printer host \"%1\" was not found. Check the printer's "
                                      "address in the settings.")
                                       .arg(m_address.host));
        default:
            return Status::failure(
                tr("Cannot connect to the label printer at %1: %2").arg(where, socket.errorString()));
        }
    }
    qint64 written = 0;
    while (written < data.size()) {
        const qint64 n = socket.write(data.constData() + written, data.size() - written);
        if (n < 0)
            return Status::failure(
                tr("Sending the labels to %1 failed: %2").arg(where, socket.errorString()));
        written += n;
    }
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(m_writeTimeoutMs))
            return Status::failure(tr("The label printer at %1 stopped taking data (%2 of %3 bytes sent): %4")
                                       .arg(where)
                                       .arg(data.size() - socket.bytesToWrite())
                                       .arg(data.size())
                                       .arg(socket.errorString()));
    }
    socket.disconnectFromHost();
    if (socket.state() != QAbstractSocket::UnconnectedState && !socket.waitForDisconnected(m_writeTimeoutMs))
        return Status::failure(tr("The label printer at %1 did not close the connection after the job: %2")
                                   .arg(where, socket.errorString()));
    return {};
}

} // namespace benchside
