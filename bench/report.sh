#!/bin/sh
# The benchmark report: wall time (Google Benchmark, medians of repetitions) and instructions per
# call (callgrind), as one markdown document on stdout. Builds nothing.
#
#   bench/report.sh BUILD_DIR [extra call_bench arguments...]
#
# Environment: REPS (repetitions, default 5), MIN_TIME (seconds per repetition, default 0.1),
# NO_INSTR=1 (skip the callgrind part). A full run takes about three minutes on 2 cores.
#
# Sections: calls (wall time, CPU time, prep_cif, stub builds, targets), closures (wall time:
# calls through a C caller, alloc + prepare + free, targets), then instr_count's report (calls,
# then closures with their instruction targets); then the same for Win64 (the Microsoft x64
# convention: ms_abi callees and callers, Abi::kWin64, FFI_WIN64; call_bench's win64/* names):
# its wall-time tables and targets, then instr_count's Win64 part.
set -eu

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 BUILD_DIR [extra call_bench arguments...]" >&2
  exit 2
fi
build=$1
shift
bench="$build/bench/call_bench"
instr="$build/bench/instr_count"
reps=${REPS:-5}
min_time=${MIN_TIME:-0.1}
if [ ! -x "$bench" ]; then
  echo "$0: $bench not found (build the call_bench target)" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/jitffi-report.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
"$bench" --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
  --benchmark_min_time="$min_time" --benchmark_format=csv "$@" >"$tmp/bench.csv" 2>"$tmp/bench.err" || {
  echo "$0: call_bench failed:" >&2
  cat "$tmp/bench.err" >&2
  exit 1
}
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

instr_status=skipped
if [ "${NO_INSTR:-0}" != 1 ]; then
  if [ -x "$instr" ]; then
    if "$instr" >"$tmp/instr.md" 2>"$tmp/instr.err"; then instr_status=ok; else instr_status=failed; fi
  else
    instr_status=missing
  fi
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
rev=$( (git -C "${src:-.}" describe --always --dirty 2>/dev/null || echo "?") | head -n 1)
btype=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)

echo "# jitffi benchmark report"
echo
echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), commit $rev (build type ${btype:-?}), $(nproc) CPUs: ${cpu:-?}"
echo "- load average before/after the wall-time run: $load_before / $load_after"
echo "- wall time: Google Benchmark, median of $reps repetitions of at least ${min_time}s each"
echo

