// Instructions per call under callgrind, per (signature, method), as a markdown report.
//
//   instr_count [--valgrind PATH] [--n1 1000] [--n2 2000] [--keep]
//
// Run normally, it re-runs itself under `valgrind --tool=callgrind` (the child, --child), which
// for every (signature, method) runs a loop of n1 calls and a loop of n2 calls, each between
// CALLGRIND_ZERO_STATS and CALLGRIND_DUMP_STATS_AT. The parent reads the dumps and reports
//   per call = (Ir(n2 loop) − Ir(n1 loop)) / (n2 − n1) − loop overhead
// where the difference cancels everything outside the loop (setup, the client requests) and the
// loop overhead is the same measurement of an empty loop (the counter decrement and branch every
// measured loop also has; check with objdump -d that they match, 2 instructions on gcc 12 -O3).
//
// Every method is first run once and checked against the direct call (a broken method is
// reported, not measured), then once more unmeasured (lazy binding and first-use costs).
#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>
#include <valgrind/callgrind.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bench_cases.h"

namespace jb = jitffi::bench;
using jb::Method;

namespace {

// ---- the child: the measured loops --------------------------------------------------------------

template <Method M>
__attribute__((noinline)) void runLoop(jb::Case& c, unsigned n) {
  jb::drive<M>(c, [n](auto&& once) {
    for (unsigned i = n; i != 0; --i) {
      asm volatile("");
      once();
    }
  });
}

__attribute__((noinline)) void emptyLoop(unsigned n) {
  for (unsigned i = n; i != 0; --i) asm volatile("");
}

// Tags: "jitffi-instr sig=<c> method=<m> n=<n>" (sig '-' for the empty loop).
std::string tag(char sig, int method, unsigned n) {
  return "jitffi-instr sig=" + std::string(1, sig) + " method=" + std::to_string(method) +
         " n=" + std::to_string(n);
}

template <class Run>
void measure(char sig, int method, unsigned n1, unsigned n2, Run&& run) {
  run(16u);  // warm-up, unmeasured
  for (unsigned n : {n1, n2}) {
    const std::string t = tag(sig, method, n);
    CALLGRIND_ZERO_STATS;
    run(n);
    CALLGRIND_DUMP_STATS_AT(t.c_str());
  }
}

int child(unsigned n1, unsigned n2) {
  if (!RUNNING_ON_VALGRIND) {
    std::fprintf(stderr, "instr_count --child must run under valgrind --tool=callgrind\n");
    return 2;
  }
  std::string error;
  if (!jb::setupCases(error)) {
    std::fprintf(stderr, "instr_count: setup failed: %s\n", error.c_str());
    return 1;
  }
  measure('-', -1, n1, n2, [](unsigned n) { emptyLoop(n); });
  for (jb::Case& c : jb::cases()) {
    for (int m = 0; m < jb::kMethodCount; ++m) {
      const std::string err = jb::verify(c, Method(m));
      if (!err.empty()) {
        std::fprintf(stderr, "instr_count: not measured: %s\n", err.c_str());
        continue;
      }
      jb::withMethod(Method(m), [&]<Method M>() {
        measure(c.name, m, n1, n2, [&](unsigned n) { runLoop<M>(c, n); });
      });
    }
  }
  return 0;
}

// ---- the parent: run the child under callgrind, read the dumps, print the report -------------

struct Key {
  char sig;
  int method;
  bool operator<(const Key& o) const { return sig != o.sig ? sig < o.sig : method < o.method; }
};

// Per-call instructions by (sig, method); NAN when not measured.
struct Counts {
  std::map<Key, std::map<unsigned, double>> totals;  // n → Ir of the loop
  double loop = NAN;                                 // empty-loop instructions per iteration
  unsigned n1 = 0, n2 = 0;

