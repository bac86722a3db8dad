// SPDX-License-Identifier: MIT
// `jitffi bench`: the report's sections, and their order (reportSections). A new section is a
// Section subclass in a file of its own and one line in reportSections.
#include "bench_p.h"

namespace jitffi::tool::report {
namespace {

// One convention's wall-time part: calls, ffi_prep_cif and stub builds (SysV), closures,
// closure alloc + prepare + free, the wall-time targets and the chart's panels.
class ConventionSection : public Section {
 public:
  explicit ConventionSection(Abi abi) : abi_(abi) {}
  void addMeasurements(Measurements& list) override { addCaseMeasurements(list, abi_); }
  void markdown(const Run& r, std::string& o) const override {
    conventionTables(r, abi_, o);
    wallTargetList(r, abi_, o);
  }
  void targets(const Run& r, std::vector<Target>& out) const override {
    for (Target& t : wallTargets(r, abi_)) out.push_back(std::move(t));
  }
  void chart(const Run& r, std::vector<ChartLine>& out) const override { conventionPanels(r, abi_, out); }

 private:
  Abi abi_;
};

// One convention's instruction counts (instr_core's tables and targets), when counted.
class InstructionSection : public Section {
 public:
  explicit InstructionSection(Abi abi) : abi_(abi) {}
  void markdown(const Run& r, std::string& o) const override {
    if (r.instr.state == InstrRun::State::kDone) o += instr::formatReport(r.instr.counts, abi_);
  }
  void targets(const Run& r, std::vector<Target>& out) const override {
    if (r.instr.state != InstrRun::State::kDone) return;
    for (auto* list : {instr::callTargets, instr::closureTargets})
      for (const instr::Target& t : list(r.instr.counts, abi_)) out.push_back({"instructions", abi_, t.text, t.verdict});
  }

 private:
  Abi abi_;
};

// What went wrong: failed measurements, files not written.
class ProblemsSection : public Section {
 public:
  void markdown(const Run& r, std::string& o) const override {
    if (r.problems.empty()) return;
    appendf(o, "## Problems\n\n");
    for (const std::string& p : r.problems) appendf(o, "- %s\n", p.c_str());
    appendf(o, "\n");
  }
  void json(const Run& r, Json& j) const override {
    j.key("problems").beginArray();
    for (const std::string& p : r.problems) j.value(p);
    j.endArray();
  }
};

}  // namespace

Sections reportSections() {
  Sections s;
  // The host's convention first, with the problems; then each other convention measured.
  s.push_back(std::make_unique<ConventionSection>(jb::kBenchAbis[0]));
  s.push_back(std::make_unique<ProblemsSection>());
  s.push_back(std::make_unique<InstructionSection>(jb::kBenchAbis[0]));
  s.push_back(otherLibffiSection());
  s.push_back(clientsSection());
  for (int i = 1; i < jb::kBenchAbiCount; ++i) {
    s.push_back(std::make_unique<ConventionSection>(jb::kBenchAbis[i]));
    s.push_back(std::make_unique<InstructionSection>(jb::kBenchAbis[i]));
  }
  // Then the other architectures' instruction counts, when their cross builds are given.
  for (int i = 0; i < kCrossArchCount; ++i) s.push_back(crossSection(i));
  return s;
}

}  // namespace jitffi::tool::report
