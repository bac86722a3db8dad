// SPDX-License-Identifier: MIT
// Static trampolines: closures without any code written at run time (docs/design.md, "Memory").
//
// The host architecture's folder assembles one block of identical trampolines into the library's
// text (<folder>_static_tramp.S, the hidden symbol jitffi_static_trampolines:
// host::kStaticTrampolineBlock bytes, a trampoline every host::kStaticTrampolineStride bytes).
// Trampoline i at address T loads the closure object from T + block (into the register every
// closure entry expects it in, host::kTrampolineReg) and jumps to the entry stored at
// T + block + 8. A block here is that code mapped again, read+execute, from the library's own
// file (the pages the dynamic loader mapped; a private file mapping, never writable), followed
// by private read+write data pages holding the slots. Nothing executable is ever written, so it
// works where no memory may be writable and executable, or become executable (PR_SET_MDWE), and
// where executable shared or anonymous memory is refused altogether (SELinux's execmem denial);
// after fork() the child has its own copy of the data pages (private memory, copied on write)
// and the same code. If the library's file cannot be mapped (deleted, replaced), the block's code
// is a shared-memory file holding a copy of the bytes, mapped read+execute.
//
// Blocks are never unmapped; free trampolines are kept in a list threaded through their slots.
// Not thread-safe: ClosureMemory calls take/give under its lock; setEntry is one store.
#pragma once

#include <atomic>
#include <cstdint>

#include "../emit/host_p.h"

namespace jitffi::internal {

class StaticTrampolines {
 public:
  // A trampoline whose slot holds `closure` and no entry yet, or null when no block can be mapped.
  void* take(void* closure) noexcept;
  // Gives back a trampoline take returned.
  void give(void* code) noexcept;
  // Points a trampoline take returned at an entry (which finds the closure in the trampoline
  // register).
  static void setEntry(void* code, const void* entry) noexcept {
    std::atomic_ref<const void*>(slot(code)[1]).store(entry, std::memory_order_release);
  }

 private:
  static const void** slot(void* code) noexcept {
    return reinterpret_cast<const void**>(static_cast<uint8_t*>(code) + host::kStaticTrampolineBlock);
  }
  bool addBlock() noexcept;
  const void** free_ = nullptr;  // the slot of a free trampoline; its first word links the next
};

}  // namespace jitffi::internal
