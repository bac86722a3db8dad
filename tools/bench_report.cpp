// SPDX-License-Identifier: MIT
// `jitffi bench`: the benchmark report. Direct calls, jitffi (each stub shape, its ffi_call) and
// the system libffi side by side, for the call signatures a–h and the closure signatures b, c,
// e, f of bench/ (bench_cases.h, bench_closure_cases.h), with the host's convention and with
// Microsoft x64 (ms_abi callees, Abi::kWin64, FFI_WIN64), all measured in the same run:
//
//  - wall time, in-process: per measurement a calibrated iteration count, several repetitions
//    interleaved with the other methods of the same signature (so the methods compared with each
//    other run close together in time), the median ns per call;
//  - instructions per call, when valgrind is installed: the tool re-runs itself under callgrind
//    (bench/instr_core.h). The re-run is `jitffi bench [--filter RE]` with JITFFI_BENCH_CALLGRIND
//    set to "N1 N2" in its environment; runBench then runs the measured loops and nothing else;
//  - a markdown report on stdout, the numbers as JSON (--json), and an SVG chart.
//
// jitffi is linked into the tool (tools/CMakeLists.txt): its entry points are called directly.
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "bench_cases.h"
#include "bench_closure_cases.h"
#include "instr_core.h"
#include "tool_p.h"

// Sanitizer builds cannot run under valgrind.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define JITFFI_TOOL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define JITFFI_TOOL_SANITIZED 1
#endif
#endif

namespace jitffi::tool {

const char* const kBenchHelp =
    "usage: jitffi bench [--filter RE] [--json FILE] [--quick]\n"
    "Measures what one call costs made directly, through jitffi (each stub shape, and its\n"
    "ffi_call) and through the system libffi, for the benchmark's signatures a-h, and what one\n"
    "closure call from C costs (signatures b, c, e, f), all in the same run, and prints a\n"
    "markdown report: the tables side by side with libffi/jitffi ratios, ffi_prep_cif, closure\n"
    "alloc + prepare + free, and the performance targets with PASS or FAIL. The same calls and\n"
    "closures with the Microsoft x64 convention (gcc ms_abi callees, Abi::kWin64, FFI_WIN64 cifs)\n"
    "follow in a Win64 section of their own.\n"
    "Wall time: the median of several repetitions of a calibrated loop per measurement.\n"
    "Instructions per call as well when valgrind is installed (the tool re-runs itself under\n"
    "callgrind; the environment variable VALGRIND names another valgrind, VALGRIND=none skips).\n"
    "A chart is written next to the report: jitffi-bench.svg in FILE's directory with --json,\n"
    "else in the current directory. A progress line goes to stderr when it is a terminal.\n"
    "Options:\n"
    "  --filter RE   only the measurements whose name contains a match of RE (ECMAScript):\n"
    "                call/SIG/METHOD (SIG a-h; METHOD direct, jitffi_avalues, jitffi_avalues_raw,\n"
    "                  jitffi_slots, jitffi_slots_raw, jitffi_bound, jitffi_ffi_call,\n"
    "                  libffi_ffi_call), prep/SIG/jitffi|libffi, prepcall/SIG/jitffi|libffi,\n"
    "                closure/SIG/METHOD (SIG b c e f; METHOD direct, jitffi_capi,\n"
    "                  jitffi_raw_avalues, jitffi_raw_slots, jitffi_typed, libffi),\n"
    "                closure_make/SIG/jitffi_capi|jitffi_raw|libffi, build/miss,\n"
    "                build/miss_prep_cif; under Win64 win64/call/SIG/METHOD (METHOD direct,\n"
    "                  jitffi_avalues, jitffi_slots, jitffi_bound, jitffi_ffi_call,\n"
    "                  libffi_ffi_call), win64/closure/SIG/METHOD, win64/closure_make/b|f/...\n"
    "                Examples: --filter '^call/e/', --filter '^win64/', --filter '/e/'\n"
    "  --json FILE   also write every number to FILE as JSON\n"
    "  --quick       fewer and shorter repetitions (a few seconds in all; for tests)\n"
    "Exit status: 0 when every method returned the direct call's result and everything was\n"
    "written (a missed target is reported, not an error), 1 otherwise.\n";

namespace {

namespace jb = jitffi::bench;
namespace instr = jitffi::bench::instr;
using CM = jb::ClosureMethod;
using jb::Method;
using jb::appendf;
using jb::kMissArgs;
using jb::missFfiTypes;
using jb::missSignature;

constexpr int kOk = 0, kFailure = 1, kUsage = 2;
constexpr const char* kChildEnv = "JITFFI_BENCH_CALLGRIND";
constexpr const char* kChildProgressEnv = "JITFFI_BENCH_PROGRESS";


double monoNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

double threadCpuNs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

// ---- progress on stderr -----------------------------------------------------------------------

// One line, rewritten in place, only when stderr is a terminal (a CI log gets nothing).
class ProgressLine {
 public:
  explicit ProgressLine(bool on) : on_(on) {}
  bool on() const { return on_; }

