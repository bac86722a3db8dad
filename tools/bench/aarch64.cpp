// SPDX-License-Identifier: MIT
// `jitffi bench --aarch64 DIR`: the AArch64 section, instructions per call on AArch64. valgrind
// cannot run aarch64 code here, so the section counts under qemu-user (bench/instr_core.h,
// runQemu): DIR is an aarch64 cross build of jitffi with its tool (configured with
// cmake/toolchain-aarch64-linux-gnu.cmake), whose tools/cross-run.txt says how its programs run
// (the emulator command it was configured with). Its jitffi runs as `jitffi bench --filter RE`
// with JITFFI_BENCH_QEMU="N1 N2" in its environment, which makes it the counting child
// (runInstrChild), as this tool re-runs itself under callgrind. The section is instr_core's
// tables and targets for AAPCS64 (the same cases a–h and closures b, c, e, f as the x86-64
// section), a line of the chart and a JSON key of its own ("aarch64_instructions").
#include <unistd.h>

#include <fstream>

#include "bench_p.h"

namespace jitffi::tool::report {

const char* const kQemuChildEnv = "JITFFI_BENCH_QEMU";

namespace {

constexpr Abi kAbi = Abi::kAapcs64;

// What DIR/tools/cross-run.txt says (tools/CMakeLists.txt writes it): "KEY VALUE" lines.
struct CrossBuild {
  std::string processor, buildType, program;
  std::vector<std::string> emulator;  // one argument per "emulator" line
};

bool readCrossBuild(const std::string& dir, CrossBuild& b, std::string& error) {
  const std::string path = dir + "/tools/cross-run.txt";
  std::ifstream f(path);
  if (!f) {
    error = path + " not found: --aarch64 names an aarch64 cross build of jitffi with its tool "
            "(cmake -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake; "
            "scripts/bench.sh makes one)";
    return false;
  }
  std::string line;
  while (std::getline(f, line)) {
    const size_t sp = line.find(' ');
    const std::string key = line.substr(0, sp), value = sp == std::string::npos ? "" : line.substr(sp + 1);
    if (key == "processor") b.processor = value;
    else if (key == "build-type") b.buildType = value;
    else if (key == "program") b.program = value;
    else if (key == "emulator") b.emulator.push_back(value);
  }
  if (b.processor != "aarch64") {
    error = path + ": a build for '" + b.processor + "', not aarch64";
    return false;
  }
  if (b.program.empty() || b.emulator.empty()) {
    error = path + ": no program or no emulator";
    return false;
  }
  return true;
}

InstrRun runAarch64Counts(const Settings& s, bool progress) {
  InstrRun r;
  CrossBuild b;
  if (!readCrossBuild(s.aarch64, b, r.why)) {
    r.state = InstrRun::State::kFailed;
    return r;
  }
  // The emulator command ends in qemu: its version, as it answers with the program's options.
  std::string cmd;
  for (const std::string& a : b.emulator) cmd += shellQuote(a) + " ";
  r.program = b.program;
  r.version = commandOutput(cmd + "--version 2>/dev/null | head -n 1");
  runCountingChild(r, b.program, s.filter, "", kQemuChildEnv, s.qemuN1, s.qemuN2, progress,
                   "[aarch64] starting qemu", [&](const auto& argv, const auto& env, std::string& error) {
                     return instr::runQemu(b.emulator, argv, env, s.qemuN1, s.qemuN2, r.counts, error);
                   });
  r.counts.program = (r.version.empty() ? std::string("qemu") : r.version) + ", running " + b.program +
                     " (" + (b.buildType.empty() ? "build type ?" : b.buildType) + ")";
  return r;
}

class Aarch64Section : public Section {
 public:
  void run(const Settings& s, const Select&, std::vector<std::string>& problems) override {
    if (s.aarch64.empty()) return;
    instr_ = runAarch64Counts(s, isatty(2) != 0);
    if (instr_.state == InstrRun::State::kFailed) problems.push_back("AArch64 instruction counts: " + instr_.why);
  }
  void markdown(const Run&, std::string& o) const override {
    if (instr_.state == InstrRun::State::kDone) o += instr::formatReport(instr_.counts, kAbi);
    else if (instr_.state == InstrRun::State::kFailed)
      appendf(o, "## AArch64: instructions per call (qemu)\n\nFAILED: %s\n\n", instr_.why.c_str());
  }
  void targets(const Run&, std::vector<Target>& out) const override {
    if (instr_.state != InstrRun::State::kDone) return;
    for (auto* list : {instr::callTargets, instr::closureTargets})
      for (const instr::Target& t : list(instr_.counts, kAbi)) out.push_back({"instructions", kAbi, t.text, t.verdict});
  }
  void chart(const Run&, std::vector<ChartLine>& out) const override {
    if (instr_.state == InstrRun::State::kDone) countPanels(instr_.counts, kAbi, out);
  }
  void json(const Run&, Json& j) const override {
    if (instr_.state == InstrRun::State::kSkipped) return;
    j.key("aarch64_instructions");
    instructionsJson(j, instr_, {kAbi});
  }

 private:
  InstrRun instr_;
};

}  // namespace

std::unique_ptr<Section> aarch64Section() { return std::make_unique<Aarch64Section>(); }

}  // namespace jitffi::tool::report
