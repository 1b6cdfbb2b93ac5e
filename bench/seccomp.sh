#!/usr/bin/env bash
# Seccomp cost: (1) compile time of podman's default profile (/usr/share/containers/seccomp.json,
# package golang-github-containers-common) in one JVM, cold and warm; (2) `run` wall time of
# /bin/true on the busybox bundle without and with that profile, for mini-container and for runc
# on the same bundle, alternated run by run, medians, and the ratios with/without and mc/runc.
#
# Usage: bench/seccomp.sh [RUNS]    (default 20; needs root, a built jar, runc for its column)
set -uo pipefail
runs="${1:-20}"
here="$(cd "$(dirname "$0")/.." && pwd)"
launcher="$here/bin/mini-container"
jar="$here/target/mini-container.jar"
rootfs="$here/bundles/busybox/rootfs"
profile="${PROFILE:-/usr/share/containers/seccomp.json}"

die() { echo "seccomp-bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root"
[ -f "$jar" ] || die "$jar is not built; run: mvn -q -B package -DskipTests"
[ -r "$profile" ] || die "$profile missing: apt-get install -y golang-github-containers-common"
[ -x "$rootfs/bin/busybox" ] || "$here/bundles/busybox/make-rootfs.sh" >/dev/null || die "cannot build $rootfs"
have_runc=1
command -v runc >/dev/null || { have_runc=0; echo "seccomp-bench: runc is not installed: its column is skipped" >&2; }

java_() { java -cp "$jar:$here/target/lib/*" "$@"; }

echo "## compile (one JVM)"
java_ io.minicontainer.bench.SeccompCompileBench compile "$profile" || die "compile benchmark failed"

work="$(mktemp -d /tmp/mc-seccomp-bench.XXXXXX)"
cleanup() {
  for id in $(runc --root "$work/runc" list -q 2>/dev/null); do runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT
java_ io.minicontainer.bench.SeccompCompileBench oci "$profile" >"$work/seccomp.json" || die "cannot convert $profile"
# Two bundles, identical but for linux.seccomp; ociVersion 1.0.2 because runc 1.1 rejects newer ones.
for b in plain seccomp; do
  mkdir -p "$work/$b"
  python3 - "$here/bundles/busybox/config.json" "$work/$b/config.json" "$rootfs" "$b" "$work/seccomp.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["ociVersion"] = "1.0.2"
c["root"]["path"] = sys.argv[3]
c["process"]["args"] = ["/bin/true"]
c["process"]["terminal"] = False
if sys.argv[4] == "seccomp":
    c.setdefault("linux", {})["seccomp"] = json.load(open(sys.argv[5]))
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY
done
"$launcher" --root "$work/mc" run "$work/seccomp" || die "mini-container cannot run the seccomp bundle"

now() { date +%s%N; }
timed() { # file, command...
  local out="$1"; shift
  local t0 t1
  t0=$(now)
  "$@" >/dev/null 2>"$work/last.err" || { echo "seccomp-bench: failed: $*" >&2; cat "$work/last.err" >&2; exit 1; }
  t1=$(now)
  echo "scale=3; ($t1 - $t0) / 1000000" | bc >>"$out"
}
n=0
mc_plain()     { "$launcher" --root "$work/mc" run "$work/plain"; }
mc_seccomp()   { "$launcher" --root "$work/mc" run "$work/seccomp"; }
runc_plain()   { runc --root "$work/runc" run --bundle "$work/plain" "mcsb-$$-p$n"; }
runc_seccomp() { runc --root "$work/runc" run --bundle "$work/seccomp" "mcsb-$$-s$n"; }
names=(mc_plain mc_seccomp)
[ $have_runc = 1 ] && names+=(runc_plain runc_seccomp)
for f in "${names[@]}"; do n=warm; "$f" >/dev/null 2>&1; done
for ((i = 0; i < runs; i++)); do
  k=${#names[@]}
  for ((j = 0; j < k; j++)); do
    f="${names[$(( (i + j) % k ))]}"; n="$i"
    timed "$work/$f.ms" "$f"
  done
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {if (NR%2) printf "%.1f", a[(NR+1)/2]; else printf "%.1f", (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mp=$(median "$work/mc_plain.ms"); ms=$(median "$work/mc_seccomp.ms")
echo
echo "## run /bin/true, median of $runs (ms)"
echo "| runtime | without seccomp | with podman's profile | with/without |"
echo "|---|---|---|---|"
echo "| mini-container | $mp | $ms | $(ratio "$ms" "$mp") |"
if [ $have_runc = 1 ]; then
  rp=$(median "$work/runc_plain.ms"); rs=$(median "$work/runc_seccomp.ms")
  echo "| runc $(runc --version | head -1 | awk '{print $3}') | $rp | $rs | $(ratio "$rs" "$rp") |"
  echo
  echo "mini-container/runc: without $(ratio "$mp" "$rp"), with seccomp $(ratio "$ms" "$rs"); seccomp's added cost: mini-container $(awk -v a="$ms" -v b="$mp" 'BEGIN{printf "%+.1f", a-b}') ms, runc $(awk -v a="$rs" -v b="$rp" 'BEGIN{printf "%+.1f", a-b}') ms"
fi
