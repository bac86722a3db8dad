// SPDX-License-Identifier: MIT
// `jitffi bench` (tools/bench/): what the report's files share. One job per file:
//
//   report.cpp     the frame: options, the order of the stages, writing the outputs
//   sections.cpp   the report's sections, in order (the one list a new section is added to)
//   cases.cpp      the in-process measurements made from bench/'s cases (calls, closures, builds)
//   timing.cpp     the wall-time runner (calibrated loops, interleaved repetitions, medians)
//   callgrind.cpp  instruction counts: the tool re-run under callgrind (bench/instr_core.h)
//   cross.cpp      the AArch64 and RISC-V 64 sections: a cross build's tool counted under qemu
//   host.cpp       facts about the machine and the build
//   targets.cpp    the wall-time targets and their verdicts
//   tables.cpp     the markdown: the report's head and the wall-time tables
//   json.cpp       the JSON writer and the report as JSON
//   chart.cpp      the SVG chart
//   other_libffi.cpp   the section of another libffi (--libffi PATH)
//   clients.cpp    the real-client section (CPython's ctypes and cffi; its script clients.py)
//
// A report is a list of sections (Section below). A section adds the in-process measurements it
// reports (timed together, interleaved per group, and counted under callgrind when instr_core
// knows their names), may run work of its own (a program under qemu, a real client), and
// contributes markdown, targets, chart panels and JSON keys. A new section is one file with a
// Section subclass and one line in sections.cpp.
#pragma once

#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench_cases.h"
#include "bench_closure_cases.h"
#include "instr_core.h"
#include "tool_p.h"

namespace jitffi::tool::report {

namespace jb = jitffi::bench;
namespace instr = jitffi::bench::instr;
using jb::appendf;

// Runs per repetition at most (see timing.cpp).
constexpr int kAttempts = 3;

// Selects measurements by name (--filter).
using Select = std::function<bool(const std::string& name)>;

struct Settings {
  bool quick = false;
  int reps = 21;
  double repNs = 4e6;        // target time of one repetition (short: less often disturbed)
  unsigned missBatch = 200;  // fresh signatures per repetition of build/*
  unsigned n1 = 1000, n2 = 2000;
  std::string libffi;  // --libffi: another libffi's path ("": none)
  std::string filter;        // --filter, as given ("": everything)
  // --aarch64, --riscv64 (kCrossArchs' order): the cross builds whose tools the cross sections
  // count under qemu ("": none), and their loops' lengths (every instruction is a log line; the
  // counts are exact, so --quick's 20 and 40 give the figures of 100 and 200).
  std::string cross[kCrossArchCount];
  unsigned qemuN1 = 100, qemuN2 = 200;
};

// ---- in-process measurements (cases.cpp makes them, timing.cpp times them) ---------------------

enum class State { kOk, kFailed, kUnavailable };

struct Measurement;
// A calibrated loop: n calls of what is measured.
using Runner = void (*)(void* ctx, uint64_t n);
// One repetition of a measurement that is not a loop of calls (a batch of `batch` new stubs):
// ns per item, wall and thread CPU time; false with m.message set on failure.
using BatchSampler = std::function<bool(Measurement& m, unsigned batch, double& realNs, double& cpuNs)>;

struct Measurement {
  std::string name;        // e.g. "call/e/libffi_ffi_call", "win64/call/e/direct"
  std::string group;       // "call", "prepcall", "prep", "closure", "closure_make", "build"
  Abi abi = Abi::kSysV64;  // kWin64: the name starts with "win64/"
  char sig = 0;            // 'a'..'h' ('-' for build)
  std::string method;      // e.g. "libffi_ffi_call"
  int index = 0;           // 1-based, in running order
  Runner runner = nullptr;
  void* ctx = nullptr;
  BatchSampler batch;                   // instead of runner: a fixed batch per repetition
  std::function<std::string()> verify;  // "" or what is wrong

  State state = State::kOk;
  std::string message;
  uint64_t iterations = 0;  // per repetition
  int retaken = 0;          // repetitions taken again (the thread was descheduled)
  int extraRuns = 0;        // the runs that took, in all
  int cpuFallbacks = 0;     // repetitions never undisturbed: their CPU time used
  // ns per call, one per repetition: the figure (wall time, or CPU time for a repetition that
  // was never undisturbed), and the kept run's wall and thread CPU time.
  std::vector<double> samples, real, cpu;
  double median = NAN, wallMedian = NAN, cpuMedian = NAN, min = NAN, max = NAN;
  // build/*: the wall time of every new signature, each timed alone (a first-touch page fault
  // shows in the upper percentiles, not in a batch's mean), the page faults the batches took, and
  // the memory the new interfaces took, in bytes in use (memoryInUse; NAN where the C library
  // does not say).
  std::vector<double> items;
  size_t itemFaults = 0;
  double itemMemoryBytes = 0;
};

// Every in-process measurement, in running order, in groups (the measurements compared with
// each other, whose repetitions are interleaved).
class Measurements {
 public:
  explicit Measurements(Select select) : select_(std::move(select)) {}
  // Adds a group, keeping what the filter selects (nothing when it selects none of it).
  void addGroup(std::vector<Measurement> group);
  // Numbers the measurements in running order (after every section has added its own).
  void number();