  void show(const std::string& text, bool force = false) {
    if (!on_) return;
    const double now = monoNs();
    if (!force && now - last_ < 50e6) return;  // at most 20 updates a second
    last_ = now;
    std::fprintf(stderr, "\r\033[K%s", text.c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  void clear() {
    if (!on_ || !shown_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
  }

 private:
  bool on_;
  bool shown_ = false;
  double last_ = -1e18;
};

// ---- the measurements -------------------------------------------------------------------------

using Runner = void (*)(void* ctx, uint64_t n);

// The measured loops: the same shape as instr_core's (a down-counter and an empty asm statement
// per iteration, the loop-invariant values loaded by drive()).
template <Method M>
__attribute__((noinline)) void callLoop(void* ctx, uint64_t n) {
  jb::drive<M>(*static_cast<jb::Case*>(ctx), [n](auto&& once) {
    for (uint64_t i = n; i != 0; --i) {
      asm volatile("");
      once();
    }
  });
}

template <CM M>
__attribute__((noinline)) void closureLoop(void* ctx, uint64_t n) {
  jb::driveClosure<M>(*static_cast<jb::ClosureCase*>(ctx), [n](auto&& once) {
    for (uint64_t i = n; i != 0; --i) {
      asm volatile("");
      once();
    }
  });
}

enum class State { kOk, kFailed, kUnavailable };
enum class BuildKind { kNone, kMiss, kMissPrepCif };

struct Measurement {
  std::string name;    // e.g. "call/e/libffi_ffi_call", "win64/call/e/direct"
  std::string group;   // "call", "prepcall", "prep", "closure", "closure_make", "build"
  Abi abi = Abi::kSysV64;  // kWin64: the name starts with "win64/"
  char sig = 0;        // 'a'..'h' ('-' for build)
  std::string method;  // e.g. "libffi_ffi_call"
  int index = 0;       // 1-based, in running order
  Runner runner = nullptr;
  void* ctx = nullptr;
  BuildKind build = BuildKind::kNone;
  std::function<std::string()> verify;  // "" or what is wrong

  State state = State::kOk;
  std::string message;
  uint64_t iterations = 0;       // per repetition
  int retaken = 0;               // repetitions taken again (the thread was descheduled)
  int extraRuns = 0;             // the runs that took, in all
  int cpuFallbacks = 0;          // repetitions never undisturbed: their CPU time used
  // ns per call, one per repetition: the figure (wall time, or CPU time for a repetition that
  // was never undisturbed), and the kept run's wall and thread CPU time.
  std::vector<double> samples, real, cpu;
  double median = NAN, wallMedian = NAN, cpuMedian = NAN, min = NAN, max = NAN;
};

double medianOf(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Runs per repetition at most (see Bench::sample).
constexpr int kAttempts = 3;

struct Settings {
  bool quick = false;
  int reps = 21;
  double repNs = 4e6;       // target time of one repetition (short: less often disturbed)
  unsigned missBatch = 200;  // fresh signatures per repetition of build/*
  unsigned n1 = 1000, n2 = 2000;
};

// ---- cache misses: signatures nobody has built yet ---------------------------------------------

uint64_t gMissCounter = 0, gMissPrepCounter = 0;

// One repetition of a build measurement: ns per new stub, or a message.
bool sampleBuild(Measurement& m, unsigned batch, double& realNs, double& cpuNs) {
  if (m.build == BuildKind::kMiss) {
    std::vector<Signature> sigs;
    sigs.reserve(batch);
    for (unsigned i = 0; i < batch; ++i) {
      sigs.push_back(missSignature(gMissCounter++, Type::u64()));
    }
    const double c0 = threadCpuNs(), t0 = monoNs();
    for (const Signature& s : sigs) {
      auto ci = CallInterface::get(s);
      if (!ci) {
        m.message = "CallInterface::get on a new signature: " + ci.error().toString();
        return false;
      }
    }
    realNs = (monoNs() - t0) / batch;
    cpuNs = (threadCpuNs() - c0) / batch;
    return true;
  }
  std::vector<ffi_type*> types(size_t(batch) * kMissArgs);
  std::vector<ffi_cif> cifs(batch);
  for (unsigned i = 0; i < batch; ++i) {
    missFfiTypes(gMissPrepCounter++, &types[size_t(i) * kMissArgs]);
  }
  const double c0 = threadCpuNs(), t0 = monoNs();
  for (unsigned i = 0; i < batch; ++i) {
    if (ffi_prep_cif(&cifs[i], FFI_DEFAULT_ABI, kMissArgs, &ffi_type_uint32,
                     &types[size_t(i) * kMissArgs]) != FFI_OK) {
      m.message = "jitffi ffi_prep_cif failed on a new signature";
      return false;
    }
  }
  realNs = (monoNs() - t0) / batch;
  cpuNs = (threadCpuNs() - c0) / batch;
  return true;
}

// ---- building the list ----------------------------------------------------------------------

struct Group {
  std::vector<Measurement*> items;
};

class Bench {
 public:
  Bench(const Settings& s, bool progress) : s_(s), progress_(progress) {}

  // Builds the measurements the filter selects, in running order, grouped.
  void build(const std::function<bool(const std::string&)>& select) {
    auto add = [&](Group& g, Measurement m) {
      if (!select(m.name)) return;
      all_.push_back(std::move(m));
      g.items.push_back(&all_.back());
    };
    for (jb::Case& c : jb::cases()) {
      Group g;
      for (int mi = 0; mi < jb::kCallMethodCount; ++mi) add(g, callMeasurement(c, Method(mi)));
      addGroup(g);
    }
    for (jb::Case& c : jb::cases()) {
      Group g;
      for (Method m : {Method::kPrepJ, Method::kPrepS, Method::kPrepCallJ, Method::kPrepCallS})
        add(g, callMeasurement(c, m));
      addGroup(g);
    }
    {
      Group g;
      for (BuildKind k : {BuildKind::kMiss, BuildKind::kMissPrepCif}) {
        Measurement m;
        m.group = "build";
        m.sig = '-';
        m.method = k == BuildKind::kMiss ? "miss" : "miss_prep_cif";
        m.name = "build/" + m.method;
        m.build = k;
        add(g, std::move(m));
      }
      addGroup(g);
    }
    for (jb::ClosureCase& c : jb::closureCases()) {
      Group g;
      for (int mi = 0; mi < jb::kClosureCallMethodCount; ++mi) add(g, closureMeasurement(c, CM(mi)));
      addGroup(g);
    }
    for (jb::ClosureCase& c : jb::closureCases()) {
      Group g;
      for (CM m : {CM::kMakeCapi, CM::kMakeRaw, CM::kMakeLibffi}) add(g, closureMeasurement(c, m));
      addGroup(g);
    }
    // Win64: the methods of jb::inSet, in the same order.
    const Abi w = Abi::kWin64;
    for (jb::Case& c : jb::cases(w)) {
      Group g;
      for (int mi = 0; mi < jb::kCallMethodCount; ++mi)
        if (jb::inSet(w, Method(mi))) add(g, callMeasurement(c, Method(mi)));
      addGroup(g);
    }
    for (jb::ClosureCase& c : jb::closureCases(w)) {
      Group g;
      for (int mi = 0; mi < jb::kClosureCallMethodCount; ++mi) add(g, closureMeasurement(c, CM(mi)));
      addGroup(g);
    }
    for (jb::ClosureCase& c : jb::closureCases(w)) {
      Group g;
      for (CM m : {CM::kMakeCapi, CM::kMakeRaw, CM::kMakeLibffi})
        if (jb::inSet(w, c.name, m)) add(g, closureMeasurement(c, m));
      addGroup(g);
    }
    int i = 0;
    for (Measurement& m : all_) m.index = ++i;
  }

  size_t size() const { return all_.size(); }
  const std::deque<Measurement>& all() const { return all_; }
  const Measurement* find(const std::string& name) const {
    auto it = byName_.find(name);
    return it == byName_.end() ? nullptr : it->second;
  }

  void run() {
    warmUp();
    for (Group& g : groups_) runGroup(g);
    progress_.clear();
  }

 private:
  // "call" of "call/e/direct" and of "win64/call/e/direct".
  static std::string groupOf(const std::string& name) {
    const size_t start = name.rfind("win64/", 0) == 0 ? 6 : 0;
    return name.substr(start, name.find('/', start) - start);
  }

  Measurement callMeasurement(jb::Case& c, Method m) {
    Measurement r;
    r.name = jb::benchName(c, m);
    r.abi = c.abi;
    r.group = groupOf(r.name);
    r.sig = c.name;
    r.method = jb::methodName(m);
    r.ctx = &c;
    jb::withMethod(m, [&]<Method M>() { r.runner = &callLoop<M>; });
    if (jb::usesSystemLibffi(m) && !c.sys) {
      r.state = State::kUnavailable;
      r.message = "the system libffi is not loaded";
    }
    r.verify = [&c, m] { return jb::verify(c, m); };
    return r;
  }

  Measurement closureMeasurement(jb::ClosureCase& c, CM m) {
    Measurement r;
    r.name = jb::closureBenchName(c, m);
    r.abi = c.call->abi;
    r.group = groupOf(r.name);
    r.sig = c.name;
    r.method = jb::closureMethodName(m);
    r.ctx = &c;
    jb::withClosureMethod(m, [&]<CM M>() { r.runner = &closureLoop<M>; });
    if (jb::usesSystemLibffi(m) && !c.call->sys) {
      r.state = State::kUnavailable;
      r.message = "the system libffi is not loaded";
    }
    r.verify = [&c, m] { return jb::verifyClosure(c, m); };
    return r;
  }

  void addGroup(Group& g) {
    if (g.items.empty()) return;
    for (Measurement* m : g.items) byName_[m->name] = m;
    groups_.push_back(g);
  }

  void showProgress(const Measurement& m, const char* what, bool force = false) {
    if (!progress_.on()) return;
    std::string t;
    appendf(t, "[%d/%zu] %s %s", m.index, all_.size(), m.name.c_str(), what);
    progress_.show(t, force);
  }

  // Gets the CPU out of any idle state before the first measurement.
  void warmUp() {
    const double until = monoNs() + (s_.quick ? 20e6 : 200e6);
    volatile uint64_t x = 0;
    while (monoNs() < until)
      for (int i = 0; i < 10000; ++i) x = x + 1;
  }

  uint64_t calibrate(const Measurement& m) {
    uint64_t n = 1;
    for (;;) {
      // Thread CPU time: not lengthened by other processes taking the CPU.
      const double c0 = threadCpuNs(), t0 = monoNs();
      m.runner(m.ctx, n);
      const double c = threadCpuNs() - c0, t = c > 0 ? c : monoNs() - t0;
      if (t >= s_.repNs / 4 || n >= (uint64_t(1) << 36)) {
        const double perCall = std::max(t / double(n), 0.01);
        return std::max<uint64_t>(1, uint64_t(s_.repNs / perCall));
      }
      n *= t < s_.repNs / 64 ? 8 : 2;
    }
  }

  // One repetition. A repetition during which the thread was descheduled for more than 5% of
  // the time (thread CPU time < 95% of wall time: another process had the CPU) is taken again,
  // up to kAttempts runs in all, keeping the least disturbed one. If even that one was
  // disturbed, its wall time says how busy the machine was, not what a call costs: its thread
  // CPU time stands in for it.
  void sample(Measurement& m) {
    double bestReal = NAN, bestCpu = NAN, bestShare = -1;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      double real = 0, cpu = 0;
      if (m.build != BuildKind::kNone) {
        if (!sampleBuild(m, s_.missBatch, real, cpu)) {
          m.state = State::kFailed;
          return;
        }
      } else {
        const double c0 = threadCpuNs(), t0 = monoNs();
        m.runner(m.ctx, m.iterations);
        const double t1 = monoNs(), c1 = threadCpuNs();
        real = (t1 - t0) / double(m.iterations);
        cpu = (c1 - c0) / double(m.iterations);
      }
      const double share = real > 0 ? cpu / real : 1;
      if (share > bestShare) bestReal = real, bestCpu = cpu, bestShare = share;
      if (share >= 0.95) break;
      if (attempt == 0) ++m.retaken;
      ++m.extraRuns;
    }
    m.real.push_back(bestReal);
    m.cpu.push_back(bestCpu);
    if (bestShare >= 0.95) {
      m.samples.push_back(bestReal);
    } else {
      m.samples.push_back(bestCpu);
      ++m.cpuFallbacks;
    }
  }

  void runGroup(Group& g) {
    // Check every method against the direct call, then calibrate each.
    for (Measurement* m : g.items) {
      if (m->state != State::kOk) continue;
      showProgress(*m, "(checking, calibrating)", true);
      if (m->verify) {
        const std::string err = m->verify();
        if (!err.empty()) {
          m->state = State::kFailed;
          m->message = err;
          continue;
        }
        m->iterations = calibrate(*m);
      } else {
        m->iterations = s_.missBatch;
      }
    }
    // Repetitions, interleaved: every method of the group once per round, the starting method
    // rotating from round to round.
    const size_t n = g.items.size();
    for (int r = 0; r < s_.reps; ++r) {
      for (size_t k = 0; k < n; ++k) {
        Measurement& m = *g.items[(k + size_t(r)) % n];
        if (m.state != State::kOk) continue;
        char what[48];
        std::snprintf(what, sizeof what, "(repetition %d/%d)", r + 1, s_.reps);
        showProgress(m, what);
        sample(m);
      }
    }
    for (Measurement* m : g.items) {
      if (m->state != State::kOk || m->samples.empty()) continue;
      m->median = medianOf(m->samples);
      m->wallMedian = medianOf(m->real);
      m->cpuMedian = medianOf(m->cpu);
      m->min = *std::min_element(m->samples.begin(), m->samples.end());
      m->max = *std::max_element(m->samples.begin(), m->samples.end());
    }
  }

  Settings s_;
  ProgressLine progress_;
  std::deque<Measurement> all_;  // stable addresses
  std::vector<Group> groups_;
  std::map<std::string, const Measurement*> byName_;
};

// ---- facts about the run ----------------------------------------------------------------------

std::string firstLine(const std::string& path, const std::string& prefix = "") {
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (prefix.empty()) return line;
    if (line.rfind(prefix, 0) == 0) {
      const size_t colon = line.find(':');
      std::string v = colon == std::string::npos ? line : line.substr(colon + 1);
      while (!v.empty() && v.front() == ' ') v.erase(v.begin());
      return v;
    }
  }
  return "";
}

std::string loadAverage() {
  std::string l = firstLine("/proc/loadavg");
  // The first three fields.
  size_t pos = 0;
  for (int i = 0; i < 3 && pos != std::string::npos; ++i) pos = l.find(' ', pos + 1);
  return pos == std::string::npos ? (l.empty() ? "?" : l) : l.substr(0, pos);
}

std::string utcNow() {
  const time_t t = time(nullptr);
  tm g;
  gmtime_r(&t, &g);
  char b[64];
  std::strftime(b, sizeof b, "%Y-%m-%d %H:%M UTC", &g);
  return b;
}

std::string systemLibffi() {
#if defined(JITFFI_SYSTEM_LIBFFI)
  std::string p = JITFFI_SYSTEM_LIBFFI;
  char buf[4096];
  if (realpath(p.c_str(), buf)) {
    const std::string real = buf;
    if (real != p) p += " → " + real.substr(real.rfind('/') + 1);
  }
  return p;
#else
  return "libffi.so.8";
#endif
}

std::string commandOutput(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

struct RunInfo {
  std::string date, cpu, libffi, loadBefore, loadAfter, buildType, compiler, chartPath;
  unsigned cpus = 0;
  double seconds = 0;
};

// ---- instruction counts -----------------------------------------------------------------------

struct InstrRun {
  enum class State { kDone, kSkipped, kFailed } state = State::kSkipped;
  std::string why;  // skipped or failed: why
  std::string valgrind, version;
  instr::Counts counts;
};

InstrRun runInstructionCounts(const Settings& s, const std::string& filter, const char* argv0,
                              bool progress) {
  InstrRun r;
  if (!instr::available()) {
    r.why = "this jitffi was built without valgrind's headers (valgrind/callgrind.h)";
    return r;
  }
#if defined(JITFFI_TOOL_SANITIZED)
  r.why = "a sanitizer build (valgrind cannot run it)";
  return r;
#endif
  std::string valgrind = "valgrind";
  if (const char* v = std::getenv("VALGRIND")) valgrind = v;
  if (valgrind.empty() || valgrind == "none") {
    r.why = "skipped (VALGRIND=" + valgrind + ")";
    return r;
  }
  r.valgrind = instr::findProgram(valgrind);
  if (r.valgrind.empty()) {
    r.why = "valgrind is not installed (" + valgrind + " not found)";
    return r;
  }
  r.version = commandOutput(shellQuote(r.valgrind) + " --version 2>/dev/null");
  instr::Options o;
  o.valgrind = r.valgrind;
  o.n1 = s.n1;
  o.n2 = s.n2;
  std::vector<std::string> argv = {instr::selfPath(argv0), "bench"};
  if (!filter.empty()) {
    argv.push_back("--filter");
    argv.push_back(filter);
  }
  std::vector<std::pair<std::string, std::string>> env = {
      {kChildEnv, std::to_string(s.n1) + " " + std::to_string(s.n2)}};
  if (progress) {
    env.emplace_back(kChildProgressEnv, "1");
    std::fprintf(stderr, "\r\033[K[instr] starting valgrind --tool=callgrind");
    std::fflush(stderr);
  }
  std::string error;
  const bool ok = instr::runCallgrind(argv, env, o, r.counts, error);
  if (progress) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  if (!ok) {
    r.state = InstrRun::State::kFailed;
    r.why = error;
    return r;
  }
  r.state = InstrRun::State::kDone;
  return r;
}

// The re-run under callgrind: only the measured loops.
int runInstrChild(const char* spec, const std::function<bool(const std::string&)>& select) {
  unsigned n1 = 0, n2 = 0;
  if (std::sscanf(spec, "%u %u", &n1, &n2) != 2 || n2 <= n1) {
    std::fprintf(stderr, "jitffi: bad %s='%s'\n", kChildEnv, spec);
    return kFailure;
  }
  instr::Progress progress;
  if (std::getenv(kChildProgressEnv)) {
    progress = [last = -1e18](int index, int total, const std::string& name) mutable {
      const double now = monoNs();
      if (now - last < 50e6 && index != total) return;
      last = now;
      std::fprintf(stderr, "\r\033[K[instr %d/%d] %s (callgrind)", index, total, name.c_str());
      std::fflush(stderr);
    };
  }
  return instr::child(n1, n2, select, progress, "jitffi bench (callgrind)");
}

// ---- formatting -------------------------------------------------------------------------------

std::string fmtNs(double v) {
  if (std::isnan(v)) return "n/a";
  char b[32];
  if (v >= 100) std::snprintf(b, sizeof b, "%.0f", v);
  else if (v >= 10) std::snprintf(b, sizeof b, "%.1f", v);
  else std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

std::string fmtRatio(double a, double b, int digits = 1) {
  if (std::isnan(a) || std::isnan(b) || b <= 0) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f×", digits, a / b);
  return buf;
}

// ---- wall-time targets --------------------------------------------------------------------------

struct WallTarget {
  std::string text;
  instr::Verdict verdict = instr::Verdict::kNotMeasured;
};

class Report {
 public:
  Report(const Bench& b, const Settings& s, const RunInfo& info, const InstrRun& ir)
      : b_(b), s_(s), info_(info), ir_(ir) {}

  // ns per call (NAN: not measured, failed or unavailable).
  double ns(const std::string& name) const {
    const Measurement* m = b_.find(name);
    return m && m->state == State::kOk ? m->median : NAN;
  }
  double cpuNs(const std::string& name) const {
    const Measurement* m = b_.find(name);
    return m && m->state == State::kOk ? m->cpuMedian : NAN;
  }
  std::string cell(const std::string& name) const {
    const Measurement* m = b_.find(name);
    if (!m) return "–";
    if (m->state == State::kFailed) return "**FAIL**";
    if (m->state == State::kUnavailable) return "n/a";
    return fmtNs(m->median);
  }
  bool present(const std::string& name) const { return b_.find(name) != nullptr; }

  // The wall-time targets under one convention (Win64: against libffi's FFI_WIN64 path; no
  // stub-build target, its builds are not timed apart).
  std::vector<WallTarget> wallTargets(Abi abi = Abi::kSysV64) const {
    std::vector<WallTarget> out;
    const std::string pre = jb::abiPrefix(abi);
    const char* const tpre = abi == Abi::kWin64 ? "Win64: " : "";
    for (const char* j : {"jitffi_ffi_call", "jitffi_avalues"}) {
      double worst = NAN, worstCpu = NAN;
      char wsig = '?', wsigCpu = '?';
      for (char s = 'b'; s <= 'h'; ++s) {
        const std::string l = pre + "call/" + s + "/libffi_ffi_call";
        const std::string t = pre + "call/" + s + "/" + j;
        const double r = ns(l) / ns(t), rc = cpuNs(l) / cpuNs(t);
        if (!std::isnan(r) && (std::isnan(worst) || r < worst)) worst = r, wsig = s;
        if (!std::isnan(rc) && (std::isnan(worstCpu) || rc < worstCpu)) worstCpu = rc, wsigCpu = s;
      }
      WallTarget t;
      if (std::isnan(worst)) {
        appendf(t.text, "%slibffi ffi_call / %s ≥ 8× (wall) on b–h: n/a", tpre, j);
      } else {
        appendf(t.text,
                "%slibffi ffi_call / %s ≥ 8× (wall) on b–h: lowest %.2f× on %c (CPU time: lowest "
                "%.2f× on %c)",
                tpre, j, worst, wsig, worstCpu, wsigCpu);
        t.verdict = worst >= 8 ? instr::Verdict::kPass : instr::Verdict::kFail;
      }
      out.push_back(std::move(t));
    }
    if (abi == Abi::kSysV64) {
      const double miss = ns("build/miss");
      WallTarget t;
      if (std::isnan(miss)) {
        t.text = "new stub (cache miss, CallInterface::get) < 20 µs median: n/a";
      } else {
        appendf(t.text,
                "new stub (cache miss, CallInterface::get) < 20 µs median: %.2f µs (CPU time "
                "%.2f µs)",
                miss / 1000, cpuNs("build/miss") / 1000);
        t.verdict = miss < 20000 ? instr::Verdict::kPass : instr::Verdict::kFail;
      }
      out.push_back(std::move(t));
    }
    for (const char* j : {"jitffi_capi", "jitffi_raw"}) {
      double worst = NAN;
      char wsig = '?';
      std::string sigs;
      for (char s : {'b', 'c', 'e', 'f'}) {
        if (!jb::inSet(abi, s, CM::kMakeRaw)) continue;
        sigs += std::string(sigs.empty() ? "" : ", ") + s;
        const std::string base = pre + "closure_make/" + s + "/";
        const double r = ns(base + j) / ns(base + "libffi");
        if (!std::isnan(r) && (std::isnan(worst) || r > worst)) worst = r, wsig = s;
      }
      const char* title = std::strcmp(j, "jitffi_capi") == 0 ? "jitffi C API" : "jitffi RawClosure";
      WallTarget t;
      if (std::isnan(worst)) {
        appendf(t.text, "%salloc + prepare + free, %s no slower than libffi (wall): n/a", tpre, title);
      } else {
        const std::string base = pre + "closure_make/" + wsig + "/";
        appendf(t.text,
                "%salloc + prepare + free, %s no slower than libffi (wall, median%s): worst "
                "%.2f× libffi's time on %c (%s vs %s ns)",
                tpre, title, abi == Abi::kWin64 ? (", on " + sigs).c_str() : "", worst, wsig,
                fmtNs(ns(base + j)).c_str(),
                fmtNs(ns(base + "libffi")).c_str());
        t.verdict = worst <= 1 ? instr::Verdict::kPass : instr::Verdict::kFail;
      }
      out.push_back(std::move(t));
    }
    return out;
  }

  std::string markdown(const std::vector<std::string>& problems) const;

 private:
  void callTable(std::string& o, Abi abi) const;
  void prepTable(std::string& o) const;
  void buildTable(std::string& o) const;
  void closureTable(std::string& o, Abi abi) const;
  void makeTable(std::string& o, Abi abi) const;
  void win64NextToSysV(std::string& o) const;
  void targetList(std::string& o, Abi abi) const;
  bool rowPresent(const std::string& prefix, std::initializer_list<const char*> methods) const {
    for (const char* m : methods)
      if (present(prefix + m)) return true;
    return false;
  }

  const Bench& b_;
  const Settings& s_;
  const RunInfo& info_;
  const InstrRun& ir_;
};

constexpr std::initializer_list<const char*> kCallCols = {
    "direct",       "jitffi_avalues", "jitffi_avalues_raw", "jitffi_slots",
    "jitffi_slots_raw", "jitffi_bound", "jitffi_ffi_call",    "libffi_ffi_call"};
// Under Win64 (jb::inSet): no raw-stub variants.
constexpr std::initializer_list<const char*> kWinCallCols = {
    "direct", "jitffi_avalues", "jitffi_slots", "jitffi_bound", "jitffi_ffi_call", "libffi_ffi_call"};
constexpr std::initializer_list<const char*> kClosureCols = {
    "direct", "jitffi_capi", "jitffi_raw_avalues", "jitffi_raw_slots", "jitffi_typed", "libffi"};

const char* callColTitle(const std::string& m) {
  if (m == "direct") return "direct";
  if (m == "jitffi_avalues") return "jitffi avalues";
  if (m == "jitffi_avalues_raw") return "avalues (raw stub)";
  if (m == "jitffi_slots") return "slots";
  if (m == "jitffi_slots_raw") return "slots (raw stub)";
  if (m == "jitffi_bound") return "bound";
  if (m == "jitffi_ffi_call") return "ffi_call (jitffi)";
  if (m == "libffi_ffi_call") return "ffi_call (libffi)";
  return "?";
}

void Report::callTable(std::string& o, Abi abi) const {
  const bool w = abi == Abi::kWin64;
  const auto cols = w ? kWinCallCols : kCallCols;
  const std::string pre = jb::abiPrefix(abi);
  bool any = false;
  for (const jb::Case& c : jb::cases(abi))
    any = any || rowPresent(pre + "call/" + c.name + "/", cols);
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
            "into the stub; ffi_call: each library's `ffi_call` on a prepared cif. Ratios: "
            "libffi's `ffi_call` over jitffi's.\n\n");
  }
  appendf(o, "| sig");
  for (const char* m : cols) appendf(o, " | %s", callColTitle(m));
  appendf(o,
          " | libffi/jitffi (ffi_call) | libffi/jitffi (avalues) | libffi/jitffi (slots) |\n|---");
  for (size_t i = 0; i < cols.size() + 3; ++i) appendf(o, "|---:");
  appendf(o, "|\n");
  for (const jb::Case& c : jb::cases(abi)) {
    const std::string p = pre + "call/" + c.name + "/";
    if (!rowPresent(p, cols)) continue;
    appendf(o, "| %c", c.name);
    for (const char* m : cols) appendf(o, " | %s", cell(p + m).c_str());
    const double l = ns(p + "libffi_ffi_call");
    appendf(o, " | %s | %s | %s |\n", fmtRatio(l, ns(p + "jitffi_ffi_call")).c_str(),
            fmtRatio(l, ns(p + "jitffi_avalues")).c_str(), fmtRatio(l, ns(p + "jitffi_slots")).c_str());
  }
  appendf(o, "\n");
}

void Report::win64NextToSysV(std::string& o) const {
  const auto cols = {"direct", "jitffi_avalues", "jitffi_slots", "jitffi_bound", "libffi_ffi_call"};
  bool any = false;
  for (const jb::Case& c : jb::cases())
    any = any || (rowPresent(std::string("call/") + c.name + "/", cols) &&
                  rowPresent(std::string("win64/call/") + c.name + "/", cols));
  if (!any) return;
  appendf(o, "Win64 next to SysV (ns per call, median; the same run):\n\n");
  appendf(o, "| sig");
  for (const char* m : cols) appendf(o, " | %s SysV | %s Win64", callColTitle(m), callColTitle(m));
  appendf(o, " | libffi/jitffi (avalues) SysV | libffi/jitffi (avalues) Win64 |\n|---");
  for (size_t i = 0; i < 2 * cols.size() + 2; ++i) appendf(o, "|---:");
  appendf(o, "|\n");
  for (const jb::Case& c : jb::cases()) {
    const std::string p = std::string("call/") + c.name + "/", q = "win64/" + p;
    if (!rowPresent(p, cols) && !rowPresent(q, cols)) continue;
    appendf(o, "| %c", c.name);
    for (const char* m : cols) appendf(o, " | %s | %s", cell(p + m).c_str(), cell(q + m).c_str());
    appendf(o, " | %s | %s |\n", fmtRatio(ns(p + "libffi_ffi_call"), ns(p + "jitffi_avalues")).c_str(),
            fmtRatio(ns(q + "libffi_ffi_call"), ns(q + "jitffi_avalues")).c_str());
  }
  appendf(o, "\n");
}

void Report::prepTable(std::string& o) const {
  const auto cols = {"jitffi", "libffi"};
  bool any = false;
  for (const jb::Case& c : jb::cases())
    any = any || rowPresent(std::string("prep/") + c.name + "/", cols) ||
          rowPresent(std::string("prepcall/") + c.name + "/", cols);
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
    if (!rowPresent(p, cols) && !rowPresent(q, cols)) continue;
    appendf(o, "| %c | %s | %s | %s | %s | %s | %s |\n", c.name, cell(p + "jitffi").c_str(),
            cell(p + "libffi").c_str(), fmtRatio(ns(p + "libffi"), ns(p + "jitffi")).c_str(),
            cell(q + "jitffi").c_str(), cell(q + "libffi").c_str(),
            fmtRatio(ns(q + "libffi"), ns(q + "jitffi")).c_str());
  }
  appendf(o, "\n");
}

void Report::buildTable(std::string& o) const {
  if (!present("build/miss") && !present("build/miss_prep_cif")) return;
  appendf(o, "## Building a stub (cache miss; median µs per new signature)\n\n");
  appendf(o, "| what | wall time | CPU time |\n|---|---:|---:|\n");
  auto row = [&](const char* name, const char* what) {
    const Measurement* m = b_.find(name);
    if (!m) return;
    if (m->state != State::kOk) {
      appendf(o, "| %s | **FAIL** | |\n", what);
      return;
    }
    appendf(o, "| %s | %.2f µs | %.2f µs |\n", what, m->median / 1000, m->cpuMedian / 1000);
  };
  row("build/miss", "`CallInterface::get` on a new 10-argument signature");
  row("build/miss_prep_cif", "jitffi `ffi_prep_cif` on a new 10-argument signature");
  appendf(o, "\n");
}

void Report::closureTable(std::string& o, Abi abi) const {
  const bool w = abi == Abi::kWin64;
  const std::string pre = jb::abiPrefix(abi);
  bool any = false;
  for (const jb::ClosureCase& c : jb::closureCases(abi))
    any = any || rowPresent(pre + "closure/" + c.name + "/", kClosureCols);
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
    if (!rowPresent(p, kClosureCols)) continue;
    appendf(o, "| %c", c.name);
    for (const char* m : kClosureCols) appendf(o, " | %s", cell(p + m).c_str());
    const double l = ns(p + "libffi");
    for (const char* m : {"jitffi_capi", "jitffi_raw_avalues", "jitffi_raw_slots", "jitffi_typed"})
      appendf(o, " | %s", fmtRatio(l, ns(p + m)).c_str());
    appendf(o, " |\n");
  }
  appendf(o, "\n");
}

void Report::makeTable(std::string& o, Abi abi) const {
  const bool w = abi == Abi::kWin64;
  const std::string pre = jb::abiPrefix(abi);
  const auto cols = {"jitffi_capi", "jitffi_raw", "libffi"};
  bool any = false;
  for (const jb::ClosureCase& c : jb::closureCases(abi))
    any = any || rowPresent(pre + "closure_make/" + c.name + "/", cols);
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
    if (!rowPresent(p, cols)) continue;
    const double l = ns(p + "libffi");
    appendf(o, "| %c | %s | %s | %s | %s | %s |\n", c.name, cell(p + "jitffi_capi").c_str(),
            cell(p + "jitffi_raw").c_str(), cell(p + "libffi").c_str(),
            fmtRatio(l, ns(p + "jitffi_capi"), 2).c_str(),
            fmtRatio(l, ns(p + "jitffi_raw"), 2).c_str());
  }
  appendf(o, "\n");
}

void Report::targetList(std::string& o, Abi abi) const {
  const auto targets = wallTargets(abi);
  bool anyTarget = false;
  for (const WallTarget& t : targets)
    anyTarget = anyTarget || t.verdict != instr::Verdict::kNotMeasured;
  if (!anyTarget) return;
  appendf(o, abi == Abi::kWin64 ? "## Win64: wall-time targets\n\n" : "## Wall-time targets\n\n");
  for (const WallTarget& t : targets)
    appendf(o, "- %s%s%s\n", t.text.c_str(), t.verdict == instr::Verdict::kNotMeasured ? "" : " — ",
            t.verdict == instr::Verdict::kNotMeasured ? "" : instr::verdictText(t.verdict));
  if (abi == Abi::kWin64) {
    // What the ratio targets can reach at all: libffi over the direct call itself.
    double low = NAN;
    char lowSig = '?';
    for (char s = 'b'; s <= 'h'; ++s) {
      const std::string p = std::string("win64/call/") + s + "/";
      const double r = ns(p + "libffi_ffi_call") / ns(p + "direct");
      if (!std::isnan(r) && (std::isnan(low) || r < low)) low = r, lowSig = s;
    }
    if (!std::isnan(low))
      appendf(o,
              "- note: libffi's FFI_WIN64 ffi_call over the direct call itself (what a call "
              "costing nothing over the floor would reach): lowest %.2f× on %c\n",
              low, lowSig);
  }
  appendf(o, "\n");
}

std::string Report::markdown(const std::vector<std::string>& problems) const {
  std::string o;
  appendf(o, "# jitffi benchmark report\n\n");
  appendf(o, "- %s, jitffi %s (build type %s, %s), %u CPUs: %s\n", info_.date.c_str(), kVersion,
          info_.buildType.c_str(), info_.compiler.c_str(), info_.cpus, info_.cpu.c_str());
  appendf(o, "- libffi: the system's %s, loaded at run time; jitffi: linked into this tool\n",
          info_.libffi.c_str());
  int taken = 0, retaken = 0, extra = 0, fallbacks = 0;
  for (const Measurement& m : b_.all()) {
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
          s_.reps, s_.repNs / 1e6, s_.quick ? ", --quick" : "", kAttempts, retaken, taken,
          extra, fallbacks,
          info_.loadBefore.c_str(), info_.loadAfter.c_str());
  switch (ir_.state) {
    case InstrRun::State::kDone:
      appendf(o, "- instruction counts: callgrind (%s), below\n",
              ir_.version.empty() ? ir_.valgrind.c_str() : ir_.version.c_str());
      break;
    case InstrRun::State::kSkipped:
      appendf(o, "- instruction counts: not measured: %s\n", ir_.why.c_str());
      break;
    case InstrRun::State::kFailed:
      appendf(o, "- instruction counts: FAILED: %s\n", ir_.why.c_str());
      break;
  }
  if (!info_.chartPath.empty()) appendf(o, "- chart: %s\n", info_.chartPath.c_str());
  appendf(o, "- signatures:");
  for (const jb::Case& c : jb::cases())
    appendf(o, "%s %c `%s`", c.name == 'a' ? "" : ",", c.name, c.text.c_str());
  appendf(o, " (closures: b, c, e, f)\n");
  appendf(o,
          "- conventions: SysV x86-64 (the host's), then in a section of its own Microsoft x64 "
          "(Win64: gcc `ms_abi` callees, `Abi::kWin64`, `FFI_WIN64` cifs) called from this "
          "program\n\n");

  callTable(o, Abi::kSysV64);
  prepTable(o);
  buildTable(o);
  closureTable(o, Abi::kSysV64);
  makeTable(o, Abi::kSysV64);
  targetList(o, Abi::kSysV64);

  if (!problems.empty()) {
    appendf(o, "## Problems\n\n");
    for (const std::string& p : problems) appendf(o, "- %s\n", p.c_str());
    appendf(o, "\n");
  }

  if (ir_.state == InstrRun::State::kDone) o += instr::formatReport(ir_.counts, Abi::kSysV64);

  // Win64: its wall-time tables, then its instruction counts.
  callTable(o, Abi::kWin64);
  win64NextToSysV(o);
  closureTable(o, Abi::kWin64);
  makeTable(o, Abi::kWin64);
  targetList(o, Abi::kWin64);
  if (ir_.state == InstrRun::State::kDone) o += instr::formatReport(ir_.counts, Abi::kWin64);
  appendf(o, "(%.0f s in all.)\n", info_.seconds);
  return o;
}

// ---- JSON ---------------------------------------------------------------------------------------

class Json {
 public:
  std::string str() const { return out_ + "\n"; }

