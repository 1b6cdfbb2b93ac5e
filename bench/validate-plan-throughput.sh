#!/usr/bin/env bash
# validate+plan throughput in one warm JVM over the examples and the runc-spec config, on every
# core (io.minicontainer.bench.ValidatePlanThroughput). Goal: >= 20,000 configs/s on 2 cores.
# Prints a markdown table: per config (1 thread) and aggregate (1 thread, all threads), for the
# same text repeated and for texts made distinct on every call.
# Usage: bench/validate-plan-throughput.sh [--threads N] [--warmup-ms MS] [--measure-ms MS]
# Defaults: 10 s warm-up (both workloads, all threads), then 1 s per config and 4 s per aggregate.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/target/mini-container.jar"
if [ ! -f "$jar" ]; then
  echo "validate-plan-throughput: $jar is not built; run: mvn -q -B package -DskipTests" >&2
  exit 1
fi
configs=("$here"/examples/*.json "$here/src/test/resources/good/runc-spec.json")
echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
# Server defaults (C2, default GC): this is a long-running throughput figure, not a CLI start.
exec java -Xms512m -Xmx512m -cp "$jar" io.minicontainer.bench.ValidatePlanThroughput "$@" "${configs[@]}"
