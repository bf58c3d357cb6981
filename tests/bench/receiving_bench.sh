#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Receiving benchmark (issue 2, "Quality and performance"): replay N receipt scans against a database
# of many specimens with `benchside-cli replay --fast --json --action receive`, and compare the
# throughput with the durability limit of the same disk: the sqlite3 command-line tool doing the same
# number of single-row INSERT transactions with the same settings (WAL, synchronous=FULL).
#
# Usage:
#   tests/bench/receiving_bench.sh BENCHSIDE_CLI [SPECIMENS] [SCANS] [WORKDIR] [LOOKUP_BENCH]
#     BENCHSIDE_CLI  path to benchside-cli
#     SPECIMENS      specimens in the seeded database (default 1000000)
#     SCANS          receipt scans to replay (default 10000)
#     WORKDIR        where the databases and captures go (default /tmp/benchside-bench); never the repo
#     LOOKUP_BENCH   optional path to the lookup_bench executable; its JSON is included in the output
#   Environment: SEED (seed-demo --seed, default 1), WHERE_RUNS (default 20).
#
# Prints ONE JSON object on stdout; progress goes to stderr. The seeded database is kept in WORKDIR
# and reused by later runs with the same SPECIMENS and SEED (seeding 1,000,000 takes minutes); every
# run works on a fresh copy of it, so runs can be repeated. Needs bash >= 5, sqlite3, awk, sort.
# Exit status: 0 when the run completed (whether or not the targets were met), 1 on an error.

set -euo pipefail

die() { echo "receiving_bench: $*" >&2; exit 1; }
log() { echo "[receiving_bench $(date +%H:%M:%S)] $*" >&2; }

[[ $# -ge 1 ]] || die "usage: $0 BENCHSIDE_CLI [SPECIMENS=1000000] [SCANS=10000] [WORKDIR] [LOOKUP_BENCH]"
CLI=$(readlink -f "$1")
SPECIMENS=${2:-1000000}
SCANS=${3:-10000}
WORK=${4:-/tmp/benchside-bench}
LOOKUP_BENCH=${5:-}
SEED=${SEED:-1}
WHERE_RUNS=${WHERE_RUNS:-20}

[[ -x $CLI ]] || die "$CLI is not an executable"
[[ $SPECIMENS =~ ^[0-9]+$ && $SCANS =~ ^[0-9]+$ && $SCANS -gt 0 ]] || die "SPECIMENS and SCANS must be whole numbers"
command -v sqlite3 >/dev/null || die "the sqlite3 command-line tool is missing (apt-get install sqlite3)"
(( BASH_VERSINFO[0] >= 5 )) || die "bash 5 or newer is needed (EPOCHREALTIME)"
if [[ -n $LOOKUP_BENCH ]]; then
    LOOKUP_BENCH=$(readlink -f "$LOOKUP_BENCH")
    [[ -x $LOOKUP_BENCH ]] || die "$LOOKUP_BENCH is not an executable"
fi

WORK=$(realpath -m "$WORK")
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
case "$WORK/" in "$REPO/"*) die "WORKDIR $WORK is inside the repository; use /tmp or another disk location" ;; esac
mkdir -p "$WORK"
# The replay reads the scanner settings from the user's configuration: use the defaults instead.
export XDG_CONFIG_HOME="$WORK/config"
mkdir -p "$XDG_CONFIG_HOME"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

now() { echo "$EPOCHREALTIME"; }                       # seconds, microsecond resolution
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }

# ---------------------------------------------------------------------------------------------
# The machine
NPROC=$(nproc)
MEM_TOTAL_KB=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
MEM_AVAIL_KB=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
read -r FS_DEVICE FS_TYPE _ < <(df -PT "$WORK" | awk 'NR == 2 { print $1, $2 }')
FS_MOUNT=$(df -P "$WORK" | awk 'NR == 2 { print $6 }')
FS_OPTIONS=$(findmnt -no OPTIONS -T "$WORK" 2>/dev/null || echo unknown)
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
SQLITE_VERSION=$(sqlite3 --version | cut -d' ' -f1)
log "machine: $NPROC CPUs, $((MEM_TOTAL_KB / 1024)) MiB, $WORK on $FS_TYPE ($FS_DEVICE), load $LOADAVG"

