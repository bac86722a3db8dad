// SPDX-License-Identifier: MIT
// Instructions per call, per (signature, method): the machinery of instr_count, shared with
// `jitffi bench` (tools/bench/). Two counters share the measured loops and the report:
//
// callgrind (x86-64, or any host valgrind runs): the parent (runCallgrind) re-runs the program
// under `valgrind --tool=callgrind`, and the re-run program calls child(), which for every
// selected (signature, method) runs a loop of n1 calls and a loop of n2 calls, each between
// CALLGRIND_ZERO_STATS and CALLGRIND_DUMP_STATS_AT. The parent reads the dumps:
//   per call = (Ir(n2 loop) − Ir(n1 loop)) / (n2 − n1) − loop overhead
// where the difference cancels everything outside the loop (setup, the client requests) and the
// loop overhead is the same measurement of an empty loop (the counter decrement and branch every
// measured loop also has; check with objdump -d that they match, 2 instructions on gcc 12 -O3).
// The counts are exact: n1 = 100, n2 = 200 gives the same figures as 1000 and 2000.
//
// qemu (a cross build's program, where valgrind cannot run it): the parent (runQemu) runs the
// program under qemu-user with `-one-insn-per-tb -d exec,nochain`, which logs one line per
// executed instruction (each instruction its own translation block, every block entered through
// qemu's loop and logged), into a pipe the parent reads as it comes (nothing is stored). The
// child calls jitffi_instr_mark, a function of one instruction, before and after each loop; the
// parent counts the log lines between the marker's lines, and the same formula applies. The
// child first says where the marker is (on stdout, then waits for a byte on stdin, so no marker
// line can come before the parent knows it), and after each loop the loop's tag. A probe of
// known length (instr_probe.S: straight-line, jitffi_instr_probe_length instructions, called
// through a pointer) is measured as every method is: it must count its length plus the call, or
// the run fails. The child also says whether jitffi's calls run interpreted (under callgrind in
// a dump's tag), which decides the call targets.
//
// Every method is first run once and checked against the direct call (a broken method is
// reported, not measured), then once more unmeasured (lazy binding and first-use costs).
//
// Closures (bench_closure_cases.h) are measured the same way: a loop of calls by one C caller
// through a function pointer (the ordinary C function, or a closure), and loops of closure
// alloc + prepare + free. Under callgrind a closure's handler's own instructions are read from
// the same dumps: callgrind's inclusive cost of the handler function (every cost line in its
// blocks: its own instructions and those of anything it calls), over the same n2 − n1
// difference. So the handler is measured inside the very calls being measured, with nothing of
// the caller, the trampoline or the entry in it (the `call` into it is the entry's, its `ret` is
// its own). qemu's count has no per-function costs: no handler figures.
//
// Everything is measured for both conventions of bench_cases.h (SysV, and Win64 against ms_abi
// callees); the counts are keyed by ABI, and the report has a Win64 part of its own.
#pragma once

#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bench_cases.h"
#include "bench_closure_cases.h"

namespace jitffi::bench::instr {

// True when this build has the measuring side (valgrind/callgrind.h was found).
bool available();

// Selects measurements by benchmark name (benchName / closureBenchName: "call/e/jitffi_slots",
// "prep/e/libffi", "closure/b/libffi", "closure_make/f/jitffi_raw", "win64/call/e/direct"…).
using Select = std::function<bool(const std::string& name)>;
// Told before each selected measurement starts: its 1-based index, the count, its name.
using Progress = std::function<void(int index, int total, const std::string& name)>;

// Which counter a child serves.
enum class Counter { kCallgrind, kQemu };

// The measuring side; must run under callgrind (as started by runCallgrind), or under qemu as
// runQemu starts it. Messages go to stderr, after `program: `. Returns the process exit status.
int child(unsigned n1, unsigned n2, const Select& select, const Progress& progress = {},
          const char* program = "instr_count", Counter counter = Counter::kCallgrind);

// ---- the parent's side: the counts --------------------------------------------------------

struct Key {
  int abi;  // the index in kBenchAbis (0: SysV, 1: Win64)
  char sig;
  int method;
  bool operator<(const Key& o) const {
    if (abi != o.abi) return abi < o.abi;
    return sig != o.sig ? sig < o.sig : method < o.method;
  }
};
using Series = std::map<unsigned, double>;  // n → Ir of the loop

struct Counts {
  std::map<Key, Series> totals;  // calls: (sig, Method)
  // Closures: the loops' totals, and per loop the inclusive cost of each function by name.
  std::map<Key, Series> closureTotals;
  std::map<Key, std::map<std::string, Series>> closureFns;
  // Cache misses: the loops' totals by Miss (each iteration builds a new signature).
  std::map<int, Series> missTotals;
  double loop = std::numeric_limits<double>::quiet_NaN();  // the empty loop, per iteration
  unsigned n1 = 0, n2 = 0;
  Counter counter = Counter::kCallgrind;
  // qemu: the probe per call (its instructions and the call), and its length as the counted
  // program states it (0: no probe in this build).
  double probe = std::numeric_limits<double>::quiet_NaN();
  unsigned probeLength = 0;
  // Whether jitffi's calls ran through the interpreted fallback (every interface of the cases
  // not jitted), as the counted program states it: the call targets differ (callTargets).
  bool interpreted = false;
  std::string program;  // qemu: what ran, for the report ("qemu-aarch64 version …, running …")

