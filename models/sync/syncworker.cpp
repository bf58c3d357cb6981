// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/syncworker.h"

#include "lab/lab.h"
#include "sync/syncengine.h"

#include <QDateTime>
#include <QTimer>

namespace benchside {

SyncWorker::SyncWorker(QString databasePath, ServerUrl url, int intervalSeconds)
    : m_path(std::move(databasePath)), m_url(std::move(url)), m_intervalMs(qint64(intervalSeconds) * 1000)
{
    qRegisterMetaType<SyncOutcome>();
}

SyncWorker::~SyncWorker() = default;

qint64 SyncWorker::delayAfter(int failures, qint64 intervalMs)
{
    if (failures <= 0)
        return intervalMs;
    qint64 ms = FirstRetryMs;
    for (int i = 1; i < failures && ms < LongestRetryMs; ++i)
        ms *= 2;
    return std::min(ms, LongestRetryMs);
}

void SyncWorker::start()
{
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &SyncWorker::syncNow);
    syncNow();
}

void SyncWorker::reconfigure(const ServerUrl &url, int intervalSeconds)
{
    m_url = url;
    m_intervalMs = qint64(intervalSeconds) * 1000;
    m_server.reset(); // signed in to the old server, or with the old password
    m_failures = 0;
    syncNow();
}

void SyncWorker::stop()
{
    if (m_timer)
        m_timer->stop();
    m_server.reset();
    m_lab.reset();
}

void SyncWorker::schedule(qint64 ms)
{
    if (m_timer)
        m_timer->start(int(std::min<qint64>(ms, std::numeric_limits<int>::max())));
}

void SyncWorker::syncNow()
{
    emit started();
    SyncOutcome outcome;
    if (!m_lab) {
        Result<std::unique_ptr<Lab>> lab = Lab::open(m_path);
        if (!lab) {
            outcome.error = tr("Cannot open the station's database for syncing: %1").arg(lab.error());
            outcome.nextInMs = delayAfter(++m_failures, m_intervalMs);
            schedule(outcome.nextInMs);
            emit finished(outcome);
            return;
        }
        m_lab = std::move(lab.value());
    }
    SyncEngine engine(m_lab->store());
    // The connection is kept between rounds: signing in (TCP, SCRAM, the driver's session set-up) is
    // 5-19 ms of a 4-15 ms round on a kept connection (docs/benchmarks.md), and more over a WAN. It is
    // not pinged before each round, which would cost a network round trip every time; a round that
    // fails on a connection the server or the network dropped meanwhile (a server restart, a failover)
    // is run again at once on a new one. A round is safe to repeat from anywhere it was cut.
    Result<SyncReport> report = m_server ? engine.sync(*m_server) : Result<SyncReport>::failure(QString());
    if (!report && m_server && !m_server->alive()) {
        m_server.reset();
        outcome.reconnected = true;
    }
    if (!m_server) {
        Result<std::unique_ptr<ServerConnection>> server = ServerConnection::open(m_url);
        if (server) {
            m_server = std::move(server.value());
            report = engine.sync(*m_server);
        } else {
            outcome.error = outcome.reconnected
                                ? tr("The sync server closed the connection and cannot be reached again: %1")
                                      .arg(server.error())
                                : server.error();
            engine.state().recordFailure(QDateTime::currentMSecsSinceEpoch(), outcome.error);
        }
    }
    if (m_server) {
        // A refusal (a fork, say) comes from a server that answered; a cut connection does not.
        outcome.reached = report || m_server->alive();
        if (report) {
            outcome.report = report.value();
            outcome.error = report.value().held;
            outcome.ok = outcome.error.isEmpty();
        } else {
            outcome.error = report.error();
        }
        if (!outcome.reached)
            m_server.reset();
    }
    if (Result<SyncStatus> st = engine.state().status(); st)
        outcome.status = st.value();
    m_failures = outcome.ok ? 0 : m_failures + 1;
    outcome.nextInMs = delayAfter(m_failures, m_intervalMs);
    schedule(outcome.nextInMs);
    emit finished(outcome);
}

} // namespace benchside
