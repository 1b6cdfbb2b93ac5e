#!/usr/bin/env bash
# Fails (exit 1) if this checkout's tests left anything on the host: cgroups whose name carries this
# checkout's tag (testing/TestScope: "t" + 6 hex of SHA-256 of the base dir), mounts under the base
# dir, helper or container processes rooted or started under it. Only what these tests created is
# looked at, so other checkouts, podman or runc may use the machine meanwhile. Run by `mvn verify`.
set -u
base=$(cd "${1:-$(dirname "$0")/..}" && pwd -P)
tag="t$(printf %s "$base" | sha256sum | cut -c1-6)"
leaks=""
for d in /sys/fs/cgroup/*/ /sys/fs/cgroup/unified/; do
  [ -d "$d" ] || continue
  found=$(find "$d" -maxdepth 5 -type d -name "*$tag*" 2>/dev/null | head -5)
  [ -n "$found" ] && leaks+="cgroup: $found"$'\n'
done
mnt=$(awk -v b="$base/" -v t="$tag" 'index($5, b) == 1 || index($5, t) || index($4, b) == 1 {print $5}' /proc/self/mountinfo | head -10)
[ -n "$mnt" ] && leaks+="mounts: $mnt"$'\n'
# A process is ours if its root is one of our rootfs (a container) or it is a helper whose working
# dir or arguments are under the base dir. A zombie re-parented to PID 1 holds nothing (no memory,
# cgroup or mount); a PID 1 that never reaps (a container's init, or a bare sandbox) makes such zombies, so it is not a leak.
procs=""
for p in /proc/[0-9]*; do
  pid=${p#/proc/}
  [ "$pid" = "$$" ] && continue
  state=$(awk '{print $3}' "$p/stat" 2>/dev/null) || continue
  [ "$state" = Z ] && continue
  root=$(readlink "$p/root" 2>/dev/null) || continue
  cwd=$(readlink "$p/cwd" 2>/dev/null)
  comm=$(cat "$p/comm" 2>/dev/null)
  args=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)
  if [[ "$root" == "$base/"* ]] \
     || { [[ "$comm" == *mc-helper* || "$args" == *mc-helper* ]] && [[ "$cwd" == "$base"* || "$args" == *"$base"* || "$args" == *"$tag"* ]]; }; then
    procs+="$pid ($comm) root=$root cwd=$cwd: $args"$'\n'
  fi
done
[ -n "$procs" ] && leaks+="processes: $procs"
if [ -n "$leaks" ]; then
  printf 'check-leaks: the tests of %s (tag %s) left these behind:\n%s' "$base" "$tag" "$leaks" >&2
  exit 1
fi
echo "check-leaks: nothing left behind by the tests of $base (tag $tag)"