  double perIteration(const Series& s) const;
  // Per call, the loop's own instructions removed; NAN when not measured.
  double perCall(char sig, Method m, Abi abi = Abi::kSysV64) const;
  // One cache miss (a new signature built), the loop's own instructions removed; NAN when not
  // measured.
  double perMiss(Miss m) const;
  // One closure call (or one alloc + prepare + free), the loop's own instructions removed.
  double perCall(char sig, ClosureMethod m, Abi abi = Abi::kSysV64) const;
  // The inclusive instructions per call of the functions named `fn` (a name ending in '<': any
  // function whose name contains it) in the loop of (sig, m); NAN when none ran in it.
  double functionPerCall(char sig, ClosureMethod m, const std::string& fn,
                         Abi abi = Abi::kSysV64) const;
  // The handler's own instructions (direct: the ordinary C function's); NAN for make methods.
  double handlerPerCall(char sig, ClosureMethod m, Abi abi = Abi::kSysV64) const;
};

struct Options {
  std::string valgrind = "valgrind";
  unsigned n1 = 1000, n2 = 2000;
  bool keep = false;  // keep the dump directory (its path goes to stderr)
};

// Runs `childArgv` (a program and its arguments; the run must end up in child()) under
// callgrind, with `childEnv` added to its environment and its stdout sent to stderr, then reads
// its dumps into `out`. On failure returns false with a message in `error`.
bool runCallgrind(const std::vector<std::string>& childArgv,
                  const std::vector<std::pair<std::string, std::string>>& childEnv,
                  const Options& options, Counts& out, std::string& error);

// ---- callgrind runs of any program ------------------------------------------------------------

// One dump of a callgrind run (written with --compress-strings=no, one event: Ir): what
// triggered it (a client request's text: CALLGRIND_DUMP_STATS_AT's tag), its summary, and the
// inclusive cost of every function by name, the sum of all cost lines in its blocks (its own
// instructions, and after each calls= line the inclusive cost of that call).
struct Dump {
  std::string trigger;
  double total = std::numeric_limits<double>::quiet_NaN();
  std::map<std::string, double> inclusive;
  // The sum of the inclusive costs of the functions named (0 for a name not there).
  double inclusiveOf(std::initializer_list<const char*> fns) const;
};
Dump readDump(const std::string& path);
// Runs `argv` (a program and its arguments) under `valgrind` --tool=callgrind, with `env` added
// to its environment and its stdout sent to stderr, and reads every dump it wrote (in no
// particular order; the last, written at exit, untagged). `keep`: leave the dump directory (its
// path goes to stderr). On failure returns false with a message in `error`.
bool callgrindDumps(const std::vector<std::string>& argv,
                    const std::vector<std::pair<std::string, std::string>>& env, const std::string& valgrind,
                    bool keep, std::vector<Dump>& dumps, std::string& error);

// Runs `childArgv` (a program of another architecture; the run must end up in child() with
// Counter::kQemu) under `emulator` (the command that runs the target's programs: the cross
// build's CMAKE_CROSSCOMPILING_EMULATOR, qemu-user or a script ending in it, which takes qemu's
// options before the program), with `childEnv` added to its environment, and counts the
// instructions of its loops into `out`. Nothing is written to disk. On failure returns false
// with a message in `error`.
bool runQemu(const std::vector<std::string>& emulator, const std::vector<std::string>& childArgv,
             const std::vector<std::pair<std::string, std::string>>& childEnv, unsigned n1,
             unsigned n2, Counts& out, std::string& error);

// The program's own path (/proc/self/exe), or argv0.
std::string selfPath(const char* argv0);
// The path of an executable: `name` itself when it contains a '/', else the first match in
// PATH; "" when there is none.
std::string findProgram(const std::string& name);

// ---- targets and the report -----------------------------------------------------------------

enum class Verdict : int { kNotMeasured = -1, kFail = 0, kPass = 1 };
struct Target {
  std::string text;  // e.g. "jitffi_avalues ≤ direct + 12 on every signature: worst +6 on h"
  Verdict verdict = Verdict::kNotMeasured;
};
const char* verdictText(Verdict v);  // "PASS", "FAIL", "n/a (not all measured)"
// The title of a convention measured next to the host's (headings, target texts, chart panels):
// "Win64", "AArch64", "RISC-V 64"; "" for the host's own.
const char* conventionTitle(Abi abi);

// An instruction count per call as the reports print it: whole numbers without decimals, one
// decimal otherwise, "n/a" for a count not measured (NaN).
std::string formatCount(double v);

// The targets under one convention (Win64: against its own direct ms_abi calls and libffi's
// FFI_WIN64 path; the methods of inSet only, no ffi_prep_cif target).
std::vector<Target> callTargets(const Counts& c, Abi abi = Abi::kSysV64);
std::vector<Target> closureTargets(const Counts& c, Abi abi = Abi::kSysV64);

// The markdown report (instr_count's output): call and prep_cif tables, call targets, closure
// tables, closure targets; then the same for Win64, with a table of Win64 next to SysV. Rows
// with nothing measured (a filtered run) are left out.
std::string formatReport(const Counts& c);
// One convention's part of it (formatReport(c) is the SysV part, then the Win64 part).
std::string formatReport(const Counts& c, Abi abi);

}  // namespace jitffi::bench::instr