  size_t size() const { return all_.size(); }
  const std::deque<Measurement>& all() const { return all_; }
  std::vector<std::vector<Measurement*>>& groups() { return groups_; }
  const Measurement* find(const std::string& name) const {
    auto it = byName_.find(name);
    return it == byName_.end() ? nullptr : it->second;
  }

 private:
  Select select_;
  std::deque<Measurement> all_;  // stable addresses
  std::vector<std::vector<Measurement*>> groups_;
  std::map<std::string, const Measurement*> byName_;
};

// cases.cpp: the measurements of bench/'s cases under one convention (calls, ffi_prep_cif and
// prep+call, stub builds (SysV only), closure calls, closure alloc + prepare + free).
void addCaseMeasurements(Measurements& list, Abi abi);

// timing.cpp
double monoNs();
double threadCpuNs();
// The bytes jitffi's interfaces hold: the heap's bytes in use (glibc's mallinfo2) plus jitffi's
// arena's (jitffi::memoryInUse().used); NAN where the C library does not say.
double memoryInUse();
// The calling thread's page faults so far (getrusage: minor and major); the process's where the
// system counts no thread's own (no RUSAGE_THREAD), which is the measuring thread's while it is
// the one that runs.
long threadPageFaults();
double medianOf(std::vector<double> v);
// The p-th percentile (0 < p ≤ 100; nearest rank) of v; NAN when v is empty.
double percentileOf(std::vector<double> v, double p);
// Times every measurement: checks each against the direct call, calibrates, runs the
// repetitions interleaved per group, and sets the medians. A progress line on stderr if asked.
void timeAll(Measurements& list, const Settings& s, bool progress);

// ---- facts about the run (host.cpp) -----------------------------------------------------------

struct RunInfo {
  std::string date, cpu, libffi, loadBefore, loadAfter, buildType, compiler, chartPath;
  unsigned cpus = 0;
  double seconds = 0;
};
// The date, the CPU, the system libffi, the build type and compiler (not the load averages).
RunInfo hostFacts();
std::string loadAverage();
// A shell command's standard output, without its trailing newline.
std::string commandOutput(const std::string& cmd);
std::string shellQuote(const std::string& s);
// A "KEY VALUE" line of the files the section's children and builds write (clients.py's output,
// a cross build's tools/cross-run.txt): the key, up to the first space, and the rest of the line
// ("" when it has no space).
std::pair<std::string, std::string> splitKeyValue(const std::string& line);

// ---- instruction counts (callgrind.cpp) --------------------------------------------------------

struct InstrRun {
  enum class State { kDone, kSkipped, kFailed } state = State::kSkipped;
  std::string why;  // skipped or failed: why
  std::string program, version;  // valgrind or qemu, and its version
  instr::Counts counts;
};
// Counts a child's loops: the counter's run of `argv` with `env` added (false and `error` set on
// failure).
using CountChild = std::function<bool(const std::vector<std::string>& argv,
                                      const std::vector<std::pair<std::string, std::string>>& env,
                                      std::string& error)>;
// Runs `program bench [--filter RE] [--libffi PATH]` as the counting child (envName="N1 N2" in
// its environment, and the progress variable when `progress`, with `starting` on stderr) through
// `count`; sets r.state, and r.why on failure.
void runCountingChild(InstrRun& r, const std::string& program, const std::string& filter, const std::string& libffi,
                      const char* envName, unsigned n1, unsigned n2, bool progress, const char* starting,
                      const CountChild& count);
// Re-runs this program under callgrind for the measurements `filter` selects.
InstrRun runInstructionCounts(const Settings& s, const std::string& filter, const char* argv0,
                              bool progress);
// The environment variable that makes `jitffi bench` the re-run under callgrind, and the one
// that makes a re-run draw its progress line on stderr.
extern const char* const kChildEnv;
extern const char* const kChildProgressEnv;
// A sanitizer build (valgrind cannot run it; uninstrumented programs cannot load its libraries).
extern const bool kSanitizedBuild;
// The re-run under callgrind, or under qemu: only the measured loops. Returns the exit status.
int runInstrChild(const char* spec, const Select& select, instr::Counter counter, const char* env);
// The environment variable that makes a cross build's `jitffi bench` the run under qemu
// (cross.cpp).
extern const char* const kQemuChildEnv;

// ---- what the sections read ------------------------------------------------------------------

struct Run {
  const Settings& settings;
  const Measurements& measurements;
  const RunInfo& info;
  const InstrRun& instr;
  const std::vector<std::string>& problems;

