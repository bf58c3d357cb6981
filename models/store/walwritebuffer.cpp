// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/walwritebuffer.h"

#include <atomic>
#include <cstring>
#include <mutex>
#include <new>
#include <sqlite3.h>
#include <vector>

namespace benchside {

namespace {

std::atomic<qint64> g_logWrites{0};
sqlite3_vfs *g_real = nullptr;
sqlite3_vfs g_vfs;
sqlite3_io_methods g_methods;

// Our part of every open file; SQLite's own file object follows it in the same allocation.
struct File
{
    sqlite3_file base;        // base.pMethods is &g_methods once open
    File *log = nullptr;      // on a database: its open write-ahead log
    File *database = nullptr; // on a write-ahead log: its database
    bool isLog = false;
    bool hasSharedMemory = false; // on a database: its log index is in shared memory
    int failed = SQLITE_OK;       // a write that could not be reported when it failed; every later call fails
    sqlite3_int64 pendingAt = 0;
    std::vector<char> pending;
};

constexpr int realOffset = (sizeof(File) + 15) / 16 * 16;

sqlite3_file *real(sqlite3_file *f)
{
    return reinterpret_cast<sqlite3_file *>(reinterpret_cast<char *>(f) + realOffset);
}

File *self(sqlite3_file *f)
{
    return reinterpret_cast<File *>(f);
}

int writeThrough(File *f, const void *data, int amount, sqlite3_int64 offset)
{
    sqlite3_file *r = real(&f->base);
    g_logWrites.fetch_add(1, std::memory_order_relaxed);
    return r->pMethods->xWrite(r, data, amount, offset);
}

int flush(File *f)
{
    if (f->failed != SQLITE_OK)
        return f->failed;
    if (f->pending.empty())
        return SQLITE_OK;
    const int rc = writeThrough(f, f->pending.data(), int(f->pending.size()), f->pendingAt);
    f->pending.clear();
    if (rc != SQLITE_OK)
        f->failed = rc;
    return rc;
}

// Before the log is read, synced, measured or truncated.
int flushIfLog(sqlite3_file *file)
{
    return self(file)->isLog ? flush(self(file)) : SQLITE_OK;
}

// Before anything on the database can make the log's frames visible or be answered from them.
int flushLogOf(sqlite3_file *database)
{
    File *d = self(database);
    return d->log ? flush(d->log) : SQLITE_OK;
}

int xClose(sqlite3_file *file)
{
    File *f = self(file);
    int rc = flushIfLog(file);
    if (f->isLog && f->database)
        f->database->log = nullptr;
    if (f->log)
        f->log->database = nullptr;
    sqlite3_file *r = real(file);
    const int closed = r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
    f->~File();
    return rc != SQLITE_OK ? rc : closed;
}

int xRead(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset)
{
    if (int rc = flushIfLog(file); rc != SQLITE_OK)
        return rc;
    sqlite3_file *r = real(file);
    return r->pMethods->xRead(r, data, amount, offset);
}

int xWrite(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset)
{
    File *f = self(file);
    if (!f->isLog) {
        sqlite3_file *r = real(file);
        return r->pMethods->xWrite(r, data, amount, offset);
    }
    if (f->failed != SQLITE_OK)
        return f->failed;
    const bool buffering = f->database && f->database->hasSharedMemory;
    const auto size = qsizetype(f->pending.size());
    if (buffering && size > 0 && offset == f->pendingAt + size && size + amount <= WalWriteBuffer::Capacity) {
        f->pending.insert(f->pending.end(), static_cast<const char *>(data),
                          static_cast<const char *>(data) + amount);
        return SQLITE_OK;
    }
    if (int rc = flush(f); rc != SQLITE_OK)
        return rc;
    if (!buffering || amount >= WalWriteBuffer::Capacity)
        return writeThrough(f, data, amount, offset);
    f->pending.reserve(std::size_t(WalWriteBuffer::Capacity));
    f->pendingAt = offset;
    f->pending.assign(static_cast<const char *>(data), static_cast<const char *>(data) + amount);
    return SQLITE_OK;
}

int xTruncate(sqlite3_file *file, sqlite3_int64 size)
{
    if (int rc = flushIfLog(file); rc != SQLITE_OK)
        return rc;
    sqlite3_file *r = real(file);
    return r->pMethods->xTruncate(r, size);
}

int xSync(sqlite3_file *file, int flags)
{
    if (int rc = flushIfLog(file); rc != SQLITE_OK)
        return rc;
    sqlite3_file *r = real(file);
    return r->pMethods->xSync(r, flags);
}

int xFileSize(sqlite3_file *file, sqlite3_int64 *size)
{
    if (int rc = flushIfLog(file); rc != SQLITE_OK)
        return rc;
    sqlite3_file *r = real(file);
    return r->pMethods->xFileSize(r, size);
}

int xLock(sqlite3_file *file, int level)
{
    sqlite3_file *r = real(file);
    return r->pMethods->xLock(r, level);
}

int xUnlock(sqlite3_file *file, int level)
{
    sqlite3_file *r = real(file);
    return r->pMethods->xUnlock(r, level);
}

int xCheckReservedLock(sqlite3_file *file, int *out)
{
    sqlite3_file *r = real(file);
    return r->pMethods->xCheckReservedLock(r, out);
}

int xFileControl(sqlite3_file *file, int op, void *arg)
{
    if (int rc = flushIfLog(file); rc != SQLITE_OK)
        return rc;
    sqlite3_file *r = real(file);
    return r->pMethods->xFileControl(r, op, arg);
}

int xSectorSize(sqlite3_file *file)
{
    sqlite3_file *r = real(file);
    return r->pMethods->xSectorSize(r);
}

int xDeviceCharacteristics(sqlite3_file *file)
{
    sqlite3_file *r = real(file);
    return r->pMethods->xDeviceCharacteristics(r);
}

int xShmMap(sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
    if (int rc = flushLogOf(file); rc != SQLITE_OK)
        return rc;
    sqlite3_file *r = real(file);
    const int rc = r->pMethods->xShmMap(r, region, size, extend, out);
    if (rc == SQLITE_OK && *out)
        self(file)->hasSharedMemory = true;
    return rc;
}

int xShmLock(sqlite3_file *file, int offset, int n, int flags)
{
    if (int rc = flushLogOf(file); rc != SQLITE_OK)
        return rc;
    sqlite3_file *r = real(file);
    return r->pMethods->xShmLock(r, offset, n, flags);
}

// SQLite writes the log index's header on both sides of this barrier; readers trust only frames the
// header counts. A flush that fails here cannot be returned: the log remembers it and fails every
// later call, so the commit's sync (synchronous=FULL) or the next transaction reports it.
void xShmBarrier(sqlite3_file *file)
{
    flushLogOf(file);
    sqlite3_file *r = real(file);
    r->pMethods->xShmBarrier(r);
}

int xShmUnmap(sqlite3_file *file, int deleteFlag)
{
    const int flushed = flushLogOf(file);
    self(file)->hasSharedMemory = false;
    sqlite3_file *r = real(file);
    const int rc = r->pMethods->xShmUnmap(r, deleteFlag);
    return flushed != SQLITE_OK ? flushed : rc;
}

int xFetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
    sqlite3_file *r = real(file);
    return r->pMethods->xFetch(r, offset, amount, out);
}

int xUnfetch(sqlite3_file *file, sqlite3_int64 offset, void *page)
{
    sqlite3_file *r = real(file);
    return r->pMethods->xUnfetch(r, offset, page);
}

int xOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags)
{
    File *f = new (file) File;
    f->base.pMethods = nullptr;
    sqlite3_file *r = real(file);
    std::memset(r, 0, std::size_t(g_real->szOsFile));
    const int rc = g_real->xOpen(g_real, name, r, flags, outFlags);
    if (rc != SQLITE_OK || !r->pMethods) {
        f->~File();
        std::memset(file, 0, sizeof(File));
        return rc;
    }
    // A file system without shared memory or memory mapping gets no more methods than it has.
    if (r->pMethods->iVersion < g_methods.iVersion) {
        r->pMethods->xClose(r);
        f->~File();
        std::memset(file, 0, sizeof(File));
        return SQLITE_CANTOPEN;
    }
    f->base.pMethods = &g_methods;
    if ((flags & SQLITE_OPEN_WAL) && name) {
        sqlite3_file *database = sqlite3_database_file_object(name);
        if (database && database->pMethods == &g_methods) {
            f->isLog = true;
            f->database = self(database);
            f->database->log = f;
        }
    }
    return SQLITE_OK;
}

