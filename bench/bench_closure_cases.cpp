// SPDX-License-Identifier: MIT
#include "bench_closure_cases.h"

#include <cstring>
#include <utility>

template <>
struct jitffi::StructType<BenchD2> {
  static Type get() { return Type::structOf({Type::f64(), Type::f64()}); }
};

namespace jitffi::bench {

namespace {

std::array<ClosureCase, kClosureCaseCount> gClosureCases, gWinClosureCases;

// Closure<F>::make with the lambda; the closure is kept alive by c.typed.
template <class F, class L>
bool makeTyped(ClosureCase& c, L&& lambda, std::string& error) {
  auto r = Closure<F>::make(std::forward<L>(lambda), c.call->abi);
  if (!r) {
    error = std::string("Closure<F>::make for ") + c.call->text + " (" +
            std::string(abiName(c.call->abi)) + "): " + r.error().toString();
    return false;
  }
  auto holder = std::make_shared<Closure<F>>(std::move(*r));
  c.typedCode = reinterpret_cast<void*>(holder->get());
  c.typed = std::move(holder);
  return true;
}

bool setupOne(ClosureCase& c, char name, Case& call, ClosureCaller caller, void* direct,
              CifHandler cifHandler, ClosureHandler avHandler, SlotsClosureHandler slotsHandler,
              std::string& error) {
  c.name = name;
  c.call = &call;
  c.caller = caller;
  c.direct = direct;
  c.retSize = call.retSize;
  c.cifHandler = cifHandler;
  c.avHandler = avHandler;
  c.slotsHandler = slotsHandler;
  const std::string what = " for " + call.text + " (" + std::string(abiName(call.abi)) + ")";

  // jitffi's C API (its own cif, prepared by setupCases).
  void* code = nullptr;
  auto* cl = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code));
  if (!cl) {
    error = "jitffi ffi_closure_alloc failed" + what;
    return false;
  }
  if (ffi_prep_closure_loc(cl, &call.jCif, cifHandler, nullptr, code) != FFI_OK) {
    error = "jitffi ffi_prep_closure_loc failed" + what;
    return false;
  }
  c.capiCode = code;

  auto av = RawClosure::make(call.ci, avHandler, nullptr);
  if (!av) {
    error = "RawClosure::make (avalues)" + what + ": " + av.error().toString();
    return false;
  }
  c.rawAvalues = std::move(*av);
  auto sl = RawClosure::make(call.ci, slotsHandler, nullptr);
  if (!sl) {
    error = "RawClosure::make (slots)" + what + ": " + sl.error().toString();
    return false;
  }
  c.rawSlots = std::move(*sl);

  bool typedOk = false;
  switch (name) {
    case 'b':
      typedOk = makeTyped<int(int, int)>(c, [](int a, int b) { return a + b; }, error);
      break;
    case 'c':
      typedOk = makeTyped<double(double, double, double, double)>(
          c, [](double a, double b, double x, double d) { return a + b + x + d; }, error);
      break;
    case 'e':
      typedOk = makeTyped<long(int, double, void*, float, int64_t, double, int, int, int, int)>(
          c,
          [](int a, double b, void* p, float x, int64_t d, double e, int f, int g, int h, int i) {
            return a + long(b) + long(intptr_t(p)) + long(x) + d + long(e) + f + g + h + i;
          },
          error);
      break;
    case 'f':
      typedOk = makeTyped<BenchD2(BenchD2, BenchD2)>(
          c, [](BenchD2 a, BenchD2 b) { return BenchD2{a.x + b.x, a.y + b.y}; }, error);
      break;
    default: error = "no typed closure for signature " + std::string(1, name);
  }
  if (!typedOk) return false;

