#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pages one receipt writes, by b-tree (issue 22): counted, not timed.

Copies a station database, receives the first N tubes of a receiving_bench capture in one
`benchside-cli replay --fast --action receive` while a second connection holds a read transaction
(so that no checkpoint can reset the write-ahead log), then reads every frame of the log and names
the b-tree (table or index) each page belongs to with SQLite's dbstat table. Prints one JSON object.

    tests/bench/receipt_pages.py BENCHSIDE_CLI STATION_DB CAPTURE [TUBES=300] [WORKDIR=/tmp/receipt-pages]

STATION_DB is e.g. the seeded database receiving_bench.sh keeps (WORKDIR/seed-100000-s1.db) and
CAPTURE its receive.capture; the copy is migrated by the CLI first, outside the count.
"""
import collections
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys


def frames_by_commit(wal_path):
    data = open(wal_path, 'rb').read()
    if len(data) < 32:
        return []
    _, _, page_size, _, salt1, salt2, _, _ = struct.unpack('>IIIIIIII', data[:32])
    commits, current, offset = [], [], 32
    while offset + 24 + page_size <= len(data):
        page, commit_size, s1, s2 = struct.unpack('>IIII', data[offset:offset + 16])
        if (s1, s2) != (salt1, salt2):
            break  # frames left over from before the log last started again
        current.append(page)
        if commit_size:
            commits.append(current)
            current = []
        offset += 24 + page_size
    return commits


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    cli, station, capture = (os.path.abspath(a) for a in sys.argv[1:4])
    tubes = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    work = os.path.abspath(sys.argv[5] if len(sys.argv) > 5 else '/tmp/receipt-pages')
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, 'config'))
    db = os.path.join(work, 'pages.db')
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    shutil.copy(station, db)
    empty = os.path.join(work, 'empty.capture')
    with open(empty, 'w') as f:
        f.write('# no keys: opens (and migrates) the copy\n')
    subprocess.run([cli, '--db', db, '--json', 'replay', empty, '--fast', '--action', 'receive'], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    con = sqlite3.connect(db)
    con.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    # The capture: a comment line, then 14 lines (13 keys and Enter) per tube.
    lines = open(capture).read().splitlines()
    part = os.path.join(work, 'part.capture')
    with open(part, 'w') as f:
        f.write('\n'.join(lines[:1 + 14 * tubes]) + '\n')
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute('BEGIN')
    reader.execute('SELECT count(*) FROM journal').fetchone()
    run = subprocess.run([cli, '--db', db, '--json', 'replay', part, '--fast', '--action', 'receive'], env=env,
                         capture_output=True, text=True)
    received = sum(1 for line in run.stdout.splitlines() if '"received"' in line)
    wal_copy = os.path.join(work, 'wal.copy')
    shutil.copy(db + '-wal', wal_copy)
    reader.execute('COMMIT')
    reader.close()
    commits = frames_by_commit(wal_copy)
    names = dict(con.execute('SELECT pageno, name FROM dbstat'))
    per_tree = collections.Counter()
    for commit in commits:
        for page in commit:
            per_tree[names.get(page, 'new page')] += 1
    n = max(1, len(commits))
    sizes = sorted(len(c) for c in commits)
    print(json.dumps({
        'benchmark': 'receipt_pages', 'cli': cli, 'station': station, 'tubes': tubes, 'received': received,
        'commits': len(commits), 'frames': sum(sizes),
        'frames_per_receipt': round(sum(sizes) / n, 2),
        'frames_per_commit': {'min': sizes[0] if sizes else 0, 'max': sizes[-1] if sizes else 0,
                              'median': sizes[len(sizes) // 2] if sizes else 0},
        'by_btree': {k: round(v / n, 2) for k, v in per_tree.most_common()},
    }, indent=1))
    return 0 if received == tubes and len(commits) == tubes else 1


if __name__ == '__main__':
    sys.exit(main())
