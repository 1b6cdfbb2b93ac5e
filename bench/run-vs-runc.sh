#!/usr/bin/env bash
# `mini-container run` of /bin/true, start to exit, against `runc run` and `crun run` on the same
# busybox bundle (usual namespaces and mounts, memory+pids limits, no terminal). The runtimes are
# alternated run by run (the order rotates too), each run a cold process; prints medians, ratios
# and the peak memory of every process involved as a markdown table. Goal: mini-container <= 3x runc.
#
# Usage: bench/run-vs-runc.sh [RUNS]    (default 20; needs root and a built jar)
#
# How it measures:
#  - time: wall clock from fork to exit of the whole command, taken by this shell (date +%s%N); the
#    same shell overhead is in every figure and is shown on its own as "floor" (/bin/true run the same way).
#  - peak memory, in separate runs so measuring does not slow the timed ones: /usr/bin/time %M, i.e.
#    ru_maxrss = the largest process of the waited-for tree (floor: GNU time's own ~1 MiB at fork).
#    JVM: that of the java process (the JVM is the largest in its tree).
#    helper: %M around mc-helper (a wrapper given as -Dmc.helper); ru_maxrss covers the
#      helper and the container it waits for, so it is max(helper, container).
#    container: the rootfs' static busybox running `true`, the program alone.
#    runc/crun: that of the runtime command: max over runc, `runc init` and the container.
#  - CPU time: user+sys of the whole tree (JVM threads, helper, container / runc, runc init, container),
#    from a fresh bash's `times` (ms resolution), separate runs again: less sensitive than wall time to
#    other load on the machine.
#  - crun 1.8.1 refuses hybrid cgroup hosts ("cgroups in hybrid mode not supported"); it runs in a private
#    mount namespace with the cgroup2 mount removed (a no-op on a pure v1 or v2 host):
#    unshare -m sh -c 'umount /sys/fs/cgroup/unified; exec crun run ID'.
#    That wrapper (unshare + sh + umount) is in crun's figure; its cost alone is reported too.
set -uo pipefail
runs="${1:-20}"
here="$(cd "$(dirname "$0")/.." && pwd)"
launcher="$here/bin/mini-container"
jar="$here/target/mini-container.jar"
rootfs="$here/bundles/busybox/rootfs"