  // The system libffi, with its own cif.
  if (const test::SysFfi* sys = call.sys) {
    void* scode = nullptr;
    auto* scl = static_cast<ffi_closure*>(sys->closure_alloc(sizeof(ffi_closure), &scode));
    if (!scl) {
      error = "libffi ffi_closure_alloc failed" + what;
      return false;
    }
    if (sys->prep_closure_loc(scl, &call.sCif, cifHandler, nullptr, scode) != FFI_OK) {
      error = "libffi ffi_prep_closure_loc failed" + what;
      return false;
    }
    c.sysCode = scode;
  }
  // The other libffi (SysV), likewise.
  if (const test::SysFfi* other = call.other) {
    void* ocode = nullptr;
    if (!other->closure_alloc || !other->prep_closure_loc || !other->closure_free) {
      error = "the other libffi has no closures" + what;
      return false;
    }
    auto* ocl = static_cast<ffi_closure*>(other->closure_alloc(sizeof(ffi_closure), &ocode));
    if (!ocl || other->prep_closure_loc(ocl, &call.oCif, cifHandler, nullptr, ocode) != FFI_OK) {
      error = "the other libffi's ffi_closure_alloc or ffi_prep_closure_loc failed" + what;
      return false;
    }
    c.otherCode = ocode;
  }
  return true;
}

}  // namespace

std::array<ClosureCase, kClosureCaseCount>& closureCases(Abi abi) {
  return abi == Abi::kWin64 ? gWinClosureCases : gClosureCases;
}

bool setupClosureCases(std::string& error) {
  static bool done = false;
  static std::string firstError;
  if (done) {
    error = firstError;
    return firstError.empty();
  }
  done = true;
  if (!setupCases(firstError)) {
    error = firstError;
    return false;
  }
  auto fn = [](auto* f) { return reinterpret_cast<void*>(f); };
  bool ok = true;
  // The ms_abi callers and callees exist where BENCH_WIN64 (bench_callees.h).
#if BENCH_WIN64
#define BENCH_W64_CALLER(f) f
#define BENCH_W64_CALLEE(f) fn(f)
#else
#define BENCH_W64_CALLER(f) nullptr
#define BENCH_W64_CALLEE(f) static_cast<void*>(nullptr)
#endif
  for (Abi abi : kBenchAbis) {
    auto& cs = cases(abi);
    auto& cc = closureCases(abi);
    const bool w = abi == Abi::kWin64;
    ok = ok &&
         setupOne(cc[0], 'b', cs[1], w ? BENCH_W64_CALLER(bench_ccall_w64_b) : bench_ccall_b,
                  w ? BENCH_W64_CALLEE(bench_callee_w64_b) : fn(bench_callee_b), bench_hcif_b, bench_hav_b,
                  bench_hslots_b, firstError) &&
         setupOne(cc[1], 'c', cs[2], w ? BENCH_W64_CALLER(bench_ccall_w64_c) : bench_ccall_c,
                  w ? BENCH_W64_CALLEE(bench_callee_w64_c) : fn(bench_callee_c), bench_hcif_c, bench_hav_c,
                  bench_hslots_c, firstError) &&
         setupOne(cc[2], 'e', cs[4], w ? BENCH_W64_CALLER(bench_ccall_w64_e) : bench_ccall_e,
                  w ? BENCH_W64_CALLEE(bench_callee_w64_e) : fn(bench_callee_e), bench_hcif_e, bench_hav_e,
                  bench_hslots_e, firstError) &&
         setupOne(cc[3], 'f', cs[5], w ? BENCH_W64_CALLER(bench_ccall_w64_f) : bench_ccall_f,
                  w ? BENCH_W64_CALLEE(bench_callee_w64_f) : fn(bench_callee_f), bench_hcif_f, bench_hav_f,
                  bench_hslots_f, firstError);
  }
  if (!ok && firstError.empty()) firstError = "closure setup failed";
  error = firstError;
  return ok;
}

const char* closureMethodName(ClosureMethod m) {
  switch (m) {
    case ClosureMethod::kDirect: return "direct";
    case ClosureMethod::kCapi: case ClosureMethod::kMakeCapi: return "jitffi_capi";
    case ClosureMethod::kRawAvalues: return "jitffi_raw_avalues";
    case ClosureMethod::kRawSlots: return "jitffi_raw_slots";
    case ClosureMethod::kTyped: return "jitffi_typed";
    case ClosureMethod::kMakeRaw: return "jitffi_raw";
    case ClosureMethod::kLibffi: case ClosureMethod::kMakeLibffi: return "libffi";
    case ClosureMethod::kOther: case ClosureMethod::kMakeOther: return "other";
    case ClosureMethod::kCount: break;
  }
  return "?";
}

std::string closureBenchName(const ClosureCase& c, ClosureMethod m) {
  return std::string(abiPrefix(c.call->abi)) + (isClosureMake(m) ? "closure_make/" : "closure/") +
         c.name + "/" + closureMethodName(m);
}

