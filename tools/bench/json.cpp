// SPDX-License-Identifier: MIT
// `jitffi bench`: the report as JSON (--json): every measurement, the instruction counts, the
// targets with their verdicts, and the keys of the sections' own.
#include <cstdio>

#include "bench_p.h"

namespace jitffi::tool::report {

Json& Json::key(const std::string& k) {
  comma();
  out_ += quote(k) + ": ";
  pendingKey_ = true;
  return *this;
}

void Json::value(double v) {
  if (!std::isfinite(v)) return scalar("null");
  char b[40];
  std::snprintf(b, sizeof b, "%.6g", v);
  scalar(b);
}

std::string Json::quote(const std::string& s) {
  std::string q = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') q += '\\', q += char(c);
    else if (c == '\n') q += "\\n";
    else if (c == '\t') q += "\\t";
    else if (c < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      q += b;
    } else q += char(c);
  }
  return q + "\"";
}

void Json::comma() {
  if (pendingKey_) return;
  if (!first_.empty()) {
    if (!first_.back()) out_ += ",";
    first_.back() = false;
    out_ += "\n" + std::string(2 * first_.size(), ' ');
  }
}

void Json::scalar(const std::string& text) {
  comma();
  pendingKey_ = false;
  out_ += text;
}

void Json::open(char c) {
  comma();
  pendingKey_ = false;
  out_ += c;
  first_.push_back(true);
}

void Json::close(char c) {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) out_ += "\n" + std::string(2 * first_.size(), ' ');
  out_ += c;
}

namespace {

using CM = jb::ClosureMethod;
using jb::Method;

const char* stateName(State s) {
  switch (s) {
    case State::kOk: return "ok";
    case State::kFailed: return "failed";
    case State::kUnavailable: return "unavailable";
  }
  return "?";
}

const char* verdictName(instr::Verdict v) {
  switch (v) {
    case instr::Verdict::kPass: return "pass";
    case instr::Verdict::kFail: return "fail";
    case instr::Verdict::kNotMeasured: break;
  }
  return "n/a";
}

}  // namespace

void instructionsJson(Json& j, const InstrRun& ir, const std::vector<Abi>& abis) {
  j.beginObject();
  j.key("status").value(ir.state == InstrRun::State::kDone      ? "ok"
                        : ir.state == InstrRun::State::kFailed ? "failed"
                                                               : "skipped");
  if (!ir.why.empty()) j.key("message").value(ir.why);
  if (ir.state == InstrRun::State::kDone) {
    const instr::Counts& c = ir.counts;
    const bool qemu = c.counter == instr::Counter::kQemu;
    j.key("counter").value(qemu ? "qemu" : "callgrind");
    j.key(qemu ? "qemu" : "valgrind").value(ir.version);
    j.key("unit").value("instructions per call (build/*: per new signature)");
    j.key("n1").value(c.n1);
    j.key("n2").value(c.n2);
    j.key("loop").value(c.loop);
    j.key("interpreted").value(c.interpreted);
    if (c.probeLength != 0) {
      j.key("probe_length").value(c.probeLength);
      j.key("probe").value(c.probe);
    }
    j.key("results").beginArray();
    for (Abi abi : abis) {
      const std::string an(abiName(abi));
      for (int k = 0; k < jb::kMissCount && abi == kHostAbi; ++k) {
        const double v = c.perMiss(jb::Miss(k));
        if (std::isnan(v)) continue;
        j.beginObject();
        j.key("name").value(jb::missName(jb::Miss(k)));
        j.key("abi").value(an);
        j.key("instructions").value(v);
        j.endObject();
      }
      for (const jb::Case& cs : jb::cases(abi)) {
        for (int mi = 0; mi < jb::kMethodCount; ++mi) {
          const double v = c.perCall(cs.name, Method(mi), abi);
          if (std::isnan(v)) continue;
          j.beginObject();
          j.key("name").value(jb::benchName(cs, Method(mi)));
          j.key("abi").value(an);
          j.key("instructions").value(v);
          j.endObject();
        }
      }
      for (const jb::ClosureCase& cs : jb::closureCases(abi)) {
        for (int mi = 0; mi < jb::kClosureMethodCount; ++mi) {
          const double v = c.perCall(cs.name, CM(mi), abi);
          if (std::isnan(v)) continue;
          j.beginObject();
          j.key("name").value(jb::closureBenchName(cs, CM(mi)));
          j.key("abi").value(an);
          j.key("instructions").value(v);
          const double h = c.handlerPerCall(cs.name, CM(mi), abi);
          if (!std::isnan(h)) j.key("handler_instructions").value(h);
          j.endObject();
        }
      }
    }
    j.endArray();
  }
  j.endObject();
}

