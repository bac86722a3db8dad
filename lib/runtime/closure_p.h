// SPDX-License-Identifier: MIT
// Closure internals shared by the C++ API and libffi's closure API.
#pragma once

#include <cstdint>
#include <cstring>

#include "../emit/emit_p.h"
#include "jitffi/call.h"
#include "runtime_p.h"

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
inline void writeTrampoline(void* rw, const void* entry) {
  static constexpr uint8_t kCode[24] = {
      0xf3, 0x0f, 0x1e, 0xfa,                    // endbr64
      0x4c, 0x8d, 0x15, 0xf5, 0xff, 0xff, 0xff,  // lea r10, [rip-11]: the closure itself
      0xff, 0x25, 0x07, 0x00, 0x00, 0x00,        // jmp qword ptr [rip+7]: the entry below
      0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc,  // int3 padding
  };
  auto* p = static_cast<uint8_t*>(rw);
  std::memcpy(p, kCode, sizeof kCode);
  std::memcpy(p + 24, &entry, 8);
}

// Who the closure object's ctx field is: the CallInterface (jitffi's own closures) or an
// ffi_cif (libffi's closure API). Generated entries do not care; the interpreted entries need to
// know how to reach the plan.
// kGo: libffi's Go closure object (its address arrives in r10; cif and fun at +8 and +16; the
// handler's user_data is the closure itself).
enum class ClosureCtx : uint8_t { kInterface, kFfiCif, kGo };

// Where a CallInterface keeps the entry for a handler shape and handler ABI (CallInterface::
// closureEntries_: the two shapes for each ABI, then Go). libffi closures (kFfiCif) share the
// avalues entry of the host's ABI: the entry never reads ctx.
inline int closureEntryIndex(HandlerShape shape, Abi handlerAbi, ClosureCtx ctx) {
  return ctx == ClosureCtx::kGo ? 2 * kAbiCount : int(shape) + 2 * int(handlerAbi);
}

// The shared entry for the interface's signature, a handler shape and the ABI the handler is
// compiled for: generated on first use, or, for an interface that runs interpreted, the generic
// interpreted entry. Go closures take the avalues shape and the host's ABI.
Result<const void*> closureEntry(const CallInterface* ci, HandlerShape shape, Abi handlerAbi, ClosureCtx ctx);
// The same, without a call when the generated entry exists already (the common case).
inline Result<const void*> closureEntryFast(const CallInterface* ci, HandlerShape shape, Abi handlerAbi,
                                            ClosureCtx ctx) {
  if (ctx != ClosureCtx::kGo) {
    const void* e = CallInterface::Internal::closureEntry(ci, closureEntryIndex(shape, handlerAbi, ctx))
                        .load(std::memory_order_acquire);
    if (__builtin_expect(e != nullptr, 1)) return e;
  }
  return closureEntry(ci, shape, handlerAbi, ctx);
}

// Allocates a closure object and points its trampoline at the entry; returns the rw address and
// sets *code.
Result<ClosureObject*> makeClosure(const CallInterface* ci, HandlerShape shape, Abi handlerAbi, void* fun,
                                   void* user, void** code);

}  // namespace jitffi::internal
