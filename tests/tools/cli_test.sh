#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The jitffi command-line tool: every subcommand, --help on each, and each error path with its
# exit status (0 success, 1 failure, 2 bad usage) and a message on stderr.
set -uo pipefail
jitffi=$1
fails=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# expect STATUS STDOUT-PATTERN STDERR-PATTERN -- ARGS...   (patterns: grep -E; "" = any)
expect() {
  local status=$1 opat=$2 epat=$3
  shift 4
  "$jitffi" "$@" >"$out" 2>"$err"
  local got=$?
  local ok=1
  [ "$got" = "$status" ] || ok=0
  if [ -n "$opat" ] && ! grep -Eq -- "$opat" "$out"; then ok=0; fi
  if [ -n "$epat" ] && ! grep -Eq -- "$epat" "$err"; then ok=0; fi
  if [ "$status" = 0 ] && [ -s "$err" ]; then ok=0; fi   # success prints nothing on stderr
  if [ "$status" != 0 ] && [ ! -s "$err" ]; then ok=0; fi  # failures say why on stderr
  if [ $ok = 0 ]; then
    echo "FAIL: jitffi $* -> status $got (want $status)"
    sed 's/^/  out: /' "$out" | head -5
    sed 's/^/  err: /' "$err" | head -5
    fails=$((fails + 1))
  fi
}

# usage and help
expect 2 "" "usage: jitffi" -- 
expect 0 "usage: jitffi <command>" "" -- --help
expect 2 "" "unknown command" -- frobnicate
for cmd in plan disasm call bench; do
  expect 0 "usage: jitffi $cmd" "" -- $cmd --help
done
expect 0 "^jitffi [0-9]" "" -- --version

# plan
expect 0 "^a0: direct xmm0=0\+8  # f64" "" -- plan 'i32(f64, ptr, {f32,f32}, ...)'
expect 0 "count=rax:2" "" -- plan 'i32(f64, ptr, {f32,f32}, ...)'
expect 0 "indirect rcx ->rax" "" -- plan '{i64,i64,i64}(i32)' --abi win64
expect 0 "xmm1=0\+8 rdx=0\+8" "" -- plan 'i32(i32, ..., f64)' --abi win64
expect 0 "^a2: direct v1=0\+4 v2=4\+4  # \{f32,f32\}" "" -- plan 'i32(f64, ptr, {f32,f32}, ...)' --abi aapcs64
expect 0 "^ret: indirect x8  #" "" -- plan '{i64,i64,i64}(i32)' --abi aapcs64
expect 1 "" "at position 7: expected" -- plan 'i32(i32'
expect 1 "" "must be promoted" -- plan 'i32(ptr, ..., f32)'
expect 2 "" "unknown ABI 'mips'" -- plan 'i32()' --abi mips
expect 2 "" "plan takes one signature" -- plan
expect 2 "" "unknown option --frob" -- plan 'i32()' --frob
expect 2 "" "--abi needs a value" -- plan 'i32()' --abi

# disasm
expect 0 "movsxd rdi, dword ptr \[rdi\] +; a0: bytes 0\+4" "" -- disasm 'i32(i32, i32)'
expect 0 "call r11" "" -- disasm 'i32(i32, i32)'
expect 0 "mov qword ptr \[rsp\], rdi +; a0: bytes 0\+4" "" -- disasm 'i32(i32, i32)' --shape slots --closure
expect 0 "call qword ptr \[r10\+0x28\]" "" -- disasm 'f64({f64,f64})' --closure
expect 0 "save what the caller's ABI preserves" "" -- disasm 'i32(i32)' --closure --abi win64
expect 0 "lea r8, \[rsp\+0x20\]" "" -- disasm 'i32(i32)' --closure --abi win64 --handler win64
if "$jitffi" disasm 'i32(i32)' --closure --abi win64 --handler win64 | grep -q "save what"; then
  echo "FAIL: a Win64 closure entry with a Win64 handler saves registers"
  fails=$((fails + 1))
fi
expect 2 "" "--handler is sysv or win64" -- disasm 'i32()' --closure --handler fastcall
expect 2 "" "--handler is for closure entries" -- disasm 'i32()' --handler win64
expect 2 "" "--shape is avalues or slots" -- disasm 'i32()' --shape rows
expect 1 "" "no emitter for aarch64 yet" -- disasm 'i32()' --abi aapcs64
expect 1 "" "apple-arm64 is not implemented yet" -- disasm 'i32()' --abi apple-arm64
expect 1 "" "parse error" -- disasm '{i32'

