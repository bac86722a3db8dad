#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `jitffi bench --aarch64 DIR` (tools/bench/aarch64.cpp): the build machine's jitffi counts this
# aarch64 cross build's instructions under qemu-user.
#   - The counter is right: the probe (bench/instr_probe_a64.S) is N instructions by the cross
#     objdump's disassembly of this build's jitffi (an independent reading of the code), and the
#     report counts N + 1 per call (its instructions and the bl that calls it), as it must for
#     the loop overhead it removes to be the empty loop's.
#   - The section is produced from the cross build: its headings, its targets with verdicts, its
#     chart line, and every selected measurement counted in the JSON, each a whole number (the
#     counts are exact), libffi's ffi_call and closure costing more than the direct call.
#   - A DIR that is no cross build is refused with a message and exit status 1.
# usage: bench_aarch64_test.sh HOST-JITFFI BUILD-DIR OBJDUMP PROGRAM
# (HOST-JITFFI: a jitffi built for the build machine; PROGRAM: this build's jitffi.)
set -euo pipefail
host=$1 dir=$2 objdump=$3 program=$4
[ -x "$host" ] || { echo "no build-machine jitffi at $host"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

n=$("$objdump" -d --disassemble=jitffi_instr_probe "$program" |
    grep -cE '^ +[0-9a-f]+:[[:space:]]+[0-9a-f]{8}[[:space:]]' || true)
[ "$n" -gt 0 ] || { echo "no jitffi_instr_probe in $program"; exit 1; }
echo "the probe is $n instructions (objdump)"

filter='^(call/[bf]/(direct|jitffi_avalues|jitffi_ffi_call|libffi_ffi_call)|closure/b/(direct|jitffi_capi|libffi))$'
VALGRIND=none "$host" bench --quick --aarch64 "$dir" --filter "$filter" --json "$out/report.json" \
  --chart "$out/chart.svg" >"$out/report.md" || { cat "$out/report.md"; echo "jitffi bench failed"; exit 1; }

python3 - "$out/report.json" "$n" <<'EOF'
import json, math, sys
report = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
a = report.get("aarch64_instructions")
assert a is not None, "no aarch64_instructions in the JSON"
assert a["status"] == "ok" and a["counter"] == "qemu", a
assert a["probe_length"] == n, f"the counted program says its probe is {a['probe_length']} instructions, objdump {n}"
assert a["probe"] == n + 1, f"the probe of {n} instructions counted {a['probe']} per call, not {n + 1}"
assert a["loop"] >= 1 and a["loop"] == int(a["loop"]), a["loop"]
got = {r["name"]: r["instructions"] for r in a["results"]}
want = {f"call/{s}/{m}" for s in "bf" for m in ("direct", "jitffi_avalues", "jitffi_ffi_call", "libffi_ffi_call")}
want |= {f"closure/b/{m}" for m in ("direct", "jitffi_capi", "libffi")}
assert set(got) == want, f"counted {sorted(got)}, selected {sorted(want)}"
for name, v in got.items():
    assert v > 0 and v == math.floor(v), f"{name}: {v} instructions per call"
    assert all(r["abi"] == "aapcs64" for r in a["results"])
for s in "bf":
    assert got[f"call/{s}/libffi_ffi_call"] > got[f"call/{s}/direct"], got
assert got["closure/b/libffi"] > got["closure/b/direct"], got
verdicts = [t["verdict"] for t in report["targets"] if t["abi"] == "aapcs64" and t["kind"] == "instructions"]
assert verdicts and any(v in ("pass", "fail") for v in verdicts), report["targets"]
print(f"probe {a['probe']} per call; {len(got)} AArch64 counts; {len(verdicts)} AArch64 targets")
EOF
grep -qx '## AArch64: instructions per call (qemu)' "$out/report.md"
grep -qx '## AArch64: closures (qemu)' "$out/report.md"
grep -E '^- AArch64: libffi ffi_call / jitffi_ffi_call ≥ 15× on b–h: lowest [0-9.]+× on [bf] — (PASS|FAIL)$' \
  "$out/report.md" >/dev/null || { echo "no AArch64 ffi_call target with a verdict"; cat "$out/report.md"; exit 1; }
grep -q 'Calls, AArch64: instructions per call' "$out/chart.svg"

# Not a cross build: refused, saying why.
status=0
VALGRIND=none "$host" bench --quick --filter '^call/a/direct$' --aarch64 "$out" >/dev/null 2>"$out/err" || status=$?
[ "$status" -eq 1 ] || { echo "--aarch64 $out: exit status $status, not 1"; exit 1; }
grep -q 'cross-run.txt not found' "$out/err" || { echo "--aarch64 $out: no message"; cat "$out/err"; exit 1; }
echo "ok"
