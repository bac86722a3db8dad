// SPDX-License-Identifier: MIT
// The benchmark's signatures (a–h) and call methods, shared by call_bench (wall time) and
// instr_count (callgrind instructions), so both measure exactly the same code.
//
// Every signature exists with the host's convention (System V x86-64, AAPCS64), and on an x86-64
// host also with the Microsoft x64 one (Abi::kWin64, FFI_WIN64), whose callees and direct floor
// are gcc ms_abi functions (bench_callees.h, BENCH_WIN64). The Win64 measurements' names start
// with "win64/".
#pragma once

#include <ffi.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "bench_callees.h"
#include "jitffi/call.h"
#include "support/sysffi.h"

#define JITFFI_BENCH_INLINE inline __attribute__((always_inline))

namespace jitffi::bench {

inline constexpr unsigned kMaxArgs = 12;
inline constexpr int kCaseCount = 8;

using DirectFn = void (*)(void* fn, void** av, void* r);

// The conventions measured, in report order: the host's, and Microsoft x64 called from it.
#if BENCH_WIN64
inline constexpr int kBenchAbiCount = 2;
inline constexpr Abi kBenchAbis[kBenchAbiCount] = {kHostAbi, Abi::kWin64};
#else
inline constexpr int kBenchAbiCount = 1;
inline constexpr Abi kBenchAbis[kBenchAbiCount] = {kHostAbi};
#endif
// The measurement names' prefix of an ABI: "" (the host's) or "win64/".
const char* abiPrefix(Abi abi);
// "SysV", "AAPCS64", "LP64D" or "Win64" (report titles).
const char* abiTitle(Abi abi);

// One signature with everything each method needs, prepared once. Lives in static storage and
// never moves (avalues and slots point into it).
struct Case {
  char name = 0;           // 'a'..'h'
  Abi abi = kHostAbi;      // the host's or kWin64 (then fn is an ms_abi function)
  ffi_abi ffiAbi = FFI_DEFAULT_ABI;  // the cifs' ABI: FFI_DEFAULT_ABI or FFI_WIN64
  std::string text;        // jitffi's signature text
  Fn fn = nullptr;         // the real callee
  DirectFn direct = nullptr;
  unsigned nargs = 0;
  unsigned retSize = 0;    // bytes of the C return value (0: void)

  alignas(16) unsigned char argData[kMaxArgs][32] = {};
  void* av[kMaxArgs] = {};      // libffi's avalues
  // The system libffi's own copy of av: libffi 3.4's x86-64 ffi_call overwrites avalue[i] of a
  // struct argument larger than 16 bytes with the address of its own stack copy (a dangling
  // pointer once it returns). Refreshed from av before each libffi run.
  void* sAv[kMaxArgs] = {};
  uint64_t slots[kMaxArgs] = {};  // the interpreter shape
  alignas(16) unsigned char result[64] = {};

  const CallInterface* ci = nullptr;
  // The same signature with each errno mode (CallOptions): kErrnoCapture, kErrnoSet.
  const CallInterface* ciCapture = nullptr;
  const CallInterface* ciSetErrno = nullptr;
  BoundCall bound;
  // The C++ API's typed calls (kTyped, kInvoke): a C++ function per signature that loads the
  // arguments from av, as the direct floor's C function does, and makes the call.
  using CppCall = void (*)(const CallInterface* ci, Fn fn, void** av, void* r);
  CppCall typed = nullptr, invoke = nullptr;

