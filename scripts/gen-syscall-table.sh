#!/bin/sh
# Generates the seccomp compiler's syscall tables from the build machine's kernel headers (linux-libc-dev)
# (Debian linux-libc-dev). Never edit the output by hand: it is rebuilt on every `mvn package`.
# Output: <outdir>/io/minicontainer/seccomp/syscalls.tsv, lines "arch<TAB>name<TAB>number".
set -eu
out="$1/io/minicontainer/seccomp"
inc="${MC_ASM_INCLUDE:-/usr/include/x86_64-linux-gnu/asm}"
mkdir -p "$out"
tmp="$out/syscalls.tsv.tmp"
: > "$tmp"
table() { # arch header
    [ -r "$inc/$2" ] || { echo "gen-syscall-table: missing $inc/$2 (apt-get install linux-libc-dev)" >&2; exit 1; }
    # "#define __NR_name N" or "#define __NR_name (__X32_SYSCALL_BIT + N)"; the x32 bit is 0x40000000
    sed -n 's/^#define __NR_\([a-z0-9_]*\) \(.*\)$/\1 \2/p' "$inc/$2" | awk -v arch="$1" '
        { name = $1; expr = $0; sub(/^[^ ]* /, "", expr)
          if (expr ~ /^[0-9]+$/) nr = expr + 0
          else if (match(expr, /^\(__X32_SYSCALL_BIT \+ [0-9]+\)$/)) { sub(/^.*\+ /, "", expr); sub(/\)$/, "", expr); nr = 1073741824 + expr }
          else { print "gen-syscall-table: cannot read " arch " " $0 > "/dev/stderr"; exit 1 }
          printf "%s\t%s\t%d\n", arch, name, nr }' >> "$tmp"
}
table x86_64 unistd_64.h
table x86 unistd_32.h
table x32 unistd_x32.h
mv "$tmp" "$out/syscalls.tsv"