  void beginObject() { open('{'); }
  void endObject() { close('}'); }
  void beginArray() { open('['); }
  void endArray() { close(']'); }
  Json& key(const std::string& k) {
    comma();
    out_ += quote(k) + ": ";
    pendingKey_ = true;
    return *this;
  }
  void value(const std::string& s) { scalar(quote(s)); }
  void value(const char* s) { scalar(s ? quote(s) : "null"); }
  void value(bool b) { scalar(b ? "true" : "false"); }
  void value(double v) {
    if (!std::isfinite(v)) return scalar("null");
    char b[40];
    std::snprintf(b, sizeof b, "%.6g", v);
    scalar(b);
  }
  void value(int v) { scalar(std::to_string(v)); }
  void value(unsigned v) { scalar(std::to_string(v)); }
  void value(uint64_t v) { scalar(std::to_string(v)); }
  void null() { scalar("null"); }

  static std::string quote(const std::string& s) {
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

 private:
  void comma() {
    if (pendingKey_) return;
    if (!first_.empty()) {
      if (!first_.back()) out_ += ",";
      first_.back() = false;
      out_ += "\n" + std::string(2 * first_.size(), ' ');
    }
  }
  void scalar(const std::string& text) {
    comma();
    pendingKey_ = false;
    out_ += text;
  }
  void open(char c) {
    comma();
    pendingKey_ = false;
    out_ += c;
    first_.push_back(true);
  }
  void close(char c) {
    const bool empty = first_.back();
    first_.pop_back();
    if (!empty) out_ += "\n" + std::string(2 * first_.size(), ' ');
    out_ += c;
  }

  std::string out_;
  std::vector<bool> first_;
  bool pendingKey_ = false;
};

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

std::string toJson(const Bench& b, const Report& rep, const Settings& s, const RunInfo& info,
                   const InstrRun& ir, const std::string& filter,
                   const std::vector<std::string>& problems) {
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
  for (const Measurement& m : b.all()) {
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
    }
    j.endObject();
  }
  j.endArray();
  j.endObject();

