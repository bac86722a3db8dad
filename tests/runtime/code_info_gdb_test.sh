#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# gdb, in batch mode, on programs calling through generated code (lib/runtime/code_info_p.h):
# stopped in a function that a call stub, a bound stub or a closure entry called, the backtrace
# names the generated code between that function and its caller (gdb reads the name, address
# range and unwind table from jitffi's JIT registration; the frames after it prove the unwind
# table right); `info symbol` and `disassemble` find the stub by address and by name, and the
# disassembly covers exactly the instructions `jitffi disasm` lists for it; a freed bound stub
# is unknown to gdb again; without JITFFI_DEBUG_JIT (or the API call) nothing is registered.
#   code_info_gdb_test.sh target TARGET [JITFFI]   code_info_target (and the jitffi tool)
#   code_info_gdb_test.sh ctypes PYTHON DROPIN     CPython's ctypes on the drop-in libffi.so.8
# Exits 77 (skipped) when gdb is not installed or cannot run programs here (ptrace refused).
set -uo pipefail
command -v gdb > /dev/null || { echo "SKIP: gdb is not installed (scripts/deps.sh installs it)"; exit 77; }
# A container may refuse gdb ptrace.
probe=$(timeout 60 gdb -batch -nx -ex run --args true 2>&1)
grep -q 'exited normally' <<<"$probe" ||
  { echo "SKIP: gdb cannot run a program here:"; head -3 <<<"$probe"; exit 77; }
mode=$1
shift
fails=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

fail() {
  echo "FAIL: $*"
  sed 's/^/  | /' "$out" | grep -v '^  | \[' | head -40
  fails=$((fails + 1))
}

# rungdb GDB-COMMAND... -- PROGRAM ARGS...: output in $out. The environment reaches the program.
rungdb() {
  local cmds=()
  while [ "$1" != "--" ]; do cmds+=(-ex "$1"); shift; done
  shift
  timeout 300 gdb -batch -nx -ex 'set debuginfod enabled off' -ex 'set auto-load off' \
    -ex 'set pagination off' -ex 'set width 0' "${cmds[@]}" --args "$@" > "$out" 2>&1
}

# frame PATTERN [FROM]: the number of the first backtrace frame (from FROM on) whose line matches
# the extended regular expression, or -1.
frame() {
  local from=${2:-0}
  local n
  n=$(grep -E '^#[0-9]+ ' "$out" | from=$from pat=$1 awk '{ n = substr($1, 2) + 0; if (n >= ENVIRON["from"] + 0 && $0 ~ ENVIRON["pat"]) { print n; exit } }')
  echo "${n:--1}"
}

# frames WHAT CALLEE CODE CALLER: the backtrace has CALLEE, CODE right above it, CALLER right above
# that (gdb shows an inline function of jitffi's headers as a frame of its own: the callers'
# patterns include them), and main or Python's evaluation loop further up.
frames() {
  local what=$1 callee=$2 code=$3 caller=$4
  local c s r m
  c=$(frame "$callee") s=$(frame "in $code \(\)") r=$(frame "$caller" "$((s + 1))")
  m=$(frame '(^#[0-9]+ .* in main |^#[0-9]+ +main |_PyEval_EvalFrameDefault)' "$((r + 1))")
  if [ "$c" -lt 0 ] || [ "$s" != $((c + 1)) ] || [ "$r" != $((s + 1)) ] || [ "$m" -lt 0 ]; then
    fail "$what: expected $callee, then '$code', then $caller, then main (frames $c, $s, $r, $m)"
  else
    echo "ok: $what: #$c, #$s $code, #$r" | tr -d '\\'
  fi
}

instructions() { grep -cE '^ +0x[0-9a-f]+ <\+[0-9]+>:' "$out"; }

