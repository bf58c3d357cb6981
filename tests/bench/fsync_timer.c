// SPDX-License-Identifier: GPL-3.0-or-later
// A preload for receipt_time_split.sh (issue 22): times every fdatasync() of the process and, at
// exit, writes to $FSYNC_TIMER_OUT "pid <process id>", then one line per call: "<fd> <thread id>
// <microseconds>"; the main thread's id is the process id. strace -T
// was tried first; stopping at every system call made a commit's sync look twice as long.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum { Capacity = 1 << 20 };

struct Call
{
    int fd;
    int tid;
    double us;
};

static struct Call calls[Capacity];
static int count;

int fdatasync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    const int rc = real(fd);
    clock_gettime(CLOCK_MONOTONIC, &b);
    const int i = __atomic_fetch_add(&count, 1, __ATOMIC_RELAXED);
    if (i < Capacity)
        calls[i] =
            (struct Call){fd, (int)gettid(), (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3};
    return rc;
}

__attribute__((destructor)) static void writeCalls(void)
{
    const char *path = getenv("FSYNC_TIMER_OUT");
    FILE *out = path ? fopen(path, "w") : NULL;
    if (!out)
        return;
    const int n = count < Capacity ? count : Capacity;
    fprintf(out, "pid %d\n", (int)getpid());
    for (int i = 0; i < n; ++i)
        fprintf(out, "%d %d %.1f\n", calls[i].fd, calls[i].tid, calls[i].us);
    fclose(out);
}