  // jitffi's C API: its own ffi_type objects.
  ffi_type* jRtype = nullptr;
  ffi_type* jAtypes[kMaxArgs] = {};
  ffi_cif jCif{};
  // The system libffi: the system's own ffi_type objects (null sys: libffi not loaded).
  const test::SysFfi* sys = nullptr;
  ffi_type* sRtype = nullptr;
  ffi_type* sAtypes[kMaxArgs] = {};
  ffi_cif sCif{};
  // Another libffi (`jitffi bench --libffi PATH`, the host's convention only; null other:
  // none), likewise, with its call plan when it has plans, and its own copy of av (as sAv).
  const test::SysFfi* other = nullptr;
  ffi_type* oRtype = nullptr;
  ffi_type* oAtypes[kMaxArgs] = {};
  ffi_cif oCif{};
  ffi_call_plan* oPlan = nullptr;
  void* oAv[kMaxArgs] = {};
};

// Another libffi to measure next to the system's (`jitffi bench --libffi PATH`): loaded before
// setupCases, which then prepares its cifs (and plans) too. On failure returns false and sets
// `error`.
bool setOtherLibffi(const std::string& path, std::string& error);
// The other libffi, or null.
const test::SysFfi* otherLibffi();

// Builds the cases of both conventions (once). On failure returns false and sets `error`.
bool setupCases(std::string& error);
std::array<Case, kCaseCount>& cases(Abi abi = kHostAbi);

enum class Method : int {
  kDirect,
  kAvalues,     // ci->call
  kAvaluesRaw,  // ci->avaluesStub() held in a local
  kSlots,       // ci->callSlots
  kSlotsRaw,    // ci->slotsStub() held in a local
  kBound,       // BoundCall::operator()
  kTyped,       // the typed interface of CallInterface::of<F> (checked when compiled)
  kInvoke,      // CallInterface::invoke<R> (checked when it runs)
  kFfiCallJ,    // jitffi's ffi_call
  kFfiCallS,    // the system libffi's ffi_call
  kPrepCallJ,   // jitffi ffi_prep_cif (cache hit) + ffi_call, every call
  kPrepCallS,   // libffi ffi_prep_cif + ffi_call, every call
  kPrepJ,       // jitffi ffi_prep_cif alone (cache hit)
  kPrepS,       // libffi ffi_prep_cif alone
  kFfiCallO,    // the other libffi's ffi_call (setOtherLibffi)
  kPlanO,       // the other libffi's ffi_call_plan_invoke (libffi 3.7 and later)
  kErrnoCapture,  // ci->call(..., errno) on the kCapture interface: the stub reads errno after
  kErrnoSet,      // the same on the kSetAndCapture interface: it also sets errno before
  kErrnoCallJ,    // jitffi_call_errno (set and capture) on jitffi's cif
  kCount,
};
inline constexpr int kMethodCount = int(Method::kCount);
inline constexpr int kCallMethodCount = int(Method::kPrepCallJ);  // the plain-call methods
// The errno methods, each measured against the plain call of its API (errnoBaseline).
inline constexpr Method kErrnoMethods[] = {Method::kErrnoCapture, Method::kErrnoSet, Method::kErrnoCallJ};
inline constexpr Method errnoBaseline(Method m) {
  return m == Method::kErrnoCallJ ? Method::kFfiCallJ : Method::kAvalues;
}

// Benchmark-name parts: "call/<sig>/<callName>", "prepcall/<sig>/<jitffi|libffi>",
// "prep/<sig>/<jitffi|libffi>"; under Win64 the same after "win64/" ("win64/call/e/direct").
const char* methodName(Method m);   // e.g. "jitffi_avalues"
const char* methodTitle(Method m);  // a report column's title, e.g. "jitffi avalues"
// The plain-call methods in the reports' column order.
inline constexpr Method kCallMethods[] = {Method::kDirect,  Method::kAvalues, Method::kAvaluesRaw,
                                          Method::kSlots,   Method::kSlotsRaw, Method::kBound,
                                          Method::kTyped,   Method::kInvoke,   Method::kFfiCallJ,
                                          Method::kFfiCallS};
// The other libffi's methods, in the reports' column order (not in kCallMethods: measured only
// with --libffi).
inline constexpr Method kOtherMethods[] = {Method::kFfiCallO, Method::kPlanO};
std::string benchName(const Case& c, Method m);
bool usesSystemLibffi(Method m);
bool usesOtherLibffi(Method m);
// Whether method m can be measured on c: false for the other libffi's methods without one (or
// for its plans, without plans).
bool available(const Case& c, Method m);
// Whether the benchmarks measure method m under `abi`: every method under the host's; under Win64 the
// plain calls except the raw-stub variants (the same stub as ci->call, held by the caller: no
// ABI question of their own), no ffi_prep_cif (a cache lookup that does not depend on the ABI),
// nothing of the other libffi.
bool inSet(Abi abi, Method m);

// Runs the method once and compares the result with the direct call's. Returns "" or a message.
std::string verify(Case& c, Method m);

// Hands `loop` a callable that makes one call by method M. Everything loop-invariant (function,
// interface, stub pointers, argument arrays) is loaded into locals first, as a caller making
// many calls of one signature would hold them; what each API loads per call stays per call.
template <Method M, class Loop>
JITFFI_BENCH_INLINE void drive(Case& c, Loop&& loop) {
  const Fn fn = c.fn;
  void* const rv = c.result;
  void** const av = c.av;
  const CallInterface* const ci = c.ci;
  if constexpr (M == Method::kDirect) {
    const DirectFn d = c.direct;
    void* const f = reinterpret_cast<void*>(fn);
    loop([&] { d(f, av, rv); });
  } else if constexpr (M == Method::kAvalues) {
    loop([&] { ci->call(fn, rv, av); });
  } else if constexpr (M == Method::kAvaluesRaw) {
    const AvaluesStub s = ci->avaluesStub();
    loop([&] { s(ci, fn, rv, av); });
  } else if constexpr (M == Method::kSlots) {
    const uint64_t* const slots = c.slots;
    loop([&] { ci->callSlots(fn, rv, slots); });
  } else if constexpr (M == Method::kSlotsRaw) {
    const uint64_t* const slots = c.slots;
    const SlotsStub s = ci->slotsStub();
    loop([&] { s(ci, fn, rv, slots); });
  } else if constexpr (M == Method::kBound) {
    const BoundCall& b = c.bound;
    loop([&] { b(rv, av); });
  } else if constexpr (M == Method::kTyped || M == Method::kInvoke) {
    const Case::CppCall f = M == Method::kTyped ? c.typed : c.invoke;
    loop([&] { f(ci, fn, av, rv); });
  } else if constexpr (M == Method::kFfiCallJ) {
    ffi_cif* const cif = &c.jCif;
    loop([&] { ffi_call(cif, fn, rv, av); });
  } else if constexpr (M == Method::kErrnoCapture || M == Method::kErrnoSet) {
    const CallInterface* const e = M == Method::kErrnoCapture ? c.ciCapture : c.ciSetErrno;
    int err = 0;
    loop([&] { e->call(fn, rv, av, err); });
    asm volatile("" : : "r"(err));  // the captured value is used
  } else if constexpr (M == Method::kErrnoCallJ) {
    ffi_cif* const cif = &c.jCif;
    int err = 0;
    loop([&] { err = jitffi_call_errno(cif, fn, rv, av, err); });
    asm volatile("" : : "r"(err));
  } else if constexpr (M == Method::kFfiCallS) {
    std::memcpy(c.sAv, c.av, sizeof c.av);
    void** const sav = c.sAv;
    ffi_cif* const cif = &c.sCif;
    const auto call = c.sys->call;
    loop([&] { call(cif, fn, rv, sav); });
  } else if constexpr (M == Method::kFfiCallO || M == Method::kPlanO) {
    std::memcpy(c.oAv, c.av, sizeof c.av);
    void** const oav = c.oAv;
    if constexpr (M == Method::kFfiCallO) {
      ffi_cif* const cif = &c.oCif;
      const auto call = c.other->call;
      loop([&] { call(cif, fn, rv, oav); });
    } else {
      ffi_call_plan* const plan = c.oPlan;
      const auto invoke = c.other->call_plan_invoke;
      loop([&] { invoke(plan, fn, rv, oav); });
    }
  } else if constexpr (M == Method::kPrepCallJ || M == Method::kPrepJ) {
    ffi_cif cif;
    const ffi_abi abi = c.ffiAbi;
    const unsigned n = c.nargs;
    ffi_type* const rt = c.jRtype;
    ffi_type** const at = c.jAtypes;
    if constexpr (M == Method::kPrepCallJ) {
      loop([&] {
        (void)ffi_prep_cif(&cif, abi, n, rt, at);
        ffi_call(&cif, fn, rv, av);
      });
    } else {
      loop([&] { (void)ffi_prep_cif(&cif, abi, n, rt, at); });
    }
  } else if constexpr (M == Method::kPrepCallS || M == Method::kPrepS) {
    std::memcpy(c.sAv, c.av, sizeof c.av);
    void** const sav = c.sAv;
    ffi_cif cif;
    const ffi_abi abi = c.ffiAbi;
    const unsigned n = c.nargs;
    ffi_type* const rt = c.sRtype;
    ffi_type** const at = c.sAtypes;
    const auto prep = c.sys->prep_cif;
    if constexpr (M == Method::kPrepCallS) {
      const auto call = c.sys->call;
      loop([&] {
        (void)prep(&cif, abi, n, rt, at);
        call(&cif, fn, rv, sav);
      });
    } else {
      loop([&] { (void)prep(&cif, abi, n, rt, at); });
    }
    (void)sav;
  } else {
    static_assert(M != M, "unknown method");
  }
}

// Calls f.template operator()<M>() with the method as a compile-time constant.
template <class F>
void withMethod(Method m, F&& f) {
  switch (m) {
    case Method::kDirect: f.template operator()<Method::kDirect>(); break;
    case Method::kAvalues: f.template operator()<Method::kAvalues>(); break;
    case Method::kAvaluesRaw: f.template operator()<Method::kAvaluesRaw>(); break;
    case Method::kSlots: f.template operator()<Method::kSlots>(); break;
    case Method::kSlotsRaw: f.template operator()<Method::kSlotsRaw>(); break;
    case Method::kBound: f.template operator()<Method::kBound>(); break;
    case Method::kTyped: f.template operator()<Method::kTyped>(); break;
    case Method::kInvoke: f.template operator()<Method::kInvoke>(); break;
    case Method::kFfiCallJ: f.template operator()<Method::kFfiCallJ>(); break;
    case Method::kFfiCallS: f.template operator()<Method::kFfiCallS>(); break;
    case Method::kPrepCallJ: f.template operator()<Method::kPrepCallJ>(); break;
    case Method::kPrepCallS: f.template operator()<Method::kPrepCallS>(); break;
    case Method::kPrepJ: f.template operator()<Method::kPrepJ>(); break;
    case Method::kPrepS: f.template operator()<Method::kPrepS>(); break;
    case Method::kFfiCallO: f.template operator()<Method::kFfiCallO>(); break;
    case Method::kPlanO: f.template operator()<Method::kPlanO>(); break;
    case Method::kErrnoCapture: f.template operator()<Method::kErrnoCapture>(); break;
    case Method::kErrnoSet: f.template operator()<Method::kErrnoSet>(); break;
    case Method::kErrnoCallJ: f.template operator()<Method::kErrnoCallJ>(); break;
    case Method::kCount: break;
  }
}

// ---- cache misses: signatures nobody has built yet ---------------------------------------------
// The ways of meeting a new signature that the benchmarks measure. Counter k names a signature
// whose argument j has kind digit j of k in base 8 (8^n distinct signatures of n arguments). The
// return types (u64 for CallInterface::get, u32 for ffi_prep_cif) occur in no other case, so
// every one is a cache miss.
enum class Miss : int {
  kGet,      // CallInterface::get, 10 scalar arguments
  kGet6,     // CallInterface::get, 6 scalar arguments
  kPrepCif,  // jitffi's ffi_prep_cif, 10 scalar arguments
  kCount,
};
inline constexpr int kMissCount = int(Miss::kCount);
// The measurement's name ("build/miss", "build/miss6", "build/miss_prep_cif"), what it makes (a
// report's row title) and its argument count.
const char* missName(Miss m);
const char* missTitle(Miss m);
unsigned missArgs(Miss m);

// A batch of new signatures of one kind: prepare(n) makes n signatures nobody has built yet (the
// part not measured: the Signatures, or the ffi_type arrays and cifs), make(i) builds the i-th.
// Successive batches (of any MissBatch of the same kind) never repeat a signature.
class MissBatch {
 public:
  explicit MissBatch(Miss m) : m_(m) {}
  void prepare(unsigned n);
  // Builds the i-th prepared signature (i < n); false, with error() set, on failure.
  bool make(unsigned i);
  const std::string& error() const { return error_; }

 private:
  Miss m_;
  std::vector<Signature> sigs_;  // kGet, kGet6
  std::vector<ffi_type*> types_;  // kPrepCif: missArgs per signature
  std::vector<ffi_cif> cifs_;
  std::string error_;
};

// printf-style appending (the reports).
void appendf(std::string& s, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

}  // namespace jitffi::bench
