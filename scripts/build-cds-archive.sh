#!/usr/bin/env bash
# Builds target/mini-container.jsa (and -short.jsa, -read.jsa), the AppCDS archives bin/mini-container uses: runs the
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
short="$target/mini-container-short.jsa"
read="$target/mini-container-read.jsa"
state="$target/cds-state"
rm -f "$archive" "$archive.tmp" "$archive.jvm" "$short" "$short.tmp" "$read" "$read.tmp" "$target"/mini-container*.classlist
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

# dump ARCHIVE LOG WORKLOAD-MODE: the workload once with -XX:DumpLoadedClassList, then -Xshare:dump of that list
# (after the launcher's -Xshare:auto: the last one counts). 0 if ARCHIVE was written.
# The read workload's container is made and removed by JVMs of their own (read-setup, read-teardown): started from the
# workload, their ProcessBuilder's classes would be in the list.
dump() {
  local out="$1" log="$2" mode="$3" list="$1.classlist" made=1 id="cds-workload-read-$$"
  [ "$mode" = read ] && workload read-setup "$id" >"${log%.log}-setup.log" 2>&1
  if java "${flags[@]}" -XX:DumpLoadedClassList="$list" -Dmc.home="$base" -Dmc.helper="$target/mc-helper" \
      -cp "$jar" io.minicontainer.bench.ArchiveWorkload "$base" "$state" "$mode" "$id" >"$log" 2>&1 && [ -s "$list" ] &&
     java "${flags[@]}" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$out.tmp" \
      -cp "$jar" >>"$log" 2>&1 && [ -s "$out.tmp" ]; then
    mv "$out.tmp" "$out"
    echo "build-cds-archive: wrote $out ($(du -k "$out" | cut -f1) KiB); workload log: $log"
    grep '^archive workload:' "$log" || true
    made=0
  else
    rm -f "$out.tmp"
    echo "build-cds-archive: WARNING: no $out (the workload or the dump failed; see $log); bin/mini-container still works, only slower" >&2
    tail -5 "$log" >&2
  fi
  [ "$mode" = read ] && workload read-teardown "$id" >>"${log%.log}-setup.log" 2>&1
  rm -rf "$state" "$state.sleeper" "$list"
  return "$made"
}
workload() { java "${flags[@]}" -Dmc.home="$base" -Dmc.helper="$target/mc-helper" -cp "$jar" io.minicontainer.bench.ArchiveWorkload "$base" "$state" "$@"; }

# Two archives: every verb's classes, and the short verbs' only (ArchiveWorkload short: state, start, kill, delete,
# pause, resume, list, ps), which the launcher gives those verbs. A JVM maps its whole archive; the short verbs' one
# is about a third of the size (10 of 27 MiB): `state` 1.22x -> 1.15x the empty JVM (25 A/B pairs, load 2.2).
if dump "$archive" "$target/cds-workload.log" all; then
  # the launcher prefers the short archive: one trained on failed steps (not root, no busybox) would hold their
  # error paths instead of the verbs' own classes, so it is kept only after a clean workload
  if dump "$short" "$target/cds-workload-short.log" short && ! grep -q '^archive workload: all steps ran as expected' "$target/cds-workload-short.log"; then
    rm -f "$short"
    echo "build-cds-archive: WARNING: the short verbs' workload did not run cleanly; no $short (the full archive serves them)" >&2
  fi
  # A third, of state, list and ps only (ArchiveWorkload read), kept on the same terms. A JVM touches the archive pages
  # its classes are on: one of these three verbs' classes only (7.4 MiB) ran them 0.963-0.967x the wall time of the
  # short verbs' archive (81 A/B pairs each, load 1.4-1.8; docs/STARTUP.md, "readverbs").
  if dump "$read" "$target/cds-workload-read.log" read && ! grep -q '^archive workload: all steps ran as expected' "$target/cds-workload-read.log"; then
    rm -f "$read"
    echo "build-cds-archive: WARNING: the state/list/ps workload did not run cleanly; no $read (the short or full archive serves them)" >&2
  fi
  # The archives only fit the JVM build that dumped them; another one (a JDK package upgrade) ignores them, or
  # warns on stderr on every call. Record which one it was, as its release file names it: the launcher
  # compares that line with the JDK's release file before it offers an archive.
  home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  version="$(grep '^JAVA_RUNTIME_VERSION=' "$home/release" 2>/dev/null)"
  if [ -n "$version" ]; then echo "$home $version" >"$archive.jvm"; else
    echo "build-cds-archive: WARNING: $home/release names no JAVA_RUNTIME_VERSION; the launcher will not use the archive" >&2; fi