# call
expect 0 "^0.5403023058681398$" "" -- call libm.so.6 cos 'f64(f64)' 1.0
expect 0 "^12$" "" -- call libm.so.6 ldexpf 'f32(f32, i32)' 1.5 3
expect 0 "^5$" "" -- call libm.so.6 hypotl 'ld(ld, ld)' 3 4
expect 0 "^42$" "" -- call libc.so.6 abs 'i32(i32)' -42
expect 0 "^5$" "" -- call libc.so.6 strlen 'u64(ptr)' hello
expect 0 "^\{3,2\}$" "" -- call libc.so.6 div '{i32,i32}(i32, i32)' 17 5
expect 0 "^5$" "" -- call libm.so.6 cabs 'f64(c64)' '{3,4}'
expect 0 "^10$" "" -- call libc.so.6 snprintf 'i32(ptr, u64, ptr, ..., i32, f64)' null 0 '%d %f' 1 2.5
expect 0 "^255$" "" -- call libc.so.6 strtol 'i64(ptr, ptr, i32)' ff null 16
expect 0 "" "" -- call libc.so.6 srand 'void(u32)' 7
[ ! -s "$out" ] || { echo "FAIL: a void call printed something"; fails=$((fails + 1)); }
expect 1 "" "argument 1: '99999999999' does not fit i32" -- call libc.so.6 abs 'i32(i32)' 99999999999
expect 1 "" "argument 1: '-1' does not fit u8" -- call libc.so.6 abs 'u8(u8)' -1
expect 1 "" "argument 1: 'x1' is not an integer" -- call libc.so.6 abs 'i32(i32)' x1
expect 1 "" "argument 1: '1.5q' is not a number" -- call libm.so.6 cos 'f64(f64)' 1.5q
expect 1 "" "has 1 field\(s\)" -- call libc.so.6 abs 'i32({i32,i32})' '{1}'
expect 1 "" "cannot load library libnope.so.9" -- call libnope.so.9 f 'i32()'
expect 1 "" "no symbol no_such_symbol_here in libc.so.6" -- call libc.so.6 no_such_symbol_here 'i32()'
expect 1 "" "signature: parse error: at position 4" -- call libc.so.6 abs 'i32(' 1
expect 1 "" "the signature has 1 argument\(s\), 2 given" -- call libc.so.6 abs 'i32(i32)' 1 2
expect 2 "" "call needs LIB SYMBOL SIG" -- call libc.so.6 abs

# bench: options, and where its files go (the report itself is exercised by its own quick run)
expect 2 "" "bench takes no arguments" -- bench extra
expect 2 "" "--json needs a value" -- bench --json
expect 2 "" "--chart needs a value" -- bench --chart
# Nothing is written unless asked: a run in an empty directory leaves it empty, and its report
# names no chart.
work=$(mktemp -d)
trap 'rm -f "$out" "$err"; rm -rf "$work"' EXIT
(
  cd "$work" && VALGRIND=none "$jitffi" bench --quick --filter '^call/b/(jitffi|libffi)_ffi_call$' >"$out" 2>"$err"
) || { echo "FAIL: jitffi bench --quick failed"; sed 's/^/  err: /' "$err" | head -5; fails=$((fails + 1)); }
if [ -n "$(ls -A "$work")" ] || grep -q -- "- chart:" "$out" || ! grep -q "^# jitffi benchmark report" "$out"; then
  echo "FAIL: jitffi bench without --chart/--json wrote files ($(ls -A "$work")) or named a chart"
  fails=$((fails + 1))
fi
# --chart FILE: the chart, named in the report; its red figure for b is libffi's ffi_call over
# jitffi's ffi_call, the two medians the JSON of the same run holds.
(
  cd "$work" && VALGRIND=none "$jitffi" bench --quick --filter '^call/b/(jitffi|libffi)_ffi_call$' \
    --chart "$work/c.svg" --json "$work/r.json" >"$out" 2>"$err"
) || { echo "FAIL: jitffi bench --chart failed"; sed 's/^/  err: /' "$err" | head -5; fails=$((fails + 1)); }
want=$(python3 -c '
import json, sys
r = {m["method"]: m["median_ns"] for m in json.load(open(sys.argv[1]))["wall"]["results"]}
print("libffi/jitffi %.1f×" % (r["libffi_ffi_call"] / r["jitffi_ffi_call"]))' "$work/r.json")
if ! grep -q -- "- chart: $work/c.svg" "$out" || ! grep -q "^<svg" "$work/c.svg" ||
   ! grep -q ">$want<" "$work/c.svg" || ! grep -q "jitffi ffi_call / ffi_closure" "$work/c.svg"; then
  echo "FAIL: jitffi bench --chart: no chart, or its ratio is not '$want'"
  fails=$((fails + 1))
fi

if [ $fails -gt 0 ]; then
  echo "$fails CLI check(s) failed"
  exit 1
fi
echo "all CLI checks passed"
