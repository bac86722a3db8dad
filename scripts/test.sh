#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs every test: the normal build (all tests, the JIT and the interpreted fallback),
# an ASan+UBSan build (all tests but the packaging ones: install, subprojects), a TSan build (the
# concurrency tests), an aarch64 build (cross-compiled, every test run under Debian 13's
# qemu-user: cmake/toolchain-aarch64-linux-gnu.cmake) and a riscv64 build (cross-compiled without
# the JIT, every test that applies run under the same qemu-user:
# cmake/toolchain-riscv64-linux-gnu.cmake). Installs what is missing first (scripts/deps.sh,
# scripts/cross-deps.sh, scripts/riscv64-deps.sh). Safe to run twice: builds are incremental,
# under build/test-*, and the downloaded qemu and the riscv64 libraries are kept under
# build/cache.
# JITFFI_TEST_STAGES="main aarch64" runs only the stages named (for work in progress; CI runs the
# default ones).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
jobs=$(nproc 2>/dev/null || echo 2)
cd "$root"

# CPU seconds (user + system) of this script's finished child processes: with the wall time, what
# each stage would take on a machine of its own (this one may be shared).
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print int(($16 + $17) / hz)}' /proc/$$/stat; }

stages=" ${JITFFI_TEST_STAGES:-main asan tsan aarch64 riscv64} "
wanted() { [[ "$stages" == *" $1 "* ]]; }

run() {  # run NAME CMAKE_ARGS... -- CTEST_ARGS...
  local name=$1; shift
  wanted "$name" || { echo "== $name: not run (JITFFI_TEST_STAGES)"; return 0; }
  local cmake_args=() ctest_args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do cmake_args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  ctest_args=("$@")
  local dir="build/test-$name" start=$SECONDS cpu_start
  cpu_start=$(cpu_seconds)
  echo "== $name: configure and build ($dir)"
  cmake -S . -B "$dir" -DJITFFI_BUILD_BENCH=ON -DJITFFI_BUILD_TOOLS=ON "${cmake_args[@]}" >/dev/null
  if ! cmake --build "$dir" -j "$jobs" >"$dir/build.log" 2>&1; then
    tail -n 60 "$dir/build.log"
    echo "build failed ($dir/build.log)" >&2
    exit 1
  fi
  echo "== $name: test"
  (cd "$dir" && ctest --output-on-failure -j "$jobs" "${ctest_args[@]}")
  echo "== $name: done in $((SECONDS - start)) s ($(($(cpu_seconds) - cpu_start)) s of CPU)"
}

run main -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS=-Werror
run asan -DCMAKE_BUILD_TYPE=Debug -DJITFFI_SANITIZE=address -DJITFFI_BUILD_BENCH=OFF -- -LE packaging
run tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJITFFI_SANITIZE=thread -DJITFFI_BUILD_BENCH=OFF \
  -DJITFFI_BUILD_CORPUS=OFF -- -L concurrency
# AArch64: the cross compiler and Debian's arm64 libraries, and Debian 13's qemu-user (whose
# directory cross-deps.sh prints last), which runs every test program, generated code included.
# The main build's jitffi counts this build's instructions under qemu (bench_cross_test).
qemu_dir=""
if wanted aarch64 || wanted riscv64; then
  qemu_dir=$("$root/scripts/cross-deps.sh" "$root/build/cache" | tail -n 1)
fi
run aarch64 -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-aarch64-linux-gnu.cmake" \
  -DJITFFI_QEMU_AARCH64="$qemu_dir/qemu-aarch64" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS=-Werror \
  -DJITFFI_BENCH_HOST_TOOL="$root/build/test-main/tools/jitffi"
# RISC-V 64: no asmjit for it, so no JIT (lib/CMakeLists.txt forces JITFFI_JIT off): every call
# and closure runs through the interpreted fallback and the static trampolines. GoogleTest and
# libffi (the second oracle) built with the cross compiler into a cached prefix
# (scripts/riscv64-deps.sh); the tests that need generated code are left out by CMake, each
# with its reason. No benchmarks (Google Benchmark has no riscv64 build here); the main build's
# jitffi counts this build's instructions under qemu (bench_cross_test).
if wanted riscv64; then
  rv_prefix=$("$root/scripts/riscv64-deps.sh" "$root/build/cache" | tail -n 1)
  run riscv64 -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-riscv64-linux-gnu.cmake" \
    -DJITFFI_QEMU_RISCV64="$qemu_dir/qemu-riscv64" -DCMAKE_FIND_ROOT_PATH="$rv_prefix" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS=-Werror -DJITFFI_BUILD_BENCH=OFF \
    -DJITFFI_BENCH_HOST_TOOL="$root/build/test-main/tools/jitffi"
fi
echo "all tests passed (stages:${stages% }) in $SECONDS s ($(cpu_seconds) s of CPU)"