fi

# A JDK >= 25 installed (e.g. Temurin under /usr/lib/jvm; without one this is skipped): AOT caches (JEP 483/514:
# classes loaded and linked ahead of time), which bin/mini-container uses with that JDK when MC_JDK=25. Two, each
# trained on one family of verbs (ArchiveWorkload short / long): a JDK 25 JVM loads and links every class of its
# cache at start-up, whichever verb runs, and one cache trained on everything (~3,100 classes) made `state` 1.95x
# as long as JDK 17 with its archive against 1.00x with a cache of the short verbs only (21 A/B pairs, load 2.5,
# with an exit that skips JDK 21+'s Runtime.exit logger: docs/STARTUP.md, "aot25"). Each cache only fits the JVM
# build that made it: the JDK's home and release line are recorded as for the archive. Never fails the build either.
rm -f "$target"/mini-container*.aot "$target/mini-container.aot.jdk" "$target/mini-container.aot.jvm"
jdk25=""
for home in ${MC_JDK25_HOME:-} /usr/lib/jvm/temurin-2[5-9]-jdk-amd64 /usr/lib/jvm/*-2[5-9]*; do
  if [ -x "$home/bin/java" ]; then jdk25="$home"; break; fi
done
if [ -n "$jdk25" ]; then
  # the launcher's JDK 25 flags (bin/mini-container, MC_JDK=25; keep the two in step): its list without
  # -Xshare:* (not allowed with an AOT cache), Serial in place of G1, the two options JDK 24+ needs for jffi,
  # and no replay of the training's compilations
  flags25=()
  for f in "${flags[@]}"; do case "$f" in -Xshare:*) ;; -XX:+UseG1GC) flags25+=(-XX:+UseSerialGC) ;; *) flags25+=("$f") ;; esac; done
  flags25+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:-AOTReplayTraining)
  made=0
  for family in short long; do
    aot="$target/mini-container-$family.aot"
    aotlog="$target/aot-workload-$family.log"
    if "$jdk25/bin/java" "${flags25[@]}" -XX:AOTCacheOutput="$aot.tmp" -Dmc.home="$base" -Dmc.helper="$target/mc-helper" \
        -cp "$jar" io.minicontainer.bench.ArchiveWorkload "$base" "$state" "$family" >"$aotlog" 2>&1 && [ -s "$aot.tmp" ] &&
       grep -q '^archive workload: all steps ran as expected' "$aotlog"; then
      mv "$aot.tmp" "$aot"
      made=$((made + 1))
      echo "build-cds-archive: wrote $aot ($(du -k "$aot" | cut -f1) KiB) for $jdk25; workload log: $aotlog"
      grep '^archive workload:' "$aotlog" || true
    else
      rm -f "$aot.tmp"
      # as for the archives: a cache trained on failed steps (not root, no busybox) would hold their error paths
      echo "build-cds-archive: WARNING: no $family AOT cache for $jdk25 (its workload failed or did not run cleanly, see $aotlog); MC_JDK=25 uses JDK 17 and its archive" >&2
      tail -5 "$aotlog" >&2
    fi
    rm -rf "$state" "$state.sleeper"
  done
  version="$(grep '^JAVA_RUNTIME_VERSION=' "$jdk25/release" 2>/dev/null)"
  if [ "$made" = 2 ] && [ -n "$version" ]; then echo "$jdk25 $version" >"$target/mini-container.aot.jvm"; fi
fi
exit 0
