// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/checkpointer.h"

#include <QtGlobal>
#include <chrono>
#include <sqlite3.h>

namespace benchside {

Checkpointer::Checkpointer(sqlite3 *writer, const QByteArray &path)
    : m_writer(writer), m_path(path), m_thread([this] { run(); })
{
    sqlite3_wal_hook(m_writer, &Checkpointer::onCommit, this);
}

Checkpointer::~Checkpointer()
{
    // SQLite's own automatic checkpoint takes over again for whatever the writer still commits.
    sqlite3_wal_autocheckpoint(m_writer, WakeAtFrames);
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

int Checkpointer::onCommit(void *self, sqlite3 *db, const char *, int frames)
{
    auto *c = static_cast<Checkpointer *>(self);
    // Fewer frames than were copied: the log started again from its beginning.
    if (frames < c->m_copied.load()) {
        c->m_copied = 0;
        c->m_threadCopied = false;
    }
    if (frames >= WriterTakesOverAt || (c->m_threadFailed.load() && frames >= WakeAtFrames)) {
        c->checkpoint(db, c->m_byWriter);
    } else if (frames > c->m_copied.load() && c->m_threadCopied.load()) {
        // Under a flood of commits the thread never copies the whole log, since more frames come
        // while it copies, so the log never starts again from its beginning: it only grows, and a
        // commit that extends the file makes its fdatasync write the file's size too (0.2 ms more
        // per commit on this machine's disk, measured). So once the thread has copied all but a short
        // tail, the writer copies the tail and the next commit starts the log again; a longer tail
        // goes back to the thread first, which keeps what a scan waits for short. Busy (the thread
        // is copying again) is tried again at the next commit.
        if (frames - c->m_copied.load() > CatchUpAtMost) {
            c->m_threadCopied = false;
            c->wake();
        } else if (c->checkpoint(db, c->m_caughtUp)) {
            c->m_threadCopied = false;
        }
    } else if (frames >= WakeAtFrames) {
        // While commits keep coming the log cannot start again, and waking the thread at every
        // commit past 1,000 frames made it checkpoint (two fsyncs each) after every scan. So: when
        // 1,000 frames more than it last copied have come, or at most every WakeEveryMs otherwise,
        // which also lets a log left long by a burst start again once scans come one at a time.
        if (frames - c->m_copied.load() >= WakeAtFrames || now() - c->m_lastWake.load() >= WakeEveryMs)
            c->wake();
    }
    return SQLITE_OK;
}

qint64 Checkpointer::now()
{
    // A monotonic clock: a wall clock set back would silence the timed wake until it caught up.
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void Checkpointer::wake()
{
    m_lastWake = now();
    {
        const std::lock_guard lock(m_mutex);
        m_pending = true;
    }
    m_wake.notify_one();
}

bool Checkpointer::checkpoint(sqlite3 *db, std::atomic<int> &count)
{
    // PASSIVE: copies what no reader still needs and never waits for anyone. BUSY means another
    // connection is checkpointing this file at the moment, which is what was wanted.
    int log = 0;
    int copied = 0;
    const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
    if (rc == SQLITE_OK) {
        m_copied = copied;
        ++count;
    } else if (rc != SQLITE_BUSY)
        qWarning("Checkpoint of %s failed: %s. The log keeps growing until a checkpoint succeeds; nothing "
                 "committed is lost.",
                 m_path.constData(), sqlite3_errmsg(db));
    return rc == SQLITE_OK;
}

void Checkpointer::run()
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(m_path.constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr) != SQLITE_OK) {
        qWarning("Cannot open %s for background checkpoints (%s); commits checkpoint the log themselves.",
                 m_path.constData(), db ? sqlite3_errmsg(db) : "out of memory");
        m_threadFailed = true;
        sqlite3_close(db);
        return;
    }
    // This connection only checkpoints; its own commits (none) must not start a second hook.
    sqlite3_wal_autocheckpoint(db, 0);
    for (;;) {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return m_pending || m_stop; });
        if (m_stop)
            break;
        m_pending = false;
        lock.unlock();
        // Only a checkpoint that got further hands the tail to the writer: behind a reader that
        // holds an old snapshot neither of them can copy more, and waking again would only spin.
        const int before = m_copied.load();
        if (checkpoint(db, m_background) && m_copied.load() > before)
            m_threadCopied = true;
    }
    sqlite3_close(db);
}

} // namespace benchside
