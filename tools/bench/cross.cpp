// SPDX-License-Identifier: MIT
// `jitffi bench --aarch64 DIR`, `--riscv64 DIR`: the sections of instructions per call on another
// architecture, one per architecture of kCrossArchs (tool_p.h). valgrind cannot run their code here, so a
// section counts under qemu-user (bench/instr_core.h, runQemu): DIR is a cross build of jitffi
// for that architecture with its tool (configured with cmake/toolchain-<triplet>.cmake), whose
// tools/cross-run.txt says how its programs run (the emulator command it was configured with).
// Its jitffi runs as `jitffi bench --filter RE` with JITFFI_BENCH_QEMU="N1 N2" in its
// environment, which makes it the counting child (runInstrChild), as this tool re-runs itself
// under callgrind. A section is instr_core's tables and targets for the architecture's
// convention (the same cases a–h and closures b, c, e, f as the x86-64 section; the targets of
// an interpreted build where its jitffi runs interpreted, as on RISC-V 64), a line of the chart
// and a JSON key of its own ("aarch64_instructions", "riscv64_instructions").
#include <unistd.h>

#include <fstream>

#include "bench_p.h"

namespace jitffi::tool::report {

const char* const kQemuChildEnv = "JITFFI_BENCH_QEMU";

namespace {

// What DIR/tools/cross-run.txt says (tools/CMakeLists.txt writes it): "KEY VALUE" lines.
struct CrossBuild {
  std::string processor, buildType, program;
  std::vector<std::string> emulator;  // one argument per "emulator" line
};

bool readCrossBuild(const CrossArch& arch, const std::string& dir, CrossBuild& b, std::string& error) {
  const std::string path = dir + "/tools/cross-run.txt";
  std::ifstream f(path);
  if (!f) {
    error = path + " not found: --" + arch.name + " names an " + arch.name +
            " cross build of jitffi with its tool (cmake -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-" +
            arch.triplet + ".cmake; scripts/bench.sh makes one)";
    return false;
  }
  std::string line;
  while (std::getline(f, line)) {
    const auto [key, value] = splitKeyValue(line);
    if (key == "processor") b.processor = value;
    else if (key == "build-type") b.buildType = value;
    else if (key == "program") b.program = value;
    else if (key == "emulator") b.emulator.push_back(value);
  }
  if (b.processor != arch.name) {
    error = path + ": a build for '" + b.processor + "', not " + arch.name;
    return false;
  }
  if (b.program.empty() || b.emulator.empty()) {
    error = path + ": no program or no emulator";
    return false;
  }
  return true;
}

InstrRun runCrossCounts(const CrossArch& arch, const std::string& dir, const Settings& s, bool progress) {
  InstrRun r;
  CrossBuild b;
  if (!readCrossBuild(arch, dir, b, r.why)) {
    r.state = InstrRun::State::kFailed;
    return r;
  }
  // The emulator command ends in qemu: its version, as it answers with the program's options.
  std::string cmd;
  for (const std::string& a : b.emulator) cmd += shellQuote(a) + " ";
  r.program = b.program;
  r.version = commandOutput(cmd + "--version 2>/dev/null | head -n 1");
  const std::string starting = std::string("[") + arch.name + "] starting qemu";
  runCountingChild(r, b.program, s.filter, "", kQemuChildEnv, s.qemuN1, s.qemuN2, progress, starting.c_str(),
                   [&](const auto& argv, const auto& env, std::string& error) {
                     return instr::runQemu(b.emulator, argv, env, s.qemuN1, s.qemuN2, r.counts, error);
                   });
  r.counts.program = (r.version.empty() ? std::string("qemu") : r.version) + ", running " + b.program +
                     " (" + (b.buildType.empty() ? "build type ?" : b.buildType) + ")";
  return r;
}

class CrossSection : public Section {
 public:
  explicit CrossSection(int index) : index_(index), arch_(kCrossArchs[index]) {}
  void run(const Settings& s, const Select&, std::vector<std::string>& problems) override {
    const std::string& dir = s.cross[index_];
    if (dir.empty()) return;
    instr_ = runCrossCounts(arch_, dir, s, isatty(2) != 0);
    if (instr_.state == InstrRun::State::kFailed)
      problems.push_back(std::string(instr::conventionTitle(arch_.abi)) + " instruction counts: " + instr_.why);
  }
  void markdown(const Run&, std::string& o) const override {
    if (instr_.state == InstrRun::State::kDone) o += instr::formatReport(instr_.counts, arch_.abi);
    else if (instr_.state == InstrRun::State::kFailed)
      appendf(o, "## %s: instructions per call (qemu)\n\nFAILED: %s\n\n", instr::conventionTitle(arch_.abi),
              instr_.why.c_str());
  }
  void targets(const Run&, std::vector<Target>& out) const override {
    if (instr_.state != InstrRun::State::kDone) return;
    for (auto* list : {instr::callTargets, instr::closureTargets})
      for (const instr::Target& t : list(instr_.counts, arch_.abi))
        out.push_back({"instructions", arch_.abi, t.text, t.verdict});
  }
  void chart(const Run&, std::vector<ChartLine>& out) const override {
    if (instr_.state == InstrRun::State::kDone) countPanels(instr_.counts, arch_.abi, out);
  }
  void json(const Run&, Json& j) const override {
    if (instr_.state == InstrRun::State::kSkipped) return;
    j.key(std::string(arch_.name) + "_instructions");
    instructionsJson(j, instr_, {arch_.abi});
  }

 private:
  int index_;
  const CrossArch& arch_;
  InstrRun instr_;
};

}  // namespace

std::unique_ptr<Section> crossSection(int index) { return std::make_unique<CrossSection>(index); }

}  // namespace jitffi::tool::report
