// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/serialscanner.h"

#include "settings/settings.h"

#include <cerrno>
#include <termios.h>

namespace benchside {

SerialScanner::SerialScanner(const Config &config, QObject *parent)
    : QObject(parent), m_config(config), m_port(this), m_framer(config.suffix), m_quiet(this), m_retry(this),
      m_watchdog(this)
{
    m_quiet.setSingleShot(true);
    m_retry.setInterval(DefaultRetryMs);
    m_watchdog.setInterval(WatchdogMs);
    connect(&m_watchdog, &QTimer::timeout, this, [this] { (void)checkHangUp(); });
    connect(&m_port, &QSerialPort::readyRead, this, &SerialScanner::readAvailable);
    connect(&m_port, &QSerialPort::errorOccurred, this, &SerialScanner::onError);
    connect(&m_quiet, &QTimer::timeout, this, &SerialScanner::lineQuiet);
    connect(&m_retry, &QTimer::timeout, this, &SerialScanner::retry);
}

SerialScanner::~SerialScanner()
{
    // The port is a member and outlives this destructor's body: nothing it emits while closing may
    // reach a half-destroyed scanner.
    m_port.disconnect(this);
    m_port.close();
}

SerialScanner::Config SerialScanner::config(const Settings &settings)
{
    Config c;
    c.port = settings.value(Settings::Key::SerialPort).toString().trimmed();
    c.baudRate = settings.value(Settings::Key::SerialBaudRate).toInt();
    c.suffix = SerialFramer::parseSuffix(settings.value(Settings::Key::SerialSuffix).toString())
                   .value_or(SerialFramer::Suffix::Cr);
    return c;
}

void SerialScanner::setRetryIntervalMs(int ms)
{
    m_retry.setInterval(ms);
}

Status SerialScanner::start()
{
    if (m_config.port.isEmpty())
        return Status::failure(tr("No serial port is set for the barcode scanner."));
    m_started = true;
    if (m_port.isOpen())
        return {};
    Status opened = open();
    if (!opened)
        m_retry.start();
    return opened;
}

void SerialScanner::stop()
{
    m_started = false;
    m_retry.stop();
    m_quiet.stop();
    m_watchdog.stop();
    m_framer.reset();
    if (m_port.isOpen()) {
        m_port.close();
        emit connectedChanged(false);
    }
}

Status SerialScanner::open()
{
    m_port.setPortName(m_config.port);
    m_port.setBaudRate(m_config.baudRate);
    m_port.setDataBits(QSerialPort::Data8);
    m_port.setParity(QSerialPort::NoParity);
    m_port.setStopBits(QSerialPort::OneStop);
    m_port.setFlowControl(QSerialPort::NoFlowControl);

    m_opening = true;
    // Read-only: a scanner only talks. Linux raises DTR when a tty is opened, which is what CDC scanners
    // wait for before they send; setting it explicitly would fail on ports without modem lines.
    const bool opened = m_port.open(QIODevice::ReadOnly);
    m_opening = false;
    if (!opened) {
        QString message = tr("%1 could not be opened: %2. Check that the scanner is plugged in and in USB "
                             "serial (CDC) mode.")
                              .arg(m_config.port, m_port.errorString());
        if (m_port.error() == QSerialPort::PermissionError)
            message += QLatin1Char(' ') + tr("If another program is using the port, close it; otherwise ask "
                                             "for your account to be added to the dialout group.");
        m_port.clearError();
        return Status::failure(message);
    }
    m_framer.reset();
    m_lastError.clear();
    m_retry.stop();
    m_watchdog.start();
    emit connectedChanged(true);
    return {};
}

// Qt 6.4's QSerialPort on Linux does not report a scanner that goes away as a ResourceError. Once the
// device is gone (a USB scanner unplugged, the master side of a pseudo-terminal closed) the tty is hung
// up: it stays readable and read() returns 0, which Qt turns into a ReadError carrying a stale errno
// ("Inappropriate ioctl for device"), again and again as its read notifier keeps firing. A hung-up tty
// fails every ioctl with EIO, which tells it from a passing read error. The check runs on each error
// and, in case a Qt version says nothing at all, once a second.
bool SerialScanner::checkHangUp()
{
    if (!m_port.isOpen())
        return false;
    if (m_losing)
        return true;
    termios attributes;
    if (::tcgetattr(int(m_port.handle()), &attributes) == 0 ||
        (errno != EIO && errno != ENXIO && errno != ENODEV))
        return false;
    lose(tr("The barcode scanner on %1 was disconnected. Plug it back in; Benchside reconnects by itself.")
             .arg(m_config.port));
    return true;
}

void SerialScanner::retry()
{
    if (m_port.isOpen()) {
        m_retry.stop();
        return;
    }
    // Failures stay quiet: the loss was reported once, and the scanner is simply not back yet.
    (void)open();
}

void SerialScanner::readAvailable()
{
    const QByteArray bytes = m_port.readAll();
    m_lastError.clear();
    emitFrames(m_framer.feed(bytes));
    if (!m_framer.hasPending()) {
        m_quiet.stop();
        return;
    }
    m_quiet.start(m_framer.suffix() == SerialFramer::Suffix::None ? m_gapMs : m_incompleteMs);
}

void SerialScanner::lineQuiet()
{
    // A busy GUI thread can run this timer before the notifier of bytes that arrived in time, which
    // would cut a code in two: bytes already waiting in the kernel are read first (without waiting).
    if (m_port.isOpen() && m_port.waitForReadyRead(0))
        return;
    emitFrames(m_framer.flush());
}

void SerialScanner::onError(QSerialPort::SerialPortError error)
{
    if (error == QSerialPort::NoError || m_opening)
        return;
    if (error == QSerialPort::TimeoutError) {
        // Only lineQuiet()'s look at the kernel's buffer times out; nothing is wrong.
        m_port.clearError();
        return;
    }
    if (error == QSerialPort::ResourceError) {
        lose(tr("The barcode scanner on %1 was disconnected (%2). Plug it back in; Benchside reconnects by "
                "itself.")
                 .arg(m_config.port, m_port.errorString()));
        return;
    }
    const QString message = m_port.errorString();
    m_port.clearError();
    if (checkHangUp())
        return;
    // The same error over and over (a notifier firing on a broken line) is one problem, not thousands.
    if (message == m_lastError)
        return;
    m_lastError = message;
    emit problem(tr("The barcode scanner on %1 reported an error: %2.").arg(m_config.port, message));
}

void SerialScanner::lose(const QString &message)
{
    if (m_losing)
        return;
    m_losing = true;
    emit problem(message);
    // Closed from the event loop: QSerialPort is still inside its read handler when it reports the error.
    QTimer::singleShot(0, this, [this] {
        m_quiet.stop();
        m_watchdog.stop();
        // Part of a code held when the cable went is not a code; the loss was reported above.
        m_framer.reset();
        const bool wasOpen = m_port.isOpen();
        if (wasOpen) {
            m_port.close();
            m_port.clearError();
        }
        // Only now: errors raised while closing the dead port belong to the loss already reported.
        m_losing = false;
        if (wasOpen)
            emit connectedChanged(false);
        if (m_started)
            m_retry.start();
    });
}

void SerialScanner::emitFrames(const QList<SerialFramer::Frame> &frames)
{
    for (const SerialFramer::Frame &f : frames) {
        if (f.type == SerialFramer::Frame::Type::Code)
            emit codeRead(f.text);
        else
            emit problem(f.text);
    }
}

} // namespace benchside
