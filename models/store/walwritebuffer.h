// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace benchside {

// Makes SQLite's default file system a thin layer over its own that hands a transaction's
// write-ahead-log frames to the kernel in one write instead of two per page (issue 22: a receipt
// wrote 13 pages, 26 pwrite calls, each a microsecond and a half on the stations' virtual machines).
//
// The frames are only held back until SQLite next needs them to be in the file: before the log is
// synced (so a commit under synchronous=FULL is on disk exactly as before), before anything is read
// from or truncated in it, and before the log's shared index publishes them to other connections
// (the index header is written behind a memory barrier, which this layer turns into a flush). A log
// without shared memory (exclusive locking mode) is written through, since nothing would publish it.
class WalWriteBuffer
{
public:
    // A larger transaction is written in pieces of this size. SQLite's Unix file system cuts every
    // write to its low 17 bits (it never writes more than a 64 KiB page and its header), so a piece
    // stays below 128 KiB: one receipt (13 frames of 4,120 bytes) fits, and so does a burst of 29.
    static constexpr qsizetype Capacity = 120 * 1024;

    // Registers the layer as the default file system, once per process; every connection opened
    // afterwards, Qt's included, goes through it. False when SQLite refused it.
    static bool install();

    // Writes handed to the kernel for write-ahead logs since the process started.
    static qint64 logWrites();
};

} // namespace benchside
