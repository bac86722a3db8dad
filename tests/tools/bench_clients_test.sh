#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `jitffi bench`'s real-client section on two of its cases (ctypes: cos and a callback): the
# section is there with both rows, the run checked itself (each Python process mapped the libffi
# it was meant to, every call returned the known answer: a failed check is exit status 1), and,
# where instructions are counted, the CPython part of each call (everything outside ffi_prep_cif
# and ffi_call, and the Python callback) is the same on the system libffi and on the drop-in: the
# library's part is told apart from CPython's exactly (within 2 instructions). ctypes' interpreter
# and the libffi.so its processes mapped, in the markdown and the JSON: the python3 first on PATH,
# the system's libffi (outside the build tree's drop-in directory) and the build's drop-in.
#   bench_clients_test.sh JITFFI
set -uo pipefail
jitffi=$1
out=$(mktemp) err=$(mktemp) json=$(mktemp)
trap 'rm -f "$out" "$err" "$json"' EXIT
fail() { echo "FAIL: $*"; sed -n '/Real clients/,$p' "$out" | head -30; sed 's/^/  err: /' "$err" | head -5; exit 1; }

"$jitffi" bench --quick --filter '^client/ctypes/(cos|callback)/' --json "$json" >"$out" 2>"$err" ||
  fail "bench failed"
grep -q "^## Real clients: CPython's ctypes and cffi" "$out" || fail "no real-client section"
if grep -q "^Not measured: python3 is not installed" "$out"; then echo "skipped: no python3"; exit 77; fi
grep -q "^Not measured" "$out" && fail "the section was not measured"
rows=$(grep -E '^\| ctypes \| (`cos`|callback)' "$out")
[ "$(wc -l <<<"$rows")" = 2 ] || fail "not the two rows asked for"
dropin=$(dirname "$jitffi")/../dropin
why=$(python3 - "$json" "$out" "$dropin" 2>&1 <<'PY'
import json, os, shutil, subprocess, sys
clients = json.load(open(sys.argv[1]))["clients"]
markdown = open(sys.argv[2]).read()
dropin = os.path.realpath(sys.argv[3])
ctypes = [i for i in clients["interpreters"] if i["client"] == "ctypes"]
if len(ctypes) != 1:
    sys.exit("no one ctypes interpreter in the JSON: %r" % clients["interpreters"])
ct = ctypes[0]
python = subprocess.run([shutil.which("python3"), "-c", "import sys; print(sys.executable)"],
                        capture_output=True, text=True).stdout.strip()
if ct["python"] != python:
    sys.exit("ctypes ran in %s, not in the python3 first on PATH (%s)" % (ct["python"], python))
system, drop = ct["libffi_mapped"]["libffi"], ct["libffi_mapped"]["jitffi"]
if not system or "libffi.so" not in os.path.basename(system) or os.path.dirname(os.path.realpath(system)) == dropin:
    sys.exit("the system's processes mapped %s" % system)
if not drop or os.path.dirname(os.path.realpath(drop)) != dropin:
    sys.exit("the drop-in's processes mapped %s, not the build's %s/libffi.so.8" % (drop, dropin))
line = "- ctypes: in %s (Python %s); its processes mapped %s (the system's) and %s (the drop-in)" % (
    ct["python"], ct["python_version"], system, drop)
if line not in markdown.splitlines():
    sys.exit("the markdown does not say: " + line)
PY
) || fail "ctypes' interpreter and libffi: $why"
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
