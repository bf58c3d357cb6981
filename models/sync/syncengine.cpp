// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/syncengine.h"

#include "sync/journalpuller.h"
#include "sync/journalpusher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

SyncEngine::SyncEngine(EventStore &store) : m_store(store), m_state(store.database()) {}

Result<int> SyncEngine::openFlags() const
{
    QSqlQuery q(m_store.database());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM review_flags")) || !q.next())
        return Result<int>::failure(tr("Cannot read the review list: %1").arg(q.lastError().text()));
    return q.value(0).toInt();
}

Status SyncEngine::rebuildIfStale(SyncReport &report)
{
    Result<bool> stale = m_state.projectionsStale();
    if (!stale)
        return Status::failure(stale.error());
    if (!stale.value())
        return {};
    // The flag is cleared after the rebuild has committed: a crash in between rebuilds again.
    if (Status s = m_store.projector().rebuild(); !s)
        return s;
    report.rebuilt = true;
    return m_state.setStale(false);
}

Result<SyncReport> SyncEngine::sync(ServerConnection &server)
{
    QElapsedTimer timer;
    timer.start();
    SyncReport report;
    auto failed = [&](const QString &message) {
        m_state.recordFailure(now(), message);
        return Result<SyncReport>::failure(message);
    };
    if (Status s = rebuildIfStale(report); !s)
        return failed(s.error());
    Result<int> flagsBefore = openFlags();
    if (!flagsBefore)
        return failed(flagsBefore.error());

    JournalPuller puller(m_store, m_state);
    if (Status s = puller.pull(server, report); !s)
        return failed(s.error());
    if (Status s = rebuildIfStale(report); !s)
        return failed(s.error());
    JournalPusher pusher(m_store, m_state);
    if (Status s = pusher.push(server, report); !s)
        return failed(s.error());

    Result<int> flagsAfter = openFlags();
    Result<SyncStatus> status = m_state.status();
    if (!flagsAfter || !status)
        return failed(!flagsAfter ? flagsAfter.error() : status.error());

    // For `server status`: how far this station has pulled. Only bookkeeping, so a failure here does not
    // undo a sync that otherwise went through; it is reported as a warning.
    QSqlQuery mark(server.database());
    mark.prepare(QStringLiteral("SELECT benchside.record_pull(?)"));
    mark.addBindValue(status.value().cursor);
    const QString pullRefusals = report.warning;
    if (!mark.exec())
        report.warning +=
            QString(report.warning.isEmpty() ? QString() : QStringLiteral("\n")) +
            tr("The server could not note how far this station has pulled (server status will show "
               "it behind): %1")
                .arg(ServerConnection::describe(mark.lastError()));

    report.flagged = std::max(0, flagsAfter.value() - flagsBefore.value());
    report.waiting = status.value().waiting;
    report.cursor = status.value().cursor;
    report.elapsedMs = timer.elapsed();
    if (!report.held.isEmpty())
        m_state.recordFailure(now(), report.held);
    else if (!pullRefusals.isEmpty())
        m_state.recordFailure(now(), pullRefusals);
    else
        m_state.recordSuccess(now());
    return report;
}

Result<SyncReport> SyncEngine::sync(const ServerUrl &url)
{
    Result<std::unique_ptr<ServerConnection>> server = ServerConnection::open(url);
    if (!server) {
        m_state.recordFailure(now(), server.error());
        return Result<SyncReport>::failure(server.error());
    }
    return sync(*server.value());
}

} // namespace benchside
