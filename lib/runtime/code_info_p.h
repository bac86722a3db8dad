// SPDX-License-Identifier: MIT
// Generated code made known to the tools that look at a process (docs/design.md, "Generated code
// you can see"). Every call stub and closure entry is published when it is made: its unwind
// table to the unwinder (unwind_p.h), always; and, when enabled (jitffi/debug.h), a function
// symbol named after its signature to debuggers through gdb's JIT interface and to profilers
// through Linux perf's /tmp/perf-PID.map. It is retired when freed.
//
// gdb's JIT interface (gdb manual, "JIT Compilation Interface"): the process keeps a descriptor
// (version 1, an action, the entry the action concerns, the first entry) heading a doubly
// linked list of entries, each pointing at an in-memory object file (elf_image_p.h), and calls
// an empty function after each change, in which gdb has a breakpoint; gdb then reads the
// descriptor. Changes are made, and the function called, under one lock (codeInfoLock). Both
// symbols stay out of the dynamic symbol table: gdb looks them up per object file, in its symbol
// table, so the library's pair never mixes with another JIT's (LLVM exports its own).
//
// fork(): the descriptor, the entries and their images are ordinary private memory, copied for
// the child, which then unregisters and registers on its own copy. fork.cpp takes codeInfoLock in
// prepare (no list half-changed in the child) and calls codeInfoAfterFork in the child.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "../emit/emit_p.h"
#include "code_memory_p.h"
#include "unwind_p.h"
#include "jitffi/signature.h"

namespace jitffi::internal {

struct JitCodeEntry {
  JitCodeEntry* next;
  JitCodeEntry* prev;
  const char* symfileAddr;
  uint64_t symfileSize;
};

enum JitAction : uint32_t { kJitNoAction = 0, kJitRegisterFn = 1, kJitUnregisterFn = 2 };

struct JitDescriptor {
  uint32_t version;
  uint32_t actionFlag;  // a JitAction
  JitCodeEntry* relevantEntry;
  JitCodeEntry* firstEntry;
};

}  // namespace jitffi::internal

// The names gdb looks for.
extern "C" jitffi::internal::JitDescriptor __jit_debug_descriptor;
extern "C" void __jit_debug_register_code();

namespace jitffi::internal {

// What a code block is, for its name: "jitffi [ABI ]KIND SIGNATURE[ (HANDLER-ABI handler)]", the
// code's ABI named when it is not the host's, a closure entry's handler's when it is not the
// closure's own: "jitffi stub i32(f64, ptr)", "jitffi win64 closure entry f64() (sysv-x64
// handler)".
struct CodeName {
  const Signature& sig;
  Abi abi;
  const char* kind;  // "stub", "slots stub", "bound stub", "closure entry", "slots closure entry", "go closure entry"
  Abi handlerAbi;
  std::string text() const;
};
inline CodeName callStubName(const Signature& sig, Abi abi, CallShape shape, bool bound) {
  const char* kind = shape == CallShape::kSlots ? "slots stub" : bound ? "bound stub" : "stub";
  return CodeName{sig, abi, kind, abi};
}
inline CodeName closureEntryName(const Signature& sig, Abi abi, HandlerShape shape, Abi handlerAbi, ClosureCtx ctx) {
  const char* kind = ctx == ClosureCtx::kGo                ? "go closure entry"
                     : shape == HandlerShape::kSlots ? "slots closure entry"
                                                     : "closure entry";
  return CodeName{sig, abi, kind, handlerAbi};
}

// What is switched on (code_info.cpp); 0 once the environment was read and nothing is.
extern std::atomic<uint8_t> gCodeInfoSwitches;
// Describes a block, whose unwind table is registered under `unwind`, to what is switched on.
void describeCode(const CodeBlock& block, const void* unwind, const CodeName& name) noexcept;

// Publishes a block just made and written: returns its unwind table's handle (registerCode, the
// table living as `life` says). `name()` gives its CodeName, asked only when something is
// switched on: otherwise publishing costs a load and a branch more than registering the unwind
// table.
template <class NameFn>
inline void* publishCode(const CodeBlock& block, const CfaSteps& steps, TableLife life, NameFn&& name) {
  void* unwind = registerCode(block.rx, block.size, steps, life);
  if (gCodeInfoSwitches.load(std::memory_order_relaxed) != 0) [[unlikely]] {
    describeCode(block, unwind, name());
  }
  return unwind;
}
// Retires a block published with `unwind` and gives its memory back to CodeMemory.
void retireCode(void* rx, void* unwind);

// Whether the perf map is on (CodeMemory then makes chunks perf can name).
bool perfMapEnabled() noexcept;

std::mutex& codeInfoLock() noexcept;
// In a fork child, with codeInfoLock held: the perf map is the child's own file, which starts
// with the lines of the code the child inherited. System calls only.
void codeInfoAfterFork() noexcept;

}  // namespace jitffi::internal
