#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run a libFuzzer harness for a while: fuzz/run.sh HARNESS SECONDS [WORKDIR]
# (HARNESS: domxml, …). Builds with clang in build-fuzz, fuzzes from the
# committed corpus into WORKDIR (default build-fuzz/corpus-HARNESS), and
# leaves crash inputs in WORKDIR/crashes: add them to fuzz/corpus/HARNESS/
# so they run in every `meson test`.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
secs=$2
work=${3:-build-fuzz/corpus-$name}
if [ ! -d build-fuzz ]; then
  CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debugoptimized
fi
ninja -C build-fuzz "fuzz/fuzz-$name"
mkdir -p "$work/crashes"
ASAN_OPTIONS=detect_leaks=1 build-fuzz/fuzz/fuzz-"$name" \
  -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/crashes/" "$work" "fuzz/corpus/$name"
