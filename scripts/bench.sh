#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: builds jitffi in Release and prints the benchmark report — direct calls, jitffi
# and the system libffi side by side, wall time and (with valgrind) instruction counts — with a
# chart next to it. On an x86-64 machine also an aarch64 cross build, whose instructions per call
# the report counts under Debian 13's qemu-user (its AArch64 section). Installs what is missing
# first (scripts/deps.sh, scripts/cross-deps.sh). Safe to run twice (the builds are incremental,
# under build/release and build/release-aarch64; the downloaded qemu is kept under build/cache).
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
# AArch64: the cross compiler, Debian's arm64 libraries and Debian 13's qemu-user (whose
# directory cross-deps.sh prints last); only the tool is built, the program the report counts.
aarch64=()
if [ "$(uname -m)" = x86_64 ]; then
  qemu_dir=$("$root/scripts/cross-deps.sh" "$root/build/cache" | tail -n 1)
  cross=build/release-aarch64
  echo "== configure and build the aarch64 cross build ($cross)" >&2
  cmake -S . -B "$cross" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-aarch64-linux-gnu.cmake" \
    -DJITFFI_QEMU_AARCH64="$qemu_dir/qemu-aarch64" -DCMAKE_BUILD_TYPE=Release -DJITFFI_BUILD_TESTS=OFF \
    -DJITFFI_BUILD_BENCH=OFF -DJITFFI_BUILD_TOOLS=ON >/dev/null
  if ! cmake --build "$cross" -j "$jobs" --target jitffi_tool >"$cross/build.log" 2>&1; then
    tail -n 60 "$cross/build.log"
    echo "build failed ($cross/build.log)" >&2
    exit 1
  fi
  aarch64=(--aarch64 "$cross")
else
  echo "== no AArch64 section: the aarch64 cross build is made on x86-64 machines only" >&2
fi
mkdir -p "$build/report"
echo "== benchmark report (report and chart in $build/report)" >&2
"$build/tools/jitffi" bench --json "$build/report/report.json" --chart "$build/report/jitffi-bench.svg" \
  "${aarch64[@]}" "$@" |
  tee "$build/report/report.md"
