// SPDX-License-Identifier: MIT
// `jitffi bench`: the in-process measurements made from bench/'s cases (bench_cases.h,
// bench_closure_cases.h): calls a–h per method, ffi_prep_cif and prep+call, closure calls and
// closure alloc + prepare + free, and stub builds on cache misses.
#include "bench_p.h"

#include <algorithm>

namespace jitffi::tool::report {
namespace {

using CM = jb::ClosureMethod;
using jb::Method;

// The measured loops: the same shape as instr_core's (a down-counter and an empty asm statement
// per iteration, the loop-invariant values loaded by drive()).
template <Method M>
__attribute__((noinline)) void callLoop(void* ctx, uint64_t n) {
  jb::drive<M>(*static_cast<jb::Case*>(ctx), [n](auto&& once) {
    for (uint64_t i = n; i != 0; --i) {
      asm volatile("");
      once();
    }
  });
}

template <CM M>
__attribute__((noinline)) void closureLoop(void* ctx, uint64_t n) {
  jb::driveClosure<M>(*static_cast<jb::ClosureCase*>(ctx), [n](auto&& once) {
    for (uint64_t i = n; i != 0; --i) {
      asm volatile("");
      once();
    }
  });
}

// "call" of "call/e/direct" and of "win64/call/e/direct".
std::string groupOf(const std::string& name) {
  const size_t start = name.rfind("win64/", 0) == 0 ? 6 : 0;
  return name.substr(start, name.find('/', start) - start);
}

Measurement callMeasurement(jb::Case& c, Method m) {
  Measurement r;
  r.name = jb::benchName(c, m);
  r.abi = c.abi;
  r.group = groupOf(r.name);
  r.sig = c.name;
  r.method = jb::methodName(m);
  r.ctx = &c;
  jb::withMethod(m, [&]<Method M>() { r.runner = &callLoop<M>; });
  if (jb::usesSystemLibffi(m) && !c.sys) {
    r.state = State::kUnavailable;
    r.message = "the system libffi is not loaded";
  }
  r.verify = [&c, m] { return jb::verify(c, m); };
  return r;
}

Measurement closureMeasurement(jb::ClosureCase& c, CM m) {
  Measurement r;
  r.name = jb::closureBenchName(c, m);
  r.abi = c.call->abi;
  r.group = groupOf(r.name);
  r.sig = c.name;
  r.method = jb::closureMethodName(m);
  r.ctx = &c;
  jb::withClosureMethod(m, [&]<CM M>() { r.runner = &closureLoop<M>; });
  if (jb::usesSystemLibffi(m) && !c.call->sys) {
    r.state = State::kUnavailable;
    r.message = "the system libffi is not loaded";
  }
  r.verify = [&c, m] { return jb::verifyClosure(c, m); };
  return r;
}

// ---- cache misses: signatures nobody has built yet ---------------------------------------------

// One repetition of a build/* measurement: `batch` new signatures of one kind, each built and
// timed alone (into m.items); the mean per item, the batch's page faults (into m.itemFaults: the
// pages populated ahead count, madvise takes a fault for each) and the memory it took (into
// m.itemMemoryBytes).
//
// No system call between the items: where the kernel isolates its page tables (PTI) and the CPU
// has no PCID, each one empties the TLB and the next miss pays for walking its pages again
// (docs/design.md, "Wall time and first-touch page faults"). So the faults are counted around
// the batch, not around each item.
bool sampleMiss(jb::Miss kind, Measurement& m, unsigned batch, double& realNs, double& cpuNs) {
  jb::MissBatch b(kind);
  b.prepare(batch);
  m.items.reserve(m.items.size() + batch);  // (no allocation of the bench's own while measured)
  const double memory0 = memoryInUse();
  const long f0 = threadPageFaults();
  const double c0 = threadCpuNs(), t0 = monoNs();
  for (unsigned i = 0; i < batch; ++i) {
    const double s0 = monoNs();
    const bool ok = b.make(i);
    m.items.push_back(monoNs() - s0);
    if (!ok) {
      m.message = b.error();
      return false;
    }
  }
  realNs = (monoNs() - t0) / batch;
  cpuNs = (threadCpuNs() - c0) / batch;
  m.itemFaults += size_t(std::max(0L, threadPageFaults() - f0));  // (0 if getrusage failed)
  m.itemMemoryBytes += memoryInUse() - memory0;
  return true;
}

Measurement buildMeasurement(jb::Miss kind) {
  Measurement m;
  m.group = "build";
  m.sig = '-';
  m.name = jb::missName(kind);
  m.method = m.name.substr(m.name.find('/') + 1);
  m.batch = [kind](Measurement& m, unsigned batch, double& realNs, double& cpuNs) {
    return sampleMiss(kind, m, batch, realNs, cpuNs);
  };
  return m;
}

}  // namespace

void addCaseMeasurements(Measurements& list, Abi abi) {
  // Under Win64 the methods of jb::inSet, in the same order.
  for (jb::Case& c : jb::cases(abi)) {
    std::vector<Measurement> g;
    for (int mi = 0; mi < jb::kCallMethodCount; ++mi)
      if (jb::inSet(abi, Method(mi))) g.push_back(callMeasurement(c, Method(mi)));
    // The other libffi's (--libffi) in the same group: interleaved with the system's.
    for (Method m : jb::kOtherMethods)
      if (jb::inSet(abi, m) && jb::available(c, m)) g.push_back(callMeasurement(c, m));
    list.addGroup(std::move(g));
  }
  // errno at the call (compared with the plain calls above).
  for (jb::Case& c : jb::cases(abi)) {
    std::vector<Measurement> g;
    for (Method m : jb::kErrnoMethods) g.push_back(callMeasurement(c, m));
    list.addGroup(std::move(g));
  }
  if (abi == kHostAbi) {
    for (jb::Case& c : jb::cases(abi)) {
      std::vector<Measurement> g;
      for (Method m : {Method::kPrepJ, Method::kPrepS, Method::kPrepCallJ, Method::kPrepCallS})
        g.push_back(callMeasurement(c, m));
      list.addGroup(std::move(g));
    }
    std::vector<Measurement> g;
    for (int k = 0; k < jb::kMissCount; ++k) g.push_back(buildMeasurement(jb::Miss(k)));
    list.addGroup(std::move(g));
  }
  for (jb::ClosureCase& c : jb::closureCases(abi)) {
    std::vector<Measurement> g;
    for (int mi = 0; mi < jb::kClosureCallMethodCount; ++mi)
      if (jb::inSet(abi, c.name, CM(mi)) && jb::available(c, CM(mi))) g.push_back(closureMeasurement(c, CM(mi)));
    list.addGroup(std::move(g));
  }
  for (jb::ClosureCase& c : jb::closureCases(abi)) {
    std::vector<Measurement> g;
    for (CM m : {CM::kMakeCapi, CM::kMakeRaw, CM::kMakeLibffi, CM::kMakeOther})
      if (jb::inSet(abi, c.name, m) && jb::available(c, m)) g.push_back(closureMeasurement(c, m));
    list.addGroup(std::move(g));
  }
}

}  // namespace jitffi::tool::report