  // ns per call (NAN: not measured, failed or unavailable).
  double ns(const std::string& name) const;
  double cpuNs(const std::string& name) const;
  // A table cell: the median, "**FAIL**", "n/a", or "–" when not selected.
  std::string cell(const std::string& name) const;
  bool present(const std::string& name) const { return measurements.find(name) != nullptr; }
  template <class Names>
  bool rowPresent(const std::string& prefix, const Names& methods) const {
    for (const char* m : methods)
      if (present(prefix + m)) return true;
    return false;
  }
};

// tables.cpp: number formats.
std::string fmtNs(double v);
std::string fmtRatio(double a, double b, int digits = 1);

// ---- targets (targets.cpp) ------------------------------------------------------------------

struct Target {
  std::string kind;  // "wall" or "instructions"
  Abi abi = Abi::kSysV64;
  std::string text;
  instr::Verdict verdict = instr::Verdict::kNotMeasured;
};
// The wall-time targets under one convention (Win64: against libffi's FFI_WIN64 path; no
// stub-build target, its builds are not timed apart).
std::vector<Target> wallTargets(const Run& r, Abi abi);
// The markdown list of them ("## Wall-time targets"); nothing when none was measured.
void wallTargetList(const Run& r, Abi abi, std::string& o);

// ---- the chart (chart.cpp) --------------------------------------------------------------------

// Five series in every panel: direct, jitffi through libffi's API (ffi_call, ffi_closure), jitffi
// avalues, jitffi slots, libffi (chart.cpp: kSeriesList).
constexpr int kSeries = 5;

struct ChartRow {
  std::string title;  // "e  i64(i32,f64,…)"
  double v[kSeries] = {NAN, NAN, NAN, NAN, NAN};
  std::string note[kSeries];  // shown instead of a bar ("FAIL", "n/a")
  std::string ratio;          // right of the title: "libffi/jitffi 21×"
};

struct ChartPanel {
  std::string title, axis, unit;  // unit: " ns" or ""
  Abi abi = Abi::kSysV64;
  bool closures = false;
  std::vector<ChartRow> rows;
};

// One line of the chart: a wall-time panel (left) and, when counted, the same rows in
// instructions (right); or, counted without wall times (another architecture's, under qemu),
// calls left and closures right.
struct ChartLine {
  ChartPanel left;
  std::optional<ChartPanel> right;
};

// The call and closure panels of one convention (with their instruction twins when counted).
void conventionPanels(const Run& r, Abi abi, std::vector<ChartLine>& out);
// Instruction counts without wall times (a foreign architecture's, under qemu): one line, its
// calls panel and its closures panel.
void countPanels(const instr::Counts& c, Abi abi, std::vector<ChartLine>& out);
std::string chartSvg(const Run& r, const std::vector<ChartLine>& lines);

// ---- JSON (json.cpp) --------------------------------------------------------------------------

class Json {
 public:
  std::string str() const { return out_ + "\n"; }

  void beginObject() { open('{'); }
  void endObject() { close('}'); }
  void beginArray() { open('['); }
  void endArray() { close(']'); }
  Json& key(const std::string& k);
  void value(const std::string& s) { scalar(quote(s)); }
  void value(const char* s) { scalar(s ? quote(s) : "null"); }
  void value(bool b) { scalar(b ? "true" : "false"); }
  void value(double v);
  void value(int v) { scalar(std::to_string(v)); }
  void value(unsigned v) { scalar(std::to_string(v)); }
  void value(uint64_t v) { scalar(std::to_string(v)); }

  static std::string quote(const std::string& s);

 private:
  void comma();
  void scalar(const std::string& text);
  void open(char c);
  void close(char c);

  std::string out_;
  std::vector<bool> first_;
  bool pendingKey_ = false;
};

// ---- sections --------------------------------------------------------------------------------

class Section {
 public:
  virtual ~Section() = default;
  // Whether --filter selects work of its own (names that are no in-process measurement).
  virtual bool selects(const Select&) const { return false; }
  // The in-process measurements it reports (Measurements::addGroup keeps what --filter selects).
  virtual void addMeasurements(Measurements&) {}
  // Work of its own, after the in-process timing and the instruction counts (a program under
  // qemu, a real client): failures go to `problems`.
  virtual void run(const Settings&, const Select&, std::vector<std::string>& /*problems*/) {}
  virtual void markdown(const Run&, std::string& /*out*/) const {}
  virtual void targets(const Run&, std::vector<Target>& /*out*/) const {}
  virtual void chart(const Run&, std::vector<ChartLine>& /*out*/) const {}
  // Keys of its own in the JSON object, after "targets".
  virtual void json(const Run&, Json&) const {}
};
using Sections = std::vector<std::unique_ptr<Section>>;

// sections.cpp: the report's sections, in report order (the sections of files of their own are
// made by the functions below).
Sections reportSections();
std::unique_ptr<Section> otherLibffiSection();
std::unique_ptr<Section> clientsSection();
// cross.cpp: the section of kCrossArchs[index] (counts when Settings::cross[index] names a cross
// build).
std::unique_ptr<Section> crossSection(int index);

// tables.cpp: the report's head, the wall-time tables of one convention.
void reportHead(const Run& r, std::string& o);
void conventionTables(const Run& r, Abi abi, std::string& o);

// json.cpp: one counter's instruction counts as a JSON object (after a key), for `abis`.
void instructionsJson(Json& j, const InstrRun& ir, const std::vector<Abi>& abis);
// json.cpp: the whole report as JSON.
std::string toJson(const Run& r, const Sections& sections, const std::string& filter);

}  // namespace jitffi::tool::report
