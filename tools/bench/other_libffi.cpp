// SPDX-License-Identifier: MIT
// `jitffi bench --libffi PATH`: another libffi (a libffi 3.8 build, say) next to the system's and
// jitffi: its ffi_call, its call plans (ffi_call_plan_invoke, libffi 3.7 and later) and its
// closures, in wall time and instructions, with its version. The measurements themselves are
// bench/'s methods (Method::kFfiCallO, kPlanO, ClosureMethod::kOther, kMakeOther), timed in the
// same groups as the system libffi's (cases.cpp) and counted in the same callgrind run; this file
// reports them. Given the system libffi's own path, the other library is the same one again:
// its figures must then be the system's, which the section checks.
#include <climits>
#include <cstdlib>

#include "bench_p.h"

namespace jitffi::tool::report {
namespace {

using CM = jb::ClosureMethod;
using jb::Method;

std::string realPath(const std::string& p) {
  char buf[PATH_MAX];
  return realpath(p.c_str(), buf) ? std::string(buf) : p;
}

struct OtherFacts {
  std::string path, real, version;
  unsigned long versionNumber = 0;
  bool plans = false, sameAsSystem = false;
};

OtherFacts otherFacts(const Run& r) {
  OtherFacts f;
  const test::SysFfi* o = jb::otherLibffi();
  f.path = r.settings.libffi;
  f.real = realPath(f.path);
  if (o && o->get_version) f.version = o->get_version();
  if (o && o->get_version_number) f.versionNumber = o->get_version_number();
  f.plans = o && o->call_plan_alloc && o->call_plan_invoke;
#if defined(JITFFI_SYSTEM_LIBFFI)
  f.sameAsSystem = f.real == realPath(JITFFI_SYSTEM_LIBFFI);
#endif
  return f;
}

std::string versionText(const OtherFacts& f) {
  if (f.version.empty()) return "unknown (no ffi_get_version: a libffi before 3.5)";
  std::string v = f.version;
  if (f.versionNumber) v += " (ffi_get_version_number " + std::to_string(f.versionNumber) + ")";
  return v;
}

// The largest difference between the other libffi's instruction counts and the system's, over
// the methods both have (ffi_call, closure calls, alloc + prepare + free); NAN when none counted.
double largestDifference(const Run& r) {
  if (r.instr.state != InstrRun::State::kDone) return NAN;
  const instr::Counts& c = r.instr.counts;
  double worst = NAN;
  auto note = [&](double a, double b) {
    const double d = std::fabs(a - b);
    if (!std::isnan(d) && (std::isnan(worst) || d > worst)) worst = d;
  };
  for (const jb::Case& k : jb::cases()) note(c.perCall(k.name, Method::kFfiCallO), c.perCall(k.name, Method::kFfiCallS));
  for (const jb::ClosureCase& k : jb::closureCases()) {
    note(c.perCall(k.name, CM::kOther), c.perCall(k.name, CM::kLibffi));
    note(c.perCall(k.name, CM::kMakeOther), c.perCall(k.name, CM::kMakeLibffi));
  }
  return worst;
}

constexpr std::initializer_list<const char*> kClosureCols = {"jitffi_capi", "libffi", "other"};

class OtherLibffiSection : public Section {
 public:
  void markdown(const Run& r, std::string& o) const override {
    if (r.settings.libffi.empty()) return;
    const OtherFacts f = otherFacts(r);
    const bool counted = r.instr.state == InstrRun::State::kDone;
    appendf(o, "## Another libffi (--libffi)\n\n");
    appendf(o, "- %s%s, version %s\n", f.path.c_str(), f.real == f.path ? "" : (" → " + f.real).c_str(),
            versionText(f).c_str());
    appendf(o, "- call plans (ffi_call_plan_alloc / ffi_call_plan_invoke): %s\n",
            f.plans ? "exported, measured (a plan per signature, made once)" : "not exported (not measured)");
    appendf(o,
            "- measured under SysV only, in the same groups (interleaved) as the system libffi and "
            "with the same handlers; its cifs are prepared with its own ffi_type objects\n");
    if (f.sameAsSystem) {
      appendf(o,
              "- this is the system libffi's own file: loaded again it is the same library, so its "
              "figures must equal the system libffi's (wall times within noise)\n");
    }
    appendf(o, "\n");

    // Calls: a table in wall time, then one in instructions; the plan columns when it has plans;
    // the signatures measured (--filter).
    static constexpr const char* kCallCols[] = {"jitffi_ffi_call", "libffi_ffi_call", "other_ffi_call", "other_plan"};
    appendf(o, "Calls (ns per call, median%s):\n\n", counted ? "; then instructions per call" : "");
    auto callTable = [&](auto value, auto cell) {
      appendf(o, "| sig | jitffi `ffi_call` | libffi `ffi_call` (system) | other `ffi_call` |%s other ÷ system "
                 "(`ffi_call`) | other `ffi_call` ÷ jitffi |%s\n",
              f.plans ? " other call plan |" : "", f.plans ? " other plan ÷ jitffi |" : "");
      appendf(o, "|---|---:|---:|---:|---:|---:|%s\n", f.plans ? "---:|---:|" : "");
      for (const jb::Case& c : jb::cases()) {
        const std::string p = std::string("call/") + c.name + "/";
        if (!r.rowPresent(p, kCallCols)) continue;
        const double j = value(p, c.name, Method::kFfiCallJ), s = value(p, c.name, Method::kFfiCallS),
                     x = value(p, c.name, Method::kFfiCallO), pl = value(p, c.name, Method::kPlanO);
        appendf(o, "| %c | %s | %s | %s |", c.name, cell(p + "jitffi_ffi_call", j).c_str(),
                cell(p + "libffi_ffi_call", s).c_str(), cell(p + "other_ffi_call", x).c_str());
        if (f.plans) appendf(o, " %s |", cell(p + "other_plan", pl).c_str());
        appendf(o, " %s | %s |", fmtRatio(x, s, 2).c_str(), fmtRatio(x, j).c_str());
        if (f.plans) appendf(o, " %s |", fmtRatio(pl, j).c_str());
        appendf(o, "\n");
      }
      appendf(o, "\n");
    };
    callTable([&](const std::string& p, char, Method m) { return r.ns(p + jb::methodName(m)); },
              [&](const std::string& name, double) { return r.cell(name); });
    if (counted) {
      callTable([&](const std::string&, char sig, Method m) { return r.instr.counts.perCall(sig, m); },
                [](const std::string&, double v) { return instr::formatCount(v); });
    }

    // Closures: calls, then alloc + prepare + free.
    appendf(o, "Closures (ns per call, median%s; alloc + prepare + free in the last three columns):\n\n",
            counted ? "; then instructions" : "");
    auto closureTable = [&](auto value, auto cell) {
      appendf(o,
              "| sig | jitffi C API | libffi closure (system) | other closure | other ÷ system | other ÷ "
              "jitffi | make: jitffi C API | make: libffi (system) | make: other |\n");
      appendf(o, "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (const jb::ClosureCase& c : jb::closureCases()) {
        const std::string p = std::string("closure/") + c.name + "/", q = std::string("closure_make/") + c.name + "/";
        if (!r.rowPresent(p, kClosureCols) && !r.rowPresent(q, kClosureCols)) continue;
        const double j = value(p + "jitffi_capi", c.name, CM::kCapi), s = value(p + "libffi", c.name, CM::kLibffi),
                     x = value(p + "other", c.name, CM::kOther);
        appendf(o, "| %c | %s | %s | %s | %s | %s | %s | %s | %s |\n", c.name,
                cell(p + "jitffi_capi", j).c_str(), cell(p + "libffi", s).c_str(), cell(p + "other", x).c_str(),
                fmtRatio(x, s, 2).c_str(), fmtRatio(x, j).c_str(),
                cell(q + "jitffi_capi", value(q + "jitffi_capi", c.name, CM::kMakeCapi)).c_str(),
                cell(q + "libffi", value(q + "libffi", c.name, CM::kMakeLibffi)).c_str(),
                cell(q + "other", value(q + "other", c.name, CM::kMakeOther)).c_str());
      }
      appendf(o, "\n");
    };
    closureTable([&](const std::string& name, char, CM) { return r.ns(name); },
                 [&](const std::string& name, double) { return r.cell(name); });
    if (counted) {
      closureTable([&](const std::string&, char sig, CM m) { return r.instr.counts.perCall(sig, m); },
                   [](const std::string&, double v) { return instr::formatCount(v); });
    }

    if (f.sameAsSystem) {
      const double d = largestDifference(r);
      if (!std::isnan(d))
        appendf(o,
                "- check: the other library is the system's: its instruction counts differ from the "
                "system libffi's by at most %s on every signature (calls, closures, alloc + prepare + "
                "free) — %s\n\n",
                instr::formatCount(d).c_str(), d < 0.5 ? "PASS" : "FAIL");
    }
  }

