// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace benchside {

// Sends a ZPL job to a label printer's raw TCP port (JetDirect style, usually 9100): connect,
// write every byte, close. The printer answers nothing, so "sent" means the bytes left this
// station, not that a label came out. Blocking with timeouts: a job is a few kilobytes and the
// caller (a button, a CLI command) has nothing else to do until it knows.
class LabelPrinterClient
{
    Q_DECLARE_TR_FUNCTIONS(LabelPrinterClient)

public:
    struct Address
    {
        QString host;
        quint16 port = 9100;
        QString text() const { return host + QLatin1Char(':') + QString::number(port); }
    };

    // "host:port"; a bare host means port 9100.
    static Result<Address> parseAddress(const QString &address);

    explicit LabelPrinterClient(Address address, int connectTimeoutMs = 5000, int writeTimeoutMs = 10000);

    Status send(const QByteArray &data) const;

private:
    Address m_address;
    int m_connectTimeoutMs;
    int m_writeTimeoutMs;
};

} // namespace benchside
