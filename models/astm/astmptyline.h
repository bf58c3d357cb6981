// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIODevice>
#include <QString>

class QSocketNotifier;

namespace benchside {

// A pseudo-terminal standing in for an analyzer's serial cable: the side under test opens the slave
// path as a serial port (QSerialPort), and a simulated analyzer speaks on the master through this
// device. Closing it closes the master, which hangs the line up as an unplugged adapter does. Used by
// `analyzer simulate` for the demo's serial analyzer and by the tests.
class AstmPtyLine : public QIODevice
{
public:
    AstmPtyLine();
    ~AstmPtyLine() override;

    bool isValid() const { return m_master >= 0; }
    QString error() const { return m_error; }
    // /dev/pts/N: what a serial port is opened with.
    QString slavePath() const { return m_slavePath; }

    bool open(OpenMode mode) override;
    void close() override;
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    void closeFds();

    int m_master = -1;
    int m_slave = -1;
    QString m_slavePath;
    QString m_error;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace benchside