int xDelete(sqlite3_vfs *, const char *name, int syncDir)
{
    return g_real->xDelete(g_real, name, syncDir);
}

int xAccess(sqlite3_vfs *, const char *name, int flags, int *out)
{
    return g_real->xAccess(g_real, name, flags, out);
}

int xFullPathname(sqlite3_vfs *, const char *name, int size, char *out)
{
    return g_real->xFullPathname(g_real, name, size, out);
}

void *xDlOpen(sqlite3_vfs *, const char *name)
{
    return g_real->xDlOpen(g_real, name);
}

void xDlError(sqlite3_vfs *, int size, char *out)
{
    g_real->xDlError(g_real, size, out);
}

void (*xDlSym(sqlite3_vfs *, void *handle, const char *symbol))(void)
{
    return g_real->xDlSym(g_real, handle, symbol);
}

void xDlClose(sqlite3_vfs *, void *handle)
{
    g_real->xDlClose(g_real, handle);
}

int xRandomness(sqlite3_vfs *, int size, char *out)
{
    return g_real->xRandomness(g_real, size, out);
}

int xSleep(sqlite3_vfs *, int microseconds)
{
    return g_real->xSleep(g_real, microseconds);
}

int xCurrentTime(sqlite3_vfs *, double *out)
{
    return g_real->xCurrentTime(g_real, out);
}

