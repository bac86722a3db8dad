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
//
// Closures (bench_closure_cases.h) are measured the same way: a loop of calls by one C caller
// through a function pointer (the ordinary C function, or a closure), and loops of closure
// alloc + prepare + free. A closure's handler's own instructions are read from the same dumps:
// callgrind's inclusive cost of the handler function (every cost line in its blocks: its own
// instructions and those of anything it calls), over the same n2 − n1 difference. So the
// handler is measured inside the very calls being measured, with nothing of the caller, the
// trampoline or the entry in it (the `call` into it is the entry's, its `ret` is its own).
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
#include "bench_closure_cases.h"

namespace jb = jitffi::bench;
using jb::ClosureMethod;
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

template <ClosureMethod M>
__attribute__((noinline)) void runClosureLoop(jb::ClosureCase& c, unsigned n) {
  jb::driveClosure<M>(c, [n](auto&& once) {
    for (unsigned i = n; i != 0; --i) {
      asm volatile("");
      once();
    }
  });
}

__attribute__((noinline)) void emptyLoop(unsigned n) {
  for (unsigned i = n; i != 0; --i) asm volatile("");
}

// Tags: "jitffi-instr sig=<c> method=<m> n=<n>" (sig '-' for the empty loop), and
// "jitffi-instr closure sig=<c> method=<m> n=<n>" for jb::ClosureMethod m.
std::string tag(const char* group, char sig, int method, unsigned n) {
  return std::string("jitffi-instr ") + group + "sig=" + std::string(1, sig) +
         " method=" + std::to_string(method) + " n=" + std::to_string(n);
}