if [ "$mode" = target ]; then
  target=$1 jitffi=${2:-}
  stop=('break jitffi_test_breakpoint' run)
  stub='jitffi stub i32\(f64, ptr\)'

  # The call stub: backtrace, info symbol, disassemble by address and by name.
  JITFFI_DEBUG_JIT=1 rungdb "${stop[@]}" bt 'output jitffi_test_code' 'echo \n' 'info symbol jitffi_test_code' \
    'disassemble jitffi_test_code' -- "$target" stub
  frames "call stub" 'jitffi_test_callee \(' "$stub" '(jitffi_test_stub_caller|CallInterface::call) \('
  code=$(grep -oE '^\(const void \*( volatile)?\) 0x[0-9a-f]+' "$out" | grep -oE '0x[0-9a-f]+$')
  [ -n "$code" ] || fail "gdb printed no value of jitffi_test_code"
  grep -qE "^jitffi stub i32\(f64, ptr\) in section \.text( of .*)?$" "$out" ||
    fail "info symbol does not name the stub at $code"
  grep -qE "^Dump of assembler code for function $stub:" "$out" || fail "disassemble at $code does not name the stub"
  first=$(grep -m1 -oE '^ +0x[0-9a-f]+ <\+0>:' "$out" | grep -oE '0x[0-9a-f]+')
  [ "$((first))" = "$((code))" ] || fail "the disassembly starts at $first, the stub at $code"
  by_address=$(instructions)
  last=$(grep -E '^ +0x[0-9a-f]+ <\+[0-9]+>:' "$out" | tail -1)
  [[ "$last" =~ [[:space:]]ret ]] || fail "the disassembly does not end with the stub's return: $last"
  if [ -n "$jitffi" ]; then
    listed=$("$jitffi" disasm 'i32(f64, ptr)' | grep -cvE '^(;|[A-Za-z0-9_.]+:$|$)')
    [ "$by_address" = "$listed" ] || fail "gdb disassembles $by_address instructions, jitffi disasm lists $listed"
  fi
  JITFFI_DEBUG_JIT=1 rungdb "${stop[@]}" "disassemble 'jitffi stub i32(f64, ptr)'" -- "$target" stub
  grep -qE "^Dump of assembler code for function $stub:" "$out" && [ "$(instructions)" = "$by_address" ] ||
    fail "disassemble by name does not show the stub's $by_address instructions"
  [ "$fails" = 0 ] && echo "ok: info symbol and disassemble (by address and by name: $by_address instructions)"

  # The closure entry, from inside the handler.
  JITFFI_DEBUG_JIT=1 rungdb "${stop[@]}" bt -- "$target" closure
  frames "closure entry" 'jitffi_test_handler \(' 'jitffi closure entry i32\(f64, ptr\)' 'jitffi_test_closure_caller \('

  # A bound stub, registered through the API; gone once freed.
  rungdb "${stop[@]}" bt 'info symbol jitffi_test_code' continue bt 'info symbol jitffi_test_code' -- "$target" --api bound
  frames "bound stub (API)" 'jitffi_test_callee \(' 'jitffi bound stub i32\(f64, ptr\)' '(jitffi_test_bound_caller|BoundCall::operator\(\)) \('
  [ "$(grep -cE '^jitffi bound stub i32\(f64, ptr\) in section \.text' "$out")" = 1 ] &&
    [ "$(grep -c '^No symbol matches jitffi_test_code' "$out")" = 1 ] ||
    fail "the bound stub is not named while alive, or still named once freed"

  # Off by default: the stub's frame has no name.
  rungdb "${stop[@]}" bt 'info symbol jitffi_test_code' -- "$target" stub
  if grep -q 'jitffi stub' "$out" || [ "$(frame 'in \?\? \(\)')" != 2 ] || ! grep -q '^No symbol matches' "$out"; then
    fail "without JITFFI_DEBUG_JIT the stub is named, or the backtrace is not the expected unnamed one"
  else
    echo "ok: off by default"
  fi
elif [ "$mode" = ctypes ]; then
  python=$1 dropin=$2
  # gdb needs the interpreter's executable itself (python3 may be a wrapper script).
  exe=$("$python" -c 'import sys; print(sys.executable)')
  script='
import ctypes, signal
libc = ctypes.CDLL(None)
trap = lambda: getattr(libc, "raise")(signal.SIGTRAP)
if __import__("sys").argv[1] == "call":
    trap()
else:
    cb = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: trap() + x)
    cb(1)
'
  LD_LIBRARY_PATH=$dropin JITFFI_DEBUG_JIT=1 rungdb run bt -- "$exe" -c "$script" call
  frames "ctypes call" 'raise \(' 'jitffi stub i32\(i32\)' '(_call_function_pointer|_ctypes_callproc) \('
  LD_LIBRARY_PATH=$dropin JITFFI_DEBUG_JIT=1 rungdb run bt -- "$exe" -c "$script" callback
  frames "ctypes callback" 'closure_fcn \(' 'jitffi closure entry i32\(i32\)' 'jitffi stub i32\(i32\)|(_call_function_pointer|_ctypes_callproc) \('
else
  echo "usage: $0 target TARGET [JITFFI] | ctypes PYTHON DROPIN"
  exit 2
fi
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "gdb sees the generated code"