std::string toJson(const Run& r, const Sections& sections, const std::string& filter) {
  const RunInfo& info = r.info;
  const Settings& s = r.settings;
  const InstrRun& ir = r.instr;
  Json j;
  j.beginObject();
  j.key("tool").value("jitffi bench");
  j.key("jitffi_version").value(kVersion);
  j.key("date").value(info.date);
  j.key("build_type").value(info.buildType);
  j.key("compiler").value(info.compiler);
  j.key("host").beginObject();
  j.key("cpu").value(info.cpu);
  j.key("cpus").value(info.cpus);
  j.key("load_before").value(info.loadBefore);
  j.key("load_after").value(info.loadAfter);
  j.endObject();
  j.key("libffi").value(info.libffi);
  j.key("quick").value(s.quick);
  j.key("filter").value(filter);
  j.key("chart").value(info.chartPath);
  j.key("seconds").value(info.seconds);

  j.key("signatures").beginObject();
  for (const jb::Case& c : jb::cases()) j.key(std::string(1, c.name)).value(c.text);
  j.endObject();
  // The conventions: each result and target names its own ("abi"); Win64's names start with
  // "win64/".
  j.key("abis").beginArray();
  for (Abi a : jb::kBenchAbis) j.value(std::string(abiName(a)));
  j.endArray();

  j.key("wall").beginObject();
  j.key("unit").value("ns per call");
  j.key("repetitions").value(s.reps);
  j.key("repetition_ms").value(s.repNs / 1e6);
  j.key("rule").value(
      "median_ns: the median over repetitions of the wall time per call; a repetition with thread "
      "CPU time < 95% of wall time is run again (up to 3 runs), the least disturbed run kept, and "
      "if that one was disturbed too its CPU time is used (cpu_time_used counts them)");
  j.key("results").beginArray();
  for (const Measurement& m : r.measurements.all()) {
    j.beginObject();
    j.key("name").value(m.name);
    j.key("group").value(m.group);
    j.key("abi").value(std::string(abiName(m.abi)));
    if (m.sig != '-') j.key("sig").value(std::string(1, m.sig));
    j.key("method").value(m.method);
    j.key("status").value(stateName(m.state));
    if (!m.message.empty()) j.key("message").value(m.message);
    if (m.state == State::kOk) {
      j.key("median_ns").value(m.median);
      j.key("min_ns").value(m.min);
      j.key("max_ns").value(m.max);
      j.key("cpu_median_ns").value(m.cpuMedian);
      j.key("iterations").value(m.iterations);
      j.key("wall_median_ns").value(m.wallMedian);
      j.key("retaken").value(m.retaken);
      j.key("extra_runs").value(m.extraRuns);
      j.key("cpu_time_used").value(m.cpuFallbacks);
      j.key("samples_ns").beginArray();
      for (double v : m.samples) j.value(v);
      j.endArray();
      j.key("wall_samples_ns").beginArray();
      for (double v : m.real) j.value(v);
      j.endArray();
      j.key("cpu_samples_ns").beginArray();
      for (double v : m.cpu) j.value(v);
      j.endArray();
      if (!m.items.empty()) {
        j.key("item_median_ns").value(medianOf(m.items));
        j.key("item_p90_ns").value(percentileOf(m.items, 90));
        j.key("item_page_faults").value(double(m.itemFaults) / double(m.items.size()));
        j.key("item_memory_bytes").value(m.itemMemoryBytes / double(m.items.size()));
      }
    }
    j.endObject();
  }
  j.endArray();
  j.endObject();

  j.key("instructions");
  instructionsJson(j, ir, std::vector<Abi>(std::begin(jb::kBenchAbis), std::end(jb::kBenchAbis)));

  j.key("targets").beginArray();
  std::vector<Target> targets;
  for (const auto& section : sections) section->targets(r, targets);
  for (const Target& tg : targets) {
    j.beginObject();
    j.key("kind").value(tg.kind);
    j.key("abi").value(std::string(abiName(tg.abi)));
    j.key("text").value(tg.text);
    j.key("verdict").value(verdictName(tg.verdict));
    j.endObject();
  }
  j.endArray();
  for (const auto& section : sections) section->json(r, j);
  j.endObject();
  return j.str();
}


}  // namespace jitffi::tool::report
