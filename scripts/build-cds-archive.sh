#!/usr/bin/env bash
# Builds target/mini-container.jsa, the AppCDS archive bin/mini-container uses: runs the
# representative workload (io.minicontainer.bench.ArchiveWorkload) once with
# -XX:ArchiveClassesAtExit. Run by `mvn package` after the jar is built. It never fails the build:
# without an archive the launcher is only slower, so problems are logged and the exit status is 0.
set -u
base="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
target="$base/target"
jar="$target/mini-container.jar"
archive="$target/mini-container.jsa"
log="$target/cds-workload.log"
rm -f "$archive" "$archive.tmp"
if [ ! -f "$jar" ]; then
  echo "build-cds-archive: $jar not built; no archive" >&2
  exit 0
fi
# Same VM flags and the same absolute jar path as bin/mini-container: the archive is only used when
# the class path and GC match the run that made it.
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss1m -Xshare:auto)
state="$target/cds-state"
if java "${flags[@]}" -XX:ArchiveClassesAtExit="$archive.tmp" -Dmc.home="$base" -Dmc.helper="$target/mc-helper" \
    -cp "$jar" io.minicontainer.bench.ArchiveWorkload "$base" "$state" >"$log" 2>&1 && [ -s "$archive.tmp" ]; then
  mv "$archive.tmp" "$archive"
  echo "build-cds-archive: wrote $archive ($(du -k "$archive" | cut -f1) KiB); workload log: $log"
  grep '^archive workload:' "$log" || true
else
  rm -f "$archive.tmp"
  echo "build-cds-archive: WARNING: no archive (the workload failed; see $log); bin/mini-container still works, only slower" >&2
  tail -5 "$log" >&2
fi
rm -rf "$state"
exit 0
