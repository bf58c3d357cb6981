#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Receiving, CLIs compared in interleaved chunks (issue 22): on a shared virtual disk the sqlite3
# baseline of receiving_bench.sh moves by a factor of two from one minute to the next, so one run per
# CLI cannot show a 20 % change. This alternates chunks of 500 receipts per CLI, each on its own copy
# of the station and each between two 500-transaction runs of the same baseline, and reports the
# median over the rounds.
#
# Usage: tests/bench/receiving_interleaved.sh ROUNDS WORKDIR CLI [CLI...]
#   WORKDIR is a receiving_bench.sh work folder after one run with SPECIMENS=100000 (it holds
#   seed-100000-s1.db, receive.capture and baseline.sql); ROUNDS * 500 tubes must be in the capture.
# Prints one JSON object per CLI on stdout: receipts/s (by the sum of commit_ms), the adjacent
# baselines' transactions/s, their ratio, p99 commit_ms, each a median over the rounds.
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 ROUNDS WORKDIR CLI [CLI...]" >&2; exit 1; }
ROUNDS=$1 WORK=$(realpath "$2"); shift 2
CLIS=()
for c in "$@"; do CLIS+=("$(readlink -f "$c")"); done
N=500
for f in seed-100000-s1.db receive.capture baseline.sql; do
    [[ -f $WORK/$f ]] || { echo "$WORK/$f is missing: run receiving_bench.sh CLI 100000 ... $WORK first" >&2; exit 1; }
done
export XDG_CONFIG_HOME=$WORK/config LANG=C.UTF-8 LC_ALL=C.UTF-8
cd "$WORK"
# Tube i of the capture is lines 2+14i .. 15+14i (13 characters and Enter per tube).
for r in $(seq 0 $((ROUNDS - 1))); do
    { head -1 receive.capture; sed -n "$((2 + 14 * N * r)),$((1 + 14 * N * (r + 1)))p" receive.capture; } > "chunk$r.cap"
done
for i in "${!CLIS[@]}"; do
    rm -f "ab$i.db" "ab$i.db-wal" "ab$i.db-shm"
    cp seed-100000-s1.db "ab$i.db"
    "${CLIS[$i]}" --db "ab$i.db" --json replay empty.capture --fast --action receive > /dev/null
    sqlite3 "ab$i.db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
done
{ sed -n '1,2p' baseline.sql; sed -n "3,$((N + 2))p" baseline.sql; } > bchunk.sql
sync; sleep 2
baseline() {
    rm -f b.db b.db-wal b.db-shm
    sqlite3 b.db "PRAGMA journal_mode=WAL; CREATE TABLE receipts (accession TEXT PRIMARY KEY, status TEXT NOT NULL, location TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL);" > /dev/null
    local t0=$EPOCHREALTIME
    sqlite3 b.db < bchunk.sql > /dev/null
    awk -v a="$t0" -v b="$EPOCHREALTIME" -v n=$N 'BEGIN { printf "%.1f", n / (b - a) }'
}
: > rounds.txt
for r in $(seq 0 $((ROUNDS - 1))); do
    for i in "${!CLIS[@]}"; do
        b1=$(baseline)
        "${CLIS[$i]}" --db "ab$i.db" --json replay "chunk$r.cap" --fast --action receive > "chunk$i.jsonl"
        b2=$(baseline)
        python3 - "$r" "$i" "$b1" "$b2" "chunk$i.jsonl" >> rounds.txt <<'PY'
import json, sys
ms = sorted(json.loads(l)['commit_ms'] for l in open(sys.argv[5]) if '"received"' in l)
print(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], len(ms) / (sum(ms) / 1000), len(ms), ms[int(len(ms) * 0.99) - 1])
PY
    done
done
python3 - "${CLIS[@]}" <<'PY'
import json, statistics, sys
rows = [l.split() for l in open('rounds.txt')]
for i, cli in enumerate(sys.argv[1:]):
    mine = [r for r in rows if int(r[1]) == i]
    rate = [float(r[4]) for r in mine]
    base = [(float(r[2]) + float(r[3])) / 2 for r in mine]
    print(json.dumps({'cli': cli, 'rounds': len(mine), 'received': sum(int(r[5]) for r in mine),
                      'receipts_per_s': round(statistics.median(rate), 1),
                      'baseline_tx_per_s': round(statistics.median(base), 1),
                      'ratio': round(statistics.median([a / b for a, b in zip(rate, base)]), 3),
                      'ratio_min': round(min(a / b for a, b in zip(rate, base)), 3),
                      'ratio_max': round(max(a / b for a, b in zip(rate, base)), 3),
                      'ms_over_baseline': round(statistics.median([1000 / a - 1000 / b for a, b in zip(rate, base)]), 3),
                      'p99_ms': round(statistics.median(float(r[6]) for r in mine), 2)}))
PY
