#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `jitffi bench --libffi PATH`: another libffi measured next to the system's. No libffi 3.8 is
# installed here, so the other libffi is
#  1. the system libffi's own file: loaded again it is the same library, and the report says its
#     version is unknown (3.4 has no ffi_get_version), that it has no call plans, and, when
#     instructions are counted, that its counts equal the system libffi's (PASS);
#  2. jitffi's drop-in libffi.so.8, which implements libffi 3.8's API: its version as
#     ffi_get_version gives it, its call plans measured;
#  3. a path that is no library: an error (exit status 1) naming the option.
#   bench_libffi_test.sh JITFFI SYSTEM-LIBFFI DROPIN-LIBFFI LIBFFI-VERSION
set -uo pipefail
jitffi=$1 system=$2 dropin=$3 version=$4
fails=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
fail() { echo "FAIL: $*"; sed 's/^/  out: /' "$out" | grep -A40 "Another libffi" | head -40; sed 's/^/  err: /' "$err" | head -5; fails=$((fails + 1)); }
filter='^(call|closure|closure_make)/b/(jitffi_ffi_call|libffi_ffi_call|other_ffi_call|other_plan|jitffi_capi|libffi|other)$'

${JITFFI_RUN:-env} "$jitffi" bench --quick --filter "$filter" --libffi "$system" >"$out" 2>"$err" || fail "bench --libffi $system failed"
grep -q "^## Another libffi (--libffi)" "$out" || fail "no section for the other libffi"
grep -q "version unknown (no ffi_get_version" "$out" || fail "the system libffi's version is not 'unknown'"
grep -q "call plans (ffi_call_plan_alloc / ffi_call_plan_invoke): not exported" "$out" || fail "plans said to be exported"
grep -Eq '^\| b \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|' "$out" || fail "no call row for b with three figures"
if grep -q "^- instruction counts: callgrind" "$out"; then
  grep -q "^- check: the other library is the system's: .* — PASS$" "$out" || fail "the same library counted differently"
fi

${JITFFI_RUN:-env} "$jitffi" bench --quick --filter "$filter" --libffi "$dropin" >"$out" 2>"$err" || fail "bench --libffi $dropin failed"
grep -Fq "version $version (ffi_get_version_number" "$out" || fail "the drop-in's version is not $version"
grep -q "call plans (ffi_call_plan_alloc / ffi_call_plan_invoke): exported, measured" "$out" || fail "no plans"
grep -Eq '^\| b \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|' "$out" || fail "no call row for b with a plan figure"

${JITFFI_RUN:-env} "$jitffi" bench --quick --filter "$filter" --libffi /nonexistent/libffi.so >"$out" 2>"$err"
status=$?
[ $status = 1 ] && grep -q -- "--libffi /nonexistent/libffi.so" "$err" || fail "a missing library: status $status"

[ $fails = 0 ] && echo "bench --libffi: all checks passed"
exit $((fails > 0))
