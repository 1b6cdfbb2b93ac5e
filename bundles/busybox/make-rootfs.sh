#!/usr/bin/env bash
# Builds bundles/busybox/rootfs from Debian's busybox-static (apt-get install -y busybox-static):
# one static binary plus a link per applet. Needs no download beyond that package.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
busybox="${BUSYBOX:-/bin/busybox}"
if [ ! -x "$busybox" ]; then
  echo "make-rootfs: $busybox not found; install it with: apt-get install -y busybox-static" >&2
  exit 1
fi
rootfs="$here/rootfs"
mkdir -p "$rootfs"/{bin,proc,sys,dev,tmp,etc,root}
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$rootfs/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
done
echo "root:x:0:0:root:/root:/bin/sh" > "$rootfs/etc/passwd"
echo "root:x:0:" > "$rootfs/etc/group"
echo "built $rootfs"