  j.key("instructions").beginObject();
  j.key("status").value(ir.state == InstrRun::State::kDone      ? "ok"
                        : ir.state == InstrRun::State::kFailed ? "failed"
                                                               : "skipped");
  if (!ir.why.empty()) j.key("message").value(ir.why);
  if (ir.state == InstrRun::State::kDone) {
    const instr::Counts& c = ir.counts;
    j.key("valgrind").value(ir.version);
    j.key("unit").value("instructions per call");
    j.key("n1").value(c.n1);
    j.key("n2").value(c.n2);
    j.key("loop").value(c.loop);
    j.key("results").beginArray();
    for (Abi abi : jb::kBenchAbis) {
      const std::string an(abiName(abi));
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

  j.key("targets").beginArray();
  auto target = [&](const char* kind, Abi abi, const std::string& text, instr::Verdict v) {
    j.beginObject();
    j.key("kind").value(kind);
    j.key("abi").value(std::string(abiName(abi)));
    j.key("text").value(text);
    j.key("verdict").value(verdictName(v));
    j.endObject();
  };
  for (Abi abi : jb::kBenchAbis) {
    for (const WallTarget& t : rep.wallTargets(abi)) target("wall", abi, t.text, t.verdict);
    if (ir.state == InstrRun::State::kDone) {
      for (const instr::Target& t : instr::callTargets(ir.counts, abi))
        target("instructions", abi, t.text, t.verdict);
      for (const instr::Target& t : instr::closureTargets(ir.counts, abi))
        target("instructions", abi, t.text, t.verdict);
    }
  }
  j.endArray();

  j.key("problems").beginArray();
  for (const std::string& p : problems) j.value(p);
  j.endArray();
  j.endObject();
  return j.str();
}

// ---- the chart (SVG) --------------------------------------------------------------------------

// Four series in every panel: direct, jitffi avalues, jitffi slots, libffi.
constexpr int kSeries = 4;
const char* const kSeriesColor[kSeries] = {"#8d939c", "#2f6fdb", "#1f9e6e", "#e0562b"};
const char* const kSeriesName[kSeries] = {"direct C call", "jitffi, avalues shape", "jitffi, slots shape",
                                          "libffi"};

struct ChartRow {
  std::string title;  // "e  i64(i32,f64,…)"
  double v[kSeries] = {NAN, NAN, NAN, NAN};
  std::string note[kSeries];  // shown instead of a bar ("FAIL", "n/a")
  std::string ratio;          // right of the title: "libffi/jitffi 21×"
};

struct ChartPanel {
  std::string title, axis, unit;  // unit: " ns" or ""
  Abi abi = Abi::kSysV64;
  bool closures = false;
  std::vector<ChartRow> rows;
};

std::string xmlEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

// A signature for a chart row: runs of one argument type shortened, "i64(i64×12)".
std::string shortSignature(const std::string& text) {
  const size_t open = text.find('('), close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return text;
  std::vector<std::string> args;
  int depth = 0;
  std::string cur;
  for (size_t i = open + 1; i < close; ++i) {
    const char c = text[i];
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (c == ',' && depth == 0) {
      args.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) args.push_back(cur);
  std::string out = text.substr(0, open + 1);
  for (size_t i = 0; i < args.size();) {
    size_t j = i;
    while (j < args.size() && args[j] == args[i]) ++j;
    if (i) out += ",";
    out += args[i];
    if (j - i > 2) out += "×" + std::to_string(j - i);
    else if (j - i == 2) out += "," + args[i];
    i = j;
  }
  return out + ")";
}

std::string tickLabel(double v) {
  char b[32];
  if (v >= 1000) std::snprintf(b, sizeof b, "%gk", v / 1000);
  else std::snprintf(b, sizeof b, "%g", v);
  return b;
}

// 1-2-5 ticks.
double tickBelow(double v) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= v * (1 + 1e-9)) return m * p;
  return p / 2;
}
double tickAbove(double v) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v * (1 - 1e-9)) return m * p;
  return 10 * p;
}

