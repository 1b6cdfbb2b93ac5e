#!/usr/bin/env bash
# Builds target/mini-container.jsa, the AppCDS archive bin/mini-container uses: runs the
# representative workload (io.minicontainer.bench.ArchiveWorkload) once with -XX:DumpLoadedClassList,
# then dumps a static archive of those classes, the JDK's and ours in one (-Xshare:dump), in place of
# the JDK's default archive. Run by `mvn package` after the jar is built. It never fails the build:
# without an archive the launcher is only slower, so problems are logged and the exit status is 0.
#
# Static, not dynamic (-XX:ArchiveClassesAtExit on top of the JDK's archive, as before): measured on the
# 2-core machine (load 15-38, alternating loops, CPU user + sys per command), `state` 54.6 -> 44.0 ms
# (lower in 4 of 4 loops of 20), `create` of podman's config 169 -> 163 ms (3 of 3 loops of 8),
# `run /bin/true` 140 -> 138 ms (6 loops of 20, noise). It is ~28 MiB against 14 MiB, but it replaces
# the JDK's own archive (~13 MiB) instead of adding to it.
set -u
base="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
target="$base/target"
jar="$target/mini-container.jar"
archive="$target/mini-container.jsa"
log="$target/cds-workload.log"
classlist="$target/mini-container.classlist"
rm -f "$archive" "$archive.tmp" "$archive.jvm" "$classlist"
if [ ! -f "$jar" ]; then
  echo "build-cds-archive: $jar not built; no archive" >&2
  exit 0
fi
# The same VM flags and the same absolute jar path as bin/mini-container: the archive is only used when
# the class path and GC match the run that made it. The flags are the launcher's own list, read from it
# (MC_JDK unset: its JDK 17 list), so that the two cannot drift apart.
if ! launcher_flags="$(env -u MC_JDK MC_PRINT_JVM_FLAGS=1 "$base/bin/mini-container")"; then
  echo "build-cds-archive: WARNING: cannot read bin/mini-container's JVM flags; no archive" >&2
  exit 0
fi
read -r -a flags <<<"$launcher_flags"
flags=("${flags[@]:1}") # the first word is the java command
state="$target/cds-state"
# (-Xshare:dump after the launcher's -Xshare:auto: the last one counts)
if java "${flags[@]}" -XX:DumpLoadedClassList="$classlist" -Dmc.home="$base" -Dmc.helper="$target/mc-helper" \
    -cp "$jar" io.minicontainer.bench.ArchiveWorkload "$base" "$state" >"$log" 2>&1 && [ -s "$classlist" ] &&
   java "${flags[@]}" -Xshare:dump -XX:SharedClassListFile="$classlist" -XX:SharedArchiveFile="$archive.tmp" \
    -cp "$jar" >>"$log" 2>&1 && [ -s "$archive.tmp" ]; then
  mv "$archive.tmp" "$archive"
  # The archive only fits the JVM build that dumped it; another one (a JDK package upgrade) ignores it, or
  # warns on stderr on every call. Record which one it was, as its release file names it: the launcher
  # compares that line with the JDK's release file before it offers the archive.
  home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  version="$(grep '^JAVA_RUNTIME_VERSION=' "$home/release" 2>/dev/null)"
  if [ -n "$version" ]; then echo "$home $version" >"$archive.jvm"; else
    echo "build-cds-archive: WARNING: $home/release names no JAVA_RUNTIME_VERSION; the launcher will not use the archive" >&2; fi
  echo "build-cds-archive: wrote $archive ($(du -k "$archive" | cut -f1) KiB); workload log: $log"
  grep '^archive workload:' "$log" || true
else
  rm -f "$archive.tmp"
  echo "build-cds-archive: WARNING: no archive (the workload or the dump failed; see $log); bin/mini-container still works, only slower" >&2
  tail -5 "$log" >&2
fi
rm -rf "$state" "$classlist"

# A JDK >= 25 installed (e.g. Temurin under /usr/lib/jvm; without one this is skipped): the same
# workload trains an AOT cache (JEP 483/514: classes loaded and linked ahead of time, plus method
# profiles), which bin/mini-container uses with that JDK. The cache only fits the JVM that made it,
# so the JDK's path is recorded next to it. Never fails the build either.
aot="$target/mini-container.aot"
rm -f "$aot" "$aot.jdk"
jdk25=""
for home in ${MC_JDK25_HOME:-} /usr/lib/jvm/temurin-2[5-9]-jdk-amd64 /usr/lib/jvm/*-2[5-9]*; do
  if [ -x "$home/bin/java" ]; then jdk25="$home"; break; fi
done
if [ -n "$jdk25" ]; then
  aotlog="$target/aot-workload.log"
  # the launcher's JDK 25 flags: its list without -Xshare:* (not allowed with an AOT cache), plus the two
  # options JDK 24+ needs for jffi (bin/mini-container, MC_JDK=25)
  flags25=()
  for f in "${flags[@]}"; do case "$f" in -Xshare:*) ;; *) flags25+=("$f") ;; esac; done
  flags25+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
  if "$jdk25/bin/java" "${flags25[@]}" -XX:AOTCacheOutput="$aot.tmp" -Dmc.home="$base" -Dmc.helper="$target/mc-helper" \
      -cp "$jar" io.minicontainer.bench.ArchiveWorkload "$base" "$state" >"$aotlog" 2>&1 && [ -s "$aot.tmp" ]; then
    mv "$aot.tmp" "$aot"
    echo "$jdk25" >"$aot.jdk"
    echo "build-cds-archive: wrote $aot ($(du -k "$aot" | cut -f1) KiB) for $jdk25; workload log: $aotlog"
  else
    rm -f "$aot.tmp"
    echo "build-cds-archive: WARNING: no AOT cache for $jdk25 (see $aotlog); the launcher uses JDK 17 and its archive" >&2
    tail -5 "$aotlog" >&2
  fi
  rm -rf "$state"
fi
exit 0
