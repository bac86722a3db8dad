// Closure internals shared by the C++ API and libffi's closure API.
#pragma once

#include <cstdint>

#include "../emit/emit_p.h"
#include "jitffi/call.h"

namespace jitffi::internal {

// Every closure object starts like libffi's x86-64 ffi_closure: a 32-byte trampoline, then the
// fields the entry reads (ClosureLayout's defaults).
struct ClosureObject {
  uint8_t tramp[32];
  const void* ctx;
  void* fun;
  void* user;
};
static_assert(sizeof(ClosureObject) == 56);

// Writes the 32-byte trampoline: `endbr64; lea r10, [rip-11]; jmp [rip+7]; <entry>`. It is
// position-independent (it finds itself with rip), so the same bytes work through any view.
void writeTrampoline(void* rw, const void* entry);

// Who the closure object's ctx field is: the CallInterface (jitffi's own closures) or an
// ffi_cif (libffi's closure API). Generated entries do not care; the interpreted entries need to
// know how to reach the plan.
// kGo: libffi's Go closure object (its address arrives in r10; cif and fun at +8 and +16; the
// handler's user_data is the closure itself).
enum class ClosureCtx : uint8_t { kInterface, kFfiCif, kGo };

// The shared entry for the interface's signature and a handler shape: generated on first use,
// or, for an interface that runs interpreted, the generic interpreted entry.
Result<const void*> closureEntry(const CallInterface* ci, HandlerShape shape, ClosureCtx ctx);

// Allocates a closure object and points its trampoline at the entry; returns the rw address and
// sets *code.
Result<ClosureObject*> makeClosure(const CallInterface* ci, HandlerShape shape, void* fun, void* user,
                                   void** code);

}  // namespace jitffi::internal