constexpr double kPanelW = 500;   // whole panel width
constexpr double kPlotX = 16;     // plot area start within the panel
constexpr double kPlotW = 400;    // plot area width (value labels may run past it)
constexpr double kBarH = 11, kBarGap = 2, kRowHead = 17, kRowGap = 9;

double panelHeight(const ChartPanel& p) {
  return 26 + double(p.rows.size()) * (kRowHead + kSeries * (kBarH + kBarGap) + kRowGap) + 34;
}

void drawPanel(std::string& o, const ChartPanel& p, double px, double py) {
  double lo = INFINITY, hi = 0;
  for (const ChartRow& r : p.rows)
    for (double v : r.v)
      if (std::isfinite(v) && v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  const double h = panelHeight(p);
  appendf(o, "<g transform=\"translate(%.1f,%.1f)\">\n", px, py);
  appendf(o, "<text x=\"%.1f\" y=\"16\" class=\"ptitle\">%s</text>\n", kPlotX, xmlEscape(p.title).c_str());
  if (!(hi > 0)) {
    appendf(o, "<text x=\"%.1f\" y=\"44\" class=\"note\">nothing measured</text>\n</g>\n", kPlotX);
    return;
  }
  lo = tickBelow(lo / 2);
  hi = tickAbove(hi * 1.15);
  const double l0 = std::log10(lo), l1 = std::log10(hi);
  auto X = [&](double v) { return kPlotX + kPlotW * (std::log10(v) - l0) / (l1 - l0); };
  const double top = 26, bottom = h - 34;
  // Grid and ticks: 1-2-5, labels on all when the range is short, else on powers of ten.
  const bool dense = l1 - l0 <= 3.5;
  for (double dec = std::pow(10.0, std::floor(l0)); dec <= hi * 1.0001; dec *= 10) {
    for (double m : {1.0, 2.0, 5.0}) {
      const double t = dec * m;
      if (t < lo * 0.9999 || t > hi * 1.0001) continue;
      const double x = X(t);
      appendf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"%s\"/>\n", x, top, x,
              bottom, m == 1.0 ? "grid1" : "grid");
      if (dense || m == 1.0)
        appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%s</text>\n", x, bottom + 13,
                tickLabel(t).c_str());
    }
  }
  appendf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n", kPlotX, bottom,
          kPlotX + kPlotW, bottom);
  appendf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n", kPlotX, top,
          kPlotX, bottom);
  appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"axistitle\">%s</text>\n", kPlotX + kPlotW / 2,
          bottom + 28, xmlEscape(p.axis).c_str());

  double y = top + 4;
  for (const ChartRow& r : p.rows) {
    appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"rtitle\">%s</text>\n", kPlotX + 4, y + 12,
            xmlEscape(r.title).c_str());
    if (!r.ratio.empty())
      appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"ratio\">%s</text>\n", kPanelW - 6, y + 12,
              xmlEscape(r.ratio).c_str());
    y += kRowHead;
    for (int s = 0; s < kSeries; ++s) {
      const double v = r.v[s];
      if (std::isfinite(v) && v > 0) {
        const double w = std::max(1.0, X(v) - kPlotX);
        appendf(o,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                "<title>%s: %s%s</title></rect>\n",
                kPlotX, y, w, kBarH, kSeriesColor[s], kSeriesName[s],
                p.unit.empty() ? instr::formatCount(v).c_str() : fmtNs(v).c_str(), p.unit.c_str());
        appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"val\">%s</text>\n", kPlotX + w + 4, y + kBarH - 2,
                p.unit.empty() ? instr::formatCount(v).c_str() : fmtNs(v).c_str());
      } else if (!r.note[s].empty()) {
        appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"%s\">%s: %s</text>\n", kPlotX + 4, y + kBarH - 2,
                r.note[s] == "FAIL" ? "fail" : "note", kSeriesName[s], r.note[s].c_str());
      }
      y += kBarH + kBarGap;
    }
    y += kRowGap;
  }
  appendf(o, "</g>\n");
}

