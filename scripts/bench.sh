#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: builds jitffi in Release and prints the benchmark report — direct calls, jitffi
# and the system libffi side by side, wall time and (with valgrind) instruction counts — with a
# chart next to it. On an x86-64 machine also aarch64 and riscv64 cross builds, whose
# instructions per call the report counts under Debian 13's qemu-user (its AArch64 and RISC-V 64
# sections). Installs what is missing first (scripts/deps.sh, scripts/cross-deps.sh,
# scripts/riscv64-deps.sh). Safe to run twice (the builds are incremental, under build/release,
# build/release-aarch64 and build/release-riscv64; the downloaded qemu and the riscv64 libraries
# are kept under build/cache).
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
# The other architectures, on an x86-64 machine: a cross build of each with only its tool, the
# program the report counts under Debian 13's qemu-user (whose directory cross-deps.sh prints
# last). AArch64: the cross compiler and Debian's arm64 libraries (cross-deps.sh). RISC-V 64: the
# cross compiler and the riscv64 libffi that riscv64-deps.sh builds (cached) into the prefix it
# prints last.
cross_build() {  # cross_build ARCH CMAKE_ARGS...: build/release-ARCH, its tool
  local arch=$1; shift
  local dir=build/release-$arch
  echo "== configure and build the $arch cross build ($dir)" >&2
  cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-$arch-linux-gnu.cmake" \
    -DCMAKE_BUILD_TYPE=Release -DJITFFI_BUILD_TESTS=OFF -DJITFFI_BUILD_BENCH=OFF -DJITFFI_BUILD_TOOLS=ON \
    "$@" >/dev/null
  if ! cmake --build "$dir" -j "$jobs" --target jitffi_tool >"$dir/build.log" 2>&1; then
    tail -n 60 "$dir/build.log"
    echo "build failed ($dir/build.log)" >&2
    exit 1
  fi
  cross+=("--$arch" "$dir")
}
cross=()
if [ "$(uname -m)" = x86_64 ]; then
  qemu_dir=$("$root/scripts/cross-deps.sh" "$root/build/cache" | tail -n 1)
  cross_build aarch64 -DJITFFI_QEMU_AARCH64="$qemu_dir/qemu-aarch64"
  riscv64_prefix=$("$root/scripts/riscv64-deps.sh" "$root/build/cache" | tail -n 1)
  cross_build riscv64 -DJITFFI_QEMU_RISCV64="$qemu_dir/qemu-riscv64" -DCMAKE_FIND_ROOT_PATH="$riscv64_prefix"
else
  echo "== no AArch64 or RISC-V 64 section: the cross builds are made on x86-64 machines only" >&2
fi
mkdir -p "$build/report"
echo "== benchmark report (report and chart in $build/report)" >&2
"$build/tools/jitffi" bench --json "$build/report/report.json" --chart "$build/report/jitffi-bench.svg" \
  "${cross[@]}" "$@" |
  tee "$build/report/report.md"
