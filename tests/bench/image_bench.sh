#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Image decoding benchmark (issue 3, "Quality and performance"): Benchside's rack and tube photo
# decoding (image_bench, in process) side by side with dmtxread (dmtx-utils, libdmtx) on the same
# rack images and zbarimg (zbar-tools) on the same tube photos, in the same run.
#
# Usage:
#   tests/bench/image_bench.sh BUILD_DIR [WORKDIR]
#     BUILD_DIR  a build directory where image_bench is already built (this script builds nothing)
#     WORKDIR    where the images go (default: a new temporary directory, removed afterwards unless
#                KEEP=1); never inside the repository
#   Environment:
#     REPS          repetitions per image in image_bench (default 7, after one warm-up)
#     DMTX_RACKS    which racks dmtxread reads, as image numbers ("00 07 12": upright, 180 degrees,
#                   combined); "all" (the default) for every rack; "" for none
#     DMTX_TIMEOUT  seconds dmtxread may spend on one rack image (default 60); it is killed then,
#                   and what it printed so far counts. With the defaults the run takes ~13 minutes.
#     ZBAR_RUNS     runs of zbarimg per tube photo, the median counts (default 3)
#
# dmtxread runs with -n (one code per line) and -N 96 (stop after 96 codes); it reads the whole
# image, as nothing tells it where the wells are. A rack with empty wells has fewer than 96 codes,
# so dmtxread finds them all within seconds and then scans on (15-90 s here) or until the limit:
# each code is time-stamped as it arrives (output line-buffered with stdbuf, so nothing is lost
# when it is killed) and the time of its last code is reported beside the time of the whole run.
#
# Prints ONE JSON object on stdout (image_bench's, with "dmtxread", "zbarimg" and "ratios" added);
# progress goes to stderr. Exit status: 0 when the run completed (whether or not the targets were
# met), 1 on an error. Needs bash >= 5, jq, dmtxread, zbarimg, timeout, stdbuf.

set -euo pipefail

die() { echo "image_bench.sh: $*" >&2; exit 1; }
log() { echo "[image_bench.sh $(date +%H:%M:%S)] $*" >&2; }

