// SPDX-License-Identifier: MIT
// Instructions per call under callgrind, per (signature, method), as a markdown report: the SysV
// measurements, then the same under Win64 (ms_abi callees; see bench_cases.h).
//
//   instr_count [--valgrind PATH] [--n1 1000] [--n2 2000] [--keep]
//
// Run normally, it re-runs itself under `valgrind --tool=callgrind` (the child, --child) and
// reports what the child measured. The method, the measured loops, the dump reading and the
// report are in instr_core.h (shared with `jitffi bench`); this program measures jitffi as a
// program using libjitffi.so gets it.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "instr_core.h"

namespace instr = jitffi::bench::instr;

int main(int argc, char** argv) {
  bool isChild = false;
  instr::Options o;
  if (const char* v = std::getenv("VALGRIND")) o.valgrind = v;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--child") isChild = true;
    else if (a == "--keep") o.keep = true;
    else if (a == "--n1" && i + 1 < argc) o.n1 = unsigned(std::strtoul(argv[++i], nullptr, 10));
    else if (a == "--n2" && i + 1 < argc) o.n2 = unsigned(std::strtoul(argv[++i], nullptr, 10));
    else if (a == "--valgrind" && i + 1 < argc) o.valgrind = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--valgrind PATH] [--n1 N] [--n2 N] [--keep]\n", argv[0]);
      return 2;
    }
  }
  if (o.n2 <= o.n1) {
    std::fprintf(stderr, "instr_count: --n2 must exceed --n1\n");
    return 2;
  }
  if (isChild) return instr::child(o.n1, o.n2, [](const std::string&) { return true; });

  instr::Counts counts;
  std::string error;
  const std::vector<std::string> childArgv = {instr::selfPath(argv[0]), "--child", "--n1",
                                              std::to_string(o.n1), "--n2", std::to_string(o.n2)};
  if (!instr::runCallgrind(childArgv, {}, o, counts, error)) {
    std::fprintf(stderr, "instr_count: %s\n", error.c_str());
    return 1;
  }
  // The verdicts are in the report; a failed target is not a failed run.
  std::fputs(instr::formatReport(counts).c_str(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
