// SPDX-License-Identifier: MIT
// libffi's closure API: ffi_closure_alloc, ffi_closure_free, ffi_prep_closure_loc,
// ffi_prep_closure.
#include "closure_memory_p.h"
#include "closure_p.h"
#include "ffi_api_p.h"

using namespace jitffi;
using namespace jitffi::internal;

namespace {

using CifHandler = void (*)(ffi_cif*, void*, void**, void*);
constexpr HandlerShape kShape = HandlerShape::kAvalues;  // libffi's handler shape

void bindClosure(ffi_closure* closure, ffi_cif* cif, CifHandler fun, void* user_data, void* codeloc,
                 const void* entry) {
  closure->cif = cif;
  closure->fun = fun;
  closure->user_data = user_data;
  bindTrampoline(closure, codeloc ? codeloc : closure, entry);
}

// ffi_prep_closure_loc without the entry at hand: the first closure of the signature (the entry
// made here), an interpreted interface's, or a cif that cannot have one.
[[gnu::noinline]] ffi_status prepClosureFirst(ffi_closure* closure, ffi_cif* cif, CifHandler fun, void* user_data,
                                              void* codeloc) {
  return statusOrOutOfMemory([&] {
    const CallInterface* ci = interfaceOf(cif);
    if (!ci || ci == inertInterface()) return FFI_BAD_TYPEDEF;  // never prepared successfully
    auto entry = closureEntry(ci, kShape, kHostAbi, ClosureCtx::kFfiCif);
    if (!entry) return toFfiStatus(entry.error());
    bindClosure(closure, cif, fun, user_data, codeloc, *entry);
    return FFI_OK;
  });
}

}  // namespace

extern "C" {

void* ffi_closure_alloc(size_t size, void** code) {
  if (size < sizeof(ffi_closure)) size = sizeof(ffi_closure);
  const ClosureBlock block = ClosureMemory::instance().alloc(size);
  if (!block.rw) return nullptr;
  if (code) *code = block.rx;
  return block.rw;
}

void ffi_closure_free(void* closure) { ClosureMemory::instance().free(closure, "ffi_closure_free"); }

ffi_status ffi_prep_closure_loc(ffi_closure* closure, ffi_cif* cif,
                                void (*fun)(ffi_cif*, void*, void**, void*), void* user_data,
                                void* codeloc) {
  if (!closure || !cif || !fun) return FFI_BAD_TYPEDEF;
  if (!validFfiAbi(abiOf(cif))) return FFI_BAD_ABI;
  const CallInterface* ci = interfaceOf(cif);
  // The common case, a signature whose entry exists (never the inert interface's: it has none):
  // no call, no Result, no saved registers.
  const void* entry = ci ? madeClosureEntry(ci, kShape, kHostAbi, ClosureCtx::kFfiCif) : nullptr;
  if (__builtin_expect(entry == nullptr, 0)) return prepClosureFirst(closure, cif, fun, user_data, codeloc);
  bindClosure(closure, cif, fun, user_data, codeloc, entry);
  return FFI_OK;
}

ffi_status ffi_prep_closure(ffi_closure* closure, ffi_cif* cif,
                            void (*fun)(ffi_cif*, void*, void**, void*), void* user_data) {
  return ffi_prep_closure_loc(closure, cif, fun, user_data, closure);
}

}  // extern "C"
