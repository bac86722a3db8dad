// SPDX-License-Identifier: MIT
// Wall time of one call per (signature, method): direct, jitffi's stub shapes, jitffi's and
// libffi's ffi_call, prep_cif (+call), and the cost of building a stub on a cache miss.
//
// Names (filter with --benchmark_filter, anchored regexes work best):
//   call/<sig>/<method>       sig a–h; method direct, jitffi_avalues, jitffi_avalues_raw,
//                             jitffi_slots, jitffi_slots_raw, jitffi_bound, jitffi_ffi_call,
//                             libffi_ffi_call
//   prepcall/<sig>/<jitffi|libffi>   ffi_prep_cif then ffi_call, every iteration
//   prep/<sig>/<jitffi|libffi>       ffi_prep_cif alone (jitffi: a cache hit)
//   get/e/hit                        CallInterface::get on a cached signature
//   build/miss                       CallInterface::get on a signature never seen before
//                                    (10 arguments; build/miss6: 6 arguments)
//   build/miss_prep_cif              jitffi's ffi_prep_cif on a signature never seen before
//   build/bind                       CallInterface::bind (a new bound stub, then its release)
//   closure/<sig>/<method>           sig b, c, e, f: one call by a C caller through a function
//                                    pointer; method direct (an ordinary C function),
//                                    jitffi_capi, jitffi_raw_avalues, jitffi_raw_slots,
//                                    jitffi_typed, libffi
//   closure_make/<sig>/<jitffi_capi|jitffi_raw|libffi>   alloc + prepare + free of a closure
//                                    (jitffi: the signature's entry already built)
//   win64/call/<sig>/<method>        the same calls with the Microsoft x64 convention (ms_abi
//                                    callees, Abi::kWin64, FFI_WIN64 cifs); the methods of
//                                    jb::inSet: direct, jitffi_avalues, jitffi_slots,
//                                    jitffi_bound, jitffi_ffi_call, libffi_ffi_call
//   win64/closure/<sig>/<method>     the closures, called by ms_abi C callers
//   win64/closure_make/<b|f>/<jitffi_capi|jitffi_raw|libffi>
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "bench_cases.h"
#include "bench_closure_cases.h"

namespace jb = jitffi::bench;
using jitffi::CallInterface;
using jitffi::Signature;

namespace {

// ---- cache misses: signatures nobody has built yet ---------------------------------------------

// Iterations are fixed (see registration): that many fresh signatures are made up front, so only
// the build is timed.
void BM_miss(benchmark::State& state, jb::Miss m) {
  jb::MissBatch batch(m);
  batch.prepare(unsigned(state.max_iterations));
  unsigned i = 0;
  for (auto _ : state) {
    if (!batch.make(i++)) {
      state.SkipWithError(batch.error().c_str());
      break;
    }
  }
}

void BM_bind(benchmark::State& state) {
  const jb::Case& c = jb::cases()[4];  // e
  for (auto _ : state) {
    auto b = c.ci->bind(c.fn);
    if (!b) {
      state.SkipWithError(b.error().toString().c_str());
      break;
    }
    benchmark::DoNotOptimize(b->stub());
  }
}

void BM_getHit(benchmark::State& state) {
  const jb::Case& c = jb::cases()[4];  // e
  const Signature sig = c.ci->signature();
  for (auto _ : state) {
    auto ci = CallInterface::get(sig);
    benchmark::DoNotOptimize(*ci);
  }
}

// ---- calls ---------------------------------------------------------------------------------

void registerCase(jb::Case& c, jb::Method m) {
  std::string err = jb::verify(c, m);
  if (!err.empty()) std::fprintf(stderr, "call_bench: %s\n", err.c_str());
  benchmark::RegisterBenchmark(jb::benchName(c, m).c_str(), [&c, m, err](benchmark::State& state) {
    if (!err.empty()) {
      state.SkipWithError(err.c_str());
      return;
    }
    jb::withMethod(m, [&]<jb::Method M>() {
      jb::drive<M>(c, [&](auto&& once) {
        for (auto _ : state) once();
      });
    });
  })->Unit(benchmark::kNanosecond)->UseRealTime();
}

// ---- closures ------------------------------------------------------------------------------

void registerClosureCase(jb::ClosureCase& c, jb::ClosureMethod m) {
  std::string err = jb::verifyClosure(c, m);
  if (!err.empty()) std::fprintf(stderr, "call_bench: %s\n", err.c_str());
  benchmark::RegisterBenchmark(jb::closureBenchName(c, m).c_str(), [&c, m, err](benchmark::State& state) {
    if (!err.empty()) {
      state.SkipWithError(err.c_str());
      return;
    }
    jb::withClosureMethod(m, [&]<jb::ClosureMethod M>() {
      jb::driveClosure<M>(c, [&](auto&& once) {
        for (auto _ : state) once();
      });
    });
  })->Unit(benchmark::kNanosecond)->UseRealTime();
}

}  // namespace

// Every benchmark runs on real time (iteration counts and --benchmark_min_time included), so a
// run takes the same time on a loaded machine; CPU time is reported beside it.
int main(int argc, char** argv) {
  std::string error;
  if (!jb::setupCases(error)) {
    std::fprintf(stderr, "call_bench: setup failed: %s\n", error.c_str());
    return 1;
  }
  auto& cs = jb::cases();
  // Signature-major order: the methods compared with each other run close together in time.
  for (auto& c : cs)
    for (int m = 0; m < jb::kCallMethodCount; ++m) registerCase(c, jb::Method(m));
  for (auto& c : cs)
    for (jb::Method m : {jb::Method::kPrepCallJ, jb::Method::kPrepCallS}) registerCase(c, m);
  for (auto& c : cs)
    for (jb::Method m : {jb::Method::kPrepJ, jb::Method::kPrepS}) registerCase(c, m);
  benchmark::RegisterBenchmark("get/e/hit", BM_getHit)->Unit(benchmark::kNanosecond)->UseRealTime();
  // Fixed iteration counts: each iteration creates an interface that lives for the process.
  for (int m = 0; m < jb::kMissCount; ++m)
    benchmark::RegisterBenchmark(jb::missName(jb::Miss(m)), BM_miss, jb::Miss(m))
        ->Iterations(2000)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  benchmark::RegisterBenchmark("build/bind", BM_bind)->Unit(benchmark::kMicrosecond)->UseRealTime();
  if (jb::kBenchAbiCount > 1) {
    for (auto& c : jb::cases(jitffi::Abi::kWin64))
      for (int m = 0; m < jb::kCallMethodCount; ++m)
        if (jb::inSet(jitffi::Abi::kWin64, jb::Method(m))) registerCase(c, jb::Method(m));
  }
  if (!jb::setupClosureCases(error)) {
    std::fprintf(stderr, "call_bench: closure setup failed: %s\n", error.c_str());
    return 1;
  }
  for (jitffi::Abi abi : jb::kBenchAbis)
    for (auto& c : jb::closureCases(abi))
      for (int m = 0; m < jb::kClosureMethodCount; ++m)
        if (jb::inSet(abi, c.name, jb::ClosureMethod(m))) registerClosureCase(c, jb::ClosureMethod(m));

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