die() { echo "run-vs-runc: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (containers with namespaces and cgroups)"
[ -f "$jar" ] || die "$jar is not built; run: mvn -q -B package -DskipTests"
[ -x "$rootfs/bin/busybox" ] || "$here/bundles/busybox/make-rootfs.sh" >/dev/null || die "cannot build $rootfs"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install -y time"

have_runc=1; have_crun=1
command -v runc >/dev/null || { have_runc=0; echo "run-vs-runc: runc is not installed (apt-get install -y runc): its column is skipped" >&2; }
command -v crun >/dev/null || { have_crun=0; echo "run-vs-runc: crun is not installed (apt-get install -y crun): its column is skipped" >&2; }

work="$(mktemp -d /tmp/mc-bench.XXXXXX)"
mcroot="$work/state"
cleanup() {
  for id in $(runc list -q 2>/dev/null | grep '^mcbench-'); do runc delete -f "$id" >/dev/null 2>&1; done
  for id in $(crun list -q 2>/dev/null | grep '^mcbench-'); do crun delete -f "$id" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT

# The bundle: bundles/busybox/config.json running /bin/true, rootfs by absolute path; ociVersion
# 1.0.2 because runc 1.1.5 rejects "1.2.0" ("unknown version specified").
bundle="$work/bundle"
mkdir -p "$bundle"
python3 - "$here/bundles/busybox/config.json" "$bundle/config.json" "$rootfs" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["ociVersion"] = "1.0.2"
c["root"]["path"] = sys.argv[3]
c["process"]["args"] = ["/bin/true"]
c["process"]["terminal"] = False
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY

now() { date +%s%N; }
# Runs a command; appends its CPU ms (user+sys of its whole waited-for tree) to the file $1, from a
# fresh bash's `times` (ms resolution; GNU time prints CPU time in 10 ms steps).
rusage() {
  local out="$1"; shift
  bash -c '"$@" >/dev/null 2>&1 || exit 1; times' rusage "$@" | tail -1 |
    awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.1f\n", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }' >>"$out"
}
# Runs one command, appends its wall time in ms to $1; fails loudly if the command fails.
timed() {
  local out="$1"; shift
  local t0 t1
  t0=$(now)
  if ! "$@" >/dev/null 2>"$work/last.err"; then
    echo "run-vs-runc: failed: $*" >&2; cat "$work/last.err" >&2
    return 1
  fi
  t1=$(now)
  echo "scale=3; ($t1 - $t0) / 1000000" | bc >>"$out"
}

n=0
mc()    { "$launcher" --root "$mcroot" run "$bundle"; }
runc_() { (cd "$bundle" && runc run "mcbench-runc-$$-$n"); }
crun_() { (cd "$bundle" && unshare -m sh -c "umount /sys/fs/cgroup/unified 2>/dev/null; exec crun run mcbench-crun-$$-$n"); }
wrapper() { unshare -m sh -c "umount /sys/fs/cgroup/unified 2>/dev/null; exec /bin/true"; }

names=(mc)
[ $have_runc = 1 ] && names+=(runc_)
[ $have_crun = 1 ] && names+=(crun_)
names+=(wrapper floor)
floor() { /bin/true; }

# Does crun work at all here (with the workaround)?
if [ $have_crun = 1 ] && ! (n=probe; crun_ >/dev/null 2>"$work/crun.err"); then
  echo "run-vs-runc: crun fails even in a private mount namespace without cgroup2: $(tail -1 "$work/crun.err"); its column is skipped" >&2
  names=("${names[@]/crun_}"); have_crun=0
fi

# Warm the page cache and the schema-pass cache, untimed.
for f in "${names[@]}"; do [ -n "$f" ] && { n=warm; "$f" >/dev/null 2>&1; }; done

for ((i = 0; i < runs; i++)); do
  # rotate the order each round so no runtime always goes first
  k=${#names[@]}
  for ((j = 0; j < k; j++)); do
    f="${names[$(( (i + j) % k ))]}"
    [ -z "$f" ] && continue
    n="$i"
    timed "$work/$f.ms" "$f" || exit 1
  done
done

median() { sort -n "$1" | awk '{a[NR]=$1} END {if (NR==0) {print "-"} else if (NR%2) {printf "%.1f", a[(NR+1)/2]} else {printf "%.1f", (a[NR/2]+a[NR/2+1])/2}}'; }
minmax() { sort -n "$1" | awk 'NR==1{lo=$1} {hi=$1} END {printf "%.1f–%.1f", lo, hi}'; }

# Peak memory (KiB) and CPU time (user+sys of the whole process tree, less sensitive than wall time
# to other load on the machine), median of $memruns runs each (rusage above).
memruns=10
peak() { # $1 name, rest: command
  local name="$1"; shift
  for ((r = 0; r < memruns; r++)); do
    /usr/bin/time -f %M -a -o "$work/$name.kb" "$@" >/dev/null 2>&1
    rusage "$work/$name.cpu" "$@"
  done
}
cat >"$work/helper-wrapper" <<W
#!/bin/sh
exec /usr/bin/time -f %M -a -o "$work/helper.kb" "$here/target/mc-helper" "\$@"
W
chmod +x "$work/helper-wrapper"
# bin/mini-container's own flags (keep in step with it), with the helper behind /usr/bin/time.
jvmflags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss1m -Xshare:auto -Xlog:disable -Xlog:all=warning:stderr)
[ -f "$here/target/mini-container.jsa" ] && [ "$here/target/mini-container.jsa" -nt "$jar" ] && jvmflags+=(-XX:SharedArchiveFile="$here/target/mini-container.jsa")
peak jvm java "${jvmflags[@]}" -Dmc.home="$here" -Dmc.helper="$work/helper-wrapper" -jar "$jar" --root "$mcroot" run "$bundle"
peak container "$rootfs/bin/busybox" true
for ((r = 0; r < memruns; r++)); do rusage "$work/floor.cpu" /bin/true; done # what the CPU method itself adds
for ((r = 0; r < memruns; r++)); do
  [ $have_runc = 1 ] && (cd "$bundle" && /usr/bin/time -f %M -a -o "$work/runc.kb" runc run "mcbench-runc-$$-mem$r" >/dev/null 2>&1 \
      && rusage "$work/runc.cpu" runc run "mcbench-runc-$$-cpu$r")
  [ $have_crun = 1 ] && (cd "$bundle" && /usr/bin/time -f %M -a -o "$work/crun.kb" unshare -m sh -c \
      "umount /sys/fs/cgroup/unified 2>/dev/null; exec crun run mcbench-crun-$$-mem$r" >/dev/null 2>&1 \
      && rusage "$work/crun.cpu" unshare -m sh -c "umount /sys/fs/cgroup/unified 2>/dev/null; exec crun run mcbench-crun-$$-cpu$r")
done

med() { [ -s "$1" ] && median "$1" || echo "-"; }
kb() { [ -s "$work/$1.kb" ] && printf "%.1f MiB" "$(echo "scale=2; $(median "$work/$1.kb") / 1024" | bc)" || echo "-"; }
cpu() { [ -s "$work/$1.cpu" ] && median "$work/$1.cpu" || echo "-"; }
mc_ms=$(med "$work/mc.ms")
ratio() { [ "$2" = "-" ] && echo "-" || printf "%.1f×" "$(echo "scale=3; $1 / $2" | bc)"; }

echo
echo "### run /bin/true, start to exit ($runs runs each, alternated; $(date -u +%FT%TZ); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
mc_cpu=$(cpu jvm)
echo "| runtime | median wall ms | min–max ms | mini-container ÷ this (wall) | median CPU ms (user+sys, $memruns runs) | mini-container ÷ this (CPU) | peak RSS |"
echo "|---|---:|---:|---:|---:|---:|---|"
echo "| mini-container | $mc_ms | $(minmax "$work/mc.ms") | 1.0× | $mc_cpu | 1.0× | JVM $(kb jvm); helper+container $(kb helper); container alone $(kb container) |"
if [ $have_runc = 1 ]; then r=$(med "$work/runc_.ms"); echo "| runc $(runc --version | head -1 | awk '{print $3}') | $r | $(minmax "$work/runc_.ms") | $(ratio "$mc_ms" "$r") | $(cpu runc) | $(ratio "$mc_cpu" "$(cpu runc)") | runc tree $(kb runc) |"
else echo "| runc | not installed | | | | | |"; fi
if [ $have_crun = 1 ]; then c=$(med "$work/crun_.ms"); echo "| crun $(crun --version | head -1 | awk '{print $3}') (in unshare -m, cgroup2 unmounted) | $c | $(minmax "$work/crun_.ms") | $(ratio "$mc_ms" "$c") | $(cpu crun) | $(ratio "$mc_cpu" "$(cpu crun)") | crun tree $(kb crun) |"
else echo "| crun | not installed or unusable here | | | | | |"; fi
echo "| (crun's wrapper alone: unshare -m sh -c 'umount …; exec /bin/true') | $(med "$work/wrapper.ms") | $(minmax "$work/wrapper.ms") | | | | |"
echo "| (floor: /bin/true started the same way) | $(med "$work/floor.ms") | $(minmax "$work/floor.ms") | | $(cpu floor) | | |"
echo
[ $have_runc = 1 ] && { awk -v m="$mc_ms" -v r="$(med "$work/runc_.ms")" 'BEGIN { printf "goal mini-container <= 3x runc: %s (%.1fx)\n", (m <= 3 * r ? "met" : "NOT met"), m / r }'; }
