// SPDX-License-Identifier: MIT
#include "bench_cases.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

namespace jitffi::bench {

namespace {

enum class K { kVoid, kI32, kI64, kF32, kF64, kPtr, kD2, kI3 };

// The struct types, once for jitffi's C API and once for the system libffi (made of the system's
// own scalar type objects). ffi_prep_cif fills in their size and alignment.
ffi_type* jD2Elems[] = {&ffi_type_double, &ffi_type_double, nullptr};
ffi_type* jI3Elems[] = {&ffi_type_sint64, &ffi_type_sint64, &ffi_type_sint64, nullptr};
ffi_type jD2 = {0, 0, FFI_TYPE_STRUCT, jD2Elems};
ffi_type jI3 = {0, 0, FFI_TYPE_STRUCT, jI3Elems};
ffi_type* sD2Elems[3] = {};
ffi_type* sI3Elems[4] = {};
ffi_type sD2 = {0, 0, FFI_TYPE_STRUCT, sD2Elems};
ffi_type sI3 = {0, 0, FFI_TYPE_STRUCT, sI3Elems};
// And once more for the other libffi.
ffi_type* oD2Elems[3] = {};
ffi_type* oI3Elems[4] = {};
ffi_type oD2 = {0, 0, FFI_TYPE_STRUCT, oD2Elems};
ffi_type oI3 = {0, 0, FFI_TYPE_STRUCT, oI3Elems};

const test::SysFfi* gOther = nullptr;

const char* kindText(K k) {
  switch (k) {
    case K::kVoid: return "void";
    case K::kI32: return "i32";
    case K::kI64: return "i64";
    case K::kF32: return "f32";
    case K::kF64: return "f64";
    case K::kPtr: return "ptr";
    case K::kD2: return "{f64,f64}";
    case K::kI3: return "{i64,i64,i64}";
  }
  return "?";
}

ffi_type* jType(K k) {
  switch (k) {
    case K::kVoid: return &ffi_type_void;
    case K::kI32: return &ffi_type_sint32;
    case K::kI64: return &ffi_type_sint64;
    case K::kF32: return &ffi_type_float;
    case K::kF64: return &ffi_type_double;
    case K::kPtr: return &ffi_type_pointer;
    case K::kD2: return &jD2;
    case K::kI3: return &jI3;
  }
  return nullptr;
}

// A libffi's type: the system's (sD2, sI3) or the other libffi's (oD2, oI3) structs.
ffi_type* libffiType(const test::SysFfi* lib, K k) {
  if (k == K::kD2) return lib == gOther ? &oD2 : &sD2;
  if (k == K::kI3) return lib == gOther ? &oI3 : &sI3;
  return lib->map(jType(k));
}

unsigned kindSize(K k) {
  switch (k) {
    case K::kVoid: return 0;
    case K::kI32: case K::kF32: return 4;
    case K::kD2: return 16;
    case K::kI3: return 24;
    default: return 8;
  }
}

// A distinct, deterministic value for argument i.
void fillArg(Case& c, unsigned i, K k) {
  unsigned char* p = c.argData[i];
  const int64_t n = int64_t(i) + 1;
  switch (k) {
    case K::kI32: { int v = int(10 * n + 1); std::memcpy(p, &v, 4); break; }
    case K::kI64: { int64_t v = 1000000007LL * n; std::memcpy(p, &v, 8); break; }
    case K::kF32: { float v = 0.5f * float(n); std::memcpy(p, &v, 4); break; }
    case K::kF64: { double v = 1.25 * double(n); std::memcpy(p, &v, 8); break; }
    case K::kPtr: { void* v = reinterpret_cast<void*>(uintptr_t(0x1000 * n)); std::memcpy(p, &v, 8); break; }
    case K::kD2: { BenchD2 v = {1.5 * double(n), -2.25 * double(n)}; std::memcpy(p, &v, sizeof v); break; }
    case K::kI3: { BenchI3 v = {n, 2 * n, 3 * n}; std::memcpy(p, &v, sizeof v); break; }
    case K::kVoid: break;
  }
  c.av[i] = p;
  // Interpreter shape: scalars of at most 8 bytes in the slot, aggregates by pointer.
  if (k == K::kD2 || k == K::kI3) c.slots[i] = reinterpret_cast<uintptr_t>(p);
  else std::memcpy(&c.slots[i], p, kindSize(k));
}

std::array<Case, kCaseCount> gCases, gWinCases;

// Case::typed and Case::invoke for a signature R(A...): the arguments loaded from av, the result
// stored to r as the C type (as the direct floor does).
template <class R, class... A, size_t... I>
JITFFI_BENCH_INLINE void typedCall(const CallInterface* ci, Fn fn, void** av, void* r, std::index_sequence<I...>) {
  const TypedInterface<R(A...)> t(ci);
  if constexpr (std::is_void_v<R>) {
    t(fn, *static_cast<A*>(av[I])...);
  } else {
    const R v = t(fn, *static_cast<A*>(av[I])...);
    std::memcpy(r, &v, sizeof v);
  }
}
template <class R, class... A>
void typedCall(const CallInterface* ci, Fn fn, void** av, void* r) {
  typedCall<R, A...>(ci, fn, av, r, std::index_sequence_for<A...>());
}

template <class R, class... A, size_t... I>
JITFFI_BENCH_INLINE void invokeCall(const CallInterface* ci, Fn fn, void** av, void* r, std::index_sequence<I...>) {
  auto v = ci->invoke<R>(fn, *static_cast<A*>(av[I])...);
  if constexpr (!std::is_void_v<R>) {
    if (v) std::memcpy(r, &*v, sizeof(R));
  }
}
template <class R, class... A>
void invokeCall(const CallInterface* ci, Fn fn, void** av, void* r) {
  invokeCall<R, A...>(ci, fn, av, r, std::index_sequence_for<A...>());
}

struct CppCalls {
  Case::CppCall typed, invoke;
};
template <class R, class... A>
constexpr CppCalls kCpp = {&typedCall<R, A...>, &invokeCall<R, A...>};

std::string describe(const Error& e) { return e.toString(); }

bool setupOne(Case& c, Abi abi, char name, Fn fn, DirectFn direct, CppCalls cpp, K ret,
              const std::vector<K>& args, const test::SysFfi* sys, std::string& error) {
  c.name = name;
  c.typed = cpp.typed;
  c.invoke = cpp.invoke;
  c.abi = abi;
#if BENCH_WIN64
  c.ffiAbi = abi == Abi::kWin64 ? FFI_WIN64 : FFI_DEFAULT_ABI;
#else
  c.ffiAbi = FFI_DEFAULT_ABI;  // FFI_WIN64 is an x86-64 and aarch64 value only
#endif
  c.fn = fn;
  c.direct = direct;
  c.nargs = unsigned(args.size());
  c.retSize = kindSize(ret);
  c.text = std::string(kindText(ret)) + "(";
  unsigned i = 0;
  for (K k : args) {
    if (i) c.text += ",";
    c.text += kindText(k);
    fillArg(c, i, k);
    c.jAtypes[i] = jType(k);
    if (sys) c.sAtypes[i] = libffiType(sys, k);
    if (c.abi == kHostAbi && gOther) c.oAtypes[i] = libffiType(gOther, k);
    ++i;
  }
  c.text += ")";
  c.jRtype = jType(ret);

  const std::string what = c.text + (abi == Abi::kWin64 ? " (win64)" : "");
  auto ci = CallInterface::get(c.text, abi);
  if (!ci) {
    error = std::string("CallInterface::get(") + what + "): " + describe(ci.error());
    return false;
  }
  c.ci = *ci;
  (void)c.ci->slotsStub();  // built on first use: build it now, outside any measurement
  auto capture = CallInterface::get(c.text, abi, {ErrnoMode::kCapture});
  auto setErrno = CallInterface::get(c.text, abi, {ErrnoMode::kSetAndCapture});
  if (!capture || !setErrno) {
    error = std::string("CallInterface::get(") + what + ", errno): " + describe((capture ? setErrno : capture).error());
    return false;
  }
  c.ciCapture = *capture;
  c.ciSetErrno = *setErrno;
  auto bound = c.ci->bind(fn);
  if (!bound) {
    error = std::string("bind(") + what + "): " + describe(bound.error());
    return false;
  }
  c.bound = std::move(*bound);
  if (ffi_prep_cif(&c.jCif, c.ffiAbi, c.nargs, c.jRtype, c.jAtypes) != FFI_OK) {
    error = "jitffi ffi_prep_cif failed for " + what;
    return false;
  }
  c.sys = sys;
  if (sys) {
    c.sRtype = libffiType(sys, ret);
    if (sys->prep_cif(&c.sCif, c.ffiAbi, c.nargs, c.sRtype, c.sAtypes) != FFI_OK) {
      error = "libffi ffi_prep_cif failed for " + what;
      return false;
    }
  }
  if (c.abi == kHostAbi && gOther) {
    c.other = gOther;
    c.oRtype = libffiType(gOther, ret);
    if (gOther->prep_cif(&c.oCif, c.ffiAbi, c.nargs, c.oRtype, c.oAtypes) != FFI_OK) {
      error = "the other libffi's ffi_prep_cif failed for " + what;
      return false;
    }
    if (gOther->call_plan_alloc && gOther->call_plan_invoke && !(c.oPlan = gOther->call_plan_alloc(&c.oCif))) {
      error = "the other libffi's ffi_call_plan_alloc failed for " + what;
      return false;
    }
  }
  return true;
}

}  // namespace

std::array<Case, kCaseCount>& cases(Abi abi) { return abi == Abi::kWin64 ? gWinCases : gCases; }

const char* abiPrefix(Abi abi) { return abi == Abi::kWin64 ? "win64/" : ""; }

bool setOtherLibffi(const std::string& path, std::string& error) {
  gOther = test::SysFfi::load(path, error);
  return gOther != nullptr;
}

const test::SysFfi* otherLibffi() { return gOther; }
const char* abiTitle(Abi abi) {
  switch (abi) {
    case Abi::kWin64: return "Win64";
    case Abi::kAapcs64: return "AAPCS64";
    case Abi::kRv64: return "LP64D";
    default: return "SysV";
  }
}

bool setupCases(std::string& error) {
  static bool done = false;
  static std::string firstError;
  if (done) {
    error = firstError;
    return firstError.empty();
  }
  done = true;
  const test::SysFfi* sys = test::SysFfi::get();
  if (sys) {
    sD2Elems[0] = sD2Elems[1] = sys->map(&ffi_type_double);
    sI3Elems[0] = sI3Elems[1] = sI3Elems[2] = sys->map(&ffi_type_sint64);
  }
  if (gOther) {
    oD2Elems[0] = oD2Elems[1] = gOther->map(&ffi_type_double);
    oI3Elems[0] = oI3Elems[1] = oI3Elems[2] = gOther->map(&ffi_type_sint64);
  }
  // One row per signature: the host's callee and floor, their ms_abi twins (where BENCH_WIN64),
  // the types.
#if BENCH_WIN64
#define BENCH_W64(f) f
#define BENCH_W64_FN(f) toFn(f)
#else
#define BENCH_W64(f) nullptr
#define BENCH_W64_FN(f) nullptr
#endif
  struct Spec {
    char name;
    Fn fn, fnW64;
    DirectFn direct, directW64;
    CppCalls cpp;
    K ret;
    std::vector<K> args;
  };
  const Spec specs[kCaseCount] = {
      {'a', toFn(bench_callee_a), BENCH_W64_FN(bench_callee_w64_a), bench_direct_a, BENCH_W64(bench_direct_w64_a),
       kCpp<void>, K::kVoid, {}},
      {'b', toFn(bench_callee_b), BENCH_W64_FN(bench_callee_w64_b), bench_direct_b, BENCH_W64(bench_direct_w64_b),
       kCpp<int, int, int>, K::kI32, {K::kI32, K::kI32}},
      {'c', toFn(bench_callee_c), BENCH_W64_FN(bench_callee_w64_c), bench_direct_c, BENCH_W64(bench_direct_w64_c),
       kCpp<double, double, double, double, double>, K::kF64, {K::kF64, K::kF64, K::kF64, K::kF64}},
      {'d', toFn(bench_callee_d), BENCH_W64_FN(bench_callee_w64_d), bench_direct_d, BENCH_W64(bench_direct_w64_d),
       kCpp<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t>, K::kI64, {K::kI64, K::kI64, K::kI64, K::kI64, K::kI64, K::kI64}},
      {'e', toFn(bench_callee_e), BENCH_W64_FN(bench_callee_w64_e), bench_direct_e, BENCH_W64(bench_direct_w64_e),
       kCpp<long, int, double, void*, float, int64_t, double, int, int, int, int>, K::kI64,
       {K::kI32, K::kF64, K::kPtr, K::kF32, K::kI64, K::kF64, K::kI32, K::kI32, K::kI32, K::kI32}},
      {'f', toFn(bench_callee_f), BENCH_W64_FN(bench_callee_w64_f), bench_direct_f, BENCH_W64(bench_direct_w64_f),
       kCpp<BenchD2, BenchD2, BenchD2>, K::kD2, {K::kD2, K::kD2}},
      {'g', toFn(bench_callee_g), BENCH_W64_FN(bench_callee_w64_g), bench_direct_g, BENCH_W64(bench_direct_w64_g),
       kCpp<BenchI3, BenchI3>, K::kI3, {K::kI3}},
      {'h', toFn(bench_callee_h), BENCH_W64_FN(bench_callee_w64_h), bench_direct_h, BENCH_W64(bench_direct_w64_h),
       kCpp<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t>, K::kI64,
       {K::kI64, K::kI64, K::kI64, K::kI64, K::kI64, K::kI64, K::kI64, K::kI64, K::kI64, K::kI64,
        K::kI64, K::kI64}},
  };
  bool ok = true;
  for (int i = 0; ok && i < kCaseCount; ++i) {
    const Spec& p = specs[i];
    ok = setupOne(gCases[size_t(i)], kHostAbi, p.name, p.fn, p.direct, p.cpp, p.ret, p.args, sys,
                  firstError) &&
         (!BENCH_WIN64 || setupOne(gWinCases[size_t(i)], Abi::kWin64, p.name, p.fnW64, p.directW64, p.cpp, p.ret,
                                   p.args, sys, firstError));
  }
  if (!ok && firstError.empty()) firstError = "setup failed";
  error = firstError;
  return ok;
}

const char* methodName(Method m) {
  switch (m) {
    case Method::kDirect: return "direct";
    case Method::kAvalues: return "jitffi_avalues";
    case Method::kAvaluesRaw: return "jitffi_avalues_raw";
    case Method::kSlots: return "jitffi_slots";
    case Method::kSlotsRaw: return "jitffi_slots_raw";
    case Method::kBound: return "jitffi_bound";
    case Method::kTyped: return "jitffi_typed";
    case Method::kInvoke: return "jitffi_invoke";
    case Method::kFfiCallJ: return "jitffi_ffi_call";
    case Method::kFfiCallS: return "libffi_ffi_call";
    case Method::kPrepCallJ: case Method::kPrepJ: return "jitffi";
    case Method::kPrepCallS: case Method::kPrepS: return "libffi";
    case Method::kFfiCallO: return "other_ffi_call";
    case Method::kPlanO: return "other_plan";
    case Method::kErrnoCapture: return "jitffi_errno_capture";
    case Method::kErrnoSet: return "jitffi_errno_set";
    case Method::kErrnoCallJ: return "jitffi_call_errno";
    case Method::kCount: break;
  }
  return "?";
}

const char* methodTitle(Method m) {
  switch (m) {
    case Method::kDirect: return "direct";
    case Method::kAvalues: return "jitffi avalues";
    case Method::kAvaluesRaw: return "avalues (raw stub)";
    case Method::kSlots: return "slots";
    case Method::kSlotsRaw: return "slots (raw stub)";
    case Method::kBound: return "bound";
    case Method::kTyped: return "typed (of<F>)";
    case Method::kInvoke: return "invoke (checked)";
    case Method::kFfiCallJ: return "ffi_call (jitffi)";
    case Method::kFfiCallS: return "ffi_call (libffi)";
    case Method::kFfiCallO: return "ffi_call (other libffi)";
    case Method::kPlanO: return "call plan (other libffi)";
    case Method::kErrnoCapture: return "avalues, errno captured";
    case Method::kErrnoSet: return "avalues, errno set+captured";
    case Method::kErrnoCallJ: return "jitffi_call_errno";
    default: return methodName(m);
  }
}

std::string benchName(const Case& c, Method m) {
  const char* group = "call";
  if (m == Method::kPrepCallJ || m == Method::kPrepCallS) group = "prepcall";
  if (m == Method::kPrepJ || m == Method::kPrepS) group = "prep";
  return std::string(abiPrefix(c.abi)) + group + "/" + c.name + "/" + methodName(m);
}

bool inSet(Abi abi, Method m) {
  if (usesOtherLibffi(m)) return abi == kHostAbi;
  if (abi != Abi::kWin64) return true;
  return m == Method::kDirect || m == Method::kAvalues || m == Method::kSlots ||
         m == Method::kBound || m == Method::kFfiCallJ || m == Method::kFfiCallS ||
         m == Method::kErrnoCapture || m == Method::kErrnoSet || m == Method::kErrnoCallJ;
}

bool usesSystemLibffi(Method m) {
  return m == Method::kFfiCallS || m == Method::kPrepCallS || m == Method::kPrepS;
}

bool usesOtherLibffi(Method m) { return m == Method::kFfiCallO || m == Method::kPlanO; }

bool available(const Case& c, Method m) {
  if (!usesOtherLibffi(m)) return true;
  return c.other && (m != Method::kPlanO || c.oPlan);
}

std::string verify(Case& c, Method m) {
  if (usesSystemLibffi(m) && !c.sys) return "system libffi not loaded";
  if (!available(c, m)) return benchName(c, m) + ": the other libffi (--libffi) is not loaded or has no call plans";
  const std::string what = benchName(c, m);
  // The expected result: the direct call.
  unsigned char expected[64];
  std::memset(c.result, 0xA5, sizeof c.result);
  const unsigned before = bench_a_calls;
  c.direct(reinterpret_cast<void*>(c.fn), c.av, c.result);
  std::memcpy(expected, c.result, sizeof expected);
  if (c.name == 'a' && bench_a_calls != before + 1) return what + ": direct call did not reach the callee";
  if (c.abi != kHostAbi) {
    // The ms_abi floor itself, against the host's: the same arithmetic on the same arguments.
    for (Case& h : cases()) {
      if (h.name != c.name) continue;
      alignas(16) unsigned char host[64];
      std::memset(host, 0xA5, sizeof host);
      h.direct(reinterpret_cast<void*>(h.fn), h.av, host);
      if (std::memcmp(host, expected, c.retSize) != 0)
        return what + ": the direct call's result differs from the host convention's";
    }
  }

  std::memset(c.result, 0x5A, sizeof c.result);
  const unsigned beforeM = bench_a_calls;
  if (m == Method::kPrepJ || m == Method::kPrepS) {
    ffi_cif cif;
    const ffi_status st = m == Method::kPrepJ
                              ? ffi_prep_cif(&cif, c.ffiAbi, c.nargs, c.jRtype, c.jAtypes)
                              : c.sys->prep_cif(&cif, c.ffiAbi, c.nargs, c.sRtype, c.sAtypes);
    if (st != FFI_OK) return what + ": ffi_prep_cif returned " + std::to_string(int(st));
    return "";
  }
  withMethod(m, [&]<Method M>() { drive<M>(c, [](auto&& once) { once(); }); });
  if (c.name == 'a') {
    if (bench_a_calls != beforeM + 1) return what + ": the callee was not called exactly once";
  } else if (std::memcmp(expected, c.result, c.retSize) != 0) {
    return what + ": result differs from the direct call";
  }
  return "";
}

namespace {
constexpr TypeKind kMissKinds[8] = {TypeKind::kI8,  TypeKind::kU16, TypeKind::kI32, TypeKind::kU32,
                                    TypeKind::kI64, TypeKind::kF32, TypeKind::kF64, TypeKind::kPtr};
ffi_type* const kMissFfiTypes[8] = {&ffi_type_sint8,  &ffi_type_uint16, &ffi_type_sint32,
                                    &ffi_type_uint32, &ffi_type_sint64, &ffi_type_float,
                                    &ffi_type_double, &ffi_type_pointer};
int missDigit(uint64_t k, unsigned j) { return int((k >> (3 * j)) & 7); }
// The next counter of each kind: every batch's signatures are new.
uint64_t gMissNext[kMissCount] = {};
}  // namespace

const char* missName(Miss m) {
  switch (m) {
    case Miss::kGet: return "build/miss";
    case Miss::kGet6: return "build/miss6";
    case Miss::kPrepCif: return "build/miss_prep_cif";
    case Miss::kCount: break;
  }
  return "?";
}

const char* missTitle(Miss m) {
  switch (m) {
    case Miss::kGet: return "`CallInterface::get` on a new 10-argument signature";
    case Miss::kGet6: return "`CallInterface::get` on a new 6-argument signature";
    case Miss::kPrepCif: return "jitffi `ffi_prep_cif` on a new 10-argument signature";
    case Miss::kCount: break;
  }
  return "?";
}

unsigned missArgs(Miss m) { return m == Miss::kGet6 ? 6 : 10; }

void MissBatch::prepare(unsigned n) {
  const unsigned nargs = missArgs(m_);
  uint64_t& next = gMissNext[int(m_)];
  sigs_.clear();
  types_.clear();
  if (m_ == Miss::kPrepCif) {
    types_.resize(size_t(n) * nargs);
    cifs_.assign(n, ffi_cif{});
    for (unsigned i = 0; i < n; ++i, ++next)
      for (unsigned j = 0; j < nargs; ++j) types_[size_t(i) * nargs + j] = kMissFfiTypes[missDigit(next, j)];
    return;
  }
  sigs_.reserve(n);
  for (unsigned i = 0; i < n; ++i, ++next) {
    std::vector<Type> args;
    for (unsigned j = 0; j < nargs; ++j) args.push_back(Type::scalar(kMissKinds[missDigit(next, j)]));
    sigs_.emplace_back(Type::u64(), std::move(args));
  }
}

bool MissBatch::make(unsigned i) {
  if (m_ == Miss::kPrepCif) {
    const unsigned nargs = missArgs(m_);
    if (ffi_prep_cif(&cifs_[i], FFI_DEFAULT_ABI, nargs, &ffi_type_uint32, &types_[size_t(i) * nargs]) == FFI_OK)
      return true;
    error_ = "jitffi ffi_prep_cif failed on a new signature";
    return false;
  }
  auto ci = CallInterface::get(sigs_[i]);
  if (ci) return true;
  error_ = "CallInterface::get on a new signature: " + ci.error().toString();
  return false;
}

void appendf(std::string& s, const char* fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  const int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (size_t(n) < sizeof buf) {
    s.append(buf, size_t(n));
    return;
  }
  std::string big(size_t(n) + 1, '\0');
  va_start(ap, fmt);
  std::vsnprintf(big.data(), big.size(), fmt, ap);
  va_end(ap);
  s.append(big.data(), size_t(n));
}

}  // namespace jitffi::bench