# ---------------------------------------------------------------------------------------------
# 1. The seeded database (reused when it exists with the same size and seed)
SEED_DB="$WORK/seed-${SPECIMENS}-s${SEED}.db"
SEED_DONE="$SEED_DB.done"   # "<seconds> <events>", written only after seeding succeeded
SEED_REUSED=false
if [[ -f $SEED_DONE && -f $SEED_DB ]]; then
    SEED_REUSED=true
    read -r SEED_SECONDS SEED_EVENTS < "$SEED_DONE"
    log "reusing $SEED_DB (seeded earlier in ${SEED_SECONDS}s)"
else
    rm -f "$SEED_DB" "$SEED_DB-wal" "$SEED_DB-shm" "$SEED_DONE"
    log "seeding $SPECIMENS specimens into $SEED_DB (seed $SEED)..."
    t0=$(now)
    "$CLI" --db "$SEED_DB" --json seed-demo --specimens "$SPECIMENS" --seed "$SEED" > "$WORK/seed.json" \
        || die "seed-demo failed"
    t1=$(now)
    SEED_SECONDS=$(elapsed "$t0" "$t1")
    SEED_EVENTS=$(tr -d ' \n' < "$WORK/seed.json" | sed -n 's/.*"events":\([0-9]*\).*/\1/p')
    echo "$SEED_SECONDS ${SEED_EVENTS:-0}" > "$SEED_DONE"
    log "seeded in ${SEED_SECONDS}s (${SEED_EVENTS} events)"
fi
SEED_DB_BYTES=$(stat -c %s "$SEED_DB")

# ---------------------------------------------------------------------------------------------
# 2. A fresh copy to work on, and the tubes to receive
RUN_DB="$WORK/run.db"
rm -f "$RUN_DB" "$RUN_DB-wal" "$RUN_DB-shm"
log "copying the seeded database ($((SEED_DB_BYTES / 1048576)) MiB)..."
cp "$SEED_DB" "$RUN_DB"
[[ -f $SEED_DB-wal ]] && cp "$SEED_DB-wal" "$RUN_DB-wal"
# Write the copy out before measuring anything: gigabytes of dirty pages being written back make
# every fsync wait (seen as a 1.2 s stall of one commit, and as a baseline 10x slower than usual).
# On a virtual disk `sync` can return before the host has written the data, so also wait until
# short probes of the baseline's own workload (300 durable single-row commits) run at a steady
# rate: two probes in a row within 25% of each other and at least half the best rate seen so far.
settle() { sync; sleep 1; }
PROBE_DB="$WORK/probe.db"
probe() {
    rm -f "$PROBE_DB" "$PROBE_DB-wal" "$PROBE_DB-shm"
    sqlite3 "$PROBE_DB" "PRAGMA journal_mode=WAL;" "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER);" > /dev/null
    local t0 t1
    t0=$(now)
    awk 'BEGIN { print "PRAGMA synchronous=FULL;"; for (i = 0; i < 300; ++i) printf "INSERT INTO t VALUES (%cK%06d%c, %d);\n", 39, i, 39, i }' \
        | sqlite3 "$PROBE_DB" > /dev/null
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 300 / (b - a) }'
}
log "writing the copy to disk (sync) and waiting for a steady disk..."
t0=$(now)
settle
PROBES=()
best=0; prev=0
for i in $(seq 1 40); do
    rate=$(probe)
    PROBES+=("$rate")
    steady=$(awk -v r="$rate" -v p="$prev" -v b="$best" 'BEGIN { if (r > b) b = r; print (p > 0 && r >= 0.75 * p && p >= 0.75 * r && r >= 0.5 * b) ? 1 : 0 }')
    best=$(awk -v r="$rate" -v b="$best" 'BEGIN { print (r > b ? r : b) }')
    (( steady )) && break
    prev=$rate
    sleep 2
