#!/usr/bin/env bash
# Prints which package of mini-container uses which (from the compiled classes, with jdeps), one line per
# package: "plan -> cgroup seccomp spec validate". The rules these arrows must follow are in
# docs/ARCHITECTURE.md and src/test/java/io/minicontainer/ArchitectureTest.java. Run after `mvn compile`.
set -euo pipefail
classes="$(cd "$(dirname "$0")/.." && pwd)/target/classes"
[ -d "$classes/io/minicontainer" ] || { echo "no $classes: run 'mvn compile' first" >&2; exit 1; }
jdeps -verbose:package -filter:none "$classes" 2>/dev/null \
  | awk '$1 ~ /^io\.minicontainer\./ && $2 == "->" && $3 ~ /^io\.minicontainer\./ {
           from = substr($1, 18); to = substr($3, 18); sub(/\..*/, "", from); sub(/\..*/, "", to)
           if (from != to) print from, to }' \
  | sort -u \
  | awk '{ uses[$1] = uses[$1] " " $2 } END { for (p in uses) print p " ->" uses[p] }' \
  | sort
