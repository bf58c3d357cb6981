// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "scan/serialframer.h"

#include <QObject>
#include <QSerialPort>
#include <QTimer>

namespace benchside {

class Settings;

// A barcode scanner in serial (USB-CDC) mode. Reads the port asynchronously on the thread it lives on,
// cuts the bytes into codes with a SerialFramer and hands each on through codeRead(), the same way the
// keyboard wedge hands on its scans. When the port goes away (the cable is pulled), it says so and
// keeps trying to open it again until the scanner is back.
class SerialScanner : public QObject
{
    Q_OBJECT

public:
    struct Config
    {
        QString port; // device path (/dev/ttyACM0) or name (ttyACM0)
        int baudRate = 9600;
        SerialFramer::Suffix suffix = SerialFramer::Suffix::Cr;
    };

    // A USB scanner sends a whole code in one packet, and a byte takes ~8 ms even at 1200 baud.
    static constexpr int DefaultGapMs = 50;
    // With a suffix configured, what is held this long without it is reported as cut short.
    static constexpr int DefaultIncompleteMs = 1'000;
    static constexpr int DefaultRetryMs = 3'000;
    static constexpr int WatchdogMs = 1'000;

    explicit SerialScanner(const Config &config, QObject *parent = nullptr);
    ~SerialScanner() override;

    // The serial-scanner settings; port is empty when none is attached.
    static Config config(const Settings &settings);

    // Opens the port (8N1, no flow control). On failure the message says what to check, and the port is
    // retried in the background all the same, so a scanner plugged in later is picked up.
    Status start();
    // Closes the port and stops retrying.
    void stop();

    bool isConnected() const { return m_port.isOpen(); }
    QString portName() const { return m_config.port; }

    // For tests: the quiet time that ends a code with suffix None, the time after which a code
    // without its suffix is reported, and the interval between attempts to reopen the port.
    void setGapMs(int ms) { m_gapMs = ms; }
    void setIncompleteMs(int ms) { m_incompleteMs = ms; }
    void setRetryIntervalMs(int ms);

signals:
    void codeRead(const QString &code);
    void problem(const QString &message);
    void connectedChanged(bool connected);

private:
    Status open();
    void retry();
    void readAvailable();
    void lineQuiet();
    void onError(QSerialPort::SerialPortError error);
    bool checkHangUp(); // true when the port is gone
    void lose(const QString &message);
    void emitFrames(const QList<SerialFramer::Frame> &frames);

    Config m_config;
    QSerialPort m_port;
    SerialFramer m_framer;
    QTimer m_quiet; // the line has been silent long enough to decide on what is held
    QTimer m_retry;
    QTimer m_watchdog;   // a hang-up Qt does not report: see checkHangUp()
    QString m_lastError; // the last read error reported, so that a repeated one is reported once
    int m_gapMs = DefaultGapMs;
    int m_incompleteMs = DefaultIncompleteMs;
    bool m_started = false; // between start() and stop(): a lost port is to be reopened
    bool m_opening = false; // errors raised by open() are reported through its Status
    bool m_losing = false;  // a lost port reports once, however many errors follow before it closes
};

} // namespace benchside