bool usesSystemLibffi(ClosureMethod m) {
  return m == ClosureMethod::kLibffi || m == ClosureMethod::kMakeLibffi;
}

bool usesOtherLibffi(ClosureMethod m) { return m == ClosureMethod::kOther || m == ClosureMethod::kMakeOther; }

bool available(const ClosureCase& c, ClosureMethod m) { return !usesOtherLibffi(m) || c.call->other; }

bool inSet(Abi abi, char sig, ClosureMethod m) {
  if (usesOtherLibffi(m)) return abi == kHostAbi;
  if (abi != Abi::kWin64 || !isClosureMake(m)) return true;
  return sig == 'b' || sig == 'f';
}

void* closureCode(const ClosureCase& c, ClosureMethod m) {
  switch (m) {
    case ClosureMethod::kDirect: return c.direct;
    case ClosureMethod::kCapi: return c.capiCode;
    case ClosureMethod::kRawAvalues: return c.rawAvalues.code();
    case ClosureMethod::kRawSlots: return c.rawSlots.code();
    case ClosureMethod::kTyped: return c.typedCode;
    case ClosureMethod::kLibffi: return c.sysCode;
    case ClosureMethod::kOther: return c.otherCode;
    default: return nullptr;
  }
}

std::string verifyClosure(ClosureCase& c, ClosureMethod m) {
  const std::string what = closureBenchName(c, m);
  if (usesSystemLibffi(m) && !c.call->sys) return what + ": system libffi not loaded";
  if (!available(c, m)) return what + ": the other libffi (--libffi) is not loaded";
  unsigned char expected[64];
  std::memset(c.result, 0xA5, sizeof c.result);
  c.caller(c.direct, c.result);
  std::memcpy(expected, c.result, sizeof expected);
  if (c.call->abi != kHostAbi) {
    // The ms_abi caller and callee themselves, against the host's.
    for (ClosureCase& h : closureCases()) {
      if (h.name != c.name) continue;
      alignas(16) unsigned char host[64];
      std::memset(host, 0xA5, sizeof host);
      h.caller(h.direct, host);
      if (std::memcmp(host, expected, c.retSize) != 0)
        return what + ": the direct call's result differs from the host convention's";
    }
  }

  std::memset(c.result, 0x5A, sizeof c.result);
  if (!isClosureMake(m)) {
    void* const fn = closureCode(c, m);
    if (!fn) return what + ": no closure";
    c.caller(fn, c.result);
    if (std::memcmp(expected, c.result, c.retSize) != 0) return what + ": result differs from the direct call";
    return "";
  }
  // A make method: one closure made the measured way, called, then freed the measured way.
  if (m == ClosureMethod::kMakeRaw) {
    auto r = RawClosure::make(c.call->ci, c.avHandler, nullptr);
    if (!r) return what + ": " + r.error().toString();
    c.caller(r->code(), c.result);
  } else {
    // A libffi's (the system's or the other) or jitffi's C API.
    const test::SysFfi* const lib = m == ClosureMethod::kMakeLibffi ? c.call->sys
                                    : m == ClosureMethod::kMakeOther ? c.call->other
                                                                     : nullptr;
    ffi_cif* const cif = m == ClosureMethod::kMakeLibffi ? &c.call->sCif
                         : m == ClosureMethod::kMakeOther ? &c.call->oCif
                                                          : &c.call->jCif;
    void* code = nullptr;
    auto* cl = static_cast<ffi_closure*>(lib ? lib->closure_alloc(sizeof(ffi_closure), &code)
                                             : ffi_closure_alloc(sizeof(ffi_closure), &code));
    if (!cl) return what + ": ffi_closure_alloc failed";
    const ffi_status st = lib ? lib->prep_closure_loc(cl, cif, c.cifHandler, nullptr, code)
                              : ffi_prep_closure_loc(cl, cif, c.cifHandler, nullptr, code);
    if (st == FFI_OK) c.caller(code, c.result);
    if (lib) lib->closure_free(cl);
    else ffi_closure_free(cl);
    if (st != FFI_OK) return what + ": ffi_prep_closure_loc returned " + std::to_string(int(st));
  }
  if (std::memcmp(expected, c.result, c.retSize) != 0) return what + ": result differs from the direct call";
  return "";
}

}  // namespace jitffi::bench
