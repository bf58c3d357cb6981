// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/serverconnection.h"
#include "sync/serverurl.h"
#include "sync/syncreport.h"

#include <QObject>
#include <memory>

class QTimer;

namespace benchside {

class Lab;

// What the status bar shows after each round.
struct SyncOutcome
{
    bool ok = false;      // the round reached the server and nothing was held back
    bool reached = false; // the server answered (false: offline)
    // The kept connection had been dropped (server restart, network cut) and a new one was opened.
    bool reconnected = false;
    SyncReport report;
    QString error;       // why it failed or what holds the queue ('' when ok)
    SyncStatus status;   // this station's bookkeeping after the round
    qint64 nextInMs = 0; // when the next round starts
};

// Syncs the station in the background: lives in a thread of its own with its own connections to
// the station's database and to the server (a QSqlDatabase belongs to one thread), and keeps the
// server connection from one round to the next. Runs on a
// schedule and on demand; after a failure it waits longer each time (5 s, 10 s, … up to 10 min),
// so a server that is down is not hammered and a brief outage heals by itself.
class SyncWorker : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 FirstRetryMs = 5'000;
    static constexpr qint64 LongestRetryMs = 600'000;

    SyncWorker(QString databasePath, ServerUrl url, int intervalSeconds);
    ~SyncWorker() override;

    // The wait after `failures` failed rounds in a row (0: the regular interval).
    static qint64 delayAfter(int failures, qint64 intervalMs);

public slots:
    void start();   // opens the station's database in this thread and runs the first round
    void syncNow(); // one round now (a round in progress is not interrupted)
    // Another server, password or interval; syncs with it at once.
    void reconfigure(const ServerUrl &url, int intervalSeconds);
    void stop();

signals:
    void started(); // a round began
    void finished(const benchside::SyncOutcome &outcome);

private:
    void schedule(qint64 ms);

    QString m_path;
    ServerUrl m_url;
    qint64 m_intervalMs;
    int m_failures = 0;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<ServerConnection> m_server;
    QTimer *m_timer = nullptr;
};

} // namespace benchside

Q_DECLARE_METATYPE(benchside::SyncOutcome)
