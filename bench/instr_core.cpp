// SPDX-License-Identifier: MIT
#include "instr_core.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#if defined(JITFFI_HAVE_CALLGRIND_H)
#include <valgrind/callgrind.h>
#endif

namespace jitffi::bench::instr {

namespace {

// Tags: "jitffi-instr abi=<i> sig=<c> method=<m> n=<n>" (i: the index in kBenchAbis; sig '-'
// for the empty loop and the probe), and "jitffi-instr closure abi=<i> sig=<c> method=<m> n=<n>"
// for ClosureMethod m. The qemu counter's lines on the child's stdout start with the same prefix:
// "jitffi-instr marker 0xADDRESS" and "jitffi-instr probe-length N" first, then each loop's tag.
constexpr const char kTagPrefix[] = "jitffi-instr ";

std::string tag(const char* group, int abi, char sig, int method, unsigned n) {
  return std::string(kTagPrefix) + group + "abi=" + std::to_string(abi) +
         " sig=" + std::string(1, sig) + " method=" + std::to_string(method) +
         " n=" + std::to_string(n);
}

int abiIndex(Abi abi) { return abi == Abi::kWin64 ? 1 : 0; }

// The tags' method numbers of the loops that are no method: the empty loop and the probe.
constexpr int kEmptyLoopMethod = -1, kProbeMethod = -2;

// "jitffi-instr interpreted 0|1": whether the counted calls ran interpreted (a callgrind dump's
// trigger, or a line of the qemu handshake).
constexpr const char kInterpretedTag[] = "interpreted ";
bool readInterpreted(const char* rest, Counts& out) {
  int v = 0;
  if (std::strncmp(rest, kInterpretedTag, sizeof kInterpretedTag - 1) != 0 ||
      std::sscanf(rest + sizeof kInterpretedTag - 1, "%d", &v) != 1)
    return false;
  out.interpreted = v != 0;
  return true;
}

}  // namespace

// ---- the child: the measured loops --------------------------------------------------------------

namespace {

template <Method M>
__attribute__((noinline)) void runLoop(Case& c, unsigned n) {
  drive<M>(c, [n](auto&& once) {
    for (unsigned i = n; i != 0; --i) {
      asm volatile("");
      once();
    }
  });
}

template <ClosureMethod M>
__attribute__((noinline)) void runClosureLoop(ClosureCase& c, unsigned n) {
  driveClosure<M>(c, [n](auto&& once) {
    for (unsigned i = n; i != 0; --i) {
      asm volatile("");
      once();
    }
  });
}

__attribute__((noinline)) void emptyLoop(unsigned n) {
  for (unsigned i = n; i != 0; --i) asm volatile("");
}

#if defined(JITFFI_INSTR_PROBE)
// instr_probe.S (bench_cases.cmake adds it where the qemu counter serves).
extern "C" void jitffi_instr_probe();
extern "C" const uint32_t jitffi_instr_probe_length;

// Called through a pointer held in a register: one instruction per call on every architecture
// (a direct call can take two on RISC-V, auipc + jalr, where the linker cannot relax it).
__attribute__((noinline)) void probeLoop(unsigned n) {
  void (*volatile held)() = jitffi_instr_probe;
  void (*const probe)() = held;
  for (unsigned i = n; i != 0; --i) {
    asm volatile("");
    probe();
  }
}
#endif

}  // namespace

// The qemu counter's marker: one instruction (ret), never inlined or folded, called around each
// measured loop. Its address is the one the parent looks for in the log.
extern "C" __attribute__((noipa, used)) void jitffi_instr_mark() { asm volatile(""); }

namespace {

// Nothing to prepare before a loop.
constexpr auto kNoPreparation = [](unsigned) {};

// Runs one loop unmeasured, then n1 and n2 iterations each delimited for the counter; before
// each loop, unmeasured, `prepare(n)` (the new signatures of a cache-miss loop).
template <class Run, class Prepare = decltype(kNoPreparation)>
void measure(Counter counter, int abi, char sig, int method, unsigned n1, unsigned n2, Run&& run,
             const char* group = "", const Prepare& prepare = kNoPreparation) {
  prepare(16u);
  run(16u);  // warm-up, unmeasured
  for (unsigned n : {n1, n2}) {
    const std::string t = tag(group, abi, sig, method, n);
    prepare(n);
    if (counter == Counter::kQemu) {
      jitffi_instr_mark();
      run(n);
      jitffi_instr_mark();
      std::printf("%s\n", t.c_str());  // starts with kTagPrefix
      std::fflush(stdout);
      continue;
    }
#if defined(JITFFI_HAVE_CALLGRIND_H)
    CALLGRIND_ZERO_STATS;
    run(n);
    CALLGRIND_DUMP_STATS_AT(t.c_str());
#endif
  }
}

// The child's side of the qemu counter's handshake: where the marker is, then wait until the
// parent has read it.
bool qemuHandshake(const char* program, bool interpreted) {
  std::printf("%smarker 0x%llx\n", kTagPrefix,
              static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(&jitffi_instr_mark)));
#if defined(JITFFI_INSTR_PROBE)
  std::printf("%sprobe-length %u\n", kTagPrefix, unsigned(jitffi_instr_probe_length));
#endif
  std::printf("%s%s%d\n", kTagPrefix, kInterpretedTag, int(interpreted));
  std::fflush(stdout);
  char go = 0;
  if (read(0, &go, 1) != 1) {
    std::fprintf(stderr, "%s: the qemu counter's parent did not answer on stdin\n", program);
    return false;
  }
  return true;
}

}  // namespace

bool available() {
#if defined(JITFFI_HAVE_CALLGRIND_H)
  return true;
#else
  return false;
#endif
}

