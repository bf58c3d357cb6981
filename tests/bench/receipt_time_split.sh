#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Where a receipt's time goes, next to the sqlite3 baseline of receiving_bench.sh (issue 22): the
# commit's sync, the other syncs the scanning thread waits for, and the rest (looking the tube up,
# deciding, hashing, the projections, SQLite's own work). Every fdatasync() is timed by a preload
# (fsync_timer.c, built here with cc), so no figure depends on strace's overhead.
#
# Usage: tests/bench/receipt_time_split.sh BENCHSIDE_CLI WORKDIR [TUBES=2000] [ROUNDS=3]
#   WORKDIR is a receiving_bench.sh work folder after one run with SPECIMENS=100000 (it holds
#   seed-100000-s1.db, receive.capture and baseline.sql); never the repository.
# Prints one JSON object per round on stdout, per receipt in ms:
#   wall          the replay's wall time less a replay of an empty capture (start, open, close)
#   commit_sync   mean fdatasync of the log by the scanning thread (one per commit)
#   other_sync    the scanning thread's other fdatasyncs (its own checkpoints of the log's tail)
#   rest          wall - commit_sync - other_sync: CPU and the other system calls
#   and the same split for the baseline, plus bound_if_sync_were_baseline: the ratio a receipt
#   would reach if its commit's sync took as long as the baseline's and nothing else changed.
# Needs bash >= 5, cc, sqlite3, awk.

set -euo pipefail
die() { echo "receipt_time_split: $*" >&2; exit 1; }

