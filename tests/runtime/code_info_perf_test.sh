#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Linux perf's JIT map (lib/runtime/code_info_p.h), written with JITFFI_PERF_MAP=1:
#   code_info_perf_test.sh map TARGET JITFFI [WRAPPER]
#     code_info_target's /tmp/perf-PID.map: a line "START SIZE name" (hex, no 0x) per block, at
#     the addresses the API hands out (the stub pointers), named after signature and shape; each
#     SIZE covers exactly the instructions `jitffi disasm` lists for the block (the block's bytes
#     decoded by objdump, an independent disassembler, and compared in number) and ends with its
#     return; the code is in memory perf reads the map for (anonymous, "/dev/zero"); a fork child
#     writes its own pid's file, with the lines of the code it inherited and of the code it makes,
#     and the parent's never gets the child's. WRAPPER (mdwe_run) runs the program under
#     PR_SET_MDWE: the memory perf can name is never writable and executable either.
#   code_info_perf_test.sh record TARGET
#     `perf record` of code_info_target calling through a stub, then `perf report`: the samples in
#     the stub carry its name. Exits 77 (skipped) when perf is missing or cannot record here.
set -uo pipefail
mode=$1 target=$2
work=$(mktemp -d)
maps=()
trap 'rm -rf "$work"; rm -f "${maps[@]}"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

if [ "$mode" = record ]; then
  command -v perf > /dev/null || { echo "SKIP: perf is not installed (Debian: linux-perf)"; exit 77; }
  if ! perf record -q -N -e cpu-clock -o "$work/probe.data" -- true > "$work/probe.txt" 2>&1; then
    echo "SKIP: perf cannot record here (perf_event_paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null)):"
    head -5 "$work/probe.txt"
    exit 77
  fi
  JITFFI_PERF_MAP=1 perf record -q -N -e cpu-clock -o "$work/perf.data" -- "$target" spin > "$work/out.txt" 2>&1 ||
    { cat "$work/out.txt"; echo "FAIL: perf record of code_info_target spin"; exit 1; }
  maps+=("/tmp/perf-$(sed -n 's/^pid //p' "$work/out.txt").map")
  perf report -i "$work/perf.data" --stdio --sort sym 2> /dev/null | grep -v '^#' | grep . > "$work/report.txt"
  if grep -qE '\[\.\] jitffi stub i64\(i64\)$' "$work/report.txt"; then
    echo "ok: perf report names the stub: $(grep -E 'jitffi stub' "$work/report.txt" | head -1 | tr -s ' ')"
    exit 0
  fi
  echo "FAIL: perf report does not name the stub"
  head -10 "$work/report.txt"
  exit 1
fi

[ "$mode" = map ] || { echo "usage: $0 map TARGET JITFFI [WRAPPER] | record TARGET"; exit 2; }
jitffi=$3
wrapper=${4:-}
case $(uname -m) in
  x86_64) objdump_machine=i386:x86-64 ;;
  aarch64) objdump_machine=aarch64 ;;
  *) echo "no objdump machine for $(uname -m)"; exit 1 ;;
esac
mkdir "$work/child"
status=0
JITFFI_PERF_MAP=1 $wrapper "$target" perf "$work" > "$work/out.txt" 2>&1 || status=$?
[ "$status" = 77 ] && { cat "$work/out.txt"; exit 77; }
[ "$status" = 0 ] || { cat "$work/out.txt"; echo "FAIL: code_info_target perf exited with $status"; exit 1; }
value() { sed -nE "s/^$1 ([^ ]+)$/\1/p" "$work/out.txt"; }
pid=$(value pid | head -1) child=$(value child)
map=/tmp/perf-$pid.map cmap=/tmp/perf-$child.map
maps+=("$map" "$cmap")
for m in "$map" "$cmap"; do
  [ -s "$m" ] || { echo "FAIL: no $m"; exit 1; }
  bad=$(grep -cvE '^[0-9a-f]+ [0-9a-f]+ jitffi [^ ].*$' "$m")
  [ "$bad" = 0 ] || fail "$bad line(s) of $m are not 'START SIZE jitffi ...' in hex without 0x"
