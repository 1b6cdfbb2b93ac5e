#!/usr/bin/env bash
# Concurrency benchmark: N parallel foreground `run`s x ROUNDS, for mini-container and runc side by side.
# Each container runs `sleep SLEEP` on a busybox rootfs, so N containers (and N waiting runtimes) coexist.
# Reports containers/s, per-container latency p50/p95 (start of the command to its exit, sleep
# included), failures, peak host memory above the baseline (MemAvailable, sampled every 50 ms) and
# that peak divided by N, and the private dirty memory of one waiting `run` (smaps_rollup of every
# runtime process above its container: see private_dirty_of_one).
# MC_NO_SUPERVISOR=1 measures mini-container with the JVM waiting for the container's life, as before.
#
# ENGINES may also name `empty-jvm`: the floor of any runtime that starts a JVM per `run` -- an empty
# Java main with the launcher's JVM flags, then `sleep SLEEP` on the host (no container at all).
#
# usage: bench/concurrency.sh [N=50] [ROUNDS=10] [SLEEP=1] [ENGINES="mini-container runc empty-jvm"]
# Needs root, busybox-static and runc. Leaves nothing behind (its own state roots and ids only).
set -euo pipefail
N=${1:-50}; ROUNDS=${2:-10}; SLEEP=${3:-1}; ENGINES=${4:-"mini-container runc empty-jvm"}
here="$(cd "$(dirname "$0")/.." && pwd)"
launcher=${MC_LAUNCHER:-$here/bin/mini-container}  # another launcher, e.g. to compare JVM flags
work=$(mktemp -d /tmp/mc-bench-conc.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A busybox rootfs with the applets this needs.
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{bin,proc,dev,sys,tmp}
cp /bin/busybox "$rootfs/bin/busybox"
for a in sh sleep true; do ln -s busybox "$rootfs/bin/$a"; done
python3 - "$here/bundles/busybox/config.json" "$work/config.json" "$rootfs" "$SLEEP" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["root"]["path"] = sys.argv[3]
c["process"]["args"] = ["sleep", sys.argv[4]]
c["process"]["terminal"] = False
json.dump(c, open(sys.argv[2], "w"), indent=1)
EOF
bundle="$work/bundle"; mkdir -p "$bundle"; cp "$work/config.json" "$bundle/config.json"

mem_available_kb() { awk '/^MemAvailable:/ {print $2}' /proc/meminfo; }

one() { # engine id latency-file
  local t0 t1 rc=0
  t0=$(date +%s%N)
  case "$1" in
    mini-container) "$launcher" --root "$work/mc-root" run --id "$2" "$bundle" </dev/null >/dev/null 2>>"$work/errors" || rc=$? ;;
    runc) runc --root "$work/runc-root" run --bundle "$bundle" "$2" </dev/null >/dev/null 2>>"$work/errors" || rc=$? ;;
    empty-jvm) { "${floor_cmd[@]}" -cp "$work/empty" Empty && sleep "$SLEEP"; } </dev/null >/dev/null 2>>"$work/errors" || rc=$? ;;
  esac
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $rc" >> "$3"
}

private_dirty_of_one() { # engine: private dirty kB of one runtime while its container runs
  # The runtime is every process from the container's parent up to the last one whose command line
  # matches: runc: `runc run`; mini-container: the helper plus the supervisor, and the JVM while it is
  # still there (a run hands its wait to the supervisor once the container runs: docs/PROTOCOL.md).
  # A chain that still holds a JVM is skipped for 10 s, so that the figure is the steady state.
  local pat s p k kb total chain java supervised
  case "$1" in
    mini-container) pat="$work/mc-root" ;;  # mc-supervisor java ... --root DIR, java ..., mc-helper DIR/ID/h-N.sock
    runc) pat="runc --root $work/runc-root run" ;;
  esac
  for k in $(seq 1 150); do # up to 30 s: find a container (`sleep SLEEP`) and walk up to its runtime
    for s in $(pgrep -x sleep); do
      [ "$( { tr '\0' ' ' < "/proc/$s/cmdline"; } 2>/dev/null)" = "sleep $SLEEP " ] || continue
      p=$(awk '{print $4}' "/proc/$s/stat" 2>/dev/null) || continue
      chain=""; java=no; supervised=no
      for _ in 1 2 3 4; do
        { tr '\0' ' ' < "/proc/$p/cmdline"; } 2>/dev/null | grep -q -- "$pat" || break
        chain="$chain $p"
        case "$(cat "/proc/$p/comm" 2>/dev/null)" in java) java=yes ;; mc-supervisor) supervised=yes ;; esac
        p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null) || break
      done
      [ -n "$chain" ] || continue
      # a supervised run whose JVM has not handed over yet: not the steady state (give it 10 s)
      [ "$java$supervised" = yesyes ] && [ "$k" -le 50 ] && continue
      total=0
      for p in $chain; do
        kb=$(awk '/^Private_Dirty:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null) || { total=; break; }
        total=$((total + kb))
      done
      [ -n "$total" ] || continue  # the container ended while we looked: take another
      echo "$total"; return
    done
    sleep 0.2
  done
  echo "?"
}

