#!/usr/bin/env bash
# Measures the OCI lifecycle the way a client drives it: create + start + delete --force, one process
# per verb, median wall time of N runs; and the resident memory (VmRSS) of what stays behind after
# create (the process waiting for start). Compares with runc on the same bundle when it is installed.
# Usage: bench/oci-lifecycle.sh [runs]   (root; needs `mvn -q -B package -DskipTests` and busybox-static)
set -euo pipefail
runs="${1:-10}"
here="$(cd "$(dirname "$0")/.." && pwd)"
mc="$here/bin/mini-container"
work="$(mktemp -d /tmp/oci-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

bundle="$work/bundle"
mkdir -p "$bundle"
BUSYBOX="${BUSYBOX:-/bin/busybox}"
mkdir -p "$bundle"/rootfs/{bin,proc,sys,dev,tmp,etc,root}
cp "$BUSYBOX" "$bundle/rootfs/bin/busybox"
for a in $("$BUSYBOX" --list); do [ "$a" = busybox ] || ln -sf busybox "$bundle/rootfs/bin/$a"; done
# the repository's busybox bundle config, running /bin/true
sed 's#"args": *\[[^]]*\]#"args": ["/bin/true"]#' "$here/bundles/busybox/config.json" > "$bundle/config.json"
python3 - "$bundle/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["process"]["args"] = ["/bin/true"]
json.dump(c, open(sys.argv[1], "w"), indent=1)
PY

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# $1: name, $2...: the runtime's command with its --root
bench() {
  local name="$1"; shift
  local times=() rss=()
  for i in $(seq 1 "$runs"); do
    local id="bench-$name-$$-$i"
    local t0; t0=$(now_ms)
    "$@" create --bundle "$bundle" --pid-file "$work/pid" "$id" </dev/null >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
    local t1; t1=$(now_ms)
    rss+=("$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$work/pid")/status")")
    local t2; t2=$(now_ms)
    "$@" start "$id" </dev/null >/dev/null
    "$@" delete --force "$id" </dev/null >/dev/null
    local t3; t3=$(now_ms)
    times+=($(( (t1 - t0) + (t3 - t2) )))
  done
  local t; t=$(printf '%s\n' "${times[@]}" | median)
  local r; r=$(printf '%s\n' "${rss[@]}" | median)
  echo "$name: create+start+delete median ${t} ms over $runs runs; left behind after create: VmRSS ${r} kB"
  eval "${name//-/_}_ms=$t; ${name//-/_}_rss=$r"
}

bench mini-container "$mc" --root "$work/state-mc"
if command -v runc >/dev/null; then
  bench runc runc --root "$work/state-runc"
  awk -v a="$mini_container_ms" -v b="$runc_ms" -v c="$mini_container_rss" -v d="$runc_rss" \
    'BEGIN {printf "ratio mini-container/runc: time %.2fx, resident memory left after create %.2fx\n", a/b, c/d}'
else
  echo "runc not installed: no comparison"
fi
