#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 4 worklist benchmark: generates the 1,000,000-order database once (through the journal,
# `worklist_bench generate`), then runs `worklist_bench run` RUNS times, each on a fresh copy
# (a run receives a few tubes, so it changes the database). One JSON line per run on stdout;
# the machine and the generation summary on stderr.
#
#   tests/bench/worklist_bench.sh BUILD_DIR [WORKDIR=/work/bench-data/wl] [RUNS=2]
#
# Environment: ORDERS (1000000), PENDING (50000), BENCH (CHEM), REPS (9), RECEIPTS (5).
set -euo pipefail

build=${1:?usage: worklist_bench.sh BUILD_DIR [WORKDIR] [RUNS]}
work=${2:-/work/bench-data/wl}
runs=${3:-2}
orders=${ORDERS:-1000000}
pending=${PENDING:-50000}
bench=${BENCH:-CHEM}
exe="$build/tests/bench/worklist_bench"
cli="$build/app/benchside-cli"

repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"
case "$(cd "$work" && pwd)/" in
"$repo"/*) echo "worklist_bench.sh: $work is inside the repository; use a directory outside it" >&2; exit 2 ;;
esac

{
    echo "nproc: $(nproc)"
    free -h
    df -h "$work" | tail -1
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
} >&2

db="$work/orders-$orders-p$pending-$bench.db"
if [[ ! -e "$db.done" ]]; then
    rm -f "$db" "$db-wal" "$db-shm"
    "$exe" generate "$db" --orders "$orders" --pending "$pending" --bench "$bench" | tee "$db.done" >&2
    # The generated journal must give the same views when replayed (on small runs: it takes long).
    if (( orders <= 100000 )); then "$cli" --db "$db" rebuild --check >&2; fi
else
    cat "$db.done" >&2
fi

for ((i = 1; i <= runs; ++i)); do
    cp "$db" "$work/run.db"
    rm -f "$work/run.db-wal" "$work/run.db-shm"
    sync
    "$exe" run "$work/run.db" --bench "$bench" --reps "${REPS:-9}" --receipts "${RECEIPTS:-5}"
done