[[ $# -ge 1 ]] || die "usage: $0 BUILD_DIR [WORKDIR]"
BUILD=$(readlink -f "$1")
BENCH="$BUILD/tests/bench/image_bench"
[[ -x $BENCH ]] || die "$BENCH is missing: cmake --build $1 --target image_bench"
REPS=${REPS:-7}
DMTX_RACKS=${DMTX_RACKS-all}
DMTX_TIMEOUT=${DMTX_TIMEOUT:-60}
ZBAR_RUNS=${ZBAR_RUNS:-3}
for tool in jq dmtxread zbarimg timeout stdbuf; do
    command -v "$tool" > /dev/null || die "$tool is missing"
done
(( BASH_VERSINFO[0] >= 5 )) || die "bash 5 or newer is needed (EPOCHREALTIME)"

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
if [[ $# -ge 2 ]]; then
    WORK=$(realpath -m "$2")
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d /tmp/benchside-imgbench.XXXXXX)
    [[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
fi
case "$WORK/" in "$REPO/"*) die "WORKDIR $WORK is inside the repository; use /tmp" ;; esac
export LANG=C.UTF-8 LC_ALL=C.UTF-8 QT_QPA_PLATFORM=offscreen

now() { echo "$EPOCHREALTIME"; }
elapsed_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) * 1000 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "null"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

NPROC=$(nproc)
MEM_TOTAL_MB=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
DMTX_VERSION=$(dmtxread --version 2>&1 | head -1 || true)
ZBAR_VERSION=$(zbarimg --version 2>&1 | head -1 || true)
# Which code was measured: the binary's fingerprint, and whether models/ changed after it was built
# (then the figures are those of the older code; rebuild first).
MODELS_SHA=$(cd "$REPO" && find models -type f \( -name '*.cpp' -o -name '*.h' \) | sort | xargs cat | sha256sum | cut -c1-12)
BENCH_SHA=$(sha256sum "$BENCH" | cut -c1-12)
GIT_HEAD=$(git -C "$REPO" rev-parse --short HEAD 2> /dev/null || echo unknown)
STALE=$([[ -n $(find "$REPO/models" "$REPO/tests/util" -type f -newer "$BENCH" -print -quit) ]] && echo true || echo false)
[[ $STALE == false ]] || log "WARNING: models/ or tests/util/ changed after $BENCH was built"
log "machine: $NPROC CPUs ($CPU), $MEM_TOTAL_MB MiB, load $LOAD_BEFORE; images in $WORK"

# ---------------------------------------------------------------------------------------------
# 1. Benchside, in process (it also writes the images and their truth)
log "image_bench ($REPS repetitions per image)..."
OURS="$WORK/image_bench.json"
t0=$(now)
"$BENCH" "$WORK/images" --reps "$REPS" > "$OURS" || die "image_bench failed"
log "  done in $(elapsed_ms "$t0" "$(now)") ms"

# ---------------------------------------------------------------------------------------------
# 2. dmtxread on rack images, once each, with a time limit
# Compares a tool's output (one code per line) with the truth: "<found right> <wrong>".
score() {
    local output=$1 truth=$2
    local right wrong
    right=$(sort -u "$output" | grep -v '^$' | grep -cxFf "$truth" || true)
    wrong=$(sort -u "$output" | grep -v '^$' | grep -cvxFf "$truth" || true)
    echo "${right:-0} ${wrong:-0}"
}

DMTX_JSON="$WORK/dmtxread.jsonl"; : > "$DMTX_JSON"
mapfile -t RACKS < <(cd "$WORK/images" && ls rack*.png)
for png in "${RACKS[@]}"; do
    name=${png%.png}
    number=${name#rack}; number=${number%%-*}
    if [[ $DMTX_RACKS != all && " $DMTX_RACKS " != *" $number "* ]]; then
        continue
    fi
    log "dmtxread $name (limit ${DMTX_TIMEOUT}s)..."
    out="$WORK/$name.dmtxread.txt"
    stamped="$WORK/$name.dmtxread.stamped"
    t0=$(now)
    set +e
    # Each code is stamped as it arrives: with fewer than 96 tubes dmtxread scans on until the
    # limit, so the time of its last code is the fairer figure of what it needed.
    timeout "$DMTX_TIMEOUT" stdbuf -oL dmtxread -n -N 96 "$WORK/images/$png" 2> "$WORK/$name.dmtxread.err" \
        | while IFS= read -r line; do echo "$EPOCHREALTIME $line"; done > "$stamped"
    rc=${PIPESTATUS[0]}
    set -e
    t1=$(now)
    cut -d' ' -f2- "$stamped" > "$out"
    read -r right wrong < <(score "$out" "$WORK/images/$name.truth")
    tubes=$(wc -l < "$WORK/images/$name.truth")
    timed_out=$([[ $rc -eq 124 ]] && echo true || echo false)
    ms=$(elapsed_ms "$t0" "$t1")
    last_ms=$([[ -s $stamped ]] && elapsed_ms "$t0" "$(tail -1 "$stamped" | cut -d' ' -f1)" || echo null)
    half_ms=null
    if (( right * 2 >= tubes )); then
        # When half the tubes had been read: how fast it gets going.
        half_ms=$(elapsed_ms "$t0" "$(sed -n "$(( (tubes + 1) / 2 ))p" "$stamped" | cut -d' ' -f1)")
    fi
    log "  $right/$tubes right, $wrong wrong; last code at $last_ms ms; ended at $ms ms, exit $rc"
    jq -nc --arg name "$name" --argjson ms "$ms" --argjson last "$last_ms" --argjson half "$half_ms" \
        --argjson right "$right" --argjson wrong "$wrong" \
        --argjson tubes "$tubes" --argjson timed_out "$timed_out" --argjson rc "$rc" \
        '{name: $name, ms: $ms, last_code_ms: $last, half_found_ms: $half, found: $right, wrong: $wrong,
          tubes: $tubes, timed_out: $timed_out, exit: $rc}' \
        >> "$DMTX_JSON"
done

# ---------------------------------------------------------------------------------------------
# 3. zbarimg on every tube photo: per image (process start included), then all in one process
log "zbarimg on the tube photos ($ZBAR_RUNS runs each)..."
ZBAR_JSON="$WORK/zbarimg.jsonl"; : > "$ZBAR_JSON"
mapfile -t TUBES < <(cd "$WORK/images" && ls tube*.png)
for png in "${TUBES[@]}"; do
    name=${png%.png}
    out="$WORK/$name.zbarimg.txt"
    times=()
    for ((i = 0; i < ZBAR_RUNS; ++i)); do
        t0=$(now)
        set +e
        zbarimg -q --raw --nodbus "$WORK/images/$png" > "$out" 2> /dev/null
        set -e
        t1=$(now)
        times+=("$(elapsed_ms "$t0" "$t1")")
    done
    ms=$(printf '%s\n' "${times[@]}" | median)
    read -r right wrong < <(score "$out" "$WORK/images/$name.truth")
    read_text=$(head -1 "$out")
    jq -nc --arg name "$name" --argjson ms "$ms" --argjson right "$right" --argjson wrong "$wrong" \
        --arg read "$read_text" '{name: $name, ms: $ms, right: ($right > 0), wrong: ($wrong > 0), read: $read}' \
        >> "$ZBAR_JSON"
done
# Process start alone: zbarimg on a 1 x 1 white image (image_bench writes it).
starts=()
for ((i = 0; i < 5; ++i)); do
    t0=$(now); zbarimg -q --raw --nodbus "$WORK/images/blank.png" > /dev/null 2>&1 || true; t1=$(now)
    starts+=("$(elapsed_ms "$t0" "$t1")")
done
ZBAR_START_MS=$(printf '%s\n' "${starts[@]}" | median)
t0=$(now)
zbarimg -q --raw --nodbus "${TUBES[@]/#/$WORK/images/}" > "$WORK/zbarimg-batch.txt" 2> /dev/null || true
t1=$(now)
ZBAR_BATCH_MS=$(elapsed_ms "$t0" "$t1")
log "  process start ${ZBAR_START_MS} ms; all ${#TUBES[@]} photos in one process ${ZBAR_BATCH_MS} ms"

# ---------------------------------------------------------------------------------------------
# 4. One JSON object, with the ratios of this run
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
jq --slurpfile dmtx "$DMTX_JSON" --slurpfile zbar "$ZBAR_JSON" \
    --arg git_head "$GIT_HEAD" --arg models_sha "$MODELS_SHA" --arg bench_sha "$BENCH_SHA" \
    --argjson stale "$STALE" --argjson nproc "$NPROC" --argjson mem "$MEM_TOTAL_MB" --arg cpu "$CPU" \
    --arg load_before "$LOAD_BEFORE" --arg load_after "$LOAD_AFTER" \
    --arg dmtx_version "$DMTX_VERSION" --arg zbar_version "$ZBAR_VERSION" \
    --argjson dmtx_timeout "$DMTX_TIMEOUT" --argjson zbar_start "$ZBAR_START_MS" \
    --argjson zbar_batch "$ZBAR_BATCH_MS" --argjson ntubes "${#TUBES[@]}" '
    def r3: if . == null then null else (. * 1000 | round) / 1000 end;
    def med: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
                    else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    (.racks.per_image | map({key: .name, value: .}) | from_entries) as $ours
    | ($dmtx | map(. + {ours_ms_p50: $ours[.name].ms_p50, ours_from_file_ms: $ours[.name].from_file_ms,
                        ours_correct: $ours[.name].correct,
                        ms_ratio_dmtxread_over_ours: (.ms / $ours[.name].ms_p50 | r3),
                        last_code_ratio_over_ours_from_file:
                          (if .last_code_ms then (.last_code_ms / $ours[.name].from_file_ms | r3) else null end),
                        ms_ratio_dmtxread_over_ours_from_file: (.ms / $ours[.name].from_file_ms | r3)})) as $d
    | (.tubes.per_image | map({key: .name, value: .}) | from_entries) as $t
    | ($zbar | map(. + {ours_ms_p50: $t[.name].image_scan.ms_p50, ours_from_file_ms: $t[.name].image_scan.from_file_ms,
                        ours_right: $t[.name].image_scan.right, ours_wrong: $t[.name].image_scan.wrong,
                        ours_crashed: $t[.name].image_scan.crashed,
                        ours_load_plus_warm_ms: (if $t[.name].image_scan.crashed then null
                                                 else ($t[.name].image_scan.load_ms + $t[.name].image_scan.ms_p50 | r3) end),
                        ours_code128_only_ms_p50: $t[.name].code128_only.ms_p50})) as $z
    | ($z | map(.ms) | med | r3) as $zmed
    | ($z | map(.ours_ms_p50 | numbers) | med | r3) as $omed
    | ($z | map(.ours_from_file_ms | numbers) | med | r3) as $ofile
    | ($z | map(.ours_code128_only_ms_p50 | numbers) | med | r3) as $o128
    | ($z | map(.ours_load_plus_warm_ms | numbers) | med | r3) as $owarm
    | . + {
        code: {git_head: $git_head, models_sha256: $models_sha, image_bench_sha256: $bench_sha,
               binary_older_than_sources: $stale},
        machine: {nproc: $nproc, mem_total_mib: $mem, cpu: $cpu, load_before: $load_before, load_after: $load_after},
        dmtxread: {version: $dmtx_version, timeout_s: $dmtx_timeout, options: "-n -N 96", per_image: $d,
                   found: ($d | map(.found) | add), wrong: ($d | map(.wrong) | add),
                   tubes: ($d | map(.tubes) | add), timed_out: ($d | map(select(.timed_out)) | length)},
        zbarimg: {version: $zbar_version, runs_per_image: ($z | length), options: "-q --raw",
                  ms_median_per_image: $zmed, process_start_ms: $zbar_start,
                  ours_image_scan_ms_median: $omed, ours_from_file_ms_median: $ofile,
                  ours_code128_only_ms_median: $o128, ours_load_plus_warm_ms_median: $owarm,
                  batch_ms_per_image: ($zbar_batch / $ntubes | r3),
                  right: ($z | map(select(.right)) | length), wrong: ($z | map(select(.wrong)) | length),
                  per_image: $z},
        ratios: {
          rack_dmtxread_over_ours_min: ($d | map(.ms_ratio_dmtxread_over_ours) | min),
          rack_dmtxread_over_ours_from_file_min: ($d | map(.ms_ratio_dmtxread_over_ours_from_file) | min),
          rack_dmtxread_last_code_over_ours_from_file_min: ($d | map(.last_code_ratio_over_ours_from_file) | min),
          tube_zbarimg_over_ours: (if $omed > 0 then ($zmed / $omed | r3) else null end),
          tube_zbarimg_over_code128_only: (if $o128 > 0 then ($zmed / $o128 | r3) else null end),
          tube_zbarimg_over_ours_from_file: (if $ofile > 0 then ($zmed / $ofile | r3) else null end),
          tube_zbarimg_over_ours_load_plus_warm: (if $owarm > 0 then ($zmed / $owarm | r3) else null end),
          tube_zbarimg_batch_over_ours_load_plus_warm:
            (if $owarm > 0 then ($zbar_batch / $ntubes / $owarm | r3) else null end),
          tube_zbarimg_batch_over_ours_from_file:
            (if $ofile > 0 then ($zbar_batch / $ntubes / $ofile | r3) else null end),
          tube_zbarimg_minus_start_over_ours_from_file:
            (if $ofile > 0 then (($zmed - $zbar_start) / $ofile | r3) else null end)
        },
        targets: {
          rack_every_code_under_250ms: .racks.target_met,
          tube_faster_than_zbarimg: ($omed < $zmed and $owarm < $zmed and $owarm < ($zbar_batch / $ntubes)),
          tube_faster_than_zbarimg_even_cold: ($ofile < $zmed and $ofile < ($zbar_batch / $ntubes)),
          tube_never_wrong: (.tubes.image_scan_wrong == 0 and .tubes.image_scan_crashed == 0)
        }
      }' "$OURS"
log "done (load $LOAD_BEFORE -> $LOAD_AFTER)"