printf '%-15s %5s %6s %10s %8s %8s %6s %12s %14s %14s\n' engine N rounds "cont/s" p50_ms p95_ms fails peak_MiB "MiB/container" "one_priv_MiB"
# The floor's empty main, started with exactly the flags the launcher under test gives the JVM.
if [[ " $ENGINES " == *" empty-jvm "* ]]; then
  mkdir -p "$work/empty"
  printf 'public class Empty { public static void main(String[] a) {} }\n' >"$work/empty/Empty.java"
  javac --release 17 -d "$work/empty" "$work/empty/Empty.java"
  read -r -a floor_cmd <<<"$(MC_PRINT_JVM_FLAGS=1 "$launcher")"
fi

for engine in $ENGINES; do
  if [ "$engine" = runc ] && ! command -v runc >/dev/null; then echo "runc not installed: skipped" >&2; continue; fi
  lat="$work/lat-$engine"; : > "$lat"; : > "$work/errors"
  base=$(mem_available_kb); min="$base"
  ( while :; do m=$(mem_available_kb); [ "$m" -lt "$min" ] && min=$m && echo "$min" > "$work/min-$engine"; sleep 0.05; done ) &
  sampler=$!
  one_priv="?"
  start=$(date +%s%N)
  for r in $(seq 1 "$ROUNDS"); do
    for i in $(seq 1 "$N"); do one "$engine" "bench-$r-$i-$$" "$lat" & done
    if [ "$r" = 1 ] && [ "$engine" != empty-jvm ]; then one_priv=$(private_dirty_of_one "$engine"); fi
    wait $(jobs -p | grep -v "^$sampler$") 2>/dev/null || true
  done
  end=$(date +%s%N)
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  min=$(cat "$work/min-$engine" 2>/dev/null || echo "$base")
  total=$((N * ROUNDS))
  fails=$(awk '$2 != 0' "$lat" | wc -l)
  sorted=$(awk '{print $1}' "$lat" | sort -n)
  p50=$(echo "$sorted" | awk -v n="$total" 'NR == int(n * 0.50 + 0.5) {print; exit}')
  p95=$(echo "$sorted" | awk -v n="$total" 'NR == int(n * 0.95 + 0.5) {print; exit}')
  rate=$(awk -v t="$total" -v ns=$((end - start)) 'BEGIN {printf "%.1f", t / (ns / 1e9)}')
  peak=$(awk -v b="$base" -v m="$min" 'BEGIN {printf "%.0f", (b - m) / 1024}')
  per=$(awk -v b="$base" -v m="$min" -v n="$N" 'BEGIN {printf "%.1f", (b - m) / 1024 / n}')
  priv=$( [ "$one_priv" = "?" ] && echo "?" || awk -v k="$one_priv" 'BEGIN {printf "%.1f", k / 1024}')
  printf '%-15s %5s %6s %10s %8s %8s %6s %12s %14s %14s\n' "$engine" "$N" "$ROUNDS" "$rate" "$p50" "$p95" "$fails" "$peak" "$per" "$priv"
  [ "$fails" -gt 0 ] && { echo "first errors of $engine:" >&2; head -5 "$work/errors" >&2; }
done
# Leftovers of our own ids (there should be none: each run removes its own).
left=$(ls "$work/mc-root" 2>/dev/null | grep -v '^\.' || true)
[ -n "$left" ] && echo "leftover state in $work/mc-root: $left" >&2
exit 0
