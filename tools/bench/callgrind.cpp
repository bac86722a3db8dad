// SPDX-License-Identifier: MIT
// `jitffi bench`: instructions per call, when valgrind is installed. The tool re-runs itself
// under callgrind (bench/instr_core.h, shared with bench/instr_count): the re-run is
// `jitffi bench [--filter RE] [--libffi PATH]` with JITFFI_BENCH_CALLGRIND set to "N1 N2" in its
// environment; runBench then runs the measured loops and nothing else (runInstrChild).
#include <cstdio>
#include <cstdlib>

#include "bench_p.h"

// Sanitizer builds cannot run under valgrind.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define JITFFI_TOOL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define JITFFI_TOOL_SANITIZED 1
#endif
#endif

namespace jitffi::tool::report {

const char* const kChildEnv = "JITFFI_BENCH_CALLGRIND";

#if defined(JITFFI_TOOL_SANITIZED)
const bool kSanitizedBuild = true;
#else
const bool kSanitizedBuild = false;
#endif

const char* const kChildProgressEnv = "JITFFI_BENCH_PROGRESS";

InstrRun runInstructionCounts(const Settings& s, const std::string& filter, const char* argv0,
                              bool progress) {
  InstrRun r;
  if (!instr::available()) {
    r.why = "this jitffi was built without valgrind's headers (valgrind/callgrind.h)";
    return r;
  }
  if (kSanitizedBuild) {
    r.why = "a sanitizer build (valgrind cannot run it)";
    return r;
  }
  std::string valgrind = "valgrind";
  if (const char* v = std::getenv("VALGRIND")) valgrind = v;
  if (valgrind.empty() || valgrind == "none") {
    r.why = "skipped (VALGRIND=" + valgrind + ")";
    return r;
  }
  r.program = instr::findProgram(valgrind);
  if (r.program.empty()) {
    r.why = "valgrind is not installed (" + valgrind + " not found)";
    return r;
  }
  r.version = commandOutput(shellQuote(r.program) + " --version 2>/dev/null");
  instr::Options o;
  o.valgrind = r.program;
  o.n1 = s.n1;
  o.n2 = s.n2;
  runCountingChild(r, instr::selfPath(argv0), filter, s.libffi, kChildEnv, s.n1, s.n2, progress,
                   "[instr] starting valgrind --tool=callgrind", [&](const auto& argv, const auto& env, std::string& error) {
                     return instr::runCallgrind(argv, env, o, r.counts, error);
                   });
  return r;
}

void runCountingChild(InstrRun& r, const std::string& program, const std::string& filter, const std::string& libffi,
                      const char* envName, unsigned n1, unsigned n2, bool progress, const char* starting,
                      const CountChild& count) {
  std::vector<std::string> argv = {program, "bench"};
  if (!filter.empty()) {
    argv.push_back("--filter");
    argv.push_back(filter);
  }
  if (!libffi.empty()) {
    argv.push_back("--libffi");
    argv.push_back(libffi);
  }
  std::vector<std::pair<std::string, std::string>> env = {{envName, std::to_string(n1) + " " + std::to_string(n2)}};
  if (progress) {
    env.emplace_back(kChildProgressEnv, "1");
    std::fprintf(stderr, "\r\033[K%s", starting);
    std::fflush(stderr);
  }
  std::string error;
  const bool ok = count(argv, env, error);
  if (progress) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  r.state = ok ? InstrRun::State::kDone : InstrRun::State::kFailed;
  if (!ok) r.why = error;
}

int runInstrChild(const char* spec, const Select& select, instr::Counter counter, const char* env) {
  unsigned n1 = 0, n2 = 0;
  if (std::sscanf(spec, "%u %u", &n1, &n2) != 2 || n2 <= n1) {
    std::fprintf(stderr, "jitffi: bad %s='%s'\n", env, spec);
    return kFailure;
  }
  const bool qemu = counter == instr::Counter::kQemu;
  instr::Progress progress;
  if (std::getenv(kChildProgressEnv)) {
    progress = [last = -1e18, qemu](int index, int total, const std::string& name) mutable {
      const double now = monoNs();
      if (now - last < 50e6 && index != total) return;
      last = now;
      std::fprintf(stderr, "\r\033[K[instr %d/%d] %s (%s)", index, total, name.c_str(),
                   qemu ? "qemu" : "callgrind");
      std::fflush(stderr);
    };
  }
  return instr::child(n1, n2, select, progress, qemu ? "jitffi bench (qemu)" : "jitffi bench (callgrind)",
                      counter);
}

}  // namespace jitffi::tool::report
