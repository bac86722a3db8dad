#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# jitffi as a subproject of a consumer (tests/subproject/MODE/CMakeLists.txt: add_subdirectory
# or fetchcontent), configured without GoogleTest and Google Benchmark (find_package of either
# fails), then:
#  - none of jitffi's tests, benchmarks or tool are configured;
#  - the consumer builds and runs (tests/install/consumer/main.cpp checks its answers);
#  - the consumer's `cmake --install` installs the program and no libffi file.
# usage: subproject_test.sh MODE SOURCE_DIR SCRATCH_DIR C_COMPILER CXX_COMPILER
# The environment says how to build and run for the build's architecture (tests/CMakeLists.txt):
# JITFFI_CMAKE_ARGS the cross toolchain (empty natively), JITFFI_RUN how to run a program (its
# environment first: env natively, the emulator otherwise).
set -euo pipefail
mode=$1 source_dir=$2 scratch=$3 cc=$4 cxx=$5
run=${JITFFI_RUN:-env}
read -r -a cmake_args <<<"${JITFFI_CMAKE_ARGS:-}"
fail() { echo "subproject test ($mode): $*"; exit 1; }
mkdir -p "$scratch"
build=$scratch/build prefix=$scratch/prefix
rm -rf "$prefix"  # the build is incremental; the install starts empty
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2

cmake -S "$source_dir/tests/subproject/$mode" -B "$build" -DJITFFI_SOURCE="$source_dir" "${cmake_args[@]}" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON --no-warn-unused-cli \
  >"$scratch/configure.log" 2>&1 || { tail -30 "$scratch/configure.log"; fail "configure failed"; }
targets=$(cmake --build "$build" --target help)
for t in jitffi_tool call_bench instr_count classify_test runtime_test corpus_test; do
  if grep -qE "^\.\.\. $t( |$)" <<<"$targets"; then fail "jitffi's target $t is configured"; fi
done
grep -qE '^\.\.\. jitffi( |$)' <<<"$targets" || fail "no jitffi target"
ntests=$(ctest --test-dir "$build" -N | sed -nE 's/^Total Tests: ([0-9]+)$/\1/p')
[ "$ntests" = 0 ] || fail "$ntests tests registered in the consumer's build"

cmake --build "$build" -j "$jobs" >"$scratch/build.log" 2>&1 || { tail -40 "$scratch/build.log"; fail "build failed"; }
$run "$build/app" || fail "the program failed"

cmake --install "$build" --prefix "$prefix" >/dev/null
[ -x "$prefix/bin/app" ] || fail "the program is not installed"
libffi_files=$(find "$prefix" -name 'libffi*')
[ -z "$libffi_files" ] || fail "the consumer's install put libffi files in place: $libffi_files"
$run LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/app" || fail "the installed program failed"
echo "subproject test ($mode) passed: $(find "$prefix" -type f | wc -l) files installed, none of them libffi"
