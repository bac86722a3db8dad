// SPDX-License-Identifier: MIT
// Executable memory. Every block has two views of the same pages: a read+execute view (the code
// address) and a read+write view (where code and data are written). No page is ever writable
// and executable at once, so it works where W^X is enforced (SELinux execmem denials, systemd's
// MemoryDenyWriteExecute / PR_SET_MDWE).
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>

#include <asmjit/core.h>

#include "jitffi/error.h"

namespace jitffi::internal {

struct CodeBlock {
  void* rx = nullptr;  // execute view
  void* rw = nullptr;  // write view (equal to rx when the memory is single-mapped)
  size_t size = 0;
  void* unwind = nullptr;  // its registered unwind table, if any (unwind_p.h)
};

class CodeMemory {
 public:
  // The process-wide instance; never destroyed, so code outlives static destructors.
  static CodeMemory& instance();
  // Single-mapped memory (rx == rw, writable and executable at once), only for the legacy
  // closure mode JITFFI_CLOSURE_SAME_ADDRESS=1; allocations fail where W^X is enforced.
  static CodeMemory& singleMapped();

  Result<CodeBlock> alloc(size_t size);
  void release(void* rx);
  // Finish writing [rw, rw+size): flush the instruction cache for the rx view (x86-64 keeps
  // instruction fetch coherent with stores, so there it is nothing).
  static void commit(const CodeBlock& block) {
#if !defined(__x86_64__)
    flushInstructionCache(block);
#else
    (void)block;
#endif
  }

  // Runs `emit` on a CodeHolder initialized for the host and places the code in executable
  // memory.
  using EmitFn = std::function<Error(asmjit::CodeHolder&)>;
  Result<CodeBlock> assemble(const EmitFn& emit);

 private:
  explicit CodeMemory(bool dualMapped);
  static void flushInstructionCache(const CodeBlock& block);
  std::mutex mu_;
  asmjit::JitAllocator alloc_;
};

}  // namespace jitffi::internal
