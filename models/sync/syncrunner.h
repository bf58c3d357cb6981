// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "settings/settings.h"
#include "sync/serverurl.h"
#include "sync/syncworker.h"

#include <QObject>
#include <QThread>

namespace benchside {

// Owns the background sync of the GUI: the thread, the worker in it, and the station's sync
// settings (server URL, sealed password, interval). The GUI thread only sends it requests and
// receives outcomes; no database work happens on the GUI thread.
class SyncRunner : public QObject
{
    Q_OBJECT

public:
    SyncRunner(QString databasePath, Settings &settings, QString keyFile, QObject *parent = nullptr);
    ~SyncRunner() override;

    bool configured() const;
    bool running() const { return m_worker != nullptr; }
    // The saved server, password included (for the settings dialog to show masked).
    Result<ServerUrl> url() const;
    int intervalSeconds() const;

    // Checks and saves the server and the interval, then has the background sync use them (started
    // if it was not running). Nothing is saved when either is invalid. Does not wait for the worker.
    Status configure(const ServerUrl &url, int intervalSeconds);
    // Starts the background sync with the saved settings (nothing to do when none are saved).
    Status start();
    void stop();

public slots:
    void syncNow();

signals:
    void roundStarted();
    void roundFinished(const benchside::SyncOutcome &outcome);

private:
    QString m_path;
    Settings &m_settings;
    QString m_keyFile;
    QThread m_thread;
    SyncWorker *m_worker = nullptr;
};

} // namespace benchside
