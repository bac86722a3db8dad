// SPDX-License-Identifier: MIT
// The closure benchmark's signatures (b, c, e, f of bench_cases.h) and methods, shared by
// call_bench (wall time) and instr_count (callgrind instructions), so both measure exactly the
// same code.
//
// Every call method runs the same C caller (bench_closure_callers.c) with fixed argument values;
// only what its function pointer reaches differs: the ordinary C function (direct), or a closure
// whose handler does that function's arithmetic (bench_closure_handlers.c, or a lambda for
// Closure<F>).
//
// As the call cases, every closure case exists for SysV and for Win64: then the caller makes an
// ms_abi call (bench_ccall_w64_*), direct reaches the ms_abi callee, and every closure is made
// for Abi::kWin64 (C API and libffi: an FFI_WIN64 cif). The handlers are the same C functions.
#pragma once

#include <ffi.h>

#include <array>
#include <memory>
#include <string>

#include "bench_cases.h"
#include "bench_closures.h"
#include "jitffi/closure.h"

namespace jitffi::bench {

inline constexpr int kClosureCaseCount = 4;  // b, c, e, f

using ClosureCaller = void (*)(void* fn, void* r);
using CifHandler = void (*)(ffi_cif*, void*, void**, void*);

// One signature with a live closure of every kind, prepared once. Lives in static storage.
struct ClosureCase {
  char name = 0;               // 'b', 'c', 'e', 'f'
  Case* call = nullptr;        // the call case of the same signature and ABI: ci, jCif, sCif, sys
  ClosureCaller caller = nullptr;
  void* direct = nullptr;      // the ordinary C function (bench_callee_*)
  unsigned retSize = 0;

  CifHandler cifHandler = nullptr;              // libffi's shape, ctx an ffi_cif
  ClosureHandler avHandler = nullptr;           // the same body, ctx the CallInterface
  SlotsClosureHandler slotsHandler = nullptr;

  void* capiCode = nullptr;    // jitffi's C API: ffi_closure_alloc + ffi_prep_closure_loc
  RawClosure rawAvalues;
  RawClosure rawSlots;
  std::shared_ptr<void> typed;  // the Closure<F>, type-erased
  void* typedCode = nullptr;
  void* sysCode = nullptr;     // the system libffi's closure (null: libffi not loaded)
  void* otherCode = nullptr;   // the other libffi's closure (SysV, with --libffi; else null)