done
rm -f "$PROBE_DB" "$PROBE_DB-wal" "$PROBE_DB-shm"
SETTLE_S=$(elapsed "$t0" "$(now)")
PROBES_JSON="[$(IFS=,; echo "${PROBES[*]}")]"
log "  disk probes (commits/s): ${PROBES[*]}; settled after ${SETTLE_S}s"

CODES="$WORK/codes.txt"
sqlite3 "$RUN_DB" "SELECT accession FROM specimens WHERE status='accessioned' LIMIT $SCANS" > "$CODES"
HAVE=$(wc -l < "$CODES")
(( HAVE == SCANS )) || die "only $HAVE specimens are waiting for receipt in a database of $SPECIMENS; ask for fewer scans"

# A keystroke capture as a wedge scanner types it: 8 ms between keys, Enter as suffix, 300 ms
# between tubes (the replay format of KeyCapture, models/scan/keycapture.h: one key per line,
# "<ms> <key>").
CAPTURE="$WORK/receive.capture"
awk 'BEGIN { t = 0; print "# receiving_bench: " ARGV[1] }
     { for (i = 1; i <= length($0); ++i) { print t, substr($0, i, 1); t += 8 }
       print t, "Enter"; t += 300 }' "$CODES" > "$CAPTURE"
EMPTY_CAPTURE="$WORK/empty.capture"
echo "# no keys: measures process start and opening the database" > "$EMPTY_CAPTURE"

# ---------------------------------------------------------------------------------------------
# 3. The baseline: the same number of single-row INSERT transactions, same durability, same disk.
BASE_DB="$WORK/baseline.db"
BASE_SQL="$WORK/baseline.sql"
{
    echo "PRAGMA journal_mode=WAL;"
    echo "PRAGMA synchronous=FULL;"
    awk '{ printf "INSERT INTO receipts VALUES (%c%s%c, %creceived%c, %cMain Lab / Receiving%c, %d, %cadmin%c);\n", 39, $0, 39, 39, 39, 39, 39, 1700000000000 + NR, 39, 39 }' "$CODES"
} > "$BASE_SQL"

baseline() {
    rm -f "$BASE_DB" "$BASE_DB-wal" "$BASE_DB-shm"
    sqlite3 "$BASE_DB" "PRAGMA journal_mode=WAL;" \
        "CREATE TABLE receipts (accession TEXT PRIMARY KEY, status TEXT NOT NULL, location TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL);" > /dev/null
    local t0 t1
    settle
    t0=$(now)
    sqlite3 -bail "$BASE_DB" < "$BASE_SQL" > /dev/null || die "the sqlite3 baseline failed"
    t1=$(now)
    local rows
    rows=$(sqlite3 "$BASE_DB" "SELECT count(*) FROM receipts")
    (( rows == SCANS )) || die "the sqlite3 baseline inserted $rows rows, not $SCANS"
    elapsed "$t0" "$t1"
}

log "sqlite3 baseline (before the replay): $SCANS autocommit INSERTs, WAL, synchronous=FULL..."
BASE1_S=$(baseline)
log "  ${BASE1_S}s"

# ---------------------------------------------------------------------------------------------
# 4. The replay
log "process start and database open (replay of an empty capture)..."
t0=$(now); "$CLI" --db "$RUN_DB" --json replay "$EMPTY_CAPTURE" --fast --action receive > /dev/null; t1=$(now)
OPEN_S=$(elapsed "$t0" "$t1")

log "replaying $SCANS receipt scans (--fast)..."
REPLAY_OUT="$WORK/replay.jsonl"
settle
t0=$(now)
set +e
"$CLI" --db "$RUN_DB" --json replay "$CAPTURE" --fast --action receive > "$REPLAY_OUT" 2> "$WORK/replay.stderr"
REPLAY_RC=$?
set -e
t1=$(now)
REPLAY_S=$(elapsed "$t0" "$t1")
log "  ${REPLAY_S}s, exit $REPLAY_RC"

