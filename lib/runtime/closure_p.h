// SPDX-License-Identifier: MIT
// Closure internals shared by the C++ API and libffi's closure API.
#pragma once

#include <ffi.h>

#include <cstddef>
#include <cstdint>

#include "../emit/emit_p.h"
#include "../emit/host_p.h"
#include "closure_memory_p.h"
#include "code_memory_p.h"
#include "jitffi/call.h"
#include "runtime_p.h"

namespace jitffi::internal {

// A closure object is libffi's ffi_closure (include/ffi.h): the host's trampoline, then cif, fun
// and user_data, at the offsets closureObjectLayout gives the entries. jitffi's own closures put
// their CallInterface in the cif field and a handler of either shape in fun.
using ClosureObject = ffi_closure;
static_assert(offsetof(ffi_closure, cif) == size_t(closureObjectLayout(0, host::kTrampolineSize).ctxOffset) &&
              offsetof(ffi_closure, fun) == size_t(closureObjectLayout(0, host::kTrampolineSize).funOffset) &&
              offsetof(ffi_closure, user_data) == size_t(closureObjectLayout(0, host::kTrampolineSize).userOffset));
static_assert(offsetof(ffi_go_closure, cif) == size_t(goClosureLayout(0).ctxOffset) &&
              offsetof(ffi_go_closure, fun) == size_t(goClosureLayout(0).funOffset));

// Where a CallInterface keeps the entry that serves it for a handler shape, handler ABI and kind
// of closure (CallInterface::closureEntries_: the two shapes for each ABI, then Go, then libffi's
// closures), generated or interpreted, so that a closure finds it with one load. libffi's
// closures (kFfiCif: avalues, the host's ABI) have a slot of their own because an interpreted
// entry reads its ctx as a cif rather than an interface; a generated one never reads ctx, and
// the slot holds the avalues entry of the host's ABI.
inline int closureEntryIndex(HandlerShape shape, Abi handlerAbi, ClosureCtx ctx) {
  switch (ctx) {
    case ClosureCtx::kGo: return 2 * kAbiCount;
    case ClosureCtx::kFfiCif: return 2 * kAbiCount + 1;
    default: return int(shape) + 2 * int(handlerAbi);
  }
}

// The shared entry for the interface's signature, a handler shape and the ABI the handler is
// compiled for: generated on first use, or, for an interface that runs interpreted, the generic
// interpreted entry. Go closures take the avalues shape and the host's ABI.
Result<const void*> closureEntry(const CallInterface* ci, HandlerShape shape, Abi handlerAbi, ClosureCtx ctx);
// Keeps `entry` in the interface's slot `index` (closureEntryIndex); takes the cache's build
// mutex. An error only when the table cannot be made (out of memory).
Error keepClosureEntry(const CallInterface* ci, int index, const void* entry);
// The entry generated for a JIT interface (runtime/jit_compile.cpp), made on first use.
Result<const void*> compileClosureEntry(const CallInterface* ci, HandlerShape shape, Abi handlerAbi, ClosureCtx ctx);
// The entry the interface keeps (generated, or interpreted: keepClosureEntry) when there is one
// already (the common case), else null: one load, no call.
inline const void* madeClosureEntry(const CallInterface* ci, HandlerShape shape, Abi handlerAbi, ClosureCtx ctx) {
  if (ctx == ClosureCtx::kGo) return nullptr;
  return CallInterface::Internal::closureEntry(ci, closureEntryIndex(shape, handlerAbi, ctx));
}
// The same as closureEntry, without a call when the generated entry exists already.
inline Result<const void*> closureEntryFast(const CallInterface* ci, HandlerShape shape, Abi handlerAbi,
                                            ClosureCtx ctx) {
  if (const void* e = madeClosureEntry(ci, shape, handlerAbi, ctx); __builtin_expect(e != nullptr, 1)) return e;
  return closureEntry(ci, shape, handlerAbi, ctx);
}

// Points the closure object's code at its entry: its static trampoline if it has one
// (closure_memory_p.h, static mode), else the trampoline at its start, executed at `code`.
inline void bindTrampoline(ClosureObject* obj, void* code, const void* entry) {
  if (__builtin_expect(gStaticTrampolines.load(std::memory_order_relaxed), 0) &&
      ClosureMemory::instance().bindStatic(obj, entry)) {
    return;
  }
  host::writeTrampoline(obj->tramp, entry);
  CodeMemory::commit(CodeBlock{code, obj, sizeof(ClosureObject)});
}

// Allocates a closure object and points its trampoline at the entry; returns the rw address and
// sets *code.
Result<ClosureObject*> makeClosure(const CallInterface* ci, HandlerShape shape, Abi handlerAbi, void* fun,
                                   void* user, void** code);

}  // namespace jitffi::internal