template <class Run>
void measure(char sig, int method, unsigned n1, unsigned n2, Run&& run, const char* group = "") {
  run(16u);  // warm-up, unmeasured
  for (unsigned n : {n1, n2}) {
    const std::string t = tag(group, sig, method, n);
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
  if (!jb::setupClosureCases(error)) {
    std::fprintf(stderr, "instr_count: closure setup failed: %s\n", error.c_str());
    return 1;
  }
  for (jb::ClosureCase& c : jb::closureCases()) {
    for (int m = 0; m < jb::kClosureMethodCount; ++m) {
      const std::string err = jb::verifyClosure(c, ClosureMethod(m));
      if (!err.empty()) {
        std::fprintf(stderr, "instr_count: not measured: %s\n", err.c_str());
        continue;
      }
      jb::withClosureMethod(ClosureMethod(m), [&]<ClosureMethod M>() {
        measure(c.name, m, n1, n2, [&](unsigned n) { runClosureLoop<M>(c, n); }, "closure ");
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
using Series = std::map<unsigned, double>;  // n → Ir of the loop

struct Counts {
  std::map<Key, Series> totals;
  // Closures: the loops' totals, and per loop the inclusive cost of each function by name.
  std::map<Key, Series> closureTotals;
  std::map<Key, std::map<std::string, Series>> closureFns;
  double loop = NAN;                                 // empty-loop instructions per iteration
  unsigned n1 = 0, n2 = 0;

  double perIteration(const Series& s) const {
    auto a = s.find(n1), b = s.find(n2);
    if (a == s.end() || b == s.end()) return NAN;
    return (b->second - a->second) / double(n2 - n1);
  }
  double perIteration(char sig, int method) const {
    auto it = totals.find({sig, method});
    return it == totals.end() ? NAN : perIteration(it->second);
  }
  double perCall(char sig, Method m) const { return perIteration(sig, int(m)) - loop; }

  // One closure call (or one alloc + prepare + free), the loop's own instructions removed.
  double perCall(char sig, ClosureMethod m) const {
    auto it = closureTotals.find({sig, int(m)});
    return it == closureTotals.end() ? NAN : perIteration(it->second) - loop;
  }
  // The inclusive instructions per call of the functions named `fn` (a name ending in '<': any
  // function whose name contains it) in the loop of (sig, m); NAN when none ran in it.
  double functionPerCall(char sig, ClosureMethod m, const std::string& fn) const {
    auto it = closureFns.find({sig, int(m)});
    if (it == closureFns.end()) return NAN;
    const bool part = !fn.empty() && fn.back() == '<';
    Series sum;
    for (const auto& [name, series] : it->second) {
      if (part ? name.find(fn) == std::string::npos : name != fn) continue;
      for (const auto& [n, v] : series) sum[n] += v;
    }
    return sum.empty() ? NAN : perIteration(sum);
  }
  // The handler's own instructions (direct: the ordinary C function's).
  double handlerPerCall(char sig, ClosureMethod m) const;
};

// The function callgrind sees as the handler of each closure method (bench_closure_handlers.c;
// Closure<F>'s handler is its thunk, with the lambda inlined into it).
std::string handlerName(char sig, ClosureMethod m) {
  const std::string s(1, sig);
  switch (m) {
    case ClosureMethod::kDirect: return "bench_callee_" + s;
    case ClosureMethod::kCapi: case ClosureMethod::kLibffi: return "bench_hcif_" + s;
    case ClosureMethod::kRawAvalues: return "bench_hav_" + s;
    case ClosureMethod::kRawSlots: return "bench_hslots_" + s;
    case ClosureMethod::kTyped: return "::thunk<";
    default: return "";
  }
}

double Counts::handlerPerCall(char sig, ClosureMethod m) const {
  const std::string fn = handlerName(sig, m);
  return fn.empty() ? NAN : functionPerCall(sig, m, fn);
}

// Reads one callgrind dump (written with --compress-strings=no, one event: Ir): its trigger
// tag, its summary, and the inclusive cost of every function, the sum of all cost lines in its
// blocks (its own instructions, and after each calls= line the inclusive cost of that call).
struct Dump {
  std::string tag;
  double total = NAN;
  std::map<std::string, double> inclusive;
};

Dump readDump(const std::string& path) {
  const std::string kDesc = "desc: Trigger: Client Request: jitffi-instr ";
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
      d.tag = line.substr(kDesc.size());
    } else if (std::isnan(d.total) && line.rfind("summary:", 0) == 0) {
      // "summary:" is the sum of the part's cost lines; "totals:" can exceed it by the cost of
      // the client request that zeroed the counters, so it is not used.
      d.total = std::strtod(line.c_str() + 8, nullptr);
    }
  }
  return d;
}

bool readDumps(const std::string& dir, Counts& out) {
  DIR* d = opendir(dir.c_str());
  if (!d) return false;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    Dump dump = readDump(dir + "/" + e->d_name);
    if (dump.tag.empty() || std::isnan(dump.total)) continue;
    char sig = 0;
    int method = 0;
    unsigned n = 0;
    if (std::sscanf(dump.tag.c_str(), "closure sig=%c method=%d n=%u", &sig, &method, &n) == 3) {
      out.closureTotals[{sig, method}][n] = dump.total;
      for (const auto& [name, cost] : dump.inclusive) out.closureFns[{sig, method}][name][n] = cost;
      continue;
    }
    if (std::sscanf(dump.tag.c_str(), "sig=%c method=%d n=%u", &sig, &method, &n) != 3) continue;
    out.totals[{sig, method}][n] = dump.total;
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

void reportClosures(const Counts& c) {
  const char kSigs[] = "bcef";
  using CM = ClosureMethod;
  const CM kJit[] = {CM::kCapi, CM::kRawAvalues, CM::kRawSlots, CM::kTyped};
  const char* const kJitTitle[] = {"C API (ffi_closure)", "RawClosure avalues", "RawClosure slots",
                                   "Closure<F>"};
  if (c.closureTotals.empty()) {
    std::printf("## Closures (callgrind)\n\n(not measured: see instr_count's messages)\n\n");
    return;
  }
  std::printf("## Closures (callgrind)\n\n");
  std::printf(
      "One C caller per signature (bench_closure_callers.c: fixed argument values, a call through a "
      "function pointer, the result stored) calls either an ordinary C function doing the "
      "arithmetic (direct: bench_callee_b, _c, _e, _f) or a closure whose handler does the same "
      "arithmetic on what it is handed, reading every argument. Per call as above (loop removed): "
      "the caller, the trampoline, the entry, the handler and the way back.\n\n");
  std::printf(
      "| sig | direct | %s | %s | %s | %s | libffi closure | libffi/C API | libffi/avalues | "
      "libffi/slots | libffi/Closure<F> |\n",
      kJitTitle[0], kJitTitle[1], kJitTitle[2], kJitTitle[3]);
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const char* s = kSigs; *s; ++s) {
    auto v = [&](CM m) { return c.perCall(*s, m); };
    std::printf("| %c | %s", *s, num(v(CM::kDirect)).c_str());
    for (CM m : kJit) std::printf(" | %s", num(v(m)).c_str());
    std::printf(" | %s", num(v(CM::kLibffi)).c_str());
    for (CM m : kJit) std::printf(" | %s", ratio(v(CM::kLibffi), v(m)).c_str());
    std::printf(" |\n");
  }

  std::printf(
      "\nThe handler's own instructions per call: callgrind's inclusive cost of the handler "
      "function in the same loops (bench_hcif_*, bench_hav_*, bench_hslots_*; Closure<F>: its "
      "thunk, the lambda inlined; direct: the C function itself).\n\n");
  std::printf("| sig | direct (the C function) | %s | %s | %s | %s | libffi closure |\n", kJitTitle[0],
              kJitTitle[1], kJitTitle[2], kJitTitle[3]);
  std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
  for (const char* s = kSigs; *s; ++s) {
    auto h = [&](CM m) { return c.handlerPerCall(*s, m); };
    std::printf("| %c | %s", *s, num(h(CM::kDirect)).c_str());
    for (CM m : kJit) std::printf(" | %s", num(h(m)).c_str());
    std::printf(" | %s |\n", num(h(CM::kLibffi)).c_str());
  }

  // closure − direct − handler (the target), and what the closure machinery adds over the direct
  // call once the work on each side (handler, C function) is taken out.
  auto over = [&](char s, CM m) {
    return c.perCall(s, m) - c.perCall(s, CM::kDirect) - c.handlerPerCall(s, m);
  };
  auto added = [&](char s, CM m) {
    return (c.perCall(s, m) - c.handlerPerCall(s, m)) -
           (c.perCall(s, CM::kDirect) - c.handlerPerCall(s, CM::kDirect));
  };
  std::printf(
      "\nOverhead per call: closure − direct − handler (the target's measure; direct includes "
      "the C function's own arithmetic, so this takes the work out twice), and in the last "
      "columns closure − handler − (direct − the C function), the instructions the closure path "
      "adds over a direct call with the work on each side taken out once (trampoline, entry, "
      "handler call and return).\n\n");
  std::printf(
      "| sig | %s | %s | %s | %s | libffi closure | added: C API | added: avalues | added: slots | "
      "added: Closure<F> | added: libffi |\n",
      kJitTitle[0], kJitTitle[1], kJitTitle[2], kJitTitle[3]);
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const char* s = kSigs; *s; ++s) {
    std::printf("| %c", *s);
    for (CM m : kJit) std::printf(" | %s", signedNum(over(*s, m)).c_str());
    std::printf(" | %s", signedNum(over(*s, CM::kLibffi)).c_str());
    for (CM m : kJit) std::printf(" | %s", signedNum(added(*s, m)).c_str());
    std::printf(" | %s |\n", signedNum(added(*s, CM::kLibffi)).c_str());
  }

  std::printf(
      "\nAlloc + prepare + free of one closure, the signature's entry already built (C API and "
      "libffi: ffi_closure_alloc + ffi_prep_closure_loc + ffi_closure_free; RawClosure: make with "
      "an avalues handler, then its destructor). The loop calls jitffi through the PLT (3 jumps "
      "per iteration, counted) and libffi through pointers from dlsym.\n\n");
  std::printf("| sig | jitffi C API | jitffi RawClosure | libffi | libffi/C API | libffi/RawClosure |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  for (const char* s = kSigs; *s; ++s) {
    auto v = [&](CM m) { return c.perCall(*s, m); };
    std::printf("| %c | %s | %s | %s | %s | %s |\n", *s, num(v(CM::kMakeCapi)).c_str(),
                num(v(CM::kMakeRaw)).c_str(), num(v(CM::kMakeLibffi)).c_str(),
                ratio(v(CM::kMakeLibffi), v(CM::kMakeCapi), 2).c_str(),
                ratio(v(CM::kMakeLibffi), v(CM::kMakeRaw), 2).c_str());
  }

  std::printf("\nClosure targets (instructions):\n\n");
  for (int k = 0; k < 4; ++k) {
    const CM m = kJit[k];
    double worst = -1e9;
    char worstSig = '?';
    bool measured = true;
    for (const char* s = kSigs; *s; ++s) {
      const double d = over(*s, m);
      if (std::isnan(d)) measured = false;
      else if (d > worst) worst = d, worstSig = *s;
    }
    std::printf("- %s: closure − direct − handler ≤ +25 on b, c, e, f: worst %s on %c — %s\n",
                kJitTitle[k], signedNum(worst).c_str(), worstSig,
                measured ? (worst <= 25.0 ? "PASS" : "FAIL") : "n/a (not all measured)");
  }
  for (int k = 0; k < 4; ++k) {
    const CM m = kJit[k];
    double worst = 1e9;
    char worstSig = '?';
    bool measured = true;
    for (const char* s = kSigs; *s; ++s) {
      const double r = c.perCall(*s, CM::kLibffi) / c.perCall(*s, m);
      if (std::isnan(r)) measured = false;
      else if (r < worst) worst = r, worstSig = *s;
    }
    std::printf("- libffi closure / %s ≥ 10× on b, c, e, f: lowest %s on %c — %s\n", kJitTitle[k],
                ratio(worst, 1, 2).c_str(), worstSig,
                measured ? (worst >= 10.0 ? "PASS" : "FAIL") : "n/a (not all measured)");
  }
  for (CM m : {CM::kMakeCapi, CM::kMakeRaw}) {
    double worst = -1;
    char worstSig = '?';
    bool measured = true;
    for (const char* s = kSigs; *s; ++s) {
      const double r = c.perCall(*s, m) / c.perCall(*s, CM::kMakeLibffi);
      if (std::isnan(r)) measured = false;
      else if (r > worst) worst = r, worstSig = *s;
    }
    const char sig[2] = {worstSig, 0};
    std::printf(
        "- alloc + prepare + free, %s ≤ libffi's on b, c, e, f: worst on %s, %s vs %s "
        "instructions (%s of libffi's) — %s\n",
        m == CM::kMakeCapi ? "jitffi C API" : "jitffi RawClosure", sig,
        num(c.perCall(worstSig, m)).c_str(), num(c.perCall(worstSig, CM::kMakeLibffi)).c_str(),
        ratio(worst, 1, 2).c_str(), measured ? (worst <= 1.0 ? "PASS" : "FAIL") : "n/a (not all measured)");
  }
  // The C API and libffi run the same handler: its counts must agree.
  for (const char* s = kSigs; *s; ++s) {
    const double a = c.handlerPerCall(*s, CM::kCapi), b = c.handlerPerCall(*s, CM::kLibffi);
    if (!std::isnan(a) && !std::isnan(b) && std::fabs(a - b) > 0.5)
      std::printf("- note: %c's handler counts %s under jitffi but %s under libffi\n", *s,
                  num(a).c_str(), num(b).c_str());
  }
  std::printf("\n");
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
  reportClosures(c);
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
                                   outFile.c_str(), "--dump-instr=no", "--compress-strings=no",
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