log "sqlite3 baseline (after the replay)..."
BASE2_S=$(baseline)
log "  ${BASE2_S}s"

# ---------------------------------------------------------------------------------------------
# 5. Figures from the replay's JSON lines (keys are sorted: code, commit_ms, message, outcome)
COMMITS="$WORK/commit_ms.txt"
awk '{ if (match($0, /"commit_ms":[-0-9.eE+]+/)) print substr($0, RSTART + 12, RLENGTH - 12) }' "$REPLAY_OUT" \
    | sort -g > "$COMMITS"
OUTCOMES_JSON=$(awk '{ if (match($0, /"outcome":"[^"]*"/)) n[substr($0, RSTART + 11, RLENGTH - 12)]++ }
    END { s = ""; for (k in n) s = s (s == "" ? "" : ", ") "\"" k "\": " n[k]; print "{" s "}" }' "$REPLAY_OUT")
RECEIVED=$(grep -c '"outcome":"received"' "$REPLAY_OUT" || true)
LINES=$(wc -l < "$REPLAY_OUT")

# Nearest-rank percentiles over a sorted file of numbers.
percentiles() {
    awk '{ v[NR] = $1; s += $1 }
         function p(q,   i) { i = int(q * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR; return v[i] }
         END { if (NR == 0) { print "null null null null null null 0"; exit }
               printf "%.3f %.3f %.3f %.3f %.3f %.3f %.6f\n", p(0.5), p(0.95), p(0.99), v[NR], s / NR, v[1], s / 1000 }' "$1"
}
read -r P50 P95 P99 PMAX PMEAN PMIN COMMIT_SUM_S < <(percentiles "$COMMITS")

calc() { awk "BEGIN { printf \"%.${2:-3}f\", $1 }"; }
SCANS_PER_S_WALL=$(calc "$LINES / $REPLAY_S" 1)
SCANS_PER_S_WALL_NET=$(calc "$LINES / ($REPLAY_S - $OPEN_S)" 1)
SCANS_PER_S_COMMIT=$(calc "$LINES / $COMMIT_SUM_S" 1)
BASE1_TPS=$(calc "$SCANS / $BASE1_S" 1)
BASE2_TPS=$(calc "$SCANS / $BASE2_S" 1)
# The faster of the two baselines is the limit the ratio is measured against (the stricter choice).
BASE_TPS=$(awk -v a="$BASE1_TPS" -v b="$BASE2_TPS" 'BEGIN { print (a > b ? a : b) }')
RATIO=$(calc "$SCANS_PER_S_WALL / $BASE_TPS" 3)
RATIO_COMMIT=$(calc "$SCANS_PER_S_COMMIT / $BASE_TPS" 3)
RATIO_NET=$(calc "$SCANS_PER_S_WALL_NET / $BASE_TPS" 3)
RATIO_MET=$(awk -v r="$RATIO" 'BEGIN { print (r >= 0.7 ? "true" : "false") }')
P99_MET=$(awk -v p="$P99" 'BEGIN { print (p < 5 ? "true" : "false") }')
ALL_RECEIVED=$([[ $RECEIVED -eq $SCANS && $LINES -eq $SCANS && $REPLAY_RC -eq 0 ]] && echo true || echo false)
log "$LINES scans: $SCANS_PER_S_WALL/s (wall), p50 $P50 ms, p99 $P99 ms, max $PMAX ms; baseline $BASE_TPS tx/s; ratio $RATIO"

# ---------------------------------------------------------------------------------------------
# 6. `where` end to end (process start included), and bare process start for comparison
log "timing 'where' end to end, $WHERE_RUNS runs..."
WHERE_TIMES="$WORK/where_ms.txt"; : > "$WHERE_TIMES"
VERSION_TIMES="$WORK/version_ms.txt"; : > "$VERSION_TIMES"
mapfile -t WHERE_CODES < <(awk -v n="$WHERE_RUNS" -v total="$SCANS" \
    'BEGIN { step = int(total / n); if (step < 1) step = 1 } NR % step == 0 && c < n { print; c++ }' "$CODES")
for code in "${WHERE_CODES[@]}"; do
    t0=$(now); "$CLI" --db "$RUN_DB" where "$code" > /dev/null || die "where $code failed"; t1=$(now)
    calc "($t1 - $t0) * 1000" 3 >> "$WHERE_TIMES"; echo >> "$WHERE_TIMES"
    t0=$(now); "$CLI" --version > /dev/null; t1=$(now)
    calc "($t1 - $t0) * 1000" 3 >> "$VERSION_TIMES"; echo >> "$VERSION_TIMES"
done
sort -g -o "$WHERE_TIMES" "$WHERE_TIMES"
sort -g -o "$VERSION_TIMES" "$VERSION_TIMES"
read -r W50 W95 W99 WMAX WMEAN WMIN _ < <(percentiles "$WHERE_TIMES")
read -r V50 V95 V99 VMAX VMEAN VMIN _ < <(percentiles "$VERSION_TIMES")

LOOKUP_JSON=null
if [[ -n $LOOKUP_BENCH ]]; then
    log "running $LOOKUP_BENCH on the same database..."
    LOOKUP_JSON=$("$LOOKUP_BENCH" "$RUN_DB") || die "lookup_bench failed"
fi

# ---------------------------------------------------------------------------------------------
cat <<EOF
{
  "benchmark": "receiving",
  "date": "$(date -Iseconds)",
  "machine": {"nproc": $NPROC, "mem_total_mib": $((MEM_TOTAL_KB / 1024)), "mem_available_mib": $((MEM_AVAIL_KB / 1024)),
              "workdir": "$WORK", "filesystem": "$FS_TYPE", "device": "$FS_DEVICE", "mount": "$FS_MOUNT",
              "mount_options": "$FS_OPTIONS", "loadavg_at_start": "$LOADAVG", "sqlite": "$SQLITE_VERSION"},
  "seed": {"specimens": $SPECIMENS, "seed": $SEED, "events": ${SEED_EVENTS:-0}, "seconds": $SEED_SECONDS,
           "reused": $SEED_REUSED, "db_bytes": $SEED_DB_BYTES},
  "replay": {"scans": $SCANS, "lines": $LINES, "exit": $REPLAY_RC, "outcomes": $OUTCOMES_JSON,
             "all_received": $ALL_RECEIVED, "wall_s": $REPLAY_S, "open_s": $OPEN_S, "commit_sum_s": $COMMIT_SUM_S,
             "scans_per_s_wall": $SCANS_PER_S_WALL, "scans_per_s_wall_minus_open": $SCANS_PER_S_WALL_NET,
             "scans_per_s_commit": $SCANS_PER_S_COMMIT,
             "commit_ms": {"p50": $P50, "p95": $P95, "p99": $P99, "max": $PMAX, "mean": $PMEAN, "min": $PMIN}},
  "settle": {"seconds": $SETTLE_S, "probe_commits_per_s": $PROBES_JSON},
  "baseline_sqlite3": {"transactions": $SCANS, "before_s": $BASE1_S, "after_s": $BASE2_S,
                       "before_tx_per_s": $BASE1_TPS, "after_tx_per_s": $BASE2_TPS, "tx_per_s": $BASE_TPS},
  "ratio": $RATIO,
  "ratio_commit": $RATIO_COMMIT,
  "ratio_wall_minus_open": $RATIO_NET,
  "ratio_target_met": $RATIO_MET,
  "p99_under_5ms": $P99_MET,
  "where_cli_ms": {"runs": ${#WHERE_CODES[@]}, "p50": $W50, "p95": $W95, "max": $WMAX, "mean": $WMEAN, "min": $WMIN},
  "process_start_ms": {"runs": ${#WHERE_CODES[@]}, "command": "benchside-cli --version", "p50": $V50, "max": $VMAX, "mean": $VMEAN},
  "lookup": $LOOKUP_JSON
}
EOF