std::string chartSvg(const std::vector<ChartPanel>& wall, const std::vector<ChartPanel>& counts,
                     const std::string& subtitle, const std::string& footer) {
  const bool two = !counts.empty();
  bool win64 = false;
  for (const ChartPanel& p : wall) win64 = win64 || p.abi == Abi::kWin64;
  const double margin = 20;
  const double width = margin * 2 + kPanelW * (two ? 2 : 1) + (two ? 30 : 0);
  const double headH = win64 ? 144 : 128;
  double bodyH = 0;
  for (size_t i = 0; i < wall.size(); ++i) {
    double hgt = panelHeight(wall[i]);
    if (two && i < counts.size()) hgt = std::max(hgt, panelHeight(counts[i]));
    bodyH += hgt + 12;
  }
  const double height = headH + bodyH + 30;
  std::string o;
  appendf(o,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f "
          "%.0f\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n",
          width, height, width, height);
  appendf(o,
          "<style>\n"
          ".title{font-size:19px;font-weight:bold;fill:#1d2330}\n"
          ".sub{font-size:12px;fill:#4a5160}\n"
          ".ptitle{font-size:14px;font-weight:bold;fill:#1d2330}\n"
          ".rtitle{font-size:11.5px;fill:#1d2330;font-family:DejaVu Sans Mono, Menlo, Consolas, monospace}\n"
          ".ratio{font-size:11.5px;fill:#b2401b;text-anchor:end;font-weight:bold}\n"
          ".val{font-size:10px;fill:#333a46}\n"
          ".tick{font-size:10px;fill:#5c6370;text-anchor:middle}\n"
          ".axistitle{font-size:11px;fill:#4a5160;text-anchor:middle}\n"
          ".legend{font-size:12px;fill:#1d2330}\n"
          ".note{font-size:10px;fill:#7a808a}\n"
          ".fail{font-size:10px;fill:#c0152f;font-weight:bold}\n"
          ".foot{font-size:10px;fill:#7a808a}\n"
          ".grid{stroke:#eceef2;stroke-width:1}\n"
          ".grid1{stroke:#d5d9e0;stroke-width:1}\n"
          ".axis{stroke:#9aa0aa;stroke-width:1}\n"
          "</style>\n");
  appendf(o, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
  appendf(o, "<text x=\"%.0f\" y=\"30\" class=\"title\">%s</text>\n", margin,
          "jitffi benchmark: the cost of one call");
  appendf(o, "<text x=\"%.0f\" y=\"50\" class=\"sub\">%s</text>\n", margin, xmlEscape(subtitle).c_str());
  double lx = margin;
  for (int s = 0; s < kSeries; ++s) {
    appendf(o, "<rect x=\"%.1f\" y=\"64\" width=\"14\" height=\"14\" rx=\"2\" fill=\"%s\"/>\n", lx,
            kSeriesColor[s]);
    appendf(o, "<text x=\"%.1f\" y=\"76\" class=\"legend\">%s</text>\n", lx + 20, kSeriesName[s]);
    lx += 20 + 7.2 * double(std::strlen(kSeriesName[s])) + 26;
  }
  appendf(o, "<text x=\"%.0f\" y=\"100\" class=\"sub\">%s</text>\n", margin,
          xmlEscape("Calls: jitffi CallInterface::call (avalues) and callSlots (slots) against "
                    "libffi's ffi_call. Closures: a jitffi RawClosure with an avalues or a slots "
                    "handler against a libffi closure.")
              .c_str());
  appendf(o, "<text x=\"%.0f\" y=\"116\" class=\"sub\">%s</text>\n", margin,
          xmlEscape("Direct: the same C function called through a function pointer (the floor). "
                    "Red figures: libffi's time (or instructions) over jitffi's avalues shape.")
              .c_str());
  if (win64)
    appendf(o, "<text x=\"%.0f\" y=\"132\" class=\"sub\">%s</text>\n", margin,
            xmlEscape("Win64 panels: the same with the Microsoft x64 convention (gcc ms_abi "
                      "callees and callers; jitffi Abi::kWin64; libffi FFI_WIN64).")
                .c_str());
  double y = headH;
  for (size_t i = 0; i < wall.size(); ++i) {
    drawPanel(o, wall[i], margin, y);
    double hgt = panelHeight(wall[i]);
    if (two && i < counts.size()) {
      drawPanel(o, counts[i], margin + kPanelW + 30, y);
      hgt = std::max(hgt, panelHeight(counts[i]));
    }
    y += hgt + 12;
  }
  appendf(o, "<text x=\"%.0f\" y=\"%.0f\" class=\"foot\">%s</text>\n", margin, height - 12,
          xmlEscape(footer).c_str());
  appendf(o, "</svg>\n");
  return o;
}

std::vector<ChartPanel> wallPanels(const Bench& b, const Report& rep) {
  std::vector<ChartPanel> out;
  auto fill = [&](ChartRow& row, int s, const std::string& name) {
    const Measurement* m = b.find(name);
    if (!m) return;
    if (m->state == State::kOk) row.v[s] = m->median;
    else row.note[s] = m->state == State::kFailed ? "FAIL" : "n/a";
  };
  auto ratio = [](double l, double j) {
    if (std::isnan(l) || std::isnan(j) || j <= 0) return std::string();
    char buf[64];
    std::snprintf(buf, sizeof buf, "libffi/jitffi %.1f×", l / j);
    return std::string(buf);
  };
  for (Abi abi : jb::kBenchAbis) {
    const std::string pre = jb::abiPrefix(abi);
    const std::string tag = abi == Abi::kWin64 ? ", Win64" : "";
    ChartPanel calls;
    calls.title = "Calls" + tag + ": wall time per call";
    calls.axis = "ns per call, median (log scale)";
    calls.unit = " ns";
    calls.abi = abi;
    for (const jb::Case& c : jb::cases(abi)) {
      const std::string p = pre + "call/" + c.name + "/";
      ChartRow row;
      row.title = std::string(1, c.name) + "  " + shortSignature(c.text);
      fill(row, 0, p + "direct");
      fill(row, 1, p + "jitffi_avalues");
      fill(row, 2, p + "jitffi_slots");
      fill(row, 3, p + "libffi_ffi_call");
      if (!b.find(p + "direct") && !b.find(p + "jitffi_avalues") && !b.find(p + "jitffi_slots") &&
          !b.find(p + "libffi_ffi_call"))
        continue;
      row.ratio = ratio(rep.ns(p + "libffi_ffi_call"), rep.ns(p + "jitffi_avalues"));
      calls.rows.push_back(std::move(row));
    }
    if (!calls.rows.empty()) out.push_back(std::move(calls));
    ChartPanel cl;
    cl.title = "Closures called from C" + tag + ": wall time per call";
    cl.axis = "ns per call, median (log scale)";
    cl.unit = " ns";
    cl.abi = abi;
    cl.closures = true;
    for (const jb::ClosureCase& c : jb::closureCases(abi)) {
      const std::string p = pre + "closure/" + c.name + "/";
      ChartRow row;
      row.title = std::string(1, c.name) + "  " + shortSignature(c.call->text);
      fill(row, 0, p + "direct");
      fill(row, 1, p + "jitffi_raw_avalues");
      fill(row, 2, p + "jitffi_raw_slots");
      fill(row, 3, p + "libffi");
      if (!b.find(p + "direct") && !b.find(p + "jitffi_raw_avalues") &&
          !b.find(p + "jitffi_raw_slots") && !b.find(p + "libffi"))
        continue;
      row.ratio = ratio(rep.ns(p + "libffi"), rep.ns(p + "jitffi_raw_avalues"));
      cl.rows.push_back(std::move(row));
    }
    if (!cl.rows.empty()) out.push_back(std::move(cl));
  }
  return out;
}

// The same panels in instructions (callgrind), row for row.
std::vector<ChartPanel> countPanels(const std::vector<ChartPanel>& wall, const instr::Counts& c) {
  std::vector<ChartPanel> out;
  for (const ChartPanel& w : wall) {
    const bool closures = w.closures;
    const std::string tag = w.abi == Abi::kWin64 ? ", Win64" : "";
    ChartPanel p;
    p.title = closures ? "Closures called from C" + tag + ": instructions per call"
                       : "Calls" + tag + ": instructions per call";
    p.axis = "instructions per call, callgrind (log scale)";
    p.abi = w.abi;
    p.closures = closures;
    for (const ChartRow& wr : w.rows) {
      const char sig = wr.title[0];
      ChartRow row;
      row.title = wr.title;
      if (closures) {
        const CM ms[kSeries] = {CM::kDirect, CM::kRawAvalues, CM::kRawSlots, CM::kLibffi};
        for (int s = 0; s < kSeries; ++s) row.v[s] = c.perCall(sig, ms[s], w.abi);
      } else {
        const Method ms[kSeries] = {Method::kDirect, Method::kAvalues, Method::kSlots, Method::kFfiCallS};
        for (int s = 0; s < kSeries; ++s) row.v[s] = c.perCall(sig, ms[s], w.abi);
      }
      for (int s = 0; s < kSeries; ++s)
        if (std::isnan(row.v[s]) && !wr.note[s].empty()) row.note[s] = wr.note[s];
      if (std::isfinite(row.v[3]) && std::isfinite(row.v[1]) && row.v[1] > 0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "libffi/jitffi %.1f×", row.v[3] / row.v[1]);
        row.ratio = buf;
      }
      p.rows.push_back(std::move(row));
    }
    out.push_back(std::move(p));
  }
  return out;
}

