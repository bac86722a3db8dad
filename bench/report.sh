#!/bin/sh
# The benchmark report: wall time (Google Benchmark, medians of repetitions) and instructions per
# call (callgrind), as one markdown document on stdout. Builds nothing.
#
#   bench/report.sh BUILD_DIR [extra call_bench arguments...]
#
# Environment: REPS (repetitions, default 5), MIN_TIME (seconds per repetition, default 0.1),
# NO_INSTR=1 (skip the callgrind part). A full run takes about two minutes on 2 cores.
#
# Sections: calls (wall time, CPU time, prep_cif, stub builds, targets), closures (wall time:
# calls through a C caller, alloc + prepare + free, targets), then instr_count's report (calls,
# then closures with their instruction targets).
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

# Wall-time tables from the CSV (times normalized to ns).
awk -F, -v reps="$reps" '
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
function calltable(t,    i, j, s, line, L) {
  print "| sig | direct | jitffi avalues | avalues (raw stub) | slots | slots (raw stub) | bound | ffi_call (jitffi) | ffi_call (libffi) | libffi/jitffi (ffi_call) | libffi/jitffi (avalues) |"
  print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for (i = 1; i <= nsig; i++) {
    s = sigs[i]; line = "| " s
    for (j = 1; j <= nm; j++) line = line " | " fmt(t["call/" s "/" ms[j]])
    L = t["call/" s "/libffi_ffi_call"]
    line = line " | " ratio(L, t["call/" s "/jitffi_ffi_call"]) " | " ratio(L, t["call/" s "/jitffi_avalues"]) " |"
    print line
  }
  print ""
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
  nm = split("direct jitffi_avalues jitffi_avalues_raw jitffi_slots jitffi_slots_raw jitffi_bound jitffi_ffi_call libffi_ffi_call", ms, " ")
  ncs = split("b c e f", csigs, " ")
  ncm = split("direct jitffi_capi jitffi_raw_avalues jitffi_raw_slots jitffi_typed libffi", cms, " ")
  split("direct|C API (ffi_closure)|RawClosure avalues|RawClosure slots|Closure<F>|libffi closure", cmt, "|")
}
END {
  print "## Wall time per call (ns, median of real time)"
  print ""
  calltable(real)
  print "## CPU time per call (ns, median)"
  print ""
  print "The same runs, CPU time: less disturbed than real time when the machine is shared."
  print ""
  calltable(cpu)
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
  split("jitffi_ffi_call jitffi_avalues", js, " ")
  for (k = 1; k <= 2; k++) {
    worst = ""; wsig = "?"; worstc = ""; wsigc = "?"
    for (i = 2; i <= nsig; i++) {
      s = sigs[i]; L = real["call/" s "/libffi_ffi_call"]; J = real["call/" s "/" js[k]]
      if (L != "" && J != "" && J > 0 && (worst == "" || L / J < worst)) { worst = L / J; wsig = s }
      L = cpu["call/" s "/libffi_ffi_call"]; J = cpu["call/" s "/" js[k]]
      if (L != "" && J != "" && J > 0 && (worstc == "" || L / J < worstc)) { worstc = L / J; wsigc = s }
    }
    if (worst == "") { print "- libffi ffi_call / " js[k] " ≥ 8× (wall) on b–h: n/a"; continue }
    printf "- libffi ffi_call / %s ≥ 8× (wall) on b–h: lowest %.2f× on %s — %s (CPU time: lowest %.2f× on %s)\n", js[k], worst, wsig, (worst >= 8 ? "PASS" : "FAIL"), worstc, wsigc
  }
  if ("build/miss" in real) {
    t = real["build/miss"] / 1000
    printf "- new stub (cache miss) < 20 µs median: %.2f µs — %s (CPU time %.2f µs)\n", t, (t < 20 ? "PASS" : "FAIL"), cpu["build/miss"] / 1000
  } else print "- new stub (cache miss) < 20 µs median: n/a"
  for (e in err) print "- ERROR " e ": " err[e]
  print ""
  closures()
}
function closures(    i, j, s, L, line, t, worst, wsig, worstc, wsigc, r) {
  print "## Closures (wall time)"
  print ""
  print "One C caller per signature (fixed argument values, a call through a function pointer) calls the ordinary C function (direct) or a closure whose handler does the same arithmetic; see the callgrind section for the methods. ns per call, median of real time:"
  print ""
  cltable(real)
  print "The same runs, CPU time:"
  print ""
  cltable(cpu)
  print "Alloc + prepare + free of one closure, the signature already cached (ns, median; C API and libffi: ffi_closure_alloc + ffi_prep_closure_loc + ffi_closure_free; RawClosure: make, then its destructor):"
  print ""
  print "| sig | jitffi C API | jitffi RawClosure | libffi | libffi/C API | libffi/RawClosure | CPU: jitffi C API | CPU: jitffi RawClosure | CPU: libffi |"
  print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for (i = 1; i <= ncs; i++) {
    s = csigs[i]; L = real["closure_make/" s "/libffi"]
    print "| " s " | " fmt(real["closure_make/" s "/jitffi_capi"]) " | " fmt(real["closure_make/" s "/jitffi_raw"]) " | " fmt(L) " | " \
      ratio2(L, real["closure_make/" s "/jitffi_capi"]) " | " ratio2(L, real["closure_make/" s "/jitffi_raw"]) " | " \
      fmt(cpu["closure_make/" s "/jitffi_capi"]) " | " fmt(cpu["closure_make/" s "/jitffi_raw"]) " | " fmt(cpu["closure_make/" s "/libffi"]) " |"
  }
  print ""
  print "Closure wall-time targets (the instruction targets are in the callgrind section):"
  print ""
  split("jitffi_capi jitffi_raw", mk, " "); split("jitffi C API|jitffi RawClosure", mkt, "|")
  for (j = 1; j <= 2; j++) {
    worst = ""; wsig = "?"; worstc = ""; wsigc = "?"
    for (i = 1; i <= ncs; i++) {
      s = csigs[i]; L = real["closure_make/" s "/libffi"]; t = real["closure_make/" s "/" mk[j]]
      if (L != "" && t != "" && L > 0 && (worst == "" || t / L > worst)) { worst = t / L; wsig = s }
      L = cpu["closure_make/" s "/libffi"]; t = cpu["closure_make/" s "/" mk[j]]
      if (L != "" && t != "" && L > 0 && (worstc == "" || t / L > worstc)) { worstc = t / L; wsigc = s }
    }
    if (worst == "") { print "- alloc + prepare + free, " mkt[j] " no slower than libffi (wall): n/a"; continue }
    printf "- alloc + prepare + free, %s no slower than libffi (wall, median): worst %.2f× libffi'"'"'s time on %s (%s vs %s ns) — %s (CPU time: worst %.2f× on %s)\n", mkt[j], worst, wsig, fmt(real["closure_make/" wsig "/" mk[j]]), fmt(real["closure_make/" wsig "/libffi"]), (worst <= 1 ? "PASS" : "FAIL"), worstc, wsigc
  }
  for (j = 2; j <= 5; j++) {
    worst = ""; wsig = "?"
    for (i = 1; i <= ncs; i++) {
      s = csigs[i]; L = real["closure/" s "/libffi"]; t = real["closure/" s "/" cms[j]]
      if (L != "" && t != "" && t > 0 && (worst == "" || L / t < worst)) { worst = L / t; wsig = s }
    }
    if (worst != "") printf "- (no target) libffi closure / %s call (wall): lowest %.1f× on %s\n", cmt[j], worst, wsig
  }
  print ""
}
function ratio2(a, b) { if (a == "" || b == "" || b <= 0) return "n/a"; return sprintf("%.2f×", a / b) }
function cltable(t,    i, j, s, line, L) {
  print "| sig | direct | C API (ffi_closure) | RawClosure avalues | RawClosure slots | Closure<F> | libffi closure | libffi/C API | libffi/avalues | libffi/slots | libffi/Closure<F> |"
  print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for (i = 1; i <= ncs; i++) {
    s = csigs[i]; line = "| " s
    for (j = 1; j <= ncm; j++) line = line " | " fmt(t["closure/" s "/" cms[j]])
    L = t["closure/" s "/libffi"]
    for (j = 2; j <= 5; j++) line = line " | " ratio(L, t["closure/" s "/" cms[j]])
    print line " |"
  }
  print ""
}' "$tmp/bench.csv"

# call_bench's own messages (Google Benchmark also writes its context header to stderr).
if grep -q '^call_bench:' "$tmp/bench.err"; then
  echo "call_bench reported:"
  echo
  grep '^call_bench:' "$tmp/bench.err" | sed 's/^/    /'
  echo
fi

case $instr_status in
  ok) cat "$tmp/instr.md" ;;
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