int child(unsigned n1, unsigned n2, const Select& select, const Progress& progress,
          const char* program, Counter counter) {
#if defined(JITFFI_HAVE_CALLGRIND_H)
  if (counter == Counter::kCallgrind && !RUNNING_ON_VALGRIND) {
    std::fprintf(stderr, "%s: the measuring side must run under valgrind --tool=callgrind\n", program);
    return 2;
  }
#else
  if (counter == Counter::kCallgrind) {
    std::fprintf(stderr, "%s: built without valgrind/callgrind.h: cannot measure\n", program);
    return 2;
  }
#endif
  // With a progress line on the terminal, a message first clears it.
  const char* const clear = progress ? "\r\033[K" : "";
  std::string error;
  if (!setupCases(error)) {
    std::fprintf(stderr, "%s%s: setup failed: %s\n", clear, program, error.c_str());
    return 1;
  }
  if (!setupClosureCases(error)) {
    std::fprintf(stderr, "%s%s: closure setup failed: %s\n", clear, program, error.c_str());
    return 1;
  }
  int total = 0, index = 0;
  for (Abi abi : kBenchAbis) {
    for (Case& c : cases(abi))
      for (int m = 0; m < kMethodCount; ++m)
        total += inSet(abi, Method(m)) && available(c, Method(m)) && select(benchName(c, Method(m)));
    for (ClosureCase& c : closureCases(abi))
      for (int m = 0; m < kClosureMethodCount; ++m)
        total += inSet(abi, c.name, ClosureMethod(m)) && available(c, ClosureMethod(m)) &&
                 select(closureBenchName(c, ClosureMethod(m)));
  }

  // Cache misses: counted by callgrind only (under qemu, with one log line per instruction,
  // thousands of new stubs would take minutes).
  const bool misses = counter == Counter::kCallgrind;
  if (misses)
    for (int m = 0; m < kMissCount; ++m) total += select(missName(Miss(m)));

  // Whether jitffi's calls run through the interpreted fallback here (no JIT for the
  // architecture, no executable memory, or JITFFI_JIT=0): the targets differ (callTargets).
  bool interpreted = true;
  for (const Case& c : cases(kHostAbi)) interpreted = interpreted && !c.ci->jitted();
  if (counter == Counter::kQemu && !qemuHandshake(program, interpreted)) return 2;
#if defined(JITFFI_HAVE_CALLGRIND_H)
  if (counter == Counter::kCallgrind) {
    const std::string t = std::string(kTagPrefix) + kInterpretedTag + (interpreted ? "1" : "0");
    CALLGRIND_DUMP_STATS_AT(t.c_str());
  }
#endif
  measure(counter, 0, '-', kEmptyLoopMethod, n1, n2, [](unsigned n) { emptyLoop(n); });
#if defined(JITFFI_INSTR_PROBE)
  if (counter == Counter::kQemu)
    measure(counter, 0, '-', kProbeMethod, n1, n2, [](unsigned n) { probeLoop(n); });
#endif
  for (Abi abi : kBenchAbis) {
    const int ai = abiIndex(abi);
    for (Case& c : cases(abi)) {
      for (int m = 0; m < kMethodCount; ++m) {
        const std::string name = benchName(c, Method(m));
        if (!inSet(abi, Method(m)) || !available(c, Method(m)) || !select(name)) continue;
        if (progress) progress(++index, total, name);
        const std::string err = verify(c, Method(m));
        if (!err.empty()) {
          std::fprintf(stderr, "%s%s: not measured: %s\n", clear, program, err.c_str());
          continue;
        }
        withMethod(Method(m), [&]<Method M>() {
          measure(counter, ai, c.name, m, n1, n2, [&](unsigned n) { runLoop<M>(c, n); });
        });
      }
    }
    for (ClosureCase& c : closureCases(abi)) {
      for (int m = 0; m < kClosureMethodCount; ++m) {
        const std::string name = closureBenchName(c, ClosureMethod(m));
        if (!inSet(abi, c.name, ClosureMethod(m)) || !available(c, ClosureMethod(m)) || !select(name)) continue;
        if (progress) progress(++index, total, name);
        const std::string err = verifyClosure(c, ClosureMethod(m));
        if (!err.empty()) {
          std::fprintf(stderr, "%s%s: not measured: %s\n", clear, program, err.c_str());
          continue;
        }
        withClosureMethod(ClosureMethod(m), [&]<ClosureMethod M>() {
          measure(counter, ai, c.name, m, n1, n2, [&](unsigned n) { runClosureLoop<M>(c, n); },
                  "closure ");
        });
      }
    }
  }
  // Last: the interfaces they add would change the cache the hits above probe.
  for (int m = 0; misses && m < kMissCount; ++m) {
    const std::string name = missName(Miss(m));
    if (!select(name)) continue;
    if (progress) progress(++index, total, name);
    MissBatch batch{Miss(m)};
    bool ok = true;
    measure(
        counter, 0, '-', m, n1, n2,
        [&](unsigned n) {
          for (unsigned i = 0; i < n && ok; ++i) ok = batch.make(i);
        },
        "miss ", [&](unsigned n) { batch.prepare(n); });
    if (!ok) {
      std::fprintf(stderr, "%s%s: %s: %s\n", clear, program, name.c_str(), batch.error().c_str());
      return 1;
    }
  }
  return 0;
}

// ---- the parent: run the child under callgrind, read the dumps -----------------------------------

double Counts::perIteration(const Series& s) const {
  auto a = s.find(n1), b = s.find(n2);
  if (a == s.end() || b == s.end()) return NAN;
  return (b->second - a->second) / double(n2 - n1);
}

double Counts::perCall(char sig, Method m, Abi abi) const {
  auto it = totals.find({abiIndex(abi), sig, int(m)});
  return it == totals.end() ? NAN : perIteration(it->second) - loop;
}

double Counts::perMiss(Miss m) const {
  auto it = missTotals.find(int(m));
  return it == missTotals.end() ? NAN : perIteration(it->second) - loop;
}

double Counts::perCall(char sig, ClosureMethod m, Abi abi) const {
  auto it = closureTotals.find({abiIndex(abi), sig, int(m)});
  return it == closureTotals.end() ? NAN : perIteration(it->second) - loop;
}

double Counts::functionPerCall(char sig, ClosureMethod m, const std::string& fn, Abi abi) const {
  auto it = closureFns.find({abiIndex(abi), sig, int(m)});
  if (it == closureFns.end()) return NAN;
  const bool part = !fn.empty() && fn.back() == '<';
  Series sum;
  for (const auto& [name, series] : it->second) {
    if (part ? name.find(fn) == std::string::npos : name != fn) continue;
    for (const auto& [n, v] : series) sum[n] += v;
  }
  return sum.empty() ? NAN : perIteration(sum);
}

namespace {

// The function callgrind sees as the handler of each closure method (bench_closure_handlers.c;
// Closure<F>'s handler is its thunk, with the lambda inlined into it; for a Win64 closure, its
// ms_abi twin). The other handlers serve both conventions; direct is the ordinary C function of
// the caller's convention.
std::string handlerName(char sig, ClosureMethod m, Abi abi) {
  const std::string s(1, sig);
  switch (m) {
    case ClosureMethod::kDirect:
      return (abi == Abi::kWin64 ? "bench_callee_w64_" : "bench_callee_") + s;
    case ClosureMethod::kCapi: case ClosureMethod::kLibffi: case ClosureMethod::kOther: return "bench_hcif_" + s;
    case ClosureMethod::kRawAvalues: return "bench_hav_" + s;
    case ClosureMethod::kRawSlots: return "bench_hslots_" + s;
    case ClosureMethod::kTyped: return abi == Abi::kWin64 ? "::win64Thunk<" : "::thunk<";  // ms_abi under Win64
    default: return "";
  }
}

}  // namespace

double Counts::handlerPerCall(char sig, ClosureMethod m, Abi abi) const {
  const std::string fn = handlerName(sig, m, abi);
  return fn.empty() ? NAN : functionPerCall(sig, m, fn, abi);
}

namespace {

}  // namespace

Dump readDump(const std::string& path) {
  const std::string kDesc = "desc: Trigger: Client Request: ";
  Dump d;
  std::ifstream f(path);
  std::string line;
  std::map<std::string, std::string> names;  // "(id)" → name, should the names be compressed
  double* current = nullptr;
  auto nameOf = [&](const std::string& v) {
    if (v.empty() || v[0] != '(') return v;
    const size_t close = v.find(')');
    if (close == std::string::npos) return v;
    const std::string id = v.substr(0, close + 1);
    if (close + 1 < v.size()) names[id] = v.substr(close + 2);
    auto it = names.find(id);
    return it == names.end() ? v : it->second;
  };
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    const char c0 = line[0];
    if ((c0 >= '0' && c0 <= '9') || c0 == '+' || c0 == '-' || c0 == '*') {
      // A cost line: position, then the Ir cost (absent: zero).
      if (!current) continue;
      const size_t sp = line.find(' ');
      if (sp != std::string::npos) *current += std::strtod(line.c_str() + sp + 1, nullptr);
    } else if (line.rfind("fn=", 0) == 0) {
      current = &d.inclusive[nameOf(line.substr(3))];
    } else if (line.rfind("cfn=", 0) == 0) {
      (void)nameOf(line.substr(4));  // may define a compressed name
    } else if (line.rfind(kDesc, 0) == 0) {
      d.trigger = line.substr(kDesc.size());
    } else if (std::isnan(d.total) && line.rfind("summary:", 0) == 0) {
      // "summary:" is the sum of the part's cost lines; "totals:" can exceed it by the cost of
      // the client request that zeroed the counters, so it is not used.
      d.total = std::strtod(line.c_str() + 8, nullptr);
    }
  }
  return d;
}

double Dump::inclusiveOf(std::initializer_list<const char*> fns) const {
  double sum = 0;
  for (const char* fn : fns) {
    auto it = inclusive.find(fn);
    if (it != inclusive.end()) sum += it->second;
  }
  return sum;
}