[[ $# -ge 2 ]] || die "usage: $0 BENCHSIDE_CLI WORKDIR [TUBES=2000] [ROUNDS=3]"
CLI=$(readlink -f "$1")
WORK=$(realpath -m "$2")
TUBES=${3:-2000}
ROUNDS=${4:-3}
[[ -x $CLI ]] || die "$CLI is not an executable"
[[ $TUBES =~ ^[0-9]+$ && $TUBES -gt 0 && $ROUNDS =~ ^[0-9]+$ && $ROUNDS -gt 0 ]] || die "TUBES and ROUNDS must be whole numbers"
SEED_DB="$WORK/seed-100000-s1.db"
for f in "$SEED_DB" "$WORK/receive.capture" "$WORK/baseline.sql"; do
    [[ -f $f ]] || die "$f is missing: run tests/bench/receiving_bench.sh CLI 100000 5000 $WORK first"
done
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
case "$WORK/" in "$REPO/"*) die "WORKDIR $WORK is inside the repository" ;; esac
command -v cc >/dev/null || die "cc is missing (apt-get install gcc)"

SPLIT="$WORK/split"
mkdir -p "$SPLIT"
export XDG_CONFIG_HOME="$SPLIT/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$XDG_CONFIG_HOME"
TIMER="$SPLIT/fsync_timer.so"
cc -O2 -shared -fPIC -o "$TIMER" "$REPO/tests/bench/fsync_timer.c" -ldl || die "cannot build the fsync timer"

# The first TUBES tubes: 13 characters and Enter each, one key per line after the comment line.
CAPTURE="$SPLIT/receive.capture"
head -n $((1 + 14 * TUBES)) "$WORK/receive.capture" > "$CAPTURE"
(( $(grep -c Enter "$CAPTURE") == TUBES )) || die "the capture holds fewer than $TUBES tubes"
BASE_SQL="$SPLIT/baseline.sql"
head -n $((2 + TUBES)) "$WORK/baseline.sql" > "$BASE_SQL"
EMPTY="$SPLIT/empty.capture"
echo "# no keys" > "$EMPTY"

now() { echo "$EPOCHREALTIME"; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }

# "<main thread's sum of commit syncs (fd with the most calls), count, other main-thread syncs>" in us.
split_syncs() {
    awk 'NR == 1 { pid = $2; next }
         $2 == pid { n[$1]++; s[$1] += $3 }
         END { best = ""; for (fd in n) if (best == "" || n[fd] > n[best]) best = fd
               other = 0; for (fd in n) if (fd != best) other += s[fd]
               printf "%.1f %d %.1f\n", s[best], n[best], other }' "$1"
}

baseline() {
    local db="$SPLIT/baseline.db"
    rm -f "$db" "$db-wal" "$db-shm"
    sqlite3 "$db" "PRAGMA journal_mode=WAL;" \
        "CREATE TABLE receipts (accession TEXT PRIMARY KEY, status TEXT NOT NULL, location TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL);" > /dev/null
    sync; sleep 0.3
    local t0 t1
    t0=$(now)
    FSYNC_TIMER_OUT="$SPLIT/baseline.syncs" LD_PRELOAD="$TIMER" sqlite3 -bail "$db" < "$BASE_SQL" > /dev/null
    t1=$(now)
    (( $(sqlite3 "$db" "SELECT count(*) FROM receipts") == TUBES )) || die "the baseline inserted too few rows"
    seconds "$t0" "$t1"
}

for round in $(seq 1 "$ROUNDS"); do
    RUN_DB="$SPLIT/run.db"
    rm -f "$RUN_DB" "$RUN_DB-wal" "$RUN_DB-shm"
    cp "$SEED_DB" "$RUN_DB"
    "$CLI" --db "$RUN_DB" --json replay "$EMPTY" --fast --action receive > /dev/null   # migrations, outside the count
    sync; sleep 1
    t0=$(now); "$CLI" --db "$RUN_DB" --json replay "$EMPTY" --fast --action receive > /dev/null; t1=$(now)
    OPEN_S=$(seconds "$t0" "$t1")
    BASE1_S=$(baseline)
    t0=$(now)
    FSYNC_TIMER_OUT="$SPLIT/cli.syncs" LD_PRELOAD="$TIMER" \
        "$CLI" --db "$RUN_DB" --json replay "$CAPTURE" --fast --action receive > "$SPLIT/replay.jsonl"
    t1=$(now)
    CLI_S=$(seconds "$t0" "$t1")
    RECEIVED=$(grep -c '"outcome":"received"' "$SPLIT/replay.jsonl" || true)
    (( RECEIVED == TUBES )) || die "round $round received $RECEIVED of $TUBES tubes"
    BASE2_S=$(baseline)
    read -r CLI_SYNC_US CLI_SYNCS CLI_OTHER_US < <(split_syncs "$SPLIT/cli.syncs")
    read -r BASE_SYNC_US BASE_SYNCS BASE_OTHER_US < <(split_syncs "$SPLIT/baseline.syncs")
    awk -v n="$TUBES" -v round="$round" -v cli="$CLI" -v open="$OPEN_S" -v cs="$CLI_S" \
        -v b1="$BASE1_S" -v b2="$BASE2_S" -v csync="$CLI_SYNC_US" -v cn="$CLI_SYNCS" -v cother="$CLI_OTHER_US" \
        -v bsync="$BASE_SYNC_US" -v bn="$BASE_SYNCS" -v bother="$BASE_OTHER_US" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
        BEGIN {
            wall = (cs - open) * 1000 / n; commit = csync / cn / 1000; other = cother / 1000 / n
            rest = wall - commit - other
            bs = (b2 < b1 ? b2 : b1); bwall = bs * 1000 / n; bcommit = bsync / bn / 1000; bother = bother / 1000 / n
            brest = bwall - bcommit - bother
            printf "{\"round\": %d, \"cli\": \"%s\", \"tubes\": %d, \"load\": %s, ", round, cli, n, load
            printf "\"receipt_ms\": {\"wall\": %.4f, \"commit_sync\": %.4f, \"other_sync\": %.4f, \"rest\": %.4f, \"commit_syncs\": %d}, ", wall, commit, other, rest, cn
            printf "\"baseline_ms\": {\"wall\": %.4f, \"commit_sync\": %.4f, \"other_sync\": %.4f, \"rest\": %.4f, \"commit_syncs\": %d}, ", bwall, bcommit, bother, brest, bn
            printf "\"ratio\": %.3f, \"bound_if_sync_were_baseline\": %.3f}\n", bwall / wall, bwall / (bcommit + other + rest)
        }'
done
