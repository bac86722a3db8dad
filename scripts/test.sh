#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs every test: the normal build (all tests, the JIT and the interpreted fallback),
# an ASan+UBSan build (all tests but the packaging ones: install, subprojects) and a TSan build
# (the concurrency tests). Installs what is missing first. Safe to run twice: builds are
# incremental, under build/test-*.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
jobs=$(nproc 2>/dev/null || echo 2)
cd "$root"

run() {  # run NAME CMAKE_ARGS... -- CTEST_ARGS...
  local name=$1; shift
  local cmake_args=() ctest_args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do cmake_args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  ctest_args=("$@")
  local dir="build/test-$name"
  echo "== $name: configure and build ($dir)"
  cmake -S . -B "$dir" -DJITFFI_BUILD_BENCH=ON -DJITFFI_BUILD_TOOLS=ON "${cmake_args[@]}" >/dev/null
  if ! cmake --build "$dir" -j "$jobs" >"$dir/build.log" 2>&1; then
    tail -n 60 "$dir/build.log"
    echo "build failed ($dir/build.log)" >&2
    exit 1
  fi
  echo "== $name: test"
  (cd "$dir" && ctest --output-on-failure -j "$jobs" "${ctest_args[@]}")
}

run main -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS=-Werror
run asan -DCMAKE_BUILD_TYPE=Debug -DJITFFI_SANITIZE=address -DJITFFI_BUILD_BENCH=OFF -- -LE packaging
run tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJITFFI_SANITIZE=thread -DJITFFI_BUILD_BENCH=OFF \
  -DJITFFI_BUILD_CORPUS=OFF -- -L concurrency
echo "all tests passed"
