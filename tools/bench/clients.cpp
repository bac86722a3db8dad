// SPDX-License-Identifier: MIT
// `jitffi bench`: the real-client section. CPython's ctypes (and cffi, when importable) call C
// functions through the system libffi and through jitffi's drop-in libffi.so.8 (the build's, on
// LD_LIBRARY_PATH), on cos, six ints, a 16-byte struct, a 24-byte struct and a callback, all in
// the same run: instructions per call (each Python process run under callgrind) and wall time
// per call (processes of the two libraries alternating), with the part spent inside the
// library's entry points (callgrind's inclusive cost of ffi_prep_cif and ffi_call, callee
// included) apart from CPython's own work, and the targets with their verdicts.
//
// The Python side is clients.py (compiled into the tool as kClientsScript); the callees are
// bench/'s, in a module of their own with the marks of clients_marks.c (tools/CMakeLists.txt).
// Each process says which libffi.so it mapped; a run of the drop-in that mapped another one, or a
// call whose result is wrong, is a problem of the report.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>

#include "bench_p.h"
#include "clients_script.h"

namespace jitffi::tool::report {
namespace {

constexpr int kClients = 2, kCases = 5, kLibs = 2;
constexpr const char* kClientNames[kClients] = {"ctypes", "cffi"};
constexpr int kCffi = 1;  // (kClientNames' index)
constexpr const char* kCaseNames[kCases] = {"cos", "six_ints", "struct16", "struct24", "callback"};
constexpr const char* kCaseTitles[kCases] = {
    "`cos` (libm): `double(double)`", "six ints: `int64(int64 ×6)`", "16-byte struct: `D2(D2, D2)`",
    "24-byte struct: `I3(I3)`", "callback: C calls back `int(int, int)` once"};
constexpr int kCallback = 4;  // the case that is not a plain call
// The libraries: the system libffi, jitffi's drop-in.
constexpr const char* kLibNames[kLibs] = {"libffi", "jitffi"};
// The function that runs the Python callback under each client (its libffi closure handler):
// its inclusive cost is CPython's, taken out of the library part of the callback case.
constexpr const char* kHandlers[kClients] = {"closure_fcn", "invoke_callback"};

// Measurement names, for --filter: client/CLIENT/CASE/LIB.
std::string nameOf(int client, int c, int lib) {
  return std::string("client/") + kClientNames[client] + "/" + kCaseNames[c] + "/" + kLibNames[lib];
}

struct Cell {
  double wall = NAN, total = NAN, library = NAN;
  std::vector<double> walls, cpus;  // per repetition: ns per iteration
  bool cpuTime = false;             // no repetition ran undisturbed: wall is CPU time
};

struct Row {
  bool selected = false;
  std::array<Cell, kLibs> lib;
};

// A process: its exit status (-1 when it could not run), stdout and stderr to stderr.
int runProcess(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& env) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    dup2(2, 1);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class ClientsSection : public Section {
 public:
  bool selects(const Select& select) const override {
    for (int k = 0; k < kClients; ++k)
      for (int c = 0; c < kCases; ++c)
        for (int l = 0; l < kLibs; ++l)
          if (select(nameOf(k, c, l))) return true;
    return false;
  }

  void run(const Settings& s, const Select& select, std::vector<std::string>& problems) override {
    for (int k = 0; k < kClients; ++k)
      for (int c = 0; c < kCases; ++c)
        rows_[k][c].selected = select(nameOf(k, c, 0)) || select(nameOf(k, c, 1));
    if (!selects(select)) return;
    ran_ = true;
    if (!findPython(problems)) return;
    rounds_ = s.quick ? 1 : 3;
    reps_ = s.quick ? 3 : 9;
    targetNs_ = s.quick ? 2e5 : 2e6;
    n1_ = s.quick ? 20 : 200;
    n2_ = s.quick ? 40 : 400;
    // Each client's cases in processes of its own interpreter (findPython).
    bool any = false;
    for (int k = 0; k < kClients; ++k) {
      if (!runs(k)) continue;
      std::vector<std::string> cases;
      for (int c = 0; c < kCases; ++c)
        if (rows_[k][c].selected) cases.push_back(std::string(kClientNames[k]) + "/" + kCaseNames[c]);
      if (cases.empty()) continue;
      any = true;
      timeAll(k, cases, problems);
      countAll(k, cases, problems);
    }
    if (!any) {
      skipped_ = "nothing selected runs here (cffi: " + cffiNote_ + ")";
      return;
    }
    for (auto& client : rows_) {
      for (Row& row : client) {
        for (Cell& cell : row.lib) {
          cell.cpuTime = cell.walls.empty() && !cell.cpus.empty();
          cell.wall = cell.cpuTime ? medianOf(cell.cpus) : cell.walls.empty() ? NAN : medianOf(cell.walls);
        }
      }
    }
  }

  void markdown(const Run& r, std::string& o) const override {
    if (!ran_) return;
    appendf(o, "## Real clients: CPython's ctypes and cffi\n\n");
    if (!skipped_.empty()) {
      appendf(o, "Not measured: %s.\n\n", skipped_.c_str());
      return;
    }
    appendf(o, "- libffi: the system's, and jitffi's drop-in on LD_LIBRARY_PATH; each client's processes say "
               "which libffi.so they mapped\n");
    for (int k = 0; k < kClients; ++k) {
      if (!runs(k)) {
        appendf(o, "- cffi: %s\n", cffiNote_.c_str());
        continue;
      }
      const std::string client = k == kCffi ? "cffi " + cffiNote_ : kClientNames[k];
      appendf(o, "- %s: in %s (Python %s); its processes mapped %s (the system's) and %s (the drop-in)\n",
              client.c_str(), python_[k].c_str(), pythonVersion_[k].c_str(), mappedText(k, 0).c_str(),
              mappedText(k, 1).c_str());
    }
    appendf(o,
            "- the callees are bench/'s (a module of the tool's build) and libm's `cos`; per iteration of "
            "a Python loop making one call (`for _ in repeat(None, n): f(...)`), PYTHONHASHSEED=0, the "
            "garbage collector off\n");
    appendf(o,
            "- wall time: ns per iteration, the median of %d repetitions in each of %d processes per "
            "library, the two libraries' processes alternating; a repetition during which the process "
            "did not have the CPU (thread CPU time under 95%% of wall time) is left out, and where all "
            "were, CPU time stands in (marked *)\n",
            reps_, rounds_);
    if (countsWhy_.empty()) {
      appendf(o,
              "- instructions: each process under callgrind, (Ir of %u iterations − Ir of %u) / %u; "
              "**library**: callgrind's inclusive cost of `ffi_prep_cif` + `ffi_call`, the callee "
              "included (for the callback, the Python callback's own cost, the client's closure "
              "handler `closure_fcn` / `invoke_callback`, taken out); **CPython**: the rest\n",
              n2_, n1_, n2_ - n1_);
      for (int k = 0; k < kClients; ++k) {
        if (unnamedHandlers_.count(kHandlers[k])) {
          appendf(o, "- `%s` has no symbol in %s (a stripped build): %s's callback's library part is n/a\n",
                  kHandlers[k], python_[k].c_str(), kClientNames[k]);
        }
      }
    } else {
      appendf(o, "- instructions: not measured: %s\n", countsWhy_.c_str());
    }
    appendf(o, "\n");
    appendf(o,
            "| client | case | instructions libffi | instructions jitffi | saved | library libffi | "
            "library jitffi | libffi ÷ jitffi (library) | CPython libffi | CPython jitffi | wall libffi "
            "(ns) | wall jitffi (ns) | saved (wall) |\n");
    appendf(o, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int k = 0; k < kClients; ++k) {
      if (!runs(k)) continue;
      for (int c = 0; c < kCases; ++c) {
        const Row& row = rows_[k][c];
        if (!row.selected) continue;
        const Cell &a = row.lib[0], &b = row.lib[1];
        appendf(o, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", kClientNames[k],
                kCaseTitles[c], instr::formatCount(a.total).c_str(), instr::formatCount(b.total).c_str(),
                percentSaved(a.total, b.total).c_str(), instr::formatCount(a.library).c_str(),
                instr::formatCount(b.library).c_str(), fmtRatio(a.library, b.library).c_str(),
                instr::formatCount(a.total - a.library).c_str(), instr::formatCount(b.total - b.library).c_str(),
                wallCell(a).c_str(), wallCell(b).c_str(), percentSaved(a.wall, b.wall).c_str());
      }
    }
    appendf(o, "\n");
    std::vector<Target> ts;
    targets(r, ts);
    if (!ts.empty()) {
      appendf(o, "Real-client targets (instructions):\n\n");
      for (const Target& t : ts) appendf(o, "- %s — %s\n", t.text.c_str(), instr::verdictText(t.verdict));
      appendf(o, "\n");
    }
  }

  void targets(const Run&, std::vector<Target>& out) const override {
    if (!ran_ || !skipped_.empty()) return;
    // The library part at least 4× smaller on every call case, per client.
    for (int k = 0; k < kClients; ++k) {
      if (!runs(k)) continue;
      double worst = NAN;
      int worstCase = -1;
      bool all = true;
      for (int c = 0; c < kCases; ++c) {
        if (c == kCallback) continue;
        const Row& row = rows_[k][c];
        const double ratio = row.lib[0].library / row.lib[1].library;
        if (!row.selected || std::isnan(ratio)) {
          all = false;
          continue;
        }
        if (std::isnan(worst) || ratio < worst) worst = ratio, worstCase = c;
      }
      Target t;
      t.kind = "instructions";
      appendf(t.text,
              "%s: the library part (ffi_prep_cif + ffi_call, callee included) ≥ 4× smaller on jitffi's "
              "drop-in than on the system libffi on cos, six ints, 16- and 24-byte structs: lowest %s%s",
              kClientNames[k], fmtRatio(worst, 1, 2).c_str(),
              worstCase < 0 ? "" : (std::string(" on ") + kCaseNames[worstCase]).c_str());
      t.verdict = !all || std::isnan(worst) ? instr::Verdict::kNotMeasured
                  : worst >= 4                ? instr::Verdict::kPass
                                              : instr::Verdict::kFail;
      out.push_back(std::move(t));
    }
    // A ctypes callback at least 15% cheaper overall.
    const Row& cb = rows_[0][kCallback];
    const double saved = 1 - cb.lib[1].total / cb.lib[0].total;
    Target t;
    t.kind = "instructions";
    appendf(t.text, "ctypes: a callback ≥ 15%% cheaper overall on jitffi's drop-in: %s (%s vs %s instructions)",
            percentSaved(cb.lib[0].total, cb.lib[1].total).c_str(), instr::formatCount(cb.lib[1].total).c_str(),
            instr::formatCount(cb.lib[0].total).c_str());
    t.verdict = !cb.selected || std::isnan(saved) ? instr::Verdict::kNotMeasured
                : saved >= 0.15                   ? instr::Verdict::kPass
                                                  : instr::Verdict::kFail;
    out.push_back(std::move(t));
  }

  void json(const Run&, Json& j) const override {
    if (!ran_) return;
    j.key("clients").beginObject();
    j.key("skipped").value(skipped_.empty() ? nullptr : skipped_.c_str());
    j.key("cffi").value(cffiNote_);
    // Each client's interpreter and the libffi.so its processes mapped, per library (null: none
    // of its processes ran).
    j.key("interpreters").beginArray();
    for (int k = 0; k < kClients; ++k) {
      if (!runs(k)) continue;
      j.beginObject();
      j.key("client").value(kClientNames[k]);
      j.key("python").value(python_[k]);
      j.key("python_version").value(pythonVersion_[k]);
      j.key("libffi_mapped").beginObject();
      for (int l = 0; l < kLibs; ++l) {
        const std::string& m = mapped_[size_t(k)][size_t(l)];
        j.key(kLibNames[l]).value(m.empty() ? nullptr : m.c_str());
      }
      j.endObject();
      j.endObject();
    }
    j.endArray();
    j.key("instructions").value(countsWhy_.empty() ? "callgrind" : countsWhy_.c_str());
    j.key("rows").beginArray();
    for (int k = 0; k < kClients; ++k) {
      for (int c = 0; c < kCases; ++c) {
        const Row& row = rows_[k][c];
        if (!row.selected || !runs(k)) continue;
        j.beginObject();
        j.key("client").value(kClientNames[k]);
        j.key("case").value(kCaseNames[c]);
        for (int l = 0; l < kLibs; ++l) {
          j.key(kLibNames[l]).beginObject();
          j.key("instructions").value(row.lib[l].total);
          j.key("library_instructions").value(row.lib[l].library);
          j.key("wall_ns").value(row.lib[l].wall);
          j.endObject();
        }
        j.endObject();
      }
    }
    j.endArray();
    j.endObject();
  }

 private:
  // Whether client k's rows can run here (cffi's only when it is importable and calls a libffi.so).
  bool runs(int k) const { return k != kCffi || !cffi_.empty(); }

  // The libffi.so the processes of client k mapped on library lib, or that none ran.
  std::string mappedText(int k, int lib) const {
    const std::string& m = mapped_[size_t(k)][size_t(lib)];
    return m.empty() ? "none (no case of it ran)" : m;
  }

  static std::string wallCell(const Cell& c) { return fmtNs(c.wall) + (c.cpuTime ? "*" : ""); }

  static std::string percentSaved(double before, double after) {
    if (std::isnan(before) || std::isnan(after) || before <= 0) return "–";
    char b[32];
    std::snprintf(b, sizeof b, "%.0f%%", 100 * (1 - after / before));
    return b;
  }

  // What one python3 offers: the interpreter itself (python3 may be a wrapper script: callgrind
  // must run the binary), its version, and what cffi there is; or why it cannot serve.
  struct Probe {
    bool ok = false, hasNoCtypes = false;
    std::string python, version, cffi, cffiLibffi, why;
    bool cffiCallsLibffi() const { return !cffi.empty() && cffiLibffi.find("libffi") != std::string::npos; }
  };
  Probe probe(const std::string& py) const {
    Probe p;
    const std::string out = tempFile();
    const int status = runProcess({py, "-c", kClientsScript, module_, out, "probe"}, {});
    std::ifstream f(out);
    std::string line;
    while (std::getline(f, line)) {
      const auto [key, value] = splitKeyValue(line);
      if (key == "executable") p.python = value;
      else if (key == "python") p.version = value;
      else if (key == "cffi" && value != "none") p.cffi = value;
      else if (key == "cffi_libffi") p.cffiLibffi = value;
    }
    std::remove(out.c_str());
    p.ok = status == 0 && !p.python.empty();
    if (!p.ok) {
      p.hasNoCtypes = runProcess({py, "-c", "import ctypes"}, {}) != 0;
      p.why = "python3 (" + py + ") " + (p.hasNoCtypes ? "has no ctypes" : "failed to run the section's probe");
    }
    return p;
  }

  // python3 with ctypes (and cffi), and the build's callee module and drop-in; skipped_ says
  // what is missing.
  bool findPython(std::vector<std::string>& problems) {
#if !defined(JITFFI_BENCH_CLIENTS_MODULE) || !defined(JITFFI_BENCH_DROPIN_DIR)
    skipped_ = "this tool was built without the client module";
    return false;
#else
    if (kSanitizedBuild) {
      skipped_ = "a sanitizer build (an uninstrumented python3 cannot load the instrumented drop-in)";
      return false;
    }
#if JITFFI_BENCH_CROSS_BUILD
    skipped_ = "a cross build (the build machine's python3 cannot load the target's drop-in)";
    return false;
#endif
    module_ = JITFFI_BENCH_CLIENTS_MODULE;
    dropin_ = JITFFI_BENCH_DROPIN_DIR;
    if (access(module_.c_str(), R_OK) != 0 || access((dropin_ + "/libffi.so.8").c_str(), R_OK) != 0) {
      skipped_ = "the build tree's client module or drop-in is not there (" + module_ + ", " + dropin_ +
                 "/libffi.so.8): the section runs from a build tree";
      return false;
    }
#endif
    // The python3 on PATH, then the system's. ctypes runs in the first; cffi in the first whose
    // cffi calls a libffi.so, which a drop-in then replaces (a pip-installed cffi carries a
    // libffi of its own; Debian's python3-cffi calls libffi.so.8).
    std::vector<std::string> candidates;
    for (std::string py : {instr::findProgram("python3"), std::string("/usr/bin/python3")}) {
      if (!py.empty() && access(py.c_str(), X_OK) == 0 &&
          std::find(candidates.begin(), candidates.end(), py) == candidates.end()) {
        candidates.push_back(py);
      }
    }
    if (candidates.empty()) {
      skipped_ = "python3 is not installed";
      return false;
    }
    std::vector<Probe> probes;
    for (const std::string& py : candidates) probes.push_back(probe(py));
    // ctypes: the first that runs; cffi: the first whose cffi calls a libffi.so, else what the
    // ctypes one has of cffi (said why its rows are skipped).
    const Probe* ctypes = nullptr;
    const Probe* cffi = nullptr;
    for (const Probe& p : probes) {
      if (p.ok && !ctypes) ctypes = &p;
      if (p.ok && !cffi && p.cffiCallsLibffi()) cffi = &p;
    }
    if (!ctypes) {
      const Probe& p = probes.front();
      skipped_ = p.why;
      if (!p.hasNoCtypes) problems.push_back("real clients: " + skipped_);
      return false;
    }
    python_[0] = ctypes->python;
    pythonVersion_[0] = ctypes->version;
    if (cffi) {
      python_[kCffi] = cffi->python;
      pythonVersion_[kCffi] = cffi->version;
      cffi_ = cffi->cffi;
      cffiNote_ = cffi_ + " (its backend calls " + cffi->cffiLibffi + ")";
    } else if (ctypes->cffi.empty()) {
      cffiNote_ = "not importable: its rows skipped";
    } else {
      cffiNote_ = ctypes->cffi + ", but its _cffi_backend carries a libffi of its own (its ffi_prep_cif is in " +
                  ctypes->cffiLibffi + "), which no drop-in replaces: its rows skipped";
    }
    return true;
  }

  std::vector<std::pair<std::string, std::string>> envOf(int lib) const {
    std::vector<std::pair<std::string, std::string>> env = {{"PYTHONHASHSEED", "0"}};
    if (lib == 1) {
      const char* old = std::getenv("LD_LIBRARY_PATH");
      env.emplace_back("LD_LIBRARY_PATH", dropin_ + (old && *old ? ":" + std::string(old) : ""));
    }
    return env;
  }

  std::vector<std::string> scriptArgv(const std::string& python, const std::string& out, const char* mode,
                                      const std::string& a, const std::string& b,
                                      const std::vector<std::string>& cases) const {
    std::vector<std::string> argv = {python, "-c", kClientsScript, module_, out, mode, a, b};
    argv.insert(argv.end(), cases.begin(), cases.end());
    return argv;
  }

  // Reads a script's output file (a process of `client` on library `lib`): the libffi it mapped,
  // its checks, its samples ("KEY A B": A one word, B the rest). False (with a problem) when the
  // process mapped the wrong libffi or a result was wrong.
  bool readOutput(const std::string& path, int client, int lib, std::vector<std::string>& problems) {
    std::ifstream f(path);
    std::string line;
    bool ok = true;
    while (std::getline(f, line)) {
      const auto [key, rest] = splitKeyValue(line);
      const auto [a, b] = splitKeyValue(rest);
      if (key == "libffi") {
        mapped_[size_t(client)][size_t(lib)] = a;
        const bool inDropin = a.rfind(dropin_ + "/", 0) == 0;
        if (inDropin != (lib == 1)) {
          problems.push_back("real clients: the " + std::string(kLibNames[lib]) + " process of " +
                             kClientNames[client] + " mapped " + a);
          ok = false;
        }
      } else if (key == "check" && b != "ok") {
        problems.push_back("real clients: " + a + " on " + kLibNames[lib] + ": " + b);
        ok = false;
      } else if (key == "sample") {
        if (Cell* cell = cellOf(a, lib)) {
          char* end = nullptr;
          const double wall = std::strtod(b.c_str(), &end), cpu = std::strtod(end, nullptr);
          // A repetition during which the process did not have the CPU is left out (as the
          // in-process measurements' are run again): thread CPU time under 95% of wall time.
          if (cpu >= 0.95 * wall) cell->walls.push_back(wall);
          cell->cpus.push_back(cpu);
        }
      }
    }
    return ok;
  }

  Cell* cellOf(const std::string& clientCase, int lib) {
    for (int k = 0; k < kClients; ++k)
      for (int c = 0; c < kCases; ++c)
        if (clientCase == std::string(kClientNames[k]) + "/" + kCaseNames[c]) return &rows_[k][c].lib[size_t(lib)];
    return nullptr;
  }

  std::string tempFile() const {
    char name[] = "/tmp/jitffi-clients.XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) return "";
    close(fd);
    return name;
  }

  void timeAll(int client, const std::vector<std::string>& cases, std::vector<std::string>& problems) {
    const std::string& python = python_[size_t(client)];
    const std::string out = tempFile();
    char ns[32];
    std::snprintf(ns, sizeof ns, "%.0f", targetNs_);
    for (int round = 0; round < rounds_; ++round) {
      for (int lib = 0; lib < kLibs; ++lib) {
        const int status = runProcess(scriptArgv(python, out, "time", std::to_string(reps_), ns, cases), envOf(lib));
        if (status != 0) {
          problems.push_back("real clients: the " + std::string(kLibNames[lib]) + " wall-time run of " + python +
                             " failed (status " + std::to_string(status) + ")");
          continue;
        }
        readOutput(out, client, lib, problems);
      }
    }
    std::remove(out.c_str());
  }

  void countAll(int client, const std::vector<std::string>& cases, std::vector<std::string>& problems) {
    const std::string& python = python_[size_t(client)];
    std::string valgrind = "valgrind";
    if (const char* v = std::getenv("VALGRIND")) valgrind = v;
    if (!instr::available()) {
      countsWhy_ = "this jitffi was built without valgrind's headers (valgrind/callgrind.h)";
      return;
    }
    if (valgrind.empty() || valgrind == "none") {
      countsWhy_ = "skipped (VALGRIND=" + valgrind + ")";
      return;
    }
    valgrind = instr::findProgram(valgrind);
    if (valgrind.empty()) {
      countsWhy_ = "valgrind is not installed";
      return;
    }
    const std::string out = tempFile();
    for (int lib = 0; lib < kLibs; ++lib) {
      std::vector<instr::Dump> dumps;
      std::string error;
      if (!instr::callgrindDumps(scriptArgv(python, out, "count", std::to_string(n1_), std::to_string(n2_), cases),
                                 envOf(lib), valgrind, false, dumps, error)) {
        problems.push_back("real clients: the " + std::string(kLibNames[lib]) + " callgrind run: " + error);
        continue;
      }
      readOutput(out, client, lib, problems);
      for (int k = 0; k < kClients; ++k) {
        for (int c = 0; c < kCases; ++c) {
          const std::string tag = std::string("jitffi-client ") + kClientNames[k] + "/" + kCaseNames[c] + " n=";
          const instr::Dump *d1 = nullptr, *d2 = nullptr;
          for (const instr::Dump& d : dumps) {
            if (d.trigger == tag + std::to_string(n1_)) d1 = &d;
            if (d.trigger == tag + std::to_string(n2_)) d2 = &d;
          }
          if (!d1 || !d2) continue;
          // The library's entry points, inclusive; for the callback, less the Python callback.
          // The handler runs on every iteration: a dump without it has no symbol for it (a
          // stripped python3 or backend), and the library part is not known.
          auto library = [&](const instr::Dump& d) {
            const double v = d.inclusiveOf({"ffi_prep_cif", "ffi_call"});
            if (c != kCallback) return v;
            const auto handler = d.inclusive.find(kHandlers[k]);
            if (handler != d.inclusive.end()) return v - handler->second;
            unnamedHandlers_.insert(kHandlers[k]);
            return double(NAN);
          };
          const double span = double(n2_ - n1_);
          Cell& cell = rows_[k][c].lib[size_t(lib)];
          cell.total = (d2->total - d1->total) / span;
          cell.library = (library(*d2) - library(*d1)) / span;
        }
      }
    }
    std::remove(out.c_str());
  }

  std::array<std::array<Row, kCases>, kClients> rows_{};
  bool ran_ = false;
  // python_, pythonVersion_: each client's interpreter (findPython); cffi_: its version when its
  // rows are measured (importable, calling a libffi.so); cffiNote_: what the report says of it.
  std::array<std::string, kClients> python_, pythonVersion_;
  std::string skipped_, countsWhy_, cffi_, cffiNote_, module_, dropin_;
  // The libffi.so each client's processes mapped, per library (the last process's: every one is
  // checked against the library it was meant to map, readOutput); "" when none of its ran.
  std::array<std::array<std::string, kLibs>, kClients> mapped_;
  std::set<std::string> unnamedHandlers_;  // callback handlers callgrind found no symbol for
  int rounds_ = 0, reps_ = 0;
  double targetNs_ = 0;
  unsigned n1_ = 0, n2_ = 0;
};

}  // namespace

std::unique_ptr<Section> clientsSection() { return std::make_unique<ClientsSection>(); }

}  // namespace jitffi::tool::report