int xGetLastError(sqlite3_vfs *, int size, char *out)
{
    return g_real->xGetLastError(g_real, size, out);
}

int xCurrentTimeInt64(sqlite3_vfs *, sqlite3_int64 *out)
{
    return g_real->xCurrentTimeInt64(g_real, out);
}

int xSetSystemCall(sqlite3_vfs *, const char *name, sqlite3_syscall_ptr call)
{
    return g_real->xSetSystemCall(g_real, name, call);
}

sqlite3_syscall_ptr xGetSystemCall(sqlite3_vfs *, const char *name)
{
    return g_real->xGetSystemCall(g_real, name);
}

const char *xNextSystemCall(sqlite3_vfs *, const char *name)
{
    return g_real->xNextSystemCall(g_real, name);
}

bool registerLayer()
{
    g_real = sqlite3_vfs_find(nullptr);
    // Only the Unix file system of SQLite 3.8 or later is known to have every method wrapped here.
    if (!g_real || g_real->iVersion < 3 || std::strcmp(g_real->zName, "unix") != 0)
        return false;
    g_methods = sqlite3_io_methods{3,
                                   xClose,
                                   xRead,
                                   xWrite,
                                   xTruncate,
                                   xSync,
                                   xFileSize,
                                   xLock,
                                   xUnlock,
                                   xCheckReservedLock,
                                   xFileControl,
                                   xSectorSize,
                                   xDeviceCharacteristics,
                                   xShmMap,
                                   xShmLock,
                                   xShmBarrier,
                                   xShmUnmap,
                                   xFetch,
                                   xUnfetch};
    g_vfs = *g_real;
    g_vfs.szOsFile = realOffset + g_real->szOsFile;
    g_vfs.pNext = nullptr;
    g_vfs.zName = "benchside-unix";
    g_vfs.pAppData = nullptr;
    g_vfs.xOpen = xOpen;
    g_vfs.xDelete = xDelete;
    g_vfs.xAccess = xAccess;
    g_vfs.xFullPathname = xFullPathname;
    g_vfs.xDlOpen = xDlOpen;
    g_vfs.xDlError = xDlError;
    g_vfs.xDlSym = xDlSym;
    g_vfs.xDlClose = xDlClose;
    g_vfs.xRandomness = xRandomness;
    g_vfs.xSleep = xSleep;
    g_vfs.xCurrentTime = xCurrentTime;
    g_vfs.xGetLastError = xGetLastError;
    g_vfs.xCurrentTimeInt64 = xCurrentTimeInt64;
    g_vfs.xSetSystemCall = xSetSystemCall;
    g_vfs.xGetSystemCall = xGetSystemCall;
    g_vfs.xNextSystemCall = xNextSystemCall;
    return sqlite3_vfs_register(&g_vfs, 1) == SQLITE_OK;
}

} // namespace

bool WalWriteBuffer::install()
{
    static std::once_flag once;
    static bool installed = false;
    std::call_once(once, [] { installed = registerLayer(); });
    return installed;
}

qint64 WalWriteBuffer::logWrites()
{
    return g_logWrites.load(std::memory_order_relaxed);
}

} // namespace benchside
