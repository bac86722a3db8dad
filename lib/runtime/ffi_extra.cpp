// SPDX-License-Identifier: MIT
// The rest of libffi 3.8's API: versions, call plans, the raw and Java raw APIs, raw closures
// and Go closures.
//
// The raw layouts follow libffi's x86-64 behaviour (observed against the system libffi, which
// the tests compare with): 8-byte units; integers narrower than 8 bytes widened with their
// sign; pointers by value; structs and complex numbers as a pointer to the value; everything
// else (float, double, long double, 128-bit integers) copied into as many units as it needs.
// The Java flavour gives 64-bit integers and doubles two units.
#include <alloca.h>

#include <cstring>
#include <memory>
#include <new>

#include "../emit/interp_p.h"
#include "closure_p.h"
#include "ffi_api_p.h"

using namespace jitffi;
using namespace jitffi::internal;

namespace {

size_t units(size_t bytes) { return (bytes + FFI_SIZEOF_ARG - 1) / FFI_SIZEOF_ARG; }

// Structs and records (jitffi_type_*) travel as a pointer to the value.
bool isStructLike(const ffi_type* t) { return t->type == FFI_TYPE_STRUCT || t->type == JITFFI_TYPE_RECORD; }

bool passedAsPointer(const ffi_type* t) { return isStructLike(t) || t->type == FFI_TYPE_COMPLEX; }

bool javaDoubleUnit(const ffi_type* t) {
  return t->type == FFI_TYPE_UINT64 || t->type == FFI_TYPE_SINT64 || t->type == FFI_TYPE_DOUBLE;
}

// Units an argument takes in the raw block.
size_t rawUnits(const ffi_type* t, bool java) {
  if (java && javaDoubleUnit(t)) return 2;
  if (isStructLike(t)) return 1;
  return units(t->size);  // complex numbers are counted by size, as libffi does
}

size_t rawSize(const ffi_cif* cif, bool java) {
  size_t n = 0;
  for (unsigned i = 0; i < cif->nargs; ++i) n += rawUnits(cif->arg_types[i], java) * FFI_SIZEOF_ARG;
  return n;
}

void toRaw(const ffi_cif* cif, void** args, ffi_raw* raw, bool java) {
  for (unsigned i = 0; i < cif->nargs; ++i) {
    const ffi_type* t = cif->arg_types[i];
    const void* a = args[i];
    size_t step = 1;
    switch (t->type) {
      case FFI_TYPE_UINT8: raw->uint = *static_cast<const uint8_t*>(a); break;
      case FFI_TYPE_SINT8: raw->sint = *static_cast<const int8_t*>(a); break;
      case FFI_TYPE_UINT16: raw->uint = *static_cast<const uint16_t*>(a); break;
      case FFI_TYPE_SINT16: raw->sint = *static_cast<const int16_t*>(a); break;
      case FFI_TYPE_UINT32: raw->uint = *static_cast<const uint32_t*>(a); break;
      case FFI_TYPE_INT:
      case FFI_TYPE_SINT32: raw->sint = *static_cast<const int32_t*>(a); break;
      case FFI_TYPE_UINT64:
      case FFI_TYPE_SINT64: std::memcpy(raw, a, 8); break;
      case FFI_TYPE_POINTER: std::memcpy(&raw->ptr, a, sizeof(void*)); break;
      case FFI_TYPE_STRUCT:
      case JITFFI_TYPE_RECORD:
      case FFI_TYPE_COMPLEX: raw->ptr = const_cast<void*>(a); break;
      default:
        std::memcpy(raw->data, a, t->size);
        step = units(t->size);
        break;
    }
    if (java && javaDoubleUnit(t)) step = 2;
    raw += step;
  }
}

void toPointers(const ffi_cif* cif, ffi_raw* raw, void** args, bool java) {
  for (unsigned i = 0; i < cif->nargs; ++i) {
    const ffi_type* t = cif->arg_types[i];
    if (passedAsPointer(t)) {
      args[i] = raw->ptr;
      raw += 1;
    } else {
      args[i] = raw;
      raw += rawUnits(t, java);
    }
  }
}

void rawCall(ffi_cif* cif, void (*fn)(void), void* rvalue, ffi_raw* raw, bool java) {
  void** args = static_cast<void**>(alloca(sizeof(void*) * (cif->nargs + 1)));
  toPointers(cif, raw, args, java);
  ffi_call(cif, fn, rvalue, args);
}

// The handler of a raw closure's underlying ordinary closure: packs the arguments and calls the
// raw handler (user is the raw closure itself, which ffi_prep_*raw_closure_loc put in the
// user_data field).
template <class Closure, bool kJava>
void translateToRaw(ffi_cif* cif, void* ret, void** args, void* user) {
  auto* cl = static_cast<Closure*>(user);
  auto* raw = static_cast<ffi_raw*>(alloca(rawSize(cif, kJava) + FFI_SIZEOF_ARG));
  toRaw(cif, args, raw, kJava);
  cl->fun(cif, ret, raw, cl->user_data);
}

template <class Closure, bool kJava, class Fun>
ffi_status prepRawClosure(Closure* cl, ffi_cif* cif, Fun fun, void* user_data, void* codeloc) {
  static_assert(offsetof(Closure, translate_args) == offsetof(ffi_closure, fun) &&
                offsetof(Closure, this_closure) == offsetof(ffi_closure, user_data));
  if (!cl || !fun) return FFI_BAD_TYPEDEF;
  cl->fun = fun;
  cl->user_data = user_data;
  return ffi_prep_closure_loc(reinterpret_cast<ffi_closure*>(cl), cif, &translateToRaw<Closure, kJava>, cl,
                              codeloc);
}

struct CallPlanHandle {
  const CallInterface* ci;
};

}  // namespace

