// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace benchside {

// glibc gives freed memory back to the kernel as soon as 128 KiB lie free at the top of a heap. The
// SQLite page cache of a write transaction is freed and allocated again for the next one, so every
// HL7 order cost madvise calls, TLB shoot-downs and fresh page faults: 60 % of an order's time on
// the listener's thread (perf, hl7_bench). Keeping up to 64 MiB free before trimming ends that;
// called once at the start of each executable.
class MemoryPolicy
{
public:
    static void keepFreedPages();
};

} // namespace benchside
