#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: builds jitffi in Release and prints the benchmark report — direct calls, jitffi
# and the system libffi side by side, wall time and (with valgrind) instruction counts — with a
# chart next to it. Installs what is missing first. Safe to run twice (the build is
# incremental, under build/release).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
jobs=$(nproc 2>/dev/null || echo 2)
cd "$root"
build=build/release
echo "== configure and build ($build)" >&2
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DJITFFI_BUILD_TESTS=OFF -DJITFFI_BUILD_BENCH=ON \
  -DJITFFI_BUILD_TOOLS=ON >/dev/null
if ! cmake --build "$build" -j "$jobs" >"$build/build.log" 2>&1; then
  tail -n 60 "$build/build.log"
  echo "build failed ($build/build.log)" >&2
  exit 1
fi
mkdir -p "$build/report"
echo "== benchmark report (report and chart in $build/report)" >&2
"$build/tools/jitffi" bench --json "$build/report/report.json" --chart "$build/report/jitffi-bench.svg" "$@" |
  tee "$build/report/report.md"