struct ffi_call_plan : CallPlanHandle {};

extern "C" {

const char* ffi_get_version(void) { return FFI_VERSION_STRING; }
unsigned long ffi_get_version_number(void) { return FFI_VERSION_NUMBER; }
unsigned int ffi_get_default_abi(void) { return FFI_DEFAULT_ABI; }
size_t ffi_get_closure_size(void) { return sizeof(ffi_closure); }

// ---- call plans --------------------------------------------------------------------------------

ffi_call_plan* ffi_call_plan_alloc(ffi_cif* cif) {
  if (!cif) return nullptr;
  const CallInterface* ci = interfaceOf(cif);
  if (!ci) {
    try {
      ci = inertInterface();  // (made the first time: it allocates)
    } catch (const std::bad_alloc&) {
      return nullptr;
    }
  }
  auto* plan = new (std::nothrow) ffi_call_plan();
  if (!plan) return nullptr;
  plan->ci = ci;
  return plan;
}

void ffi_call_plan_invoke(ffi_call_plan* plan, void (*fn)(void), void* rvalue, void** avalue) {
  if (!plan) return;
  callInterface(plan->ci, fn, rvalue, avalue);
}

void ffi_call_plan_free(ffi_call_plan* plan) { delete plan; }

size_t ffi_call_plan_size(ffi_call_plan* plan) { return plan ? sizeof(ffi_call_plan) : 0; }

// ---- raw API -----------------------------------------------------------------------------------

size_t ffi_raw_size(ffi_cif* cif) { return rawSize(cif, false); }
void ffi_ptrarray_to_raw(ffi_cif* cif, void** args, ffi_raw* raw) { toRaw(cif, args, raw, false); }
void ffi_raw_to_ptrarray(ffi_cif* cif, ffi_raw* raw, void** args) { toPointers(cif, raw, args, false); }
void ffi_raw_call(ffi_cif* cif, void (*fn)(void), void* rvalue, ffi_raw* avalue) {
  rawCall(cif, fn, rvalue, avalue, false);
}

size_t ffi_java_raw_size(ffi_cif* cif) { return rawSize(cif, true); }
void ffi_java_ptrarray_to_raw(ffi_cif* cif, void** args, ffi_java_raw* raw) { toRaw(cif, args, raw, true); }
void ffi_java_raw_to_ptrarray(ffi_cif* cif, ffi_java_raw* raw, void** args) { toPointers(cif, raw, args, true); }
void ffi_java_raw_call(ffi_cif* cif, void (*fn)(void), void* rvalue, ffi_java_raw* avalue) {
  rawCall(cif, fn, rvalue, avalue, true);
}

ffi_status ffi_prep_raw_closure_loc(ffi_raw_closure* closure, ffi_cif* cif,
                                    void (*fun)(ffi_cif*, void*, ffi_raw*, void*), void* user_data,
                                    void* codeloc) {
  return prepRawClosure<ffi_raw_closure, false>(closure, cif, fun, user_data, codeloc);
}

ffi_status ffi_prep_raw_closure(ffi_raw_closure* closure, ffi_cif* cif,
                                void (*fun)(ffi_cif*, void*, ffi_raw*, void*), void* user_data) {
  return prepRawClosure<ffi_raw_closure, false>(closure, cif, fun, user_data, closure);
}

ffi_status ffi_prep_java_raw_closure_loc(ffi_java_raw_closure* closure, ffi_cif* cif,
                                         void (*fun)(ffi_cif*, void*, ffi_java_raw*, void*),
                                         void* user_data, void* codeloc) {
  return prepRawClosure<ffi_java_raw_closure, true>(closure, cif, fun, user_data, codeloc);
}

ffi_status ffi_prep_java_raw_closure(ffi_java_raw_closure* closure, ffi_cif* cif,
                                     void (*fun)(ffi_cif*, void*, ffi_java_raw*, void*), void* user_data) {
  return prepRawClosure<ffi_java_raw_closure, true>(closure, cif, fun, user_data, closure);
}

// ---- Go closures -------------------------------------------------------------------------------

ffi_status ffi_prep_go_closure(ffi_go_closure* closure, ffi_cif* cif, void (*fun)(ffi_cif*, void*, void**, void*)) {
  if (!closure || !cif || !fun) return FFI_BAD_TYPEDEF;
  bool abiOk;
  abiFromFfi(abiOf(cif), abiOk);
  if (!abiOk) return FFI_BAD_ABI;
  return statusOrOutOfMemory([&] {
    const CallInterface* ci = interfaceOf(cif);
    if (!ci || ci == inertInterface()) return FFI_BAD_TYPEDEF;
    const CallPlan* plan = CallInterface::Internal::tryPlan(ci);
    if (!plan) return toFfiStatus(Status::kOutOfMemory);
    if (plan->platformRegReserved) return FFI_BAD_ABI;  // the static chain's register
    auto entry = closureEntry(ci, HandlerShape::kAvalues, kHostAbi, ClosureCtx::kGo);
    if (!entry) return toFfiStatus(entry.error());
    closure->cif = cif;
    closure->fun = fun;
    closure->tramp = const_cast<void*>(*entry);
    return FFI_OK;
  });
}

void ffi_call_go(ffi_cif* cif, void (*fn)(void), void* rvalue, void** avalue, void* closure) {
  const CallInterface* ci = interfaceOf(cif);
  if (!ci || ci == inertInterface()) return;
  const CallPlan* plan = CallInterface::Internal::tryPlan(ci);
  if (!plan || plan->platformRegReserved) return;  // (no plan: out of memory, no call)
  // The static chain is rare enough to take the interpreted path: it loads the architecture's
  // static-chain register like any other register of the plan's frame.
  alignas(16) unsigned char scratch[256];
  std::unique_ptr<unsigned char[]> big;
  if (!rvalue) {
    rvalue = scratch;
    if (ci->returnStorage() > sizeof scratch) {
      big.reset(new (std::nothrow) unsigned char[ci->returnStorage() + 16]);
      if (!big) return;
      rvalue = big.get();
    }
  }
  if (const InterpProgram* program = interpProgramOf(ci)) {
    interpretCallWithChain(*program, fn, rvalue, avalue, uint64_t(uintptr_t(closure)));
  }
}

}  // extern "C"