  alignas(16) unsigned char result[64] = {};
};

// Builds the closure cases of both conventions (once; builds the call cases first). On failure
// returns false and sets `error`.
bool setupClosureCases(std::string& error);
std::array<ClosureCase, kClosureCaseCount>& closureCases(Abi abi = Abi::kSysV64);

enum class ClosureMethod : int {
  kDirect,      // the C caller → the ordinary C function
  kCapi,        // jitffi's C API closure, libffi-shape handler
  kRawAvalues,  // RawClosure, ClosureHandler
  kRawSlots,    // RawClosure, SlotsClosureHandler
  kTyped,       // Closure<F>::make(lambda)
  kLibffi,      // the system libffi's closure, the same handler as kCapi
  kOther,       // the other libffi's closure (setOtherLibffi), the same handler
  kMakeCapi,    // jitffi ffi_closure_alloc + ffi_prep_closure_loc + ffi_closure_free
  kMakeRaw,     // RawClosure::make (avalues handler) + its destruction
  kMakeLibffi,  // libffi ffi_closure_alloc + ffi_prep_closure_loc + ffi_closure_free
  kMakeOther,   // the same with the other libffi
  kCount,
};
inline constexpr int kClosureMethodCount = int(ClosureMethod::kCount);
inline constexpr int kClosureCallMethodCount = int(ClosureMethod::kMakeCapi);
inline constexpr bool isClosureMake(ClosureMethod m) { return m >= ClosureMethod::kMakeCapi; }

// Benchmark names: "closure/<sig>/<name>", "closure_make/<sig>/<name>", under Win64 after
// "win64/".
const char* closureMethodName(ClosureMethod m);  // e.g. "jitffi_raw_slots"
std::string closureBenchName(const ClosureCase& c, ClosureMethod m);
bool usesSystemLibffi(ClosureMethod m);
bool usesOtherLibffi(ClosureMethod m);
// Whether method m can be measured on c (the other libffi's: only with one).
bool available(const ClosureCase& c, ClosureMethod m);
// Whether the benchmarks measure method m on signature `sig` under `abi`: everything under SysV;
// under Win64 every call method, and alloc + prepare + free on b and f only (what it costs does
// not depend on the signature's scalars: one closure without structs, one with; keeps the run
// short). The other libffi's methods under the host's convention only.
bool inSet(Abi abi, char sig, ClosureMethod m);
// The closure's function pointer for a call method (direct: the ordinary C function).
void* closureCode(const ClosureCase& c, ClosureMethod m);

// Runs the method once (a make method: makes a closure, calls it, frees it) and compares the
// result with the direct call's. Returns "" or a message.
std::string verifyClosure(ClosureCase& c, ClosureMethod m);

// Hands `loop` a callable that makes one call (or one alloc + prepare + free) by method M.
// Loop-invariant values are loaded into locals first, as in drive().
template <ClosureMethod M, class Loop>
JITFFI_BENCH_INLINE void driveClosure(ClosureCase& c, Loop&& loop) {
  void* const rv = c.result;
  if constexpr (!isClosureMake(M)) {
    const ClosureCaller call = c.caller;
    void* const fn = closureCode(c, M);
    loop([&] { call(fn, rv); });
  } else if constexpr (M == ClosureMethod::kMakeCapi) {
    ffi_cif* const cif = &c.call->jCif;
    const CifHandler h = c.cifHandler;
    loop([&] {
      void* code;
      auto* cl = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code));
      (void)ffi_prep_closure_loc(cl, cif, h, nullptr, code);
      ffi_closure_free(cl);
    });
  } else if constexpr (M == ClosureMethod::kMakeRaw) {
    const CallInterface* const ci = c.call->ci;
    const ClosureHandler h = c.avHandler;
    loop([&] { auto r = RawClosure::make(ci, h, nullptr); });
  } else if constexpr (M == ClosureMethod::kMakeLibffi || M == ClosureMethod::kMakeOther) {
    constexpr bool kOtherLib = M == ClosureMethod::kMakeOther;
    ffi_cif* const cif = kOtherLib ? &c.call->oCif : &c.call->sCif;
    const test::SysFfi* const lib = kOtherLib ? c.call->other : c.call->sys;
    const CifHandler h = c.cifHandler;
    const auto alloc = lib->closure_alloc;
    const auto prep = lib->prep_closure_loc;
    const auto release = lib->closure_free;
    loop([&] {
      void* code;
      auto* cl = static_cast<ffi_closure*>(alloc(sizeof(ffi_closure), &code));
      (void)prep(cl, cif, h, nullptr, code);
      release(cl);
    });
  } else {
    static_assert(M != M, "unknown closure method");
  }
}

// Calls f.template operator()<M>() with the method as a compile-time constant.
template <class F>
void withClosureMethod(ClosureMethod m, F&& f) {
  switch (m) {
    case ClosureMethod::kDirect: f.template operator()<ClosureMethod::kDirect>(); break;
    case ClosureMethod::kCapi: f.template operator()<ClosureMethod::kCapi>(); break;
    case ClosureMethod::kRawAvalues: f.template operator()<ClosureMethod::kRawAvalues>(); break;
    case ClosureMethod::kRawSlots: f.template operator()<ClosureMethod::kRawSlots>(); break;
    case ClosureMethod::kTyped: f.template operator()<ClosureMethod::kTyped>(); break;
    case ClosureMethod::kLibffi: f.template operator()<ClosureMethod::kLibffi>(); break;
    case ClosureMethod::kOther: f.template operator()<ClosureMethod::kOther>(); break;
    case ClosureMethod::kMakeCapi: f.template operator()<ClosureMethod::kMakeCapi>(); break;
    case ClosureMethod::kMakeRaw: f.template operator()<ClosureMethod::kMakeRaw>(); break;
    case ClosureMethod::kMakeLibffi: f.template operator()<ClosureMethod::kMakeLibffi>(); break;
    case ClosureMethod::kMakeOther: f.template operator()<ClosureMethod::kMakeOther>(); break;
    case ClosureMethod::kCount: break;
  }
}

}  // namespace jitffi::bench
