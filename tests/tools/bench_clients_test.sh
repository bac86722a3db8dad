#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `jitffi bench`'s real-client section on two of its cases (ctypes: cos and a callback): the
# section is there with both rows, the run checked itself (each Python process mapped the libffi
# it was meant to, every call returned the known answer: a failed check is exit status 1), and,
# where instructions are counted, the CPython part of each call (everything outside ffi_prep_cif
# and ffi_call, and the Python callback) is the same on the system libffi and on the drop-in: the
# library's part is told apart from CPython's exactly (within 2 instructions).
#   bench_clients_test.sh JITFFI
set -uo pipefail
jitffi=$1
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
fail() { echo "FAIL: $*"; sed -n '/Real clients/,$p' "$out" | head -30; sed 's/^/  err: /' "$err" | head -5; exit 1; }

"$jitffi" bench --quick --filter '^client/ctypes/(cos|callback)/' >"$out" 2>"$err" || fail "bench failed"
grep -q "^## Real clients: CPython's ctypes and cffi" "$out" || fail "no real-client section"
if grep -q "^Not measured: python3 is not installed" "$out"; then echo "skipped: no python3"; exit 77; fi
grep -q "^Not measured" "$out" && fail "the section was not measured"
rows=$(grep -E '^\| ctypes \| (`cos`|callback)' "$out")
[ "$(wc -l <<<"$rows")" = 2 ] || fail "not the two rows asked for"
grep -q "^- instructions: not measured" "$out" && { echo "instructions not counted: wall times only"; exit 0; }
# Columns: | client | case | instr libffi | instr jitffi | saved | lib libffi | lib jitffi | ratio |
# CPython libffi | CPython jitffi | ...
while IFS='|' read -r _ client case il ij saved ll lj ratio cl cj _; do
  # A python3 without the callback handler's symbol says so, and the part is not known.
  if [[ $case == *callback* && $cl == *n/a* && $cj == *n/a* ]] && grep -q "has no symbol in .*ctypes.s callback" "$out"; then
    continue
  fi
  awk -v a="$cl" -v b="$cj" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a > 0 && d <= 2) }' ||
    fail "$case: CPython's part differs between the libraries ($cl vs $cj)"
done <<<"$rows"
echo "real clients: the section measured both rows, CPython's part equal on both libraries"