  void targets(const Run& r, std::vector<Target>& out) const override {
    if (r.settings.libffi.empty() || !otherFacts(r).sameAsSystem) return;
    const double d = largestDifference(r);
    Target t;
    t.kind = "instructions";
    appendf(t.text, "--libffi given the system libffi: the same instruction counts as the system's: largest difference %s",
            instr::formatCount(d).c_str());
    t.verdict = std::isnan(d) ? instr::Verdict::kNotMeasured : d < 0.5 ? instr::Verdict::kPass : instr::Verdict::kFail;
    out.push_back(std::move(t));
  }

  void json(const Run& r, Json& j) const override {
    if (r.settings.libffi.empty()) return;
    const OtherFacts f = otherFacts(r);
    j.key("other_libffi").beginObject();
    j.key("path").value(f.path);
    j.key("realpath").value(f.real);
    j.key("version").value(f.version.empty() ? nullptr : f.version.c_str());
    j.key("version_number").value(uint64_t(f.versionNumber));
    j.key("call_plans").value(f.plans);
    j.key("same_as_system").value(f.sameAsSystem);
    j.endObject();
  }
};

}  // namespace

std::unique_ptr<Section> otherLibffiSection() { return std::make_unique<OtherLibffiSection>(); }

}  // namespace jitffi::tool::report
