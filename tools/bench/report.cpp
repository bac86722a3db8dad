// SPDX-License-Identifier: MIT
// `jitffi bench`: the benchmark report. Direct calls, jitffi (each stub shape, its ffi_call) and
// the system libffi side by side, for the call signatures a–h and the closure signatures b, c,
// e, f of bench/ (bench_cases.h, bench_closure_cases.h), with the host's convention and with
// Microsoft x64 (ms_abi callees, Abi::kWin64, FFI_WIN64), all measured in the same run: wall
// time in-process (timing.cpp), instructions per call under callgrind when valgrind is installed
// (callgrind.cpp); a markdown report on stdout, the numbers as JSON (--json), and an SVG chart.
// This file is the frame: the stages in order. What the report contains is its sections
// (sections.cpp); tools/bench/bench_p.h lists the files.
//
// jitffi is linked into the tool (tools/CMakeLists.txt): its entry points are called directly.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <regex>

#include "bench_p.h"

namespace jitffi::tool {

const char* const kBenchAbout =
    "Measures what one call costs made directly, through jitffi (each stub shape, and its\n"
    "ffi_call) and through the system libffi, for the benchmark's signatures a-h, and what one\n"
    "closure call from C costs (signatures b, c, e, f), all in the same run, and prints a\n"
    "markdown report: the tables side by side with libffi/jitffi ratios, ffi_prep_cif, closure\n"
    "alloc + prepare + free, and the performance targets with PASS or FAIL. The same calls and\n"
    "closures with the Microsoft x64 convention (gcc ms_abi callees, Abi::kWin64, FFI_WIN64 cifs)\n"
    "follow in a Win64 section of their own. With --libffi PATH, another libffi (a libffi 3.8\n"
    "build, say) is measured next to the system's, in a section of its own.\n"
    "Wall time: the median of several repetitions of a calibrated loop per measurement.\n"
    "Instructions per call as well when valgrind is installed (the tool re-runs itself under\n"
    "callgrind; the environment variable VALGRIND names another valgrind, VALGRIND=none skips).\n"
    "With --aarch64 DIR (--riscv64 DIR), a section of AArch64 (RISC-V 64) instructions per\n"
    "call: the same calls and closures counted in DIR's jitffi, run under the qemu-user DIR was\n"
    "configured with (DIR: a cross build with the tool, cmake/toolchain-aarch64-linux-gnu.cmake\n"
    "or cmake/toolchain-riscv64-linux-gnu.cmake).\n"
    "Files are written only when asked (--json, --chart). A progress line goes to stderr when it\n"
    "is a terminal.\n";

const char* const kBenchNames =
    "Measurement names (--filter RE: ECMAScript, matching anywhere in the name):\n"
    "  call/SIG/METHOD (SIG a-h; METHOD direct, jitffi_avalues, jitffi_avalues_raw, jitffi_slots,\n"
    "    jitffi_slots_raw, jitffi_bound, jitffi_typed, jitffi_invoke, jitffi_ffi_call,\n"
    "    libffi_ffi_call), prep/SIG/jitffi|libffi,\n"
    "  prepcall/SIG/jitffi|libffi, closure/SIG/METHOD (SIG b c e f; METHOD direct, jitffi_capi,\n"
    "    jitffi_raw_avalues, jitffi_raw_slots, jitffi_typed, libffi),\n"
    "  closure_make/SIG/jitffi_capi|jitffi_raw|libffi, build/miss, build/miss6,\n"
    "    build/miss_prep_cif;\n"
    "  under Win64 win64/call/SIG/METHOD (METHOD direct, jitffi_avalues, jitffi_slots,\n"
    "    jitffi_bound, jitffi_ffi_call, libffi_ffi_call), win64/closure/SIG/METHOD,\n"
    "    win64/closure_make/b|f/...;\n"
    "  with --libffi: call/SIG/other_ffi_call, call/SIG/other_plan, closure/SIG/other,\n"
    "    closure_make/SIG/other;\n"
    "  real clients (CPython's ctypes and cffi; python3 processes of their own):\n"
    "    client/CLIENT/CASE/LIB (CLIENT ctypes, cffi; CASE cos, six_ints, struct16, struct24,\n"
    "    callback; LIB libffi (the system's), jitffi (the drop-in))\n"
    "  Examples: --filter '^call/e/', --filter '^win64/', --filter '/e/'\n"
    "Exit status: 0 when every method returned the direct call's result and everything was\n"
    "written (a missed target is reported, not an error), 1 otherwise.\n";

namespace report {
namespace {

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

}  // namespace
}  // namespace report

int runBench(const BenchOptions& options, const char* argv0) {
  using namespace report;
  const std::string& filter = options.filter;
  const std::string& jsonPath = options.jsonPath;
  const std::string& chartPath = options.chartPath;
  const bool quick = options.quick;
  std::regex re;
  try {
    re = std::regex(filter.empty() ? std::string(".") : filter, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    std::fprintf(stderr, "jitffi: bad --filter '%s': %s\n%s", filter.c_str(), e.what(), benchHelp().c_str());
    return kUsage;
  }
  const Select select = [&](const std::string& name) {
    return filter.empty() || std::regex_search(name, re);
  };

  // Another libffi (--libffi), before the cases are set up: they prepare its cifs too.
  if (!options.libffi.empty()) {
    std::string error;
    if (!jb::setOtherLibffi(options.libffi, error)) {
      std::fprintf(stderr, "jitffi: --libffi %s: %s\n", options.libffi.c_str(), error.c_str());
      return kFailure;
    }
  }

  // The re-run under callgrind (callgrind.cpp), or a cross build's run under qemu (cross.cpp).
  if (const char* spec = std::getenv(kChildEnv))
    return runInstrChild(spec, select, instr::Counter::kCallgrind, kChildEnv);
  if (const char* spec = std::getenv(kQemuChildEnv))
    return runInstrChild(spec, select, instr::Counter::kQemu, kQemuChildEnv);

  Settings s;
  s.quick = quick;
  s.libffi = options.libffi;
  s.filter = filter;
  for (int i = 0; i < kCrossArchCount; ++i) s.cross[i] = options.cross[i];
  if (quick) {
    s.reps = 5;
    s.repNs = 1e6;
    s.missBatch = 20;
    s.n1 = 100;
    s.n2 = 200;
    s.qemuN1 = 20;
    s.qemuN2 = 40;
  }
  const double start = monoNs();
  std::string error;
  if (!jb::setupCases(error) || !jb::setupClosureCases(error)) {
    std::fprintf(stderr, "jitffi: bench setup failed: %s\n", error.c_str());
    return kFailure;
  }
  const bool tty = isatty(2) != 0;
  const Sections sections = reportSections();
  Measurements list(select);
  for (const auto& section : sections) section->addMeasurements(list);
  list.number();
  bool sectionWork = false;
  for (const auto& section : sections) sectionWork = sectionWork || section->selects(select);
  if (list.size() == 0 && !sectionWork) {
    std::fprintf(stderr, "jitffi: no measurement matches --filter '%s' (see jitffi bench --help)\n",
                 filter.c_str());
    return kFailure;
  }

  RunInfo info = hostFacts();
  info.loadBefore = loadAverage();
  timeAll(list, s, tty);
  info.loadAfter = loadAverage();

  // Instruction counts (every in-process measurement has them).
  InstrRun ir;
  if (list.size() != 0) ir = runInstructionCounts(s, filter, argv0, tty);
  else ir.why = "no in-process measurement selected";

  std::vector<std::string> problems;
  for (const Measurement& m : list.all())
    if (m.state == State::kFailed)
      problems.push_back(m.message.rfind(m.name, 0) == 0 ? m.message : m.name + ": " + m.message);
  if (ir.state == InstrRun::State::kFailed) problems.push_back("instruction counts: " + ir.why);
  for (const auto& section : sections) section->run(s, select, problems);

  const Run run{s, list, info, ir, problems};
  if (!chartPath.empty()) {
    info.chartPath = chartPath;
    std::vector<ChartLine> lines;
    for (const auto& section : sections) section->chart(run, lines);
    if (!writeFile(info.chartPath, chartSvg(run, lines), error)) {
      problems.push_back(error);
      info.chartPath.clear();
    }
  }
  info.seconds = (monoNs() - start) / 1e9;
  if (!jsonPath.empty() && !writeFile(jsonPath, toJson(run, sections, filter), error)) {
    problems.push_back(error);
  }

  std::string md;
  reportHead(run, md);
  for (const auto& section : sections) section->markdown(run, md);
  appendf(md, "(%.0f s in all.)\n", info.seconds);
  std::fwrite(md.data(), 1, md.size(), stdout);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "jitffi: cannot write the report: %s\n", std::strerror(errno));
    return kFailure;
  }
  for (const std::string& p : problems) std::fprintf(stderr, "jitffi: bench: %s\n", p.c_str());
  return problems.empty() ? kOk : kFailure;
}

}  // namespace jitffi::tool
