// SPDX-License-Identifier: MIT
// libffi's closure API: ffi_closure_alloc, ffi_closure_free, ffi_prep_closure_loc,
// ffi_prep_closure.
#include "closure_memory_p.h"
#include "closure_p.h"
#include "ffi_api_p.h"

using namespace jitffi;
using namespace jitffi::internal;

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
  if (!ci || ci == inertInterface()) return FFI_BAD_TYPEDEF;  // never prepared successfully
  auto entry = closureEntryFast(ci, HandlerShape::kAvalues, kHostAbi, ClosureCtx::kFfiCif);
  if (!entry) return toFfiStatus(entry.error());
  closure->cif = cif;
  closure->fun = fun;
  closure->user_data = user_data;
  bindTrampoline(closure, codeloc ? codeloc : closure, *entry);
  return FFI_OK;
}

ffi_status ffi_prep_closure(ffi_closure* closure, ffi_cif* cif,
                            void (*fun)(ffi_cif*, void*, void**, void*), void* user_data) {
  return ffi_prep_closure_loc(closure, cif, fun, user_data, closure);
}

}  // extern "C"
