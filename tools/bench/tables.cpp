// SPDX-License-Identifier: MIT
// `jitffi bench`: the markdown report's head and the wall-time tables of a convention.
#include <cstdio>

#include "bench_p.h"

namespace jitffi::tool::report {

double Run::ns(const std::string& name) const {
  const Measurement* m = measurements.find(name);
  return m && m->state == State::kOk ? m->median : NAN;
}

double Run::cpuNs(const std::string& name) const {
  const Measurement* m = measurements.find(name);
  return m && m->state == State::kOk ? m->cpuMedian : NAN;
}

std::string Run::cell(const std::string& name) const {
  const Measurement* m = measurements.find(name);
  if (!m) return "–";
  if (m->state == State::kFailed) return "**FAIL**";
  if (m->state == State::kUnavailable) return "n/a";
  return fmtNs(m->median);
}

std::string fmtNs(double v) {
  if (std::isnan(v)) return "n/a";
  char b[32];
  if (v >= 100) std::snprintf(b, sizeof b, "%.0f", v);
  else if (v >= 10) std::snprintf(b, sizeof b, "%.1f", v);
  else std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

std::string fmtRatio(double a, double b, int digits) {
  if (std::isnan(a) || std::isnan(b) || b <= 0) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f×", digits, a / b);
  return buf;
}

void reportHead(const Run& r, std::string& o) {
  const RunInfo& info = r.info;
  const Settings& s = r.settings;
  const InstrRun& ir = r.instr;
  appendf(o, "# jitffi benchmark report\n\n");
  appendf(o, "- %s, jitffi %s (build type %s, %s), %u CPUs: %s\n", info.date.c_str(), kVersion,
          info.buildType.c_str(), info.compiler.c_str(), info.cpus, info.cpu.c_str());
  appendf(o, "- libffi: the system's %s, loaded at run time; jitffi: linked into this tool\n",
          info.libffi.c_str());
  int taken = 0, retaken = 0, extra = 0, fallbacks = 0;
  for (const Measurement& m : r.measurements.all()) {
    taken += int(m.samples.size());
    retaken += m.retaken;
    extra += m.extraRuns;
    fallbacks += m.cpuFallbacks;
  }
  appendf(o,
          "- wall time: in-process, the median of %d repetitions of about %g ms per measurement "
          "(iterations calibrated per measurement; the methods of one signature interleaved)%s. "
          "A repetition during which another process had the CPU (thread CPU time < 95%% of wall "
          "time) is run again, up to %d runs, the least disturbed kept; if none ran undisturbed, "
          "its thread CPU time stands in for its wall time. This run: %d of %d repetitions run "
          "again (%d extra runs), %d with CPU time; load average before/after: %s / %s\n",
          s.reps, s.repNs / 1e6, s.quick ? ", --quick" : "", kAttempts, retaken, taken, extra,
          fallbacks, info.loadBefore.c_str(), info.loadAfter.c_str());
  switch (ir.state) {
    case InstrRun::State::kDone:
      appendf(o, "- instruction counts: callgrind (%s), below\n",
              ir.version.empty() ? ir.program.c_str() : ir.version.c_str());
      break;
    case InstrRun::State::kSkipped:
      appendf(o, "- instruction counts: not measured: %s\n", ir.why.c_str());
      break;
    case InstrRun::State::kFailed:
      appendf(o, "- instruction counts: FAILED: %s\n", ir.why.c_str());
      break;
  }
  if (!info.chartPath.empty()) appendf(o, "- chart: %s\n", info.chartPath.c_str());
  appendf(o, "- signatures:");
  for (const jb::Case& c : jb::cases())
    appendf(o, "%s %c `%s`", c.name == 'a' ? "" : ",", c.name, c.text.c_str());
  appendf(o, " (closures: b, c, e, f)\n");
  appendf(o,
          "- conventions: SysV x86-64 (the host's), then in a section of its own Microsoft x64 "
          "(Win64: gcc `ms_abi` callees, `Abi::kWin64`, `FFI_WIN64` cifs) called from this "
          "program\n\n");
}

namespace {

// The call methods measured under a convention (jb::inSet), in the reports' column order.
std::vector<jb::Method> callMethods(Abi abi) {
  std::vector<jb::Method> out;
  for (jb::Method m : jb::kCallMethods)
    if (jb::inSet(abi, m)) out.push_back(m);
  return out;
}

std::vector<const char*> names(const std::vector<jb::Method>& methods) {
  std::vector<const char*> out;
  for (jb::Method m : methods) out.push_back(jb::methodName(m));
  return out;
}
constexpr std::initializer_list<const char*> kClosureCols = {
    "direct", "jitffi_capi", "jitffi_raw_avalues", "jitffi_raw_slots", "jitffi_typed", "libffi"};

void callTable(const Run& r, std::string& o, Abi abi) {
  const bool w = abi == Abi::kWin64;
  const std::vector<jb::Method> methods = callMethods(abi);
  const std::vector<const char*> cols = names(methods);
  const std::string pre = jb::abiPrefix(abi);
  bool any = false;
  for (const jb::Case& c : jb::cases(abi))
    any = any || r.rowPresent(pre + "call/" + c.name + "/", cols);
  if (!any) return;
  if (w) {
    appendf(o, "## Win64: calls: wall time (ns per call, median)\n\n");
    appendf(o,
            "The same signatures with the Microsoft x64 convention, called from this (SysV) "
            "program: the callees are gcc `ms_abi` functions with the same arithmetic; direct: a "
            "C function making the `ms_abi` call through a function pointer, the arguments "
            "loaded from the avalues array (the floor); jitffi: the interfaces made for "
            "`Abi::kWin64`; ffi_call: each library's `ffi_call` on an `FFI_WIN64` cif. f's and "
            "g's structs (16 and 24 bytes) are passed by reference to a copy the caller makes. "
            "The raw-stub variants are not measured under Win64 (the same stub as jitffi "
            "avalues).\n\n");
  } else {
    appendf(o, "## Calls: wall time (ns per call, median)\n\n");
    appendf(o,
            "direct: a C call through a function pointer, the arguments loaded from the avalues "
            "array (the floor). jitffi avalues: `CallInterface::call` (libffi's shape: an array "
            "of argument pointers); raw stub: the stub pointer held by the caller; slots: "
            "`callSlots` (an array of 8-byte slots); bound: a `BoundCall`, the function baked "
            "into the stub; typed and invoke: the C++ API's typed calls (`CallInterface::of<F>`'s "
            "handle, checked when compiled; `CallInterface::invoke<R>`, checked when it runs), "
            "each made by a C++ function that loads the arguments from the avalues array as "
            "direct's C function does; ffi_call: each library's `ffi_call` on a prepared cif. "
            "Ratios: libffi's `ffi_call` over jitffi's.\n\n");
  }
  appendf(o, "| sig");
  for (jb::Method m : methods) appendf(o, " | %s", jb::methodTitle(m));
  appendf(o,
          " | libffi/jitffi (ffi_call) | libffi/jitffi (avalues) | libffi/jitffi (slots) |\n|---");
  for (size_t i = 0; i < cols.size() + 3; ++i) appendf(o, "|---:");
  appendf(o, "|\n");
  for (const jb::Case& c : jb::cases(abi)) {
    const std::string p = pre + "call/" + c.name + "/";
    if (!r.rowPresent(p, cols)) continue;
    appendf(o, "| %c", c.name);
    for (const char* m : cols) appendf(o, " | %s", r.cell(p + m).c_str());
    const double l = r.ns(p + "libffi_ffi_call");
    appendf(o, " | %s | %s | %s |\n", fmtRatio(l, r.ns(p + "jitffi_ffi_call")).c_str(),
            fmtRatio(l, r.ns(p + "jitffi_avalues")).c_str(), fmtRatio(l, r.ns(p + "jitffi_slots")).c_str());
  }
  appendf(o, "\n");
}

void win64NextToSysV(const Run& r, std::string& o) {
  const std::vector<jb::Method> methods = {jb::Method::kDirect, jb::Method::kAvalues, jb::Method::kSlots,
                                           jb::Method::kBound, jb::Method::kFfiCallS};
  const std::vector<const char*> cols = names(methods);
  bool any = false;
  for (const jb::Case& c : jb::cases())
    any = any || (r.rowPresent(std::string("call/") + c.name + "/", cols) &&
                  r.rowPresent(std::string("win64/call/") + c.name + "/", cols));
  if (!any) return;
  appendf(o, "Win64 next to SysV (ns per call, median; the same run):\n\n");
  appendf(o, "| sig");
  for (jb::Method m : methods) appendf(o, " | %s SysV | %s Win64", jb::methodTitle(m), jb::methodTitle(m));
  appendf(o, " | libffi/jitffi (avalues) SysV | libffi/jitffi (avalues) Win64 |\n|---");
  for (size_t i = 0; i < 2 * cols.size() + 2; ++i) appendf(o, "|---:");
  appendf(o, "|\n");
  for (const jb::Case& c : jb::cases()) {
    const std::string p = std::string("call/") + c.name + "/", q = "win64/" + p;
    if (!r.rowPresent(p, cols) && !r.rowPresent(q, cols)) continue;
    appendf(o, "| %c", c.name);
    for (const char* m : cols) appendf(o, " | %s | %s", r.cell(p + m).c_str(), r.cell(q + m).c_str());
    appendf(o, " | %s | %s |\n", fmtRatio(r.ns(p + "libffi_ffi_call"), r.ns(p + "jitffi_avalues")).c_str(),
            fmtRatio(r.ns(q + "libffi_ffi_call"), r.ns(q + "jitffi_avalues")).c_str());
  }
  appendf(o, "\n");
}

void prepTable(const Run& r, std::string& o) {
  const auto cols = {"jitffi", "libffi"};
  bool any = false;
  for (const jb::Case& c : jb::cases())
    any = any || r.rowPresent(std::string("prep/") + c.name + "/", cols) ||
          r.rowPresent(std::string("prepcall/") + c.name + "/", cols);
  if (!any) return;
  appendf(o, "## ffi_prep_cif: wall time (ns, median; jitffi: a cache hit)\n\n");
  appendf(o,
          "prep_cif: `ffi_prep_cif` alone; prep+call: `ffi_prep_cif` then `ffi_call`, every "
          "call (a caller that keeps no cif).\n\n");
  appendf(o,
          "| sig | prep_cif jitffi | prep_cif libffi | libffi/jitffi | prep+call jitffi | prep+call "
          "libffi | libffi/jitffi |\n");
  appendf(o, "|---|---:|---:|---:|---:|---:|---:|\n");
  for (const jb::Case& c : jb::cases()) {
    const std::string p = std::string("prep/") + c.name + "/";
    const std::string q = std::string("prepcall/") + c.name + "/";
    if (!r.rowPresent(p, cols) && !r.rowPresent(q, cols)) continue;
    appendf(o, "| %c | %s | %s | %s | %s | %s | %s |\n", c.name, r.cell(p + "jitffi").c_str(),
            r.cell(p + "libffi").c_str(), fmtRatio(r.ns(p + "libffi"), r.ns(p + "jitffi")).c_str(),
            r.cell(q + "jitffi").c_str(), r.cell(q + "libffi").c_str(),
            fmtRatio(r.ns(q + "libffi"), r.ns(q + "jitffi")).c_str());
  }
  appendf(o, "\n");
}

void buildTable(const Run& r, std::string& o) {
  bool any = false;
  for (int k = 0; k < jb::kMissCount; ++k) any = any || r.present(jb::missName(jb::Miss(k)));
  if (!any) return;
  appendf(o, "## Building a stub (cache miss; µs per new signature)\n\n");
  appendf(o,
          "Per repetition, the mean of a batch of new signatures (median of the repetitions, wall "
          "and CPU time); then every new signature timed alone, over all repetitions (median and "
          "90th percentile: first-touch page faults show there), the page faults per signature "
          "(getrusage around each batch; the pages jitffi populates ahead count too), and the memory "
          "the new interfaces took (bytes in use per signature: the heap's, glibc's mallinfo2, plus "
          "jitffi's arena's, jitffi::memoryInUse).\n\n");
  appendf(o, "| what | wall time | CPU time | alone: median | alone: p90 | page faults per signature | memory per interface |\n"
             "|---|---:|---:|---:|---:|---:|---:|\n");
  auto row = [&](const char* name, const char* what) {
    const Measurement* m = r.measurements.find(name);
    if (!m) return;
    if (m->state != State::kOk) {
      appendf(o, "| %s | **FAIL** | | | | | |\n", what);
      return;
    }
    appendf(o, "| %s | %.2f µs | %.2f µs | %.2f µs | %.2f µs | %.3f | %.0f B |\n", what, m->median / 1000,
            m->cpuMedian / 1000, medianOf(m->items) / 1000, percentileOf(m->items, 90) / 1000,
            double(m->itemFaults) / double(m->items.size()), m->itemMemoryBytes / double(m->items.size()));
  };
  for (int k = 0; k < jb::kMissCount; ++k) row(jb::missName(jb::Miss(k)), jb::missTitle(jb::Miss(k)));
  appendf(o, "\n");
}

void closureTable(const Run& r, std::string& o, Abi abi) {
  const bool w = abi == Abi::kWin64;
  const std::string pre = jb::abiPrefix(abi);
  bool any = false;
  for (const jb::ClosureCase& c : jb::closureCases(abi))
    any = any || r.rowPresent(pre + "closure/" + c.name + "/", kClosureCols);
  if (!any) return;
  if (w) {
    appendf(o, "## Win64: closures: wall time (ns per call, median)\n\n");
    appendf(o,
            "As above with the Microsoft x64 convention: the C caller makes an `ms_abi` call, to "
            "the `ms_abi` C function (direct) or to a closure made for Win64 (`Abi::kWin64`; the "
            "C API and libffi with an `FFI_WIN64` cif), whose handler is the same host-convention "
            "C function as above, except Closure<F>'s, which is its thunk compiled for ms_abi. "
            "Ratios: the libffi closure over each jitffi closure.\n\n");
  } else {
    appendf(o, "## Closures: wall time (ns per call, median)\n\n");
    appendf(o,
            "One C caller per signature (fixed argument values, a call through a function "
            "pointer) calls the ordinary C function (direct) or a closure whose handler does the "
            "same arithmetic: jitffi's C API (`ffi_closure`, libffi's handler shape), a "
            "`RawClosure` with an avalues or a slots handler, a typed `Closure<F>` (a lambda), or "
            "a libffi closure with the C API's handler. Ratios: the libffi closure over each "
            "jitffi closure.\n\n");
  }
  appendf(o,
          "| sig | direct | C API (ffi_closure) | RawClosure avalues | RawClosure slots | Closure<F> | "
          "libffi closure | libffi/C API | libffi/avalues | libffi/slots | libffi/Closure<F> |\n");
  appendf(o, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const jb::ClosureCase& c : jb::closureCases(abi)) {
    const std::string p = pre + "closure/" + c.name + "/";
    if (!r.rowPresent(p, kClosureCols)) continue;
    appendf(o, "| %c", c.name);
    for (const char* m : kClosureCols) appendf(o, " | %s", r.cell(p + m).c_str());
    const double l = r.ns(p + "libffi");
    for (const char* m : {"jitffi_capi", "jitffi_raw_avalues", "jitffi_raw_slots", "jitffi_typed"})
      appendf(o, " | %s", fmtRatio(l, r.ns(p + m)).c_str());
    appendf(o, " |\n");
  }
  appendf(o, "\n");
}

void makeTable(const Run& r, std::string& o, Abi abi) {
  const bool w = abi == Abi::kWin64;
  const std::string pre = jb::abiPrefix(abi);
  const auto cols = {"jitffi_capi", "jitffi_raw", "libffi"};
  bool any = false;
  for (const jb::ClosureCase& c : jb::closureCases(abi))
    any = any || r.rowPresent(pre + "closure_make/" + c.name + "/", cols);
  if (!any) return;
  if (w) {
    appendf(o, "## Win64: closures: alloc + prepare + free (ns, median)\n\n");
    appendf(o,
            "As above for Win64 closures (the C API and libffi with an `FFI_WIN64` cif; "
            "`RawClosure` on the Win64 interface), on b and f only.\n\n");
  } else {
    appendf(o, "## Closures: alloc + prepare + free (ns, median)\n\n");
    appendf(o,
            "One closure made and freed, the signature's entry already built. C API and libffi: "
            "`ffi_closure_alloc` + `ffi_prep_closure_loc` + `ffi_closure_free`; RawClosure: "
            "`RawClosure::make`, then its destructor.\n\n");
  }
  appendf(o, "| sig | jitffi C API | jitffi RawClosure | libffi | libffi/C API | libffi/RawClosure |\n");
  appendf(o, "|---|---:|---:|---:|---:|---:|\n");
  for (const jb::ClosureCase& c : jb::closureCases(abi)) {
    const std::string p = pre + "closure_make/" + c.name + "/";
    if (!r.rowPresent(p, cols)) continue;
    const double l = r.ns(p + "libffi");
    appendf(o, "| %c | %s | %s | %s | %s | %s |\n", c.name, r.cell(p + "jitffi_capi").c_str(),
            r.cell(p + "jitffi_raw").c_str(), r.cell(p + "libffi").c_str(),
            fmtRatio(l, r.ns(p + "jitffi_capi"), 2).c_str(),
            fmtRatio(l, r.ns(p + "jitffi_raw"), 2).c_str());
  }
  appendf(o, "\n");
}

}  // namespace

void conventionTables(const Run& r, Abi abi, std::string& o) {
  callTable(r, o, abi);
  if (abi == Abi::kWin64) {
    win64NextToSysV(r, o);
  } else {
    prepTable(r, o);
    buildTable(r, o);
  }
  closureTable(r, o, abi);
  makeTable(r, o, abi);
}

}  // namespace jitffi::tool::report
