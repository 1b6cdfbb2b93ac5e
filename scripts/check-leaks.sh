#!/usr/bin/env bash
# Fails (exit 1) if anything of ours is left on the host: cgroups named *mini-container*, mounts of
# test rootfs or bundles, helper or container processes. Run by the build after the tests.
set -u
leaks=""
for d in /sys/fs/cgroup/*/ /sys/fs/cgroup/unified/; do
  [ -d "$d" ] || continue
  found=$(find "$d" -maxdepth 4 -type d -iname '*mini-container*' 2>/dev/null | head -5)
  [ -n "$found" ] && leaks+="cgroup: $found"$'\n'
done
mnt=$(grep -E 'mini-container|/rootfs|ocitest|test-rootfs' /proc/self/mountinfo 2>/dev/null | awk '{print $5}' | head -10)
[ -n "$mnt" ] && leaks+="mounts: $mnt"$'\n'
# A zombie re-parented to PID 1 holds nothing (no memory, cgroup or mount); this host's PID 1 never
# reaps, so a container killed before exec stays listed as "[memfd:mc-helper] <defunct>": not a leak.
procs=$(ps -eo pid=,ppid=,stat=,args= 2>/dev/null | awk '!($2 == 1 && $3 ~ /^Z/)' | grep -E 'mc-helper|mini-container-test' | grep -v -E 'grep|check-leaks' | head -10)
[ -n "$procs" ] && leaks+="processes: $procs"$'\n'
if [ -n "$leaks" ]; then
  printf 'check-leaks: the tests left these behind:\n%s' "$leaks" >&2
  exit 1
fi
echo "check-leaks: nothing left behind"