done

# line MAP NAME: the map's line for the block of that name (exactly one).
line() {
  local n
  n=$(grep -cF " $2" "$1" | head -1)
  [ "$n" = 1 ] || { fail "$1 has $n line(s) named '$2'"; return; }
  grep -F " $2" "$1"
}
hexaddr() { printf '%x' "$1"; }

# Instructions in a block's bytes (objdump) and in its listing (jitffi disasm ARGS...).
decoded() { objdump -D -b binary -m "$objdump_machine" --insn-width=16 "$1" | grep -E $'^ +[0-9a-f]+:\t[0-9a-f ]+\t'; }
listed() { "$jitffi" disasm "$@" | grep -cvE '^(;|[A-Za-z0-9_.]+:$|$)'; }

# check MAP DUMPDIR NAME ADDRESS|- [DISASM-ARGS...]: the block's line; its bytes decode to the
# instructions jitffi disasm DISASM-ARGS lists, the last its return (without DISASM-ARGS: a bound
# stub, whose block also holds its target's address after the code: it holds that address).
check() {
  local m=$1 dir=$2 name=$3 addr=$4
  shift 4
  local l start size
  l=$(line "$m" "$name") || return
  [ -n "$l" ] || return
  start=${l%% *} size=$(echo "$l" | cut -d' ' -f2)
  if [ "$addr" != - ] && [ "$start" != "$(hexaddr "$addr")" ]; then
    fail "'$name' starts at $start in $m, the API says $addr"
  fi
  local bin=$dir/$start.bin
  [ -f "$bin" ] && [ "$(stat -c %s "$bin")" = "$((16#$size))" ] || { fail "no dump of '$name' ($size bytes)"; return; }
  local n last
  n=$(decoded "$bin" | wc -l) last=$(decoded "$bin" | tail -1)
  if [ $# -gt 0 ]; then
    [[ "$last" =~ [[:space:]]ret ]] || fail "'$name' ($start, $size bytes) does not end with its return: $last"
    [ "$n" = "$(listed "$@")" ] || fail "'$name' ($size bytes) decodes to $n instructions, jitffi disasm $* lists $(listed "$@")"
  else
    local target
    target=$(printf '%016x' "$(value callee)" | sed -E 's/(..)/\1 /g' | awk '{for (i = NF; i > 0; --i) printf "%s", $i}')
    decoded "$bin" | grep -qE $'\tret' || fail "'$name' has no return"
    od -An -v -tx1 "$bin" | tr -d ' \n' | grep -q "$target" || fail "'$name' ($size bytes) does not hold its target's address"
  fi
  echo "ok: $m: $start $size $name ($n instructions)"
}

sig='i32(f64, ptr)'
check "$map" "$work" "jitffi stub $sig" "$(value stub)" "$sig"
check "$map" "$work" "jitffi slots stub $sig" "$(value 'slots stub')" "$sig" --shape slots
check "$map" "$work" "jitffi bound stub $sig" "$(value 'bound stub')"
check "$map" "$work" "jitffi closure entry $sig" - --closure "$sig"
check "$cmap" "$work/child" "jitffi stub f64(f64)" "$(value 'child stub')" 'f64(f64)'
grep -q 'f64(f64)' "$map" && fail "the parent's map has the child's block"
# The child's file starts with the lines of what it inherited: every block the parent had.
while read -r l; do
  grep -qxF "$l" "$cmap" || fail "the child's map lacks the inherited '$l'"
done < "$map"
mapping=$(sed -n 's/^mapping //p' "$work/out.txt")
[ "$mapping" = "/dev/zero (deleted)" ] ||
  fail "the stub is in '$mapping', not in the shared anonymous memory perf reads the map for"
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "the perf map describes every block${wrapper:+ (under $(basename "${wrapper%% *}"))}"
