// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/syncrunner.h"

#include "sync/stationcredentials.h"

#include <QCoreApplication>

namespace benchside {

SyncRunner::SyncRunner(QString databasePath, Settings &settings, QString keyFile, QObject *parent)
    : QObject(parent), m_path(std::move(databasePath)), m_settings(settings), m_keyFile(std::move(keyFile))
{
    m_thread.setObjectName(QStringLiteral("benchside-sync"));
}

SyncRunner::~SyncRunner()
{
    stop();
}

bool SyncRunner::configured() const
{
    return StationCredentials(m_settings, m_keyFile).configured();
}

Result<ServerUrl> SyncRunner::url() const
{
    return StationCredentials(m_settings, m_keyFile).load();
}

int SyncRunner::intervalSeconds() const
{
    return m_settings.value(Settings::Key::SyncIntervalSeconds).toInt();
}

Status SyncRunner::configure(const ServerUrl &url, int intervalSeconds)
{
    if (Status s = Settings::check(Settings::Key::SyncIntervalSeconds, intervalSeconds); !s)
        return s;
    if (Status s = StationCredentials(m_settings, m_keyFile).save(url); !s)
        return s;
    if (Status s = m_settings.setValue(Settings::Key::SyncIntervalSeconds, intervalSeconds); !s)
        return s;
    if (!m_worker)
        return start();
    // Queued, not waited for: a round in progress (up to a network timeout) must not freeze the window.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, url, intervalSeconds] { worker->reconfigure(url, intervalSeconds); },
        Qt::QueuedConnection);
    return {};
}

Status SyncRunner::start()
{
    if (m_worker || !configured())
        return {};
    Result<ServerUrl> url = this->url();
    if (!url)
        return Status::failure(url.error());
    m_worker = new SyncWorker(m_path, url.value(), intervalSeconds());
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &SyncWorker::started, this, &SyncRunner::roundStarted);
    connect(m_worker, &SyncWorker::finished, this, &SyncRunner::roundFinished);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &SyncWorker::start, Qt::QueuedConnection);
    return {};
}

void SyncRunner::stop()
{
    if (!m_worker)
        return;
    // The worker closes its connections in its own thread (waiting for a round in progress), then goes.
    QMetaObject::invokeMethod(m_worker, &SyncWorker::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
    m_worker = nullptr;
}

void SyncRunner::syncNow()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &SyncWorker::syncNow, Qt::QueuedConnection);
}

} // namespace benchside
