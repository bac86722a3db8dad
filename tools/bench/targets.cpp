// SPDX-License-Identifier: MIT
// `jitffi bench`: the wall-time targets and their verdicts (the instruction-count targets are
// instr_core's).
#include <cstring>

#include "bench_p.h"

namespace jitffi::tool::report {

using CM = jb::ClosureMethod;

namespace {

// The lowest (or highest) ratio num / den of the medians over the signatures first..last
// (`prefix` + sig + "/" + method), in wall time and in thread CPU time, and where.
struct Extreme {
  double wall = NAN, cpu = NAN;
  char wallSig = '?', cpuSig = '?';
  bool all = true;  // every signature's ratio measured
};
Extreme extremeRatio(const Run& r, const std::string& prefix, char first, char last, const char* num,
                     const char* den, bool highest) {
  Extreme e;
  auto better = [&](double v, double cur) { return std::isnan(cur) || (highest ? v > cur : v < cur); };
  for (char s = first; s <= last; ++s) {
    const std::string p = prefix + s + "/";
    const double wall = r.ns(p + num) / r.ns(p + den), cpu = r.cpuNs(p + num) / r.cpuNs(p + den);
    if (std::isnan(wall)) e.all = false;
    else if (better(wall, e.wall)) e.wall = wall, e.wallSig = s;
    if (!std::isnan(cpu) && better(cpu, e.cpu)) e.cpu = cpu, e.cpuSig = s;
  }
  return e;
}

}  // namespace

std::vector<Target> wallTargets(const Run& r, Abi abi) {
  std::vector<Target> out;
  const std::string pre = jb::abiPrefix(abi);
  const char* const tpre = abi == Abi::kWin64 ? "Win64: " : "";
  auto target = [&] {
    Target t;
    t.kind = "wall";
    t.abi = abi;
    return t;
  };
  for (const char* j : {"jitffi_ffi_call", "jitffi_avalues"}) {
    const Extreme w = extremeRatio(r, pre + "call/", 'b', 'h', "libffi_ffi_call", j, false);
    Target t = target();
    if (std::isnan(w.wall)) {
      appendf(t.text, "%slibffi ffi_call / %s ≥ 8× (wall) on b–h: n/a", tpre, j);
    } else {
      appendf(t.text,
              "%slibffi ffi_call / %s ≥ 8× (wall) on b–h: lowest %.2f× on %c (CPU time: lowest "
              "%.2f× on %c)",
              tpre, j, w.wall, w.wallSig, w.cpu, w.cpuSig);
      t.verdict = w.wall >= 8 ? instr::Verdict::kPass : instr::Verdict::kFail;
    }
    out.push_back(std::move(t));
  }
  // The call against its floor: each jitffi call over the direct call of the same signature
  // (the same avalues, the same callee), from this run's medians.
  for (const char* j : {"jitffi_ffi_call", "jitffi_avalues"}) {
    const Extreme w = extremeRatio(r, pre + "call/", 'a', 'h', j, "direct", true);
    Target t = target();
    if (!w.all) {
      appendf(t.text, "%s%s ≤ 1.2× the direct call (wall) on a–h: n/a (not all measured)", tpre, j);
    } else {
      const std::string base = pre + "call/" + w.wallSig + "/";
      appendf(t.text,
              "%s%s ≤ 1.2× the direct call (wall) on a–h: highest %.2f× on %c (%s vs %s ns; CPU "
              "time: highest %.2f× on %c)",
              tpre, j, w.wall, w.wallSig, fmtNs(r.ns(base + j)).c_str(), fmtNs(r.ns(base + "direct")).c_str(),
              w.cpu, w.cpuSig);
      t.verdict = w.wall <= 1.2 ? instr::Verdict::kPass : instr::Verdict::kFail;
    }
    out.push_back(std::move(t));
  }
  if (abi == kHostAbi) {
    // Each new signature timed alone (build/miss's items): the median and the 90th percentile.
    const Measurement* m = r.measurements.find("build/miss");
    const bool measured = m && m->state == State::kOk && !m->items.empty();
    Target t = target();
    if (!measured) {
      t.text = "new stub (cache miss, CallInterface::get, 10 arguments) median ≤ 1.5 µs and p90 ≤ 3 µs: n/a";
    } else {
      const double median = medianOf(m->items), p90 = percentileOf(m->items, 90);
      appendf(t.text,
              "new stub (cache miss, CallInterface::get, 10 arguments) median ≤ 1.5 µs and p90 ≤ "
              "3 µs, each timed alone: median %.2f µs, p90 %.2f µs",
              median / 1000, p90 / 1000);
      t.verdict = median <= 1500 && p90 <= 3000 ? instr::Verdict::kPass : instr::Verdict::kFail;
    }
    out.push_back(std::move(t));
    Target mem = target();
    const double heap = measured ? m->itemMemoryBytes / double(m->items.size()) : NAN;
    if (std::isnan(heap)) {
      mem.text = "memory per interface ≤ 400 bytes (heap + arena, 10 arguments): n/a";
    } else {
      appendf(mem.text, "memory per interface ≤ 400 bytes (heap + arena, 10 arguments): %.0f bytes", heap);
      mem.verdict = heap <= 400 ? instr::Verdict::kPass : instr::Verdict::kFail;
    }
    out.push_back(std::move(mem));
  }
  for (const char* j : {"jitffi_capi", "jitffi_raw"}) {
    double worst = NAN;
    char wsig = '?';
    std::string sigs;
    for (char s : {'b', 'c', 'e', 'f'}) {
      if (!jb::inSet(abi, s, CM::kMakeRaw)) continue;
      sigs += std::string(sigs.empty() ? "" : ", ") + s;
      const std::string base = pre + "closure_make/" + s + "/";
      const double ratio = r.ns(base + j) / r.ns(base + "libffi");
      if (!std::isnan(ratio) && (std::isnan(worst) || ratio > worst)) worst = ratio, wsig = s;
    }
    const char* title = std::strcmp(j, "jitffi_capi") == 0 ? "jitffi C API" : "jitffi RawClosure";
    Target t = target();
    if (std::isnan(worst)) {
      appendf(t.text, "%salloc + prepare + free, %s no slower than libffi (wall): n/a", tpre, title);
    } else {
      const std::string base = pre + "closure_make/" + wsig + "/";
      appendf(t.text,
              "%salloc + prepare + free, %s no slower than libffi (wall, median%s): worst "
              "%.2f× libffi's time on %c (%s vs %s ns)",
              tpre, title, abi == Abi::kWin64 ? (", on " + sigs).c_str() : "", worst, wsig,
              fmtNs(r.ns(base + j)).c_str(), fmtNs(r.ns(base + "libffi")).c_str());
      t.verdict = worst <= 1 ? instr::Verdict::kPass : instr::Verdict::kFail;
    }
    out.push_back(std::move(t));
  }
  return out;
}

void wallTargetList(const Run& r, Abi abi, std::string& o) {
  const auto targets = wallTargets(r, abi);
  bool anyTarget = false;
  for (const Target& t : targets) anyTarget = anyTarget || t.verdict != instr::Verdict::kNotMeasured;
  if (!anyTarget) return;
  appendf(o, abi == Abi::kWin64 ? "## Win64: wall-time targets\n\n" : "## Wall-time targets\n\n");
  for (const Target& t : targets)
    appendf(o, "- %s%s%s\n", t.text.c_str(), t.verdict == instr::Verdict::kNotMeasured ? "" : " — ",
            t.verdict == instr::Verdict::kNotMeasured ? "" : instr::verdictText(t.verdict));
  // What the ratio targets can reach at all: libffi over the direct call itself.
  const Extreme low = extremeRatio(r, std::string(jb::abiPrefix(abi)) + "call/", 'b', 'h', "libffi_ffi_call", "direct", false);
  if (!std::isnan(low.wall))
    appendf(o,
            "- note: libffi's %sffi_call over the direct call itself (what a call costing nothing "
            "over the floor would reach): lowest %.2f× on %c\n",
            abi == Abi::kWin64 ? "FFI_WIN64 " : "", low.wall, low.wallSig);
  appendf(o, "\n");
}

}  // namespace jitffi::tool::report