namespace {

// Files one loop's count under its tag (after kTagPrefix; with, from callgrind, the functions'
// inclusive costs). False for a tag that is none of the child's.
bool record(const char* tag, double total, const std::map<std::string, double>& functions, Counts& out) {
  int abi = 0;
  char sig = 0;
  int method = 0;
  unsigned n = 0;
  if (std::sscanf(tag, "closure abi=%d sig=%c method=%d n=%u", &abi, &sig, &method, &n) == 4) {
    const Key k{abi, sig, method};
    out.closureTotals[k][n] = total;
    for (const auto& [name, cost] : functions) out.closureFns[k][name][n] = cost;
    return true;
  }
  if (std::sscanf(tag, "miss abi=%d sig=%c method=%d n=%u", &abi, &sig, &method, &n) == 4) {
    out.missTotals[method][n] = total;
    return true;
  }
  if (std::sscanf(tag, "abi=%d sig=%c method=%d n=%u", &abi, &sig, &method, &n) != 4) return false;
  out.totals[{abi, sig, method}][n] = total;
  return true;
}

// The loops that are no method (the empty loop, the probe) out of the totals into their fields.
void takeLoops(Counts& out) {
  auto take = [&](int method) {
    auto it = out.totals.find({0, '-', method});
    if (it == out.totals.end()) return double(NAN);
    const double v = out.perIteration(it->second);
    out.totals.erase(it);
    return v;
  };
  out.loop = take(kEmptyLoopMethod);
  out.probe = take(kProbeMethod) - out.loop;
}

// The counts of a run of child(): its tagged dumps.
bool readCounts(const std::vector<Dump>& dumps, Counts& out) {
  bool any = false;
  for (const Dump& dump : dumps) {
    if (dump.trigger.rfind(kTagPrefix, 0) != 0 || std::isnan(dump.total)) continue;
    if (readInterpreted(dump.trigger.c_str() + std::strlen(kTagPrefix), out)) continue;
    any = record(dump.trigger.c_str() + std::strlen(kTagPrefix), dump.total, dump.inclusive, out) || any;
  }
  takeLoops(out);
  return any;
}

void removeDir(const std::string& dir) {
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') std::remove((dir + "/" + e->d_name).c_str());
    }
    closedir(d);
  }
  rmdir(dir.c_str());
}

}  // namespace

std::string selfPath(const char* argv0) {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return argv0;
  buf[n] = 0;
  return buf;
}

std::string findProgram(const std::string& name) {
  auto executable = [](const std::string& p) {
    struct stat st;
    return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(p.c_str(), X_OK) == 0;
  };
  if (name.empty()) return "";
  if (name.find('/') != std::string::npos) return executable(name) ? name : "";
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    if (dir.empty()) dir = ".";
    const std::string p = dir + "/" + name;
    if (executable(p)) return p;
    start = end + 1;
  }
  return "";
}

bool callgrindDumps(const std::vector<std::string>& argv,
                    const std::vector<std::pair<std::string, std::string>>& env, const std::string& valgrind,
                    bool keep, std::vector<Dump>& dumps, std::string& error) {
  char dirTemplate[] = "/tmp/jitffi-instr.XXXXXX";
  if (!mkdtemp(dirTemplate)) {
    error = std::string("mkdtemp: ") + std::strerror(errno);
    return false;
  }
  const std::string dir = dirTemplate;
  std::vector<std::string> args = {valgrind, "--tool=callgrind", "--quiet",
                                   "--callgrind-out-file=" + dir + "/cg.out", "--dump-instr=no",
                                   "--compress-strings=no",
                                   // JIT code: re-check translated code wherever it comes from.
                                   "--smc-check=all"};
  args.insert(args.end(), argv.begin(), argv.end());
  std::vector<char*> cargv;
  for (std::string& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    error = std::string("fork: ") + std::strerror(errno);
    removeDir(dir);
    return false;
  }
  if (pid == 0) {
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    // The child's stdout would mix with the report: send it to stderr.
    dup2(2, 1);
    execvp(cargv[0], cargv.data());
    std::fprintf(stderr, "instr_count: cannot run %s: %s\n", cargv[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      error = std::string("waitpid: ") + std::strerror(errno);
      return false;
    }
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = "the callgrind run failed (" +
            (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                               : "signal " + std::to_string(WTERMSIG(status))) +
            "); dumps in " + dir;
    return false;
  }
  dumps.clear();
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') dumps.push_back(readDump(dir + "/" + e->d_name));
    }
    closedir(d);
  }
  if (keep) std::fprintf(stderr, "instr_count: dumps kept in %s\n", dir.c_str());
  else removeDir(dir);
  return true;
}

bool runCallgrind(const std::vector<std::string>& childArgv,
                  const std::vector<std::pair<std::string, std::string>>& childEnv,
                  const Options& options, Counts& out, std::string& error) {
  if (options.n2 <= options.n1) {
    error = "n2 must exceed n1";
    return false;
  }
  std::vector<Dump> dumps;
  if (!callgrindDumps(childArgv, childEnv, options.valgrind, options.keep, dumps, error)) return false;
  out.n1 = options.n1;
  out.n2 = options.n2;
  if (!readCounts(dumps, out)) {
    error = "no callgrind dumps of the measured loops";
    return false;
  }
  return true;
}

// ---- the parent, qemu: run the child under qemu, count its log as it comes ----------------------

namespace {

// qemu's exec log, one line per executed instruction with -one-insn-per-tb:
//   Trace CPU: HOST-CODE [FLAGS/GUEST-PC/...] [SYMBOL]
// Counts those lines and notes the count at each line of the marker's address.
class LogCounter {
 public:
  void setMarker(uint64_t pc) { marker_ = pc; }
  void feed(const char* data, size_t n) {
    const char* end = data + n;
    while (data < end) {
      const char* nl = static_cast<const char*>(std::memchr(data, '\n', size_t(end - data)));
      if (!nl) {
        partial_.append(data, end);
        return;
      }
      if (partial_.empty()) {
        line(data, nl);
      } else {
        partial_.append(data, nl);
        line(partial_.data(), partial_.data() + partial_.size());
        partial_.clear();
      }
      data = nl + 1;
    }
  }
  const std::vector<uint64_t>& hits() const { return hits_; }

 private:
  void line(const char* b, const char* e) {
    static constexpr char kTrace[] = "Trace ";
    if (size_t(e - b) < sizeof kTrace - 1 || std::memcmp(b, kTrace, sizeof kTrace - 1) != 0) return;
    ++count_;
    const char* open = static_cast<const char*>(std::memchr(b, '[', size_t(e - b)));
    const char* slash = open ? static_cast<const char*>(std::memchr(open, '/', size_t(e - open))) : nullptr;
    if (!slash || marker_ == 0) return;
    uint64_t pc = 0;
    for (const char* p = slash + 1; p < e && *p != '/'; ++p) {
      const char c = *p;
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return;
      pc = pc << 4 | uint64_t(d);
    }
    if (pc == marker_) hits_.push_back(count_);
  }

  std::string partial_;
  uint64_t marker_ = 0, count_ = 0;
  std::vector<uint64_t> hits_;
};

// SIGPIPE ignored while it lives (a write to a child that has died is an error, not a signal).
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ign = {};
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old_);
  }
  ~IgnoreSigpipe() { sigaction(SIGPIPE, &old_, nullptr); }

 private:
  struct sigaction old_ = {};
};

std::string exitText(int status) {
  return WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                           : "signal " + std::to_string(WTERMSIG(status));
}

}  // namespace

