// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace benchside::cli {

// SIGINT and SIGTERM as a Qt signal, for the commands that run until stopped (hl7 serve): the
// handler only writes a byte to a pipe (all a signal handler may safely do), and the event loop
// reads it and emits stopRequested.
class StopSignals : public QObject
{
    Q_OBJECT

public:
    explicit StopSignals(QObject *parent = nullptr);
    ~StopSignals() override;

signals:
    void stopRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace benchside::cli