  double perIteration(char sig, int method) const {
    auto it = totals.find({sig, method});
    if (it == totals.end()) return NAN;
    auto a = it->second.find(n1), b = it->second.find(n2);
    if (a == it->second.end() || b == it->second.end()) return NAN;
    return (b->second - a->second) / double(n2 - n1);
  }
  double perCall(char sig, Method m) const { return perIteration(sig, int(m)) - loop; }
};

bool readDumps(const std::string& dir, Counts& out) {
  DIR* d = opendir(dir.c_str());
  if (!d) return false;
  const std::string kDesc = "desc: Trigger: Client Request: jitffi-instr ";
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream f(dir + "/" + e->d_name);
    std::string line, t;
    double total = NAN;
    while (std::getline(f, line)) {
      if (line.rfind(kDesc, 0) == 0) t = line.substr(kDesc.size());
      // "summary:" is the sum of the part's cost lines; "totals:" can exceed it by the cost of
      // the client request that zeroed the counters, so it is not used.
      else if (std::isnan(total) && line.rfind("summary:", 0) == 0)
        total = std::strtod(line.c_str() + 8, nullptr);
    }
    if (t.empty() || std::isnan(total)) continue;
    char sig = 0;
    int method = 0;
    unsigned n = 0;
    if (std::sscanf(t.c_str(), "sig=%c method=%d n=%u", &sig, &method, &n) != 3) continue;
    out.totals[{sig, method}][n] = total;
  }
  closedir(d);
  out.loop = out.perIteration('-', -1);
  return !out.totals.empty();
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

std::string num(double v) {
  if (std::isnan(v)) return "n/a";
  char b[32];
  if (std::fabs(v - std::round(v)) < 0.05) std::snprintf(b, sizeof b, "%.0f", v);
  else std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}
std::string ratio(double num, double den, int digits = 1) {
  if (std::isnan(num) || std::isnan(den) || den <= 0) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%.*f×", digits, num / den);
  return b;
}
std::string signedNum(double v) {
  if (std::isnan(v)) return "n/a";
  std::string s = num(v);
  if (v >= 0) s.insert(s.begin(), '+');
  return s;
}

int report(const Counts& c) {
  const char kSigs[] = "abcdefgh";
  std::printf("## Instructions per call (callgrind)\n\n");
  std::printf(
      "Each figure is (Ir of %u calls − Ir of %u calls) / %u, minus the loop's own %s "
      "instructions per iteration. It includes the caller's argument setup, the call, the stub "
      "or wrapper, and the callee (a trivial function of a few instructions).\n\n",
      c.n2, c.n1, c.n2 - c.n1, num(c.loop).c_str());
  std::printf(
      "| sig | direct | jitffi avalues | avalues (raw stub) | slots | slots (raw stub) | bound | "
      "ffi_call (jitffi) | ffi_call (libffi) | libffi/jitffi (ffi_call) | libffi/jitffi (avalues) | "
      "avalues − direct | ffi_call − direct |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const char* s = kSigs; *s; ++s) {
    auto v = [&](Method m) { return c.perCall(*s, m); };
    std::printf("| %c | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", *s,
                num(v(Method::kDirect)).c_str(), num(v(Method::kAvalues)).c_str(),
                num(v(Method::kAvaluesRaw)).c_str(), num(v(Method::kSlots)).c_str(),
                num(v(Method::kSlotsRaw)).c_str(), num(v(Method::kBound)).c_str(),
                num(v(Method::kFfiCallJ)).c_str(), num(v(Method::kFfiCallS)).c_str(),
                ratio(v(Method::kFfiCallS), v(Method::kFfiCallJ)).c_str(),
                ratio(v(Method::kFfiCallS), v(Method::kAvalues)).c_str(),
                signedNum(v(Method::kAvalues) - v(Method::kDirect)).c_str(),
                signedNum(v(Method::kFfiCallJ) - v(Method::kDirect)).c_str());
  }

  std::printf("\n## ffi_prep_cif instructions (jitffi: a cache hit)\n\n");
  std::printf(
      "| sig | prep_cif jitffi | prep_cif libffi | libffi/jitffi | prep+call jitffi | "
      "prep+call libffi | libffi/jitffi |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
  for (const char* s = kSigs; *s; ++s) {
    auto v = [&](Method m) { return c.perCall(*s, m); };
    std::printf("| %c | %s | %s | %s | %s | %s | %s |\n", *s, num(v(Method::kPrepJ)).c_str(),
                num(v(Method::kPrepS)).c_str(), ratio(v(Method::kPrepS), v(Method::kPrepJ)).c_str(),
                num(v(Method::kPrepCallJ)).c_str(), num(v(Method::kPrepCallS)).c_str(),
                ratio(v(Method::kPrepCallS), v(Method::kPrepCallJ)).c_str());
  }

  // Targets.
  std::printf("\n## Instruction-count targets\n\n");
  bool allOk = true;
  auto verdict = [&](bool ok) {
    allOk = allOk && ok;
    return ok ? "PASS" : "FAIL";
  };
  const Method kStubs[] = {Method::kAvalues, Method::kAvaluesRaw, Method::kSlots,
                           Method::kSlotsRaw, Method::kBound,     Method::kFfiCallJ};
  for (Method m : kStubs) {
    double worst = -1e9;
    char worstSig = '?';
    bool measured = true;
    for (const char* s = kSigs; *s; ++s) {
      const double d = c.perCall(*s, m) - c.perCall(*s, Method::kDirect);
      if (std::isnan(d)) measured = false;
      else if (d > worst) worst = d, worstSig = *s;
    }
    std::printf("- %s ≤ direct + 12 on every signature: worst %s on %c — %s\n", jb::methodName(m),
                signedNum(worst).c_str(), worstSig, measured ? verdict(worst <= 12.0) : "n/a (not all measured)");
  }
  for (Method m : {Method::kFfiCallJ, Method::kAvalues}) {
    double worst = 1e9;
    char worstSig = '?';
    for (const char* s = kSigs + 1; *s; ++s) {
      const double r = c.perCall(*s, Method::kFfiCallS) / c.perCall(*s, m);
      if (std::isnan(r)) continue;
      if (r < worst) worst = r, worstSig = *s;
    }
    std::printf("- libffi ffi_call / %s ≥ 15× on b–h: lowest %s on %c — %s\n", jb::methodName(m),
                ratio(worst, 1, 2).c_str(), worstSig, worst < 1e9 ? verdict(worst >= 15.0) : "n/a");
  }
  {
    const double r = c.perCall('e', Method::kPrepS) / c.perCall('e', Method::kPrepJ);
    std::printf("- ffi_prep_cif on e, libffi / jitffi (hit) ≥ 5×: %s (%s vs %s instructions) — %s\n",
                ratio(r, 1, 2).c_str(), num(c.perCall('e', Method::kPrepS)).c_str(),
                num(c.perCall('e', Method::kPrepJ)).c_str(), std::isnan(r) ? "n/a" : verdict(r >= 5.0));
  }
  std::printf("\n");
  (void)allOk;  // the verdicts are in the report; a failed target is not a failed run
  return 0;
}

std::string selfPath(const char* argv0) {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return argv0;
  buf[n] = 0;
  return buf;
}

int parent(const char* argv0, const std::string& valgrind, unsigned n1, unsigned n2, bool keep) {
  char dirTemplate[] = "/tmp/jitffi-instr.XXXXXX";
  if (!mkdtemp(dirTemplate)) {
    std::perror("instr_count: mkdtemp");
    return 1;
  }
  const std::string dir = dirTemplate;
  const std::string self = selfPath(argv0);
  const std::string outFile = "--callgrind-out-file=" + dir + "/cg.out";
  const std::string s1 = std::to_string(n1), s2 = std::to_string(n2);
  std::vector<const char*> args = {valgrind.c_str(), "--tool=callgrind", "--quiet",
                                   outFile.c_str(), "--dump-instr=no",
                                   // JIT code: re-check translated code wherever it comes from.
                                   "--smc-check=all", self.c_str(), "--child", "--n1", s1.c_str(),
                                   "--n2", s2.c_str(), nullptr};
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("instr_count: fork");
    return 1;
  }
  if (pid == 0) {
    // The child's stdout would mix with the report: send it to stderr.
    dup2(2, 1);
    execvp(args[0], const_cast<char* const*>(args.data()));
    std::fprintf(stderr, "instr_count: cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "instr_count: the callgrind run failed (status %d); dumps in %s\n",
                 status, dir.c_str());
    return 1;
  }
  Counts counts;
  counts.n1 = n1;
  counts.n2 = n2;
  if (!readDumps(dir, counts)) {
    std::fprintf(stderr, "instr_count: no callgrind dumps found in %s\n", dir.c_str());
    return 1;
  }
  if (keep) std::fprintf(stderr, "instr_count: dumps kept in %s\n", dir.c_str());
  else removeDir(dir);
  return report(counts);
}

}  // namespace

int main(int argc, char** argv) {
  bool isChild = false, keep = false;
  unsigned n1 = 1000, n2 = 2000;
  std::string valgrind = "valgrind";
  if (const char* v = std::getenv("VALGRIND")) valgrind = v;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--child") isChild = true;
    else if (a == "--keep") keep = true;
    else if (a == "--n1" && i + 1 < argc) n1 = unsigned(std::strtoul(argv[++i], nullptr, 10));
    else if (a == "--n2" && i + 1 < argc) n2 = unsigned(std::strtoul(argv[++i], nullptr, 10));
    else if (a == "--valgrind" && i + 1 < argc) valgrind = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--valgrind PATH] [--n1 N] [--n2 N] [--keep]\n", argv[0]);
      return 2;
    }
  }
  if (n2 <= n1) {
    std::fprintf(stderr, "instr_count: --n2 must exceed --n1\n");
    return 2;
  }
  if (isChild) return child(n1, n2);
  return parent(argv[0], valgrind, n1, n2, keep);
}