bool runQemu(const std::vector<std::string>& emulator, const std::vector<std::string>& childArgv,
             const std::vector<std::pair<std::string, std::string>>& childEnv, unsigned n1,
             unsigned n2, Counts& out, std::string& error) {
  if (n2 <= n1) {
    error = "n2 must exceed n1";
    return false;
  }
  if (emulator.empty()) {
    error = "no emulator";
    return false;
  }
  // The child's stdin (the handshake), stdout (the protocol) and the log.
  int in[2], outp[2], log[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(outp, O_CLOEXEC) != 0 || pipe2(log, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  // qemu opens the log by name: the pipe's write end, which the child keeps open across exec.
  std::vector<std::string> args = emulator;
  for (const char* a : {"-one-insn-per-tb", "-d", "exec,nochain", "-D"}) args.push_back(a);
  args.push_back("/dev/fd/" + std::to_string(log[1]));
  args.insert(args.end(), childArgv.begin(), childArgv.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  IgnoreSigpipe ignore;
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    error = std::string("fork: ") + std::strerror(errno);
    for (int fd : {in[0], in[1], outp[0], outp[1], log[0], log[1]}) close(fd);
    return false;
  }
  if (pid == 0) {
    for (const auto& [k, v] : childEnv) setenv(k.c_str(), v.c_str(), 1);
    dup2(in[0], 0);
    dup2(outp[1], 1);
    fcntl(log[1], F_SETFD, 0);
    execvp(argv[0], argv.data());
    std::fprintf(stderr, "instr_count: cannot run %s: %s\n", argv[0], std::strerror(errno));
    _exit(127);
  }
  close(in[0]);
  close(outp[1]);
  close(log[1]);
  int toChild = in[1];

  LogCounter counter;
  std::vector<std::string> tags;
  std::string pending;  // stdout's partial line
  bool outOpen = true, logOpen = true, answered = false;
  std::vector<char> buf(1 << 16);
  auto stdoutLine = [&](const std::string& l) {
    if (l.rfind(kTagPrefix, 0) != 0) {
      std::fprintf(stderr, "%s\n", l.c_str());  // not the protocol's: the child's own
      return;
    }
    const std::string rest = l.substr(sizeof kTagPrefix - 1);
    unsigned long long marker = 0;
    unsigned length = 0;
    if (std::sscanf(rest.c_str(), "marker 0x%llx", &marker) == 1) {
      counter.setMarker(marker);
      answered = write(toChild, "g", 1) == 1;
      close(toChild);
      toChild = -1;
    } else if (std::sscanf(rest.c_str(), "probe-length %u", &length) == 1) {
      out.probeLength = length;
    } else if (!readInterpreted(rest.c_str(), out)) {
      tags.push_back(rest);
    }
  };
  while (outOpen || logOpen) {
    pollfd fds[2] = {{outOpen ? outp[0] : -1, POLLIN, 0}, {logOpen ? log[0] : -1, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      error = std::string("poll: ") + std::strerror(errno);
      break;
    }
    if (fds[1].revents) {
      const ssize_t n = read(log[0], buf.data(), buf.size());
      if (n > 0) counter.feed(buf.data(), size_t(n));
      else if (n == 0 || errno != EINTR) logOpen = false;
    }
    if (fds[0].revents) {
      const ssize_t n = read(outp[0], buf.data(), buf.size());
      if (n > 0) {
        pending.append(buf.data(), size_t(n));
        size_t nl;
        while ((nl = pending.find('\n')) != std::string::npos) {
          stdoutLine(pending.substr(0, nl));
          pending.erase(0, nl + 1);
        }
      } else if (n == 0 || errno != EINTR) {
        outOpen = false;
      }
    }
  }
  if (toChild >= 0) close(toChild);
  close(outp[0]);
  close(log[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      error = std::string("waitpid: ") + std::strerror(errno);
      return false;
    }
  }
  if (!error.empty()) return false;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = "the qemu run failed (" + exitText(status) + ")";
    return false;
  }
  if (!answered) {
    error = "the program under qemu never said where its marker is (not a jitffi counting child?)";
    return false;
  }
  const std::vector<uint64_t>& hits = counter.hits();
  if (hits.size() != 2 * tags.size()) {
    error = "the qemu log has " + std::to_string(hits.size()) + " marker lines for " +
            std::to_string(tags.size()) + " loops (2 each expected)";
    return false;
  }
  out.counter = Counter::kQemu;
  out.n1 = n1;
  out.n2 = n2;
  for (size_t i = 0; i < tags.size(); ++i) {
    if (!record(tags[i].c_str(), double(hits[2 * i + 1] - hits[2 * i]), {}, out)) {
      error = "the program under qemu sent an unknown tag: " + tags[i];
      return false;
    }
  }
  takeLoops(out);
  if (out.probeLength != 0 && out.probe != double(out.probeLength + 1)) {
    error = "the counter is off: the probe, " + std::to_string(out.probeLength) +
            " straight-line instructions and the call to it, counted " + formatCount(out.probe) +
            " per call, not " + std::to_string(out.probeLength + 1);
    return false;
  }
  return true;
}

// ---- targets and the report -----------------------------------------------------------------

std::string formatCount(double v) {
  if (std::isnan(v)) return "n/a";
  char b[32];
  if (std::fabs(v - std::round(v)) < 0.05) std::snprintf(b, sizeof b, "%.0f", v);
  else std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

namespace {

std::string ratio(double num, double den, int digits = 1) {
  if (std::isnan(num) || std::isnan(den) || den <= 0) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%.*f×", digits, num / den);
  return b;
}
std::string signedNum(double v) {
  if (std::isnan(v)) return "n/a";
  std::string s = formatCount(v);
  if (v >= 0) s.insert(s.begin(), '+');
  return s;
}

using CM = ClosureMethod;
constexpr char kSigs[] = "abcdefgh";
constexpr char kClosureSigs[] = "bcef";
constexpr CM kJitClosures[] = {CM::kCapi, CM::kRawAvalues, CM::kRawSlots, CM::kTyped};
const char* const kJitClosureTitle[] = {"C API (ffi_closure)", "RawClosure avalues",
                                        "RawClosure slots", "Closure<F>"};

// closure − direct − handler (the target), and what the closure machinery adds over the direct
// call once the work on each side (handler, C function) is taken out.
double closureOver(const Counts& c, char s, CM m, Abi abi) {
  return c.perCall(s, m, abi) - c.perCall(s, CM::kDirect, abi) - c.handlerPerCall(s, m, abi);
}
double closureAdded(const Counts& c, char s, CM m, Abi abi) {
  return (c.perCall(s, m, abi) - c.handlerPerCall(s, m, abi)) -
         (c.perCall(s, CM::kDirect, abi) - c.handlerPerCall(s, CM::kDirect, abi));
}

Verdict verdictOf(bool measured, bool ok) {
  return !measured ? Verdict::kNotMeasured : ok ? Verdict::kPass : Verdict::kFail;
}

// The most an errno method adds over its plain call on any signature (NAN if any is missing).
double errnoOverhead(const Counts& c, Method m, Abi abi) {
  double worst = -1e9;
  for (const char* s = kSigs; *s; ++s) {
    const double d = c.perCall(*s, m, abi) - c.perCall(*s, errnoBaseline(m), abi);
    if (std::isnan(d)) return d;
    worst = std::max(worst, d);
  }
  return worst;
}

// Target texts and headings of a convention other than the host's start with its title.
std::string targetPrefix(Abi abi) {
  const char* t = conventionTitle(abi);
  return *t ? std::string(t) + ": " : std::string();
}
// Cache misses are counted under the host's convention by callgrind only (child()).
bool hasMisses(const Counts& c, Abi abi) { return abi == kHostAbi && c.counter == Counter::kCallgrind; }
// The most instructions a cache miss may take (issue 16), NAN where there is no target.
double missLimit(Miss m) {
  switch (m) {
    case Miss::kGet: return 15000;
    case Miss::kGet6: return 10000;
    default: return NAN;
  }
}

// What counted: the headings' last words.
const char* counterName(const Counts& c) { return c.counter == Counter::kQemu ? "qemu" : "callgrind"; }

}  // namespace

const char* conventionTitle(Abi abi) {
  if (abi == kHostAbi) return "";
  switch (abi) {
    case Abi::kWin64: return "Win64";
    case Abi::kAapcs64: return "AArch64";
    case Abi::kRv64: return "RISC-V 64";
    default: return abiTitle(abi);
  }
}

const char* verdictText(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "PASS";
    case Verdict::kFail: return "FAIL";
    case Verdict::kNotMeasured: break;
  }
  return "n/a (not all measured)";
}

std::vector<Target> callTargets(const Counts& c, Abi abi) {
  std::vector<Target> out;
  const std::string prefix = targetPrefix(abi);
  const char* const pre = prefix.c_str();
  const Method kStubs[] = {Method::kAvalues, Method::kAvaluesRaw, Method::kSlots,
                           Method::kSlotsRaw, Method::kBound,     Method::kFfiCallJ};
  // Interpreted (issue 13's riscv64): no generated stub to hold to the direct call, and the
  // ratio target is the interpreter's, which does libffi's kind of work but from the plan's flat
  // move list: ≥ 2× fewer instructions than libffi's ffi_call.
  const double ratioTarget = c.interpreted ? 2.0 : 15.0;
  const char* const mode = c.interpreted ? " (interpreted)" : "";
  for (Method m : kStubs) {
    if (!inSet(abi, m) || c.interpreted) continue;
    double worst = -1e9;
    char worstSig = '?';
    bool measured = true;
    for (const char* s = kSigs; *s; ++s) {
      const double d = c.perCall(*s, m, abi) - c.perCall(*s, Method::kDirect, abi);
      if (std::isnan(d)) measured = false;
      else if (d > worst) worst = d, worstSig = *s;
    }
    Target t;
    appendf(t.text, "%s%s ≤ direct + 12 on every signature: worst %s on %c", pre, methodName(m),
            measured ? signedNum(worst).c_str() : "n/a", worstSig);
    t.verdict = verdictOf(measured, worst <= 12.0);
    out.push_back(std::move(t));
  }
  for (Method m : {Method::kFfiCallJ, Method::kAvalues}) {
    double worst = 1e9;
    char worstSig = '?';
    for (const char* s = kSigs + 1; *s; ++s) {
      const double r = c.perCall(*s, Method::kFfiCallS, abi) / c.perCall(*s, m, abi);
      if (std::isnan(r)) continue;
      if (r < worst) worst = r, worstSig = *s;
    }
    const bool measured = worst < 1e9;
    Target t;
    appendf(t.text, "%slibffi ffi_call / %s ≥ %s× on b–h%s: lowest %s on %c", pre, methodName(m),
            formatCount(ratioTarget).c_str(), mode, measured ? ratio(worst, 1, 2).c_str() : "n/a", worstSig);
    t.verdict = verdictOf(measured, worst >= ratioTarget);
    out.push_back(std::move(t));
  }
  // errno at the call: at most 6 instructions over the same call without it (issue 15).
  for (Method m : kErrnoMethods) {
    const double worst = errnoOverhead(c, m, abi);
    Target t;
    appendf(t.text, "%s%s ≤ %s + 6 on every signature: worst %s", pre, methodName(m), methodName(errnoBaseline(m)),
            std::isnan(worst) ? "n/a" : signedNum(worst).c_str());
    t.verdict = verdictOf(!std::isnan(worst), worst <= 6.0);
    out.push_back(std::move(t));
  }
  if (inSet(abi, Method::kPrepS) && inSet(abi, Method::kPrepJ)) {
    const double s = c.perCall('e', Method::kPrepS, abi), j = c.perCall('e', Method::kPrepJ, abi);
    const double r = s / j;
    Target t;
    appendf(t.text, "%sffi_prep_cif on e, libffi / jitffi (hit) ≥ 5×: %s (%s vs %s instructions)",
            pre, ratio(r, 1, 2).c_str(), formatCount(s).c_str(), formatCount(j).c_str());
    t.verdict = verdictOf(!std::isnan(r), r >= 5.0);
    out.push_back(std::move(t));
    // The hit against libffi's preparation on every signature, and its own bounds.
    double worst = 1e9;
    char worstSig = '?';
    bool measured = true;
    for (const char* sig = kSigs; *sig; ++sig) {
      const double q = c.perCall(*sig, Method::kPrepS, abi) / c.perCall(*sig, Method::kPrepJ, abi);
      if (std::isnan(q)) measured = false;
      else if (q < worst) worst = q, worstSig = *sig;
    }
    Target all;
    appendf(all.text, "%sffi_prep_cif hit: fewer instructions than libffi's on every signature: lowest libffi / jitffi %s on %c",
            pre, measured ? ratio(worst, 1, 2).c_str() : "n/a", worstSig);
    all.verdict = verdictOf(measured, worst > 1.0);
    out.push_back(std::move(all));
    auto bound = [&](const char* sigs, const char* title, double limit) {
      double most = -1;
      char mostSig = '?';
      bool m = true;
      for (const char* sig = sigs; *sig; ++sig) {
        const double v = c.perCall(*sig, Method::kPrepJ, abi);
        if (std::isnan(v)) m = false;
        else if (v > most) most = v, mostSig = *sig;
      }
      Target b;
      appendf(b.text, "%sffi_prep_cif hit ≤ %s instructions on %s: %s on %c", pre, formatCount(limit).c_str(),
              title, m ? formatCount(most).c_str() : "n/a", mostSig);
      b.verdict = verdictOf(m, most <= limit);
      out.push_back(std::move(b));
    };
    bound("a", "a", 45);
    bound("fg", "f and g", 220);
  }
  if (hasMisses(c, abi)) {
    for (int m = 0; m < kMissCount; ++m) {
      const double limit = missLimit(Miss(m)), v = c.perMiss(Miss(m));
      if (std::isnan(limit)) continue;
      Target t;
      appendf(t.text, "%s ≤ %s instructions per miss: %s", missTitle(Miss(m)), formatCount(limit).c_str(),
              formatCount(std::round(v)).c_str());
      t.verdict = verdictOf(!std::isnan(v), v <= limit);
      out.push_back(std::move(t));
    }
  }
  return out;
}

std::vector<Target> closureTargets(const Counts& c, Abi abi) {
  std::vector<Target> out;
  const std::string prefix = targetPrefix(abi);
  const char* const pre = prefix.c_str();
  // The handler's own instructions are callgrind's per-function costs (none under qemu).
  for (int k = 0; k < 4 && c.counter == Counter::kCallgrind; ++k) {
    const CM m = kJitClosures[k];
    double worst = -1e9;
    char worstSig = '?';
    bool measured = true;
    for (const char* s = kClosureSigs; *s; ++s) {
      const double d = closureOver(c, *s, m, abi);
      if (std::isnan(d)) measured = false;
      else if (d > worst) worst = d, worstSig = *s;
    }
    Target t;
    appendf(t.text, "%s%s: closure − direct − handler ≤ +25 on b, c, e, f: worst %s on %c", pre,
            kJitClosureTitle[k], measured ? signedNum(worst).c_str() : "n/a", worstSig);
    t.verdict = verdictOf(measured, worst <= 25.0);
    out.push_back(std::move(t));
  }
  // Interpreted: the closure entry is the interpreter's too (after a static trampoline), held
  // to the call's interpreted target.
  const double ratioTarget = c.interpreted ? 2.0 : 10.0;
  const char* const mode = c.interpreted ? " (interpreted)" : "";
  for (int k = 0; k < 4; ++k) {
    const CM m = kJitClosures[k];
    double worst = 1e9;
    char worstSig = '?';
    bool measured = true;
    for (const char* s = kClosureSigs; *s; ++s) {
      const double r = c.perCall(*s, CM::kLibffi, abi) / c.perCall(*s, m, abi);
      if (std::isnan(r)) measured = false;
      else if (r < worst) worst = r, worstSig = *s;
    }
    Target t;
    appendf(t.text, "%slibffi closure / %s ≥ %s× on b, c, e, f%s: lowest %s on %c", pre,
            kJitClosureTitle[k], formatCount(ratioTarget).c_str(), mode,
            measured ? ratio(worst, 1, 2).c_str() : "n/a", worstSig);
    t.verdict = verdictOf(measured, worst >= ratioTarget);
    out.push_back(std::move(t));
  }
  std::string makeSigs;  // "b, c, e, f" (Win64: "b, f")
  for (const char* s = kClosureSigs; *s; ++s)
    if (inSet(abi, *s, CM::kMakeRaw)) makeSigs += std::string(makeSigs.empty() ? "" : ", ") + *s;
  for (CM m : {CM::kMakeCapi, CM::kMakeRaw}) {
    double worst = -1;
    char worstSig = '?';
    bool measured = true;
    for (const char* s = kClosureSigs; *s; ++s) {
      if (!inSet(abi, *s, m)) continue;
      const double r = c.perCall(*s, m, abi) / c.perCall(*s, CM::kMakeLibffi, abi);
      if (std::isnan(r)) measured = false;
      else if (r > worst) worst = r, worstSig = *s;
    }
    Target t;
    appendf(t.text,
            "%salloc + prepare + free, %s ≤ libffi's on %s: worst on %c, %s vs %s "
            "instructions (%s of libffi's)",
            pre, m == CM::kMakeCapi ? "jitffi C API" : "jitffi RawClosure", makeSigs.c_str(), worstSig,
            formatCount(c.perCall(worstSig, m, abi)).c_str(),
            formatCount(c.perCall(worstSig, CM::kMakeLibffi, abi)).c_str(),
            measured ? ratio(worst, 1, 2).c_str() : "n/a");
    t.verdict = verdictOf(measured, worst <= 1.0);
    out.push_back(std::move(t));
  }
  return out;
}

namespace {

void formatClosures(const Counts& c, Abi abi, std::string& o) {
  const bool w = abi == Abi::kWin64;
  auto rowMeasured = [&](char s, std::initializer_list<CM> ms) {
    for (CM m : ms)
      if (!std::isnan(c.perCall(s, m, abi))) return true;
    return false;
  };
  const std::initializer_list<CM> kCalls = {CM::kDirect, CM::kCapi, CM::kRawAvalues,
                                            CM::kRawSlots, CM::kTyped, CM::kLibffi};
  const std::initializer_list<CM> kMakes = {CM::kMakeCapi, CM::kMakeRaw, CM::kMakeLibffi};
  bool anyCalls = false, anyMakes = false;
  for (const char* s = kClosureSigs; *s; ++s) {
    anyCalls = anyCalls || rowMeasured(*s, kCalls);
    anyMakes = anyMakes || rowMeasured(*s, kMakes);
  }
  if (!anyCalls && !anyMakes) return;
  const std::string pre = targetPrefix(abi);
  appendf(o, "## %s%s (%s)\n\n", pre.c_str(), pre.empty() ? "Closures" : "closures", counterName(c));
  if (anyCalls) {
    if (w) {
      appendf(o,
              "As above with the Microsoft x64 convention: one C caller per signature "
              "(bench_ccall_w64_*) makes an ms_abi call through a function pointer, to the ms_abi "
              "C function (direct: bench_callee_w64_b, _c, _e, _f) or to a closure made for "
              "Win64 (Abi::kWin64; the C API and libffi with an FFI_WIN64 cif) whose handler is "
              "the same host-convention C function as above, except Closure<F>'s, which is its "
              "thunk compiled for ms_abi. f's structs arrive by reference to the caller's "
              "copies.\n\n");
    } else {
      appendf(o,
              "One C caller per signature (bench_closure_callers.c: fixed argument values, a call "
              "through a function pointer, the result stored) calls either an ordinary C "
              "function doing the arithmetic (direct: bench_callee_b, _c, _e, _f) or a closure "
              "whose handler does the same arithmetic on what it is handed, reading every "
              "argument. Per call as above (loop removed): the caller, the trampoline, the "
              "entry, the handler and the way back.\n\n");
    }
    appendf(o,
            "| sig | direct | %s | %s | %s | %s | libffi closure | libffi/C API | libffi/avalues | "
            "libffi/slots | libffi/Closure<F> |\n",
            kJitClosureTitle[0], kJitClosureTitle[1], kJitClosureTitle[2], kJitClosureTitle[3]);
    appendf(o, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const char* s = kClosureSigs; *s; ++s) {
      if (!rowMeasured(*s, kCalls)) continue;
      auto v = [&](CM m) { return c.perCall(*s, m, abi); };
      appendf(o, "| %c | %s", *s, formatCount(v(CM::kDirect)).c_str());
      for (CM m : kJitClosures) appendf(o, " | %s", formatCount(v(m)).c_str());
      appendf(o, " | %s", formatCount(v(CM::kLibffi)).c_str());
      for (CM m : kJitClosures) appendf(o, " | %s", ratio(v(CM::kLibffi), v(m)).c_str());
      appendf(o, " |\n");
    }
  }
  if (anyCalls && c.counter == Counter::kQemu) {
    appendf(o,
            "\nqemu's log has no per-function costs: the handler's own instructions, and the "
            "closure − direct − handler target made of them, are callgrind's only.\n\n");
  } else if (anyCalls) {
    appendf(o,
            "\nThe handler's own instructions per call: callgrind's inclusive cost of the handler "
            "function in the same loops (bench_hcif_*, bench_hav_*, bench_hslots_*; Closure<F>: "
            "its thunk, the lambda inlined; direct: the C function itself).\n\n");
    appendf(o, "| sig | direct (the C function) | %s | %s | %s | %s | libffi closure |\n",
            kJitClosureTitle[0], kJitClosureTitle[1], kJitClosureTitle[2], kJitClosureTitle[3]);
    appendf(o, "|---|---:|---:|---:|---:|---:|---:|\n");
    for (const char* s = kClosureSigs; *s; ++s) {
      if (!rowMeasured(*s, kCalls)) continue;
      auto h = [&](CM m) { return c.handlerPerCall(*s, m, abi); };
      appendf(o, "| %c | %s", *s, formatCount(h(CM::kDirect)).c_str());
      for (CM m : kJitClosures) appendf(o, " | %s", formatCount(h(m)).c_str());
      appendf(o, " | %s |\n", formatCount(h(CM::kLibffi)).c_str());
    }

    appendf(o,
            "\nOverhead per call: closure − direct − handler (the target's measure; direct "
            "includes the C function's own arithmetic, so this takes the work out twice), and in "
            "the last columns closure − handler − (direct − the C function), the instructions the "
            "closure path adds over a direct call with the work on each side taken out once "
            "(trampoline, entry, handler call and return).\n\n");
    appendf(o,
            "| sig | %s | %s | %s | %s | libffi closure | added: C API | added: avalues | added: "
            "slots | added: Closure<F> | added: libffi |\n",
            kJitClosureTitle[0], kJitClosureTitle[1], kJitClosureTitle[2], kJitClosureTitle[3]);
    appendf(o, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const char* s = kClosureSigs; *s; ++s) {
      if (!rowMeasured(*s, kCalls)) continue;
      appendf(o, "| %c", *s);
      for (CM m : kJitClosures) appendf(o, " | %s", signedNum(closureOver(c, *s, m, abi)).c_str());
      appendf(o, " | %s", signedNum(closureOver(c, *s, CM::kLibffi, abi)).c_str());
      for (CM m : kJitClosures) appendf(o, " | %s", signedNum(closureAdded(c, *s, m, abi)).c_str());
      appendf(o, " | %s |\n", signedNum(closureAdded(c, *s, CM::kLibffi, abi)).c_str());
    }
    appendf(o, "\n");
    if (w) {
      // Next to SysV: what the closure path adds under each convention.
      bool anySysV = false;
      for (const char* s = kClosureSigs; *s; ++s)
        anySysV = anySysV || !std::isnan(c.perCall(*s, CM::kDirect));
      if (anySysV) {
        appendf(o,
                "Win64 next to SysV (instructions per call; added: as in the last columns "
                "above).\n\n");
        appendf(o,
                "| sig | direct SysV | direct Win64 | RawClosure avalues SysV | RawClosure avalues "
                "Win64 | added SysV | added Win64 | libffi closure SysV | libffi closure Win64 |\n");
        appendf(o, "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (const char* s = kClosureSigs; *s; ++s) {
          if (!rowMeasured(*s, kCalls)) continue;
          const Abi sv = kHostAbi;
          appendf(o, "| %c | %s | %s | %s | %s | %s | %s | %s | %s |\n", *s,
                  formatCount(c.perCall(*s, CM::kDirect, sv)).c_str(), formatCount(c.perCall(*s, CM::kDirect, abi)).c_str(),
                  formatCount(c.perCall(*s, CM::kRawAvalues, sv)).c_str(),
                  formatCount(c.perCall(*s, CM::kRawAvalues, abi)).c_str(),
                  signedNum(closureAdded(c, *s, CM::kRawAvalues, sv)).c_str(),
                  signedNum(closureAdded(c, *s, CM::kRawAvalues, abi)).c_str(),
                  formatCount(c.perCall(*s, CM::kLibffi, sv)).c_str(), formatCount(c.perCall(*s, CM::kLibffi, abi)).c_str());
        }
        appendf(o, "\n");
      }
    }
  }

  if (anyMakes) {
    if (w) {
      appendf(o,
              "Alloc + prepare + free of one Win64 closure, as above (the C API and libffi with "
              "an FFI_WIN64 cif; RawClosure on the Win64 interface), on b and f only.\n\n");
    } else {
      appendf(o,
              "Alloc + prepare + free of one closure, the signature's entry already built (C API "
              "and libffi: ffi_closure_alloc + ffi_prep_closure_loc + ffi_closure_free; "
              "RawClosure: make with an avalues handler, then its destructor). A program using "
              "libjitffi.so (instr_count) calls jitffi through the PLT, 3 jumps per iteration, "
              "counted; one linking jitffi in (the jitffi tool) calls it directly. libffi is "
              "called through pointers from dlsym.\n\n");
    }
    appendf(o, "| sig | jitffi C API | jitffi RawClosure | libffi | libffi/C API | libffi/RawClosure |\n");
    appendf(o, "|---|---:|---:|---:|---:|---:|\n");
    for (const char* s = kClosureSigs; *s; ++s) {
      if (!rowMeasured(*s, kMakes)) continue;
      auto v = [&](CM m) { return c.perCall(*s, m, abi); };
      appendf(o, "| %c | %s | %s | %s | %s | %s |\n", *s, formatCount(v(CM::kMakeCapi)).c_str(),
              formatCount(v(CM::kMakeRaw)).c_str(), formatCount(v(CM::kMakeLibffi)).c_str(),
              ratio(v(CM::kMakeLibffi), v(CM::kMakeCapi), 2).c_str(),
              ratio(v(CM::kMakeLibffi), v(CM::kMakeRaw), 2).c_str());
    }
    appendf(o, "\n");
  }

  appendf(o, "%s%s targets (instructions):\n\n", pre.empty() ? "" : pre.substr(0, pre.size() - 2).c_str(),
          pre.empty() ? "Closure" : " closure");
  for (const Target& t : closureTargets(c, abi))
    appendf(o, "- %s — %s\n", t.text.c_str(), verdictText(t.verdict));
  // The C API and libffi run the same handler: its counts must agree.
  for (const char* s = kClosureSigs; *s; ++s) {
    const double a = c.handlerPerCall(*s, CM::kCapi, abi), b = c.handlerPerCall(*s, CM::kLibffi, abi);
    if (!std::isnan(a) && !std::isnan(b) && std::fabs(a - b) > 0.5)
      appendf(o, "- note: %c's handler counts %s under jitffi but %s under libffi%s\n", *s,
              formatCount(a).c_str(), formatCount(b).c_str(), w ? " (Win64)" : "");
  }
  if (w) {
    double low = 1e9;
    char lowSig = '?';
    for (const char* s = kClosureSigs; *s; ++s) {
      const double r = c.perCall(*s, CM::kLibffi, abi) / c.perCall(*s, CM::kDirect, abi);
      if (!std::isnan(r) && r < low) low = r, lowSig = *s;
    }
    if (low < 1e9)
      appendf(o,
              "- note: the libffi closure over the direct call itself (what a closure costing "
              "nothing over the floor would reach): lowest %s on %c\n",
              ratio(low, 1, 2).c_str(), lowSig);
    appendf(o,
            "- note: a Win64 closure entry that calls a host-convention (SysV) handler saves and "
            "restores what Win64 preserves and SysV does not (rsi, rdi, xmm6–xmm15) around the "
            "call (`jitffi disasm SIG --abi win64 --closure`); with a handler compiled for ms_abi "
            "(Closure<F>, or RawClosure given a Win64 handler) it saves nothing (`--handler "
            "win64`)\n");
  }
  appendf(o, "\n");
}

bool callRowMeasured(const Counts& c, char s, Abi abi) {
  for (Method m : kCallMethods)
    if (!std::isnan(c.perCall(s, m, abi))) return true;
  return false;
}

// The table of instructions per call under one convention (the methods of inSet).
void formatCalls(const Counts& c, Abi abi, std::string& o) {
  appendf(o, "| sig");
  int cols = 0;
  for (Method m : kCallMethods)
    if (inSet(abi, m)) appendf(o, " | %s", methodTitle(m)), ++cols;
  appendf(o,
          " | libffi/jitffi (ffi_call) | libffi/jitffi (avalues) | avalues − direct | ffi_call − "
          "direct |\n|---");
  for (int i = 0; i < cols + 4; ++i) appendf(o, "|---:");
  appendf(o, "|\n");
  for (const char* s = kSigs; *s; ++s) {
    if (!callRowMeasured(c, *s, abi)) continue;
    auto v = [&](Method m) { return c.perCall(*s, m, abi); };
    appendf(o, "| %c", *s);
    for (Method m : kCallMethods)
      if (inSet(abi, m)) appendf(o, " | %s", formatCount(v(m)).c_str());
    appendf(o, " | %s | %s | %s | %s |\n", ratio(v(Method::kFfiCallS), v(Method::kFfiCallJ)).c_str(),
            ratio(v(Method::kFfiCallS), v(Method::kAvalues)).c_str(),
            signedNum(v(Method::kAvalues) - v(Method::kDirect)).c_str(),
            signedNum(v(Method::kFfiCallJ) - v(Method::kDirect)).c_str());
  }
  appendf(o, "\n");
}

// errno at the call: each errno method next to the plain call of its API (errnoBaseline), and
// what it adds.
void formatErrno(const Counts& c, Abi abi, std::string& o) {
  bool any = false;
  for (const char* s = kSigs; *s; ++s)
    for (Method m : kErrnoMethods) any = any || !std::isnan(c.perCall(*s, m, abi));
  if (!any) return;
  appendf(o, "%serrno at the call, instructions per call (added: over the plain call of the same API):\n\n",
          targetPrefix(abi).c_str());
  appendf(o, "| sig");
  for (Method m : kErrnoMethods) appendf(o, " | %s | %s | added", methodTitle(errnoBaseline(m)), methodTitle(m));
  appendf(o, " |\n|---");
  for (size_t i = 0; i < 3 * std::size(kErrnoMethods); ++i) appendf(o, "|---:");
  appendf(o, "|\n");
  for (const char* s = kSigs; *s; ++s) {
    auto v = [&](Method m) { return c.perCall(*s, m, abi); };
    bool row = false;
    for (Method m : kErrnoMethods) row = row || !std::isnan(v(m));
    if (!row) continue;
    appendf(o, "| %c", *s);
    for (Method m : kErrnoMethods) {
      appendf(o, " | %s | %s | %s", formatCount(v(errnoBaseline(m))).c_str(), formatCount(v(m)).c_str(),
              signedNum(v(m) - v(errnoBaseline(m))).c_str());
    }
    appendf(o, " |\n");
  }
  appendf(o, "\n");
}

// The Win64 part of the report.
void formatWin64(const Counts& c, bool anyWinCalls, std::string& o) {
  const Abi sv = kHostAbi, w = Abi::kWin64;
  if (anyWinCalls) {
    appendf(o, "## Win64: instructions per call (callgrind)\n\n");
    appendf(o,
            "The same signatures with the Microsoft x64 convention, called from this (SysV) "
            "program: the callees are gcc ms_abi functions with the same arithmetic "
            "(bench_callee_w64_*); direct is a C function making the ms_abi call through a "
            "function pointer with the arguments loaded from the avalues array "
            "(bench_direct_w64_*); jitffi's interface is made for Abi::kWin64, the cifs "
            "(jitffi's ffi_call, the system libffi's) for FFI_WIN64. f's and g's structs (16 and "
            "24 bytes) are passed by reference to a copy the caller makes, and returned through "
            "a hidden pointer. Counted as above; the raw-stub variants and ffi_prep_cif are not "
            "measured under Win64 (the same code as jitffi avalues; a cache lookup).\n\n");
    formatCalls(c, w, o);
    formatErrno(c, w, o);
    bool anySysV = false;
    for (const char* s = kSigs; *s; ++s) anySysV = anySysV || callRowMeasured(c, *s, sv);
    if (anySysV) {
      appendf(o, "Win64 next to SysV (instructions per call):\n\n");
      appendf(o,
              "| sig | direct SysV | direct Win64 | avalues SysV | avalues Win64 | slots SysV | "
              "slots Win64 | bound SysV | bound Win64 | libffi SysV | libffi Win64 | avalues − "
              "direct SysV | avalues − direct Win64 |\n");
      appendf(o, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (const char* s = kSigs; *s; ++s) {
        if (!callRowMeasured(c, *s, w)) continue;
        appendf(o, "| %c", *s);
        for (Method m : {Method::kDirect, Method::kAvalues, Method::kSlots, Method::kBound,
                         Method::kFfiCallS})
          appendf(o, " | %s | %s", formatCount(c.perCall(*s, m, sv)).c_str(), formatCount(c.perCall(*s, m, w)).c_str());
        for (Abi a : {sv, w})
          appendf(o, " | %s",
                  signedNum(c.perCall(*s, Method::kAvalues, a) - c.perCall(*s, Method::kDirect, a))
                      .c_str());
        appendf(o, " |\n");
      }
      appendf(o, "\n");
    }
    appendf(o, "## Win64: instruction-count targets\n\n");
    for (const Target& t : callTargets(c, w))
      appendf(o, "- %s — %s\n", t.text.c_str(), verdictText(t.verdict));
    // What the ratio targets can reach at all: libffi over the direct call itself.
    double low = 1e9;
    char lowSig = '?';
    for (const char* s = kSigs + 1; *s; ++s) {
      const double r = c.perCall(*s, Method::kFfiCallS, w) / c.perCall(*s, Method::kDirect, w);
      if (!std::isnan(r) && r < low) low = r, lowSig = *s;
    }
    if (low < 1e9)
      appendf(o,
              "- note: libffi's FFI_WIN64 ffi_call over the direct call itself (what a call "
              "costing nothing over the floor would reach): lowest %s on %c\n",
              ratio(low, 1, 2).c_str(), lowSig);
    appendf(o, "\n");
  }
  formatClosures(c, w, o);
}

}  // namespace

std::string formatReport(const Counts& c) {
  std::string o;
  for (Abi abi : kBenchAbis) o += formatReport(c, abi);
  return o;
}

std::string formatReport(const Counts& c, Abi abi) {
  std::string o;
  const Method kPrepMethods[] = {Method::kPrepJ, Method::kPrepS, Method::kPrepCallJ, Method::kPrepCallS};
  bool anyCalls = false, anyPrep = false;
  for (const char* s = kSigs; *s; ++s) {
    anyCalls = anyCalls || callRowMeasured(c, *s, abi);
    for (Method m : kPrepMethods) anyPrep = anyPrep || !std::isnan(c.perCall(*s, m, abi));
  }
  if (abi == Abi::kWin64) {
    formatWin64(c, anyCalls, o);
    return o;
  }
  const std::string pre = targetPrefix(abi);
  if (anyCalls) {
    appendf(o, "## %s%snstructions per call (%s)\n\n", pre.c_str(), pre.empty() ? "I" : "i",
            counterName(c));
    if (c.counter == Counter::kQemu) {
      appendf(o,
              "Counted under qemu-user (%s), whose `-one-insn-per-tb -d exec,nochain` log has "
              "one line per executed instruction (read through a pipe as it comes, nothing stored): the "
              "program calls a marker function before and after each loop, and each figure is "
              "(lines between the markers around %u calls − around %u calls) / %u, minus the "
              "loop's own %s instructions per iteration. Check: a straight-line probe of %u "
              "instructions counts %s per call (its instructions and the call). ",
              c.program.c_str(), c.n2, c.n1, c.n2 - c.n1, formatCount(c.loop).c_str(), c.probeLength,
              formatCount(c.probe).c_str());
    } else {
      appendf(o,
              "Each figure is (Ir of %u calls − Ir of %u calls) / %u, minus the loop's own %s "
              "instructions per iteration. ",
              c.n2, c.n1, c.n2 - c.n1, formatCount(c.loop).c_str());
    }
    appendf(o,
            "It includes the caller's argument setup, the call, the stub or wrapper, and the "
            "callee (a trivial function of a few instructions). typed and invoke: the C++ API's "
            "typed calls (`CallInterface::of<F>`'s handle, checked when compiled; "
            "`CallInterface::invoke<R>`, checked when it runs), each made by a C++ function that "
            "loads the arguments from the avalues array, as direct's C function does.\n\n");
    if (c.interpreted)
      appendf(o,
              "jitffi ran interpreted here (no code generated: the plan's moves carried out by "
              "the interpreted fallback's assembly routine), so every jitffi column is that "
              "path, and its target is the interpreter's.\n\n");
    formatCalls(c, abi, o);
    formatErrno(c, abi, o);
  }
  if (anyPrep) {
    appendf(o, "## %sffi_prep_cif instructions (jitffi: a cache hit)\n\n", pre.c_str());
    appendf(o,
            "| sig | prep_cif jitffi | prep_cif libffi | libffi/jitffi | prep+call jitffi | "
            "prep+call libffi | libffi/jitffi |\n");
    appendf(o, "|---|---:|---:|---:|---:|---:|---:|\n");
    for (const char* s = kSigs; *s; ++s) {
      bool row = false;
      for (Method m : kPrepMethods) row = row || !std::isnan(c.perCall(*s, m, abi));
      if (!row) continue;
      auto v = [&](Method m) { return c.perCall(*s, m, abi); };
      appendf(o, "| %c | %s | %s | %s | %s | %s | %s |\n", *s, formatCount(v(Method::kPrepJ)).c_str(),
              formatCount(v(Method::kPrepS)).c_str(), ratio(v(Method::kPrepS), v(Method::kPrepJ)).c_str(),
              formatCount(v(Method::kPrepCallJ)).c_str(), formatCount(v(Method::kPrepCallS)).c_str(),
              ratio(v(Method::kPrepCallS), v(Method::kPrepCallJ)).c_str());
    }
    appendf(o, "\n");
  }
  bool anyMiss = false;
  for (int m = 0; m < kMissCount; ++m) anyMiss = anyMiss || (hasMisses(c, abi) && !std::isnan(c.perMiss(Miss(m))));
  if (anyMiss) {
    appendf(o, "## Instructions per cache miss (callgrind)\n\n");
    appendf(o,
            "Each iteration builds a signature nobody has built yet (classification, the stub's "
            "code, executable memory, the unwind table, the cache entry), the signatures made "
            "before the loop: (Ir of %u misses − Ir of %u misses) / %u, minus the loop's own %s "
            "instructions. A mean over the misses, the cache table's growth included where it "
            "falls.\n\n",
            c.n2, c.n1, c.n2 - c.n1, formatCount(c.loop).c_str());
    appendf(o, "| what | instructions per miss | target |\n|---|---:|---:|\n");
    for (int m = 0; m < kMissCount; ++m) {
      const double v = c.perMiss(Miss(m)), limit = missLimit(Miss(m));
      if (std::isnan(v)) continue;
      appendf(o, "| %s | %s | %s |\n", missTitle(Miss(m)), formatCount(std::round(v)).c_str(),
              std::isnan(limit) ? "" : ("≤ " + formatCount(limit)).c_str());
    }
    appendf(o, "\n");
  }
  if (anyCalls || anyPrep || anyMiss) {
    appendf(o, "## %s%snstruction-count targets\n\n", pre.c_str(), pre.empty() ? "I" : "i");
    for (const Target& t : callTargets(c, abi))
      appendf(o, "- %s — %s\n", t.text.c_str(), verdictText(t.verdict));
    appendf(o, "\n");
  }
  formatClosures(c, abi, o);
  return o;
}

}  // namespace jitffi::bench::instr