bool writeFile(const std::string& path, const std::string& text, std::string& error) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    error = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  const int e = errno;
  if (std::fclose(f) != 0 || !ok) {
    error = "cannot write " + path + ": " + std::strerror(ok ? errno : e);
    return false;
  }
  return true;
}

std::string chartPathFor(const std::string& jsonPath) {
  if (jsonPath.empty()) return "./jitffi-bench.svg";
  const size_t slash = jsonPath.rfind('/');
  if (slash == std::string::npos) return "./jitffi-bench.svg";
  return jsonPath.substr(0, slash + 1) + "jitffi-bench.svg";
}

}  // namespace

int runBench(const std::string& filter, const std::string& jsonPath, bool quick, const char* argv0) {
  std::regex re;
  try {
    re = std::regex(filter.empty() ? std::string(".") : filter, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    std::fprintf(stderr, "jitffi: bad --filter '%s': %s\n%s", filter.c_str(), e.what(), kBenchHelp);
    return kUsage;
  }
  const auto select = [&](const std::string& name) {
    return filter.empty() || std::regex_search(name, re);
  };

  // The re-run under callgrind (see the top of the file).
  if (const char* spec = std::getenv(kChildEnv)) return runInstrChild(spec, select);

  Settings s;
  s.quick = quick;
  if (quick) {
    s.reps = 5;
    s.repNs = 1e6;
    s.missBatch = 20;
    s.n1 = 100;
    s.n2 = 200;
  }
  const double start = monoNs();
  std::string error;
  if (!jb::setupCases(error) || !jb::setupClosureCases(error)) {
    std::fprintf(stderr, "jitffi: bench setup failed: %s\n", error.c_str());
    return kFailure;
  }
  const bool tty = isatty(2) != 0;
  Bench bench(s, tty);
  bench.build(select);
  if (bench.size() == 0) {
    std::fprintf(stderr, "jitffi: no measurement matches --filter '%s' (see jitffi bench --help)\n",
                 filter.c_str());
    return kFailure;
  }

  RunInfo info;
  info.date = utcNow();
  info.cpu = firstLine("/proc/cpuinfo", "model name");
  if (info.cpu.empty()) {
    utsname u;
    info.cpu = uname(&u) == 0 ? u.machine : "?";
  }
  info.cpus = unsigned(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  info.libffi = systemLibffi();
#if defined(JITFFI_BUILD_TYPE)
  info.buildType = JITFFI_BUILD_TYPE;
#endif
  if (info.buildType.empty()) info.buildType = "?";
#if defined(__clang__)
  info.compiler = std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  info.compiler = std::string("gcc ") + __VERSION__;
#else
  info.compiler = "?";
#endif
#if !defined(__OPTIMIZE__)
  info.buildType += ", NOT OPTIMIZED: the figures mean little";
#endif
  info.loadBefore = loadAverage();
  bench.run();
  info.loadAfter = loadAverage();

  // Instruction counts for what has them (build/* has none).
  bool counted = false;
  for (const Measurement& m : bench.all()) counted = counted || m.group != "build";
  InstrRun ir;
  if (counted) ir = runInstructionCounts(s, filter, argv0, tty);
  else ir.why = "nothing selected has them (build/* is timed only)";

  std::vector<std::string> problems;
  for (const Measurement& m : bench.all())
    if (m.state == State::kFailed)
      problems.push_back(m.message.rfind(m.name, 0) == 0 ? m.message : m.name + ": " + m.message);
  if (ir.state == InstrRun::State::kFailed) problems.push_back("instruction counts: " + ir.why);

  info.chartPath = chartPathFor(jsonPath);
  Report report(bench, s, info, ir);
  {
    const std::vector<ChartPanel> wall = wallPanels(bench, report);
    const std::vector<ChartPanel> counts =
        ir.state == InstrRun::State::kDone ? countPanels(wall, ir.counts) : std::vector<ChartPanel>{};
    std::string subtitle = "Median wall time";
    if (!counts.empty()) subtitle += " (left) and callgrind instruction counts (right)";
    subtitle += " per call, all measured in the same run. Lower is better; log scales.";
    std::string footer = info.date + " · " + info.cpu + " · jitffi " + kVersion + " (" + info.buildType +
                         ") · libffi: " + info.libffi + " · median of " + std::to_string(s.reps) +
                         " repetitions" + (quick ? " (--quick)" : "");
    if (!writeFile(info.chartPath, chartSvg(wall, counts, subtitle, footer), error)) {
      problems.push_back(error);
      info.chartPath.clear();
    }
  }
  info.seconds = (monoNs() - start) / 1e9;
  if (!jsonPath.empty() &&
      !writeFile(jsonPath, toJson(bench, report, s, info, ir, filter, problems), error)) {
    problems.push_back(error);
  }

  const std::string md = report.markdown(problems);
  std::fwrite(md.data(), 1, md.size(), stdout);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "jitffi: cannot write the report: %s\n", std::strerror(errno));
    return kFailure;
  }
  for (const std::string& p : problems) std::fprintf(stderr, "jitffi: bench: %s\n", p.c_str());
  return problems.empty() ? kOk : kFailure;
}

}  // namespace jitffi::tool
