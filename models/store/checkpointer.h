// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QtGlobal>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;

namespace benchside {

// Copies the write-ahead log back into the database file on a thread and a connection of its own.
// SQLite's automatic checkpoint runs inside whichever commit takes the log past 1,000 pages, so one
// scan in every few dozen waited for hundreds of page writes and two fsyncs (issue 22: the p99 of a
// receipt). Installed as the writer's WAL hook, this replaces it: a commit that finds the log long
// only wakes the thread. Durability is unchanged, since a commit is durable once its log frames are
// synced; the checkpoint only keeps the log short. While commits never pause, the first commit after
// each of the thread's checkpoints copies what came meanwhile, so that the log can start again
// instead of growing (decision 63). If the thread cannot keep up (a reader holding an old snapshot, a
// failed connection), the writer checkpoints itself past a hard limit, as SQLite would have.
class Checkpointer
{
public:
    static constexpr int WakeAtFrames = 1000;       // SQLite's own automatic checkpoint threshold
    static constexpr int WriterTakesOverAt = 16000; // about 64 MB of log
    static constexpr qint64 WakeEveryMs = 100;
    static constexpr int CatchUpAtMost = 200; // frames the writer copies itself; more go to the thread

    // Takes over `writer`'s WAL hook until destroyed; `path` is the database file.
    Checkpointer(sqlite3 *writer, const QByteArray &path);
    ~Checkpointer();
    Checkpointer(const Checkpointer &) = delete;
    Checkpointer &operator=(const Checkpointer &) = delete;

    // Checkpoints done by the thread, and by the writer itself past WriterTakesOverAt.
    int backgroundCheckpoints() const { return m_background.load(); }
    int writerCheckpoints() const { return m_byWriter.load(); }
    // Checkpoints by the writer of what came while the thread copied (at most one per thread checkpoint).
    int catchUps() const { return m_caughtUp.load(); }

private:
    static int onCommit(void *self, sqlite3 *db, const char *schema, int frames);
    static qint64 now();
    void wake();
    void run();
    bool checkpoint(sqlite3 *db, std::atomic<int> &count);

    sqlite3 *m_writer;
    QByteArray m_path;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stop = false;
    std::atomic<bool> m_threadFailed = false;
    std::atomic<int> m_copied = 0; // frames of the log the last checkpoint copied
    std::atomic<qint64> m_lastWake = 0;
    std::atomic<int> m_background = 0;
    std::atomic<int> m_byWriter = 0;
    std::atomic<int> m_caughtUp = 0;
    std::atomic<bool> m_threadCopied = false; // the thread checkpointed since the writer last caught up
    std::thread m_thread;
};

} // namespace benchside
