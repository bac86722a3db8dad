#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `jitffi bench --aarch64 DIR` / `--riscv64 DIR` (tools/bench/cross.cpp): the build machine's
# jitffi counts this cross build's instructions under qemu-user.
#   - The counter is right: the probe (bench/instr_probe.S) is N instructions by the cross
#     objdump's disassembly of this build's jitffi (an independent reading of the code), and the
#     report counts N + 1 per call (its instructions and the call to it), as it must for the loop
#     overhead it removes to be the empty loop's.
#   - The section is produced from the cross build: its headings, its targets with verdicts, its
#     chart line, and every selected measurement counted in the JSON, each a whole number (the
#     counts are exact), libffi's ffi_call and closure costing more than the direct call; the
#     counted program says it ran jitffi the way this build runs it (MODE: jit or interpreted).
#   - A DIR that is no cross build is refused with a message and exit status 1.
# usage: bench_cross_test.sh HOST-JITFFI BUILD-DIR OBJDUMP PROGRAM ARCH ABI TITLE MODE
# (HOST-JITFFI: a jitffi built for the build machine; PROGRAM: this build's jitffi; ARCH: the
# option's name, aarch64 or riscv64; ABI: the convention's name in the JSON; TITLE: the report's.)
set -euo pipefail
host=$1 dir=$2 objdump=$3 program=$4 arch=$5 abi=$6 title=$7 mode=$8
[ -x "$host" ] || { echo "no build-machine jitffi at $host"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

n=$("$objdump" -d --disassemble=jitffi_instr_probe "$program" |
    grep -cE '^ +[0-9a-f]+:[[:space:]]+[0-9a-f]{8}[[:space:]]' || true)
[ "$n" -gt 0 ] || { echo "no jitffi_instr_probe in $program"; exit 1; }
echo "the probe is $n instructions (objdump)"

filter='^(call/[bf]/(direct|jitffi_avalues|jitffi_ffi_call|libffi_ffi_call)|closure/b/(direct|jitffi_capi|libffi))$'
VALGRIND=none "$host" bench --quick "--$arch" "$dir" --filter "$filter" --json "$out/report.json" \
  --chart "$out/chart.svg" >"$out/report.md" || { cat "$out/report.md"; echo "jitffi bench failed"; exit 1; }

python3 - "$out/report.json" "$n" "$arch" "$abi" "$mode" <<'PY'
import json, math, sys
report = json.load(open(sys.argv[1]))
n, arch, abi, mode = int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
a = report.get(f"{arch}_instructions")
assert a is not None, f"no {arch}_instructions in the JSON"
assert a["status"] == "ok" and a["counter"] == "qemu", a
assert a["probe_length"] == n, f"the counted program says its probe is {a['probe_length']} instructions, objdump {n}"
assert a["probe"] == n + 1, f"the probe of {n} instructions counted {a['probe']} per call, not {n + 1}"
assert a["loop"] >= 1 and a["loop"] == int(a["loop"]), a["loop"]
assert a["interpreted"] == (mode == "interpreted"), f"interpreted: {a['interpreted']}, this build: {mode}"
got = {r["name"]: r["instructions"] for r in a["results"]}
want = {f"call/{s}/{m}" for s in "bf" for m in ("direct", "jitffi_avalues", "jitffi_ffi_call", "libffi_ffi_call")}
want |= {f"closure/b/{m}" for m in ("direct", "jitffi_capi", "libffi")}
assert set(got) == want, f"counted {sorted(got)}, selected {sorted(want)}"
for name, v in got.items():
    assert v > 0 and v == math.floor(v), f"{name}: {v} instructions per call"
assert all(r["abi"] == abi for r in a["results"]), a["results"]
for s in "bf":
    assert got[f"call/{s}/libffi_ffi_call"] > got[f"call/{s}/direct"], got
assert got["closure/b/libffi"] > got["closure/b/direct"], got
verdicts = [t["verdict"] for t in report["targets"] if t["abi"] == abi and t["kind"] == "instructions"]
assert verdicts and any(v in ("pass", "fail") for v in verdicts), report["targets"]
print(f"probe {a['probe']} per call; {len(got)} {arch} counts; {len(verdicts)} {arch} targets")
PY
grep -qx "## $title: instructions per call (qemu)" "$out/report.md"
grep -qx "## $title: closures (qemu)" "$out/report.md"
suffix=""
[ "$mode" = interpreted ] && suffix=" \\(interpreted\\)"
grep -E "^- $title: libffi ffi_call / jitffi_ffi_call ≥ [0-9]+× on b–h$suffix: lowest [0-9.]+× on [bf] — (PASS|FAIL)\$" \
  "$out/report.md" >/dev/null || { echo "no $title ffi_call target with a verdict"; cat "$out/report.md"; exit 1; }
grep -q "Calls, $title: instructions per call" "$out/chart.svg"

# Not a cross build: refused, saying why.
status=0
VALGRIND=none "$host" bench --quick --filter '^call/a/direct$' "--$arch" "$out" >/dev/null 2>"$out/err" || status=$?
[ "$status" -eq 1 ] || { echo "--$arch $out: exit status $status, not 1"; exit 1; }
grep -q 'cross-run.txt not found' "$out/err" || { echo "--$arch $out: no message"; cat "$out/err"; exit 1; }
echo "ok"