# Wall-time tables from the CSV (times normalized to ns). walltables sysv: the SysV sections;
# walltables win64: the Win64 ones.
walltables() {
awk -F, -v reps="$reps" -v part="$1" '
function unq(s) { gsub(/"/, "", s); return s }
function ns(v, unit) {
  if (unit == "us") return v * 1000; if (unit == "ms") return v * 1e6; if (unit == "s") return v * 1e9
  return v
}
function fmt(v) {
  if (v == "") return "n/a"
  if (v >= 100) return sprintf("%.0f", v); if (v >= 10) return sprintf("%.1f", v)
  return sprintf("%.2f", v)
}
function ratio(a, b) { if (a == "" || b == "" || b <= 0) return "n/a"; return sprintf("%.1f×", a / b) }
# The call table of the methods in mlist, names prefixed with pre ("" or "win64/").
function calltable(t, pre, mlist,    i, j, s, line, L, n, m) {
  n = split(mlist, m, " ")
  line = "| sig"
  for (j = 1; j <= n; j++) line = line " | " title[m[j]]
  print line " | libffi/jitffi (ffi_call) | libffi/jitffi (avalues) |"
  line = "|---"
  for (j = 1; j <= n + 2; j++) line = line "|---:"
  print line "|"
  for (i = 1; i <= nsig; i++) {
    s = sigs[i]; line = "| " s
    for (j = 1; j <= n; j++) line = line " | " fmt(t[pre "call/" s "/" m[j]])
    L = t[pre "call/" s "/libffi_ffi_call"]
    line = line " | " ratio(L, t[pre "call/" s "/jitffi_ffi_call"]) " | " ratio(L, t[pre "call/" s "/jitffi_avalues"]) " |"
    print line
  }
  print ""
}
# The targets on libffi ffi_call / jitffi (wall), b–h.
function calltargets(pre, label,    k, i, s, L, J, worst, wsig, worstc, wsigc, js) {
  split("jitffi_ffi_call jitffi_avalues", js, " ")
  for (k = 1; k <= 2; k++) {
    worst = ""; wsig = "?"; worstc = ""; wsigc = "?"
    for (i = 2; i <= nsig; i++) {
      s = sigs[i]; L = real[pre "call/" s "/libffi_ffi_call"]; J = real[pre "call/" s "/" js[k]]
      if (L != "" && J != "" && J > 0 && (worst == "" || L / J < worst)) { worst = L / J; wsig = s }
      L = cpu[pre "call/" s "/libffi_ffi_call"]; J = cpu[pre "call/" s "/" js[k]]
      if (L != "" && J != "" && J > 0 && (worstc == "" || L / J < worstc)) { worstc = L / J; wsigc = s }
    }
    if (worst == "") { print "- " label "libffi ffi_call / " js[k] " ≥ 8× (wall) on b–h: n/a"; continue }
    printf "- %slibffi ffi_call / %s ≥ 8× (wall) on b–h: lowest %.2f× on %s — %s (CPU time: lowest %.2f× on %s)\n", label, js[k], worst, wsig, (worst >= 8 ? "PASS" : "FAIL"), worstc, wsigc
  }
}
NR == 1 { next }
{
  name = unq($1)
  if (name ~ /_median$/) {
    base = substr(name, 1, length(name) - 7)
    sub(/\/real_time$/, "", base); sub(/\/iterations:[0-9]+$/, "", base)
    real[base] = ns($3, unq($5)); cpu[base] = ns($4, unq($5))
  }
  if ($9 == "true") { e = unq($1); sub(/\/real_time$/, "", e); err[e] = unq($10) }
}
BEGIN {
  nsig = split("a b c d e f g h", sigs, " ")
  ms = "direct jitffi_avalues jitffi_avalues_raw jitffi_slots jitffi_slots_raw jitffi_bound jitffi_ffi_call libffi_ffi_call"
  # Win64: no raw-stub variants (bench_cases.h, inSet).
  wms = "direct jitffi_avalues jitffi_slots jitffi_bound jitffi_ffi_call libffi_ffi_call"
  split("direct|jitffi avalues|avalues (raw stub)|slots|slots (raw stub)|bound|ffi_call (jitffi)|ffi_call (libffi)", tt, "|")
  split(ms, mm, " ")
  for (j = 1; j <= 8; j++) title[mm[j]] = tt[j]
  ncs = split("b c e f", csigs, " ")
  ncm = split("direct jitffi_capi jitffi_raw_avalues jitffi_raw_slots jitffi_typed libffi", cms, " ")
  split("direct|C API (ffi_closure)|RawClosure avalues|RawClosure slots|Closure<F>|libffi closure", cmt, "|")
}
END {
  if (part == "win64") { win64(); exit }
  print "## Wall time per call (ns, median of real time)"
  print ""
  calltable(real, "", ms)
  print "## CPU time per call (ns, median)"
  print ""
  print "The same runs, CPU time: less disturbed than real time when the machine is shared."
  print ""
  calltable(cpu, "", ms)
  print "## ffi_prep_cif (ns, median; jitffi: a cache hit)"
  print ""
  print "| sig | prep_cif jitffi | prep_cif libffi | libffi/jitffi | prep+call jitffi | prep+call libffi | libffi/jitffi |"
  print "|---|---:|---:|---:|---:|---:|---:|"
  for (i = 1; i <= nsig; i++) {
    s = sigs[i]
    pj = real["prep/" s "/jitffi"]; pl = real["prep/" s "/libffi"]
    cj = real["prepcall/" s "/jitffi"]; cl = real["prepcall/" s "/libffi"]
    print "| " s " | " fmt(pj) " | " fmt(pl) " | " ratio(pl, pj) " | " fmt(cj) " | " fmt(cl) " | " ratio(cl, cj) " |"
  }
  print ""
  print "## Building stubs (median)"
  print ""
  print "| what | real time | CPU time |"
  print "|---|---:|---:|"
  if ("build/miss" in real) print "| cache miss: CallInterface::get on a new 10-argument signature | " sprintf("%.2f µs | %.2f µs", real["build/miss"] / 1000, cpu["build/miss"] / 1000) " |"
  if ("build/miss_prep_cif" in real) print "| cache miss: jitffi ffi_prep_cif on a new 10-argument signature | " sprintf("%.2f µs | %.2f µs", real["build/miss_prep_cif"] / 1000, cpu["build/miss_prep_cif"] / 1000) " |"
  if ("build/bind" in real) print "| CallInterface::bind (new bound stub of e, then its release) | " sprintf("%.2f µs | %.2f µs", real["build/bind"] / 1000, cpu["build/bind"] / 1000) " |"
  if ("get/e/hit" in real) print "| cache hit: CallInterface::get(Signature) of e | " fmt(real["get/e/hit"]) " ns | " fmt(cpu["get/e/hit"]) " ns |"
  print ""
  print "## Wall-time targets"
  print ""
  calltargets("", "")
  if ("build/miss" in real) {
    t = real["build/miss"] / 1000
    printf "- new stub (cache miss) < 20 µs median: %.2f µs — %s (CPU time %.2f µs)\n", t, (t < 20 ? "PASS" : "FAIL"), cpu["build/miss"] / 1000
  } else print "- new stub (cache miss) < 20 µs median: n/a"
  for (e in err) if (e !~ /^win64\//) print "- ERROR " e ": " err[e]
  print ""
  print "## Closures (wall time)"
  print ""
  print "One C caller per signature (fixed argument values, a call through a function pointer) calls the ordinary C function (direct) or a closure whose handler does the same arithmetic; see the callgrind section for the methods. ns per call, median of real time:"
  print ""
  closures("", "", "b c e f")
}
function win64(    i, j, s, m, n, line, p, q, cols, worst, wsig, L, t) {
  print "## Win64: wall time per call (ns, median of real time)"
  print ""
  print "The same signatures with the Microsoft x64 convention, called from this (SysV) program: gcc ms_abi callees with the same arithmetic; direct: a C function making the ms_abi call with the arguments loaded from the avalues array (the floor); jitffi: interfaces made for Abi::kWin64; ffi_call: each library'"'"'s ffi_call on an FFI_WIN64 cif. f'"'"'s and g'"'"'s structs are passed by reference to a copy the caller makes. No raw-stub variants (the same stub as jitffi avalues)."
  print ""
  calltable(real, "win64/", wms)
  print "## Win64: CPU time per call (ns, median)"
  print ""
  calltable(cpu, "win64/", wms)
  print "Win64 next to SysV (ns per call, median of real time, the same run):"
  print ""
  n = split("direct jitffi_avalues jitffi_slots jitffi_bound libffi_ffi_call", cols, " ")
  line = "| sig"
  for (j = 1; j <= n; j++) line = line " | " title[cols[j]] " SysV | " title[cols[j]] " Win64"
  print line " | libffi/jitffi (avalues) SysV | libffi/jitffi (avalues) Win64 |"
  line = "|---"
  for (j = 1; j <= 2 * n + 2; j++) line = line "|---:"
  print line "|"
  for (i = 1; i <= nsig; i++) {
    s = sigs[i]; p = "call/" s "/"; q = "win64/" p; line = "| " s
    for (j = 1; j <= n; j++) line = line " | " fmt(real[p cols[j]]) " | " fmt(real[q cols[j]])
    print line " | " ratio(real[p "libffi_ffi_call"], real[p "jitffi_avalues"]) " | " ratio(real[q "libffi_ffi_call"], real[q "jitffi_avalues"]) " |"
  }
  print ""
  print "## Win64: wall-time targets"
  print ""
  calltargets("win64/", "Win64: ")
  worst = ""; wsig = "?"
  for (i = 2; i <= nsig; i++) {
    s = sigs[i]; L = real["win64/call/" s "/libffi_ffi_call"]; t = real["win64/call/" s "/direct"]
    if (L != "" && t != "" && t > 0 && (worst == "" || L / t < worst)) { worst = L / t; wsig = s }
  }
  if (worst != "") printf "- note: libffi'"'"'s FFI_WIN64 ffi_call over the direct call itself (what a call costing nothing over the floor would reach): lowest %.2f× on %s\n", worst, wsig
  for (e in err) if (e ~ /^win64\//) print "- ERROR " e ": " err[e]
  print ""
  print "## Win64: closures (wall time)"
  print ""
  print "As above with the Microsoft x64 convention: the C caller makes an ms_abi call, to the ms_abi C function (direct) or to a closure made for Win64 (Abi::kWin64; the C API and libffi with an FFI_WIN64 cif) whose handler is the same C function as under SysV. ns per call, median of real time:"
  print ""
  closures("win64/", "Win64: ", "b f")
}
# The closure tables and targets; msigs: the signatures alloc + prepare + free is measured on.
function closures(pre, label, msigs,    i, j, s, L, line, t, worst, wsig, worstc, wsigc, r, nms, msig, mk, mkt, sl) {
  cltable(real, pre)
  print "The same runs, CPU time:"
  print ""
  cltable(cpu, pre)
  nms = split(msigs, msig, " ")
  sl = msigs; gsub(/ /, ", ", sl)
  print "Alloc + prepare + free of one closure, the signature already cached (ns, median; C API and libffi: ffi_closure_alloc + ffi_prep_closure_loc + ffi_closure_free; RawClosure: make, then its destructor)" (pre == "" ? "" : ", on " sl " only") ":"
  print ""
  print "| sig | jitffi C API | jitffi RawClosure | libffi | libffi/C API | libffi/RawClosure | CPU: jitffi C API | CPU: jitffi RawClosure | CPU: libffi |"
  print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for (i = 1; i <= nms; i++) {
    s = msig[i]; t = pre "closure_make/" s "/"; L = real[t "libffi"]
    print "| " s " | " fmt(real[t "jitffi_capi"]) " | " fmt(real[t "jitffi_raw"]) " | " fmt(L) " | " \
      ratio2(L, real[t "jitffi_capi"]) " | " ratio2(L, real[t "jitffi_raw"]) " | " \
      fmt(cpu[t "jitffi_capi"]) " | " fmt(cpu[t "jitffi_raw"]) " | " fmt(cpu[t "libffi"]) " |"
  }
  print ""
  print (pre == "" ? "Closure" : "Win64 closure") " wall-time targets (the instruction targets are in the callgrind section):"
  print ""
  split("jitffi_capi jitffi_raw", mk, " "); split("jitffi C API|jitffi RawClosure", mkt, "|")
  for (j = 1; j <= 2; j++) {
    worst = ""; wsig = "?"; worstc = ""; wsigc = "?"
    for (i = 1; i <= nms; i++) {
      s = msig[i]; L = real[pre "closure_make/" s "/libffi"]; t = real[pre "closure_make/" s "/" mk[j]]
      if (L != "" && t != "" && L > 0 && (worst == "" || t / L > worst)) { worst = t / L; wsig = s }
      L = cpu[pre "closure_make/" s "/libffi"]; t = cpu[pre "closure_make/" s "/" mk[j]]
      if (L != "" && t != "" && L > 0 && (worstc == "" || t / L > worstc)) { worstc = t / L; wsigc = s }
    }
    if (worst == "") { print "- " label "alloc + prepare + free, " mkt[j] " no slower than libffi (wall): n/a"; continue }
    printf "- %salloc + prepare + free, %s no slower than libffi (wall, median): worst %.2f× libffi'"'"'s time on %s (%s vs %s ns) — %s (CPU time: worst %.2f× on %s)\n", label, mkt[j], worst, wsig, fmt(real[pre "closure_make/" wsig "/" mk[j]]), fmt(real[pre "closure_make/" wsig "/libffi"]), (worst <= 1 ? "PASS" : "FAIL"), worstc, wsigc
  }
  for (j = 2; j <= 5; j++) {
    worst = ""; wsig = "?"
    for (i = 1; i <= ncs; i++) {
      s = csigs[i]; L = real[pre "closure/" s "/libffi"]; t = real[pre "closure/" s "/" cms[j]]
      if (L != "" && t != "" && t > 0 && (worst == "" || L / t < worst)) { worst = L / t; wsig = s }
    }
    if (worst != "") printf "- %s(no target) libffi closure / %s call (wall): lowest %.1f× on %s\n", label, cmt[j], worst, wsig
  }
  print ""
}
function ratio2(a, b) { if (a == "" || b == "" || b <= 0) return "n/a"; return sprintf("%.2f×", a / b) }
function cltable(t, pre,    i, j, s, line, L) {
  print "| sig | direct | C API (ffi_closure) | RawClosure avalues | RawClosure slots | Closure<F> | libffi closure | libffi/C API | libffi/avalues | libffi/slots | libffi/Closure<F> |"
  print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for (i = 1; i <= ncs; i++) {
    s = csigs[i]; line = "| " s
    for (j = 1; j <= ncm; j++) line = line " | " fmt(t[pre "closure/" s "/" cms[j]])
    L = t[pre "closure/" s "/libffi"]
    for (j = 2; j <= 5; j++) line = line " | " ratio(L, t[pre "closure/" s "/" cms[j]])
    print line " |"
  }
  print ""
}' "$tmp/bench.csv"
}

# instr_count's report: its SysV part, and its Win64 part (from the first "## Win64: " heading).
instr_part() {
  if [ "$1" = sysv ]; then sed '/^## Win64: /,$d' "$tmp/instr.md"; else sed -n '/^## Win64: /,$p' "$tmp/instr.md"; fi
}

walltables sysv

# call_bench's own messages (Google Benchmark also writes its context header to stderr).
if grep -q '^call_bench:' "$tmp/bench.err"; then
  echo "call_bench reported:"
  echo
  grep '^call_bench:' "$tmp/bench.err" | sed 's/^/    /'
  echo
fi

case $instr_status in
  ok) instr_part sysv ;;
  skipped) echo "(instruction counts skipped: NO_INSTR=1)" ;;
  missing) echo "(instruction counts unavailable: $instr not built; it needs valgrind's headers)" ;;
  failed)
    echo "(instruction counts failed:)"
    sed 's/^/    /' "$tmp/instr.err"
    ;;
esac
if [ "$instr_status" = ok ] && grep -q . "$tmp/instr.err"; then
  echo "instr_count reported:"
  echo
  sed 's/^/    /' "$tmp/instr.err"
fi

# Win64: its wall-time tables, then its instruction counts.
walltables win64
if [ "$instr_status" = ok ]; then instr_part win64; fi
