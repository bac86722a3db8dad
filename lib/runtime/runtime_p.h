// SPDX-License-Identifier: MIT
// Runtime internals shared by the C++ API, the C API and the closures.
#pragma once

#include <new>

#include "../emit/emit_p.h"
#include "arena_p.h"
#include "code_memory_p.h"
#include "jitffi/call.h"

namespace jitffi {

// The runtime's access to CallInterface internals.
struct CallInterface::Internal {
  // The interface of `sig` and its plan (classify's, for the ABI and options the interface is
  // for), in one block from the process-lifetime arena (arena_p.h: interfaces are never freed):
  // the interface, then its kinds (a byte per value), then, when a value is a struct, the layout
  // of each value. The plan is not kept (plan() makes it again).
  static CallInterface* make(const Signature& sig, const CallPlan& plan) {
    const size_t n = sig.args.size();
    bool structs = sig.ret.isStruct();
    for (const Type& t : sig.args) structs = structs || t.isStruct();
    const size_t bytes = sizeof(CallInterface) +
                         (structs ? structLayoutsOffset(n) + (n + 1) * sizeof(StructLayout) : n + 1);
    return new (internal::Arena::instance().allocOrThrow(bytes, alignof(CallInterface))) CallInterface(sig, plan, structs);
  }
  // The signature and the plan of ci (CallInterface::signature(), plan()), made the first time
  // and then kept; null when they cannot be made (out of memory: nothing is kept, the next use
  // tries again). The runtime's own paths take these, and fail as each says it does out of memory
  // (an error status, a call not made); the public accessors terminate the process instead.
  // tryPlan makes the signature first: once it has given a plan, signature() is a load that
  // cannot fail.
  // (Hidden: members of an exported class are exported otherwise.)
  __attribute__((visibility("hidden"))) static const Signature* trySignature(const CallInterface* ci) noexcept;
  __attribute__((visibility("hidden"))) static const CallPlan* tryPlan(const CallInterface* ci) noexcept;
  // An interface whose build failed: its bytes stay in the arena.
  static void destroy(CallInterface* ci) { ci->~CallInterface(); }
  static void setStub(CallInterface* ci, AvaluesStub stub, bool jitted) {
    ci->stub_ = stub;
    ci->jitted_ = jitted;
  }
  // The entry at `index` (internal::closureEntryIndex, below kClosureEntries), or null when it
  // has not been made.
  static const void* closureEntry(const CallInterface* ci, int index) {
    const std::atomic<const void*>* table = ci->closureEntries_.load(std::memory_order_acquire);
    return table ? table[index].load(std::memory_order_acquire) : nullptr;
  }
  // Where the entry at `index` is kept, the table made if need be (null: out of memory); only with
  // the cache's build mutex held (the one writer of the table).
  static std::atomic<const void*>* closureEntrySlot(const CallInterface* ci, int index) {
    std::atomic<const void*>* table = ci->closureEntries_.load(std::memory_order_relaxed);
    if (!table) {
      table = new (std::nothrow) std::atomic<const void*>[kClosureEntries]();
      if (!table) return nullptr;
      ci->closureEntries_.store(table, std::memory_order_release);
    }
    return &table[index];
  }
  static std::atomic<const CallInterface*>& errnoSibling(const CallInterface* ci) { return ci->errnoSibling_; }
  static std::atomic<internal::InterpProgram*>& interpProgram(const CallInterface* ci) { return ci->interp_; }
  static std::atomic<internal::InterpClosureProgram*>& interpClosureProgram(const CallInterface* ci) {
    return ci->interpClosure_;
  }
};

}  // namespace jitffi

namespace jitffi::internal {

// Classifies `sig` and compiles its libffi-shape stub. Called once per cached signature, with the
// cache's build mutex held.
Result<const CallInterface*> buildInterface(const Signature& sig, Abi abi, CallOptions options);

// The interpreted fallback's program of ci (interp_p.h), built the first time (under the cache's
// build mutex); null when it cannot be built (out of memory: an interpreted call then calls
// nothing).
const InterpProgram* buildInterpProgramOnce(const CallInterface* ci);
inline const InterpProgram* interpProgramOf(const CallInterface* ci) {
  if (const InterpProgram* p = CallInterface::Internal::interpProgram(ci).load(std::memory_order_acquire)) return p;
  return buildInterpProgramOnce(ci);
}

// errno's offset from the thread pointer in this process (StubParams::errnoOffset).
int64_t hostErrnoOffset();

// The kSetAndCapture interface of ci's signature and ABI, made and remembered in ci
// (CallInterface::Internal::errnoSibling) the first time; null when it cannot be made (out of
// memory).
const CallInterface* makeErrnoSibling(const CallInterface* ci);

// False when the environment variable JITFFI_JIT=0 was set at the first use of jitffi: every
// interface then runs through the interpreted fallback, and no code at all is written (closures
// take static trampolines). (A build without the JIT, JITFFI_JIT=OFF, interprets every
// interface anyway: compileCallStub refuses.)
bool jitEnabled();

// Compiles a call stub for an interface (its signature and plan) into executable memory and
// publishes it (code_info_p.h: its unwind table, its name where enabled); kUnsupported in a
// build without the JIT.
Result<CodeBlock> compileCallStub(const Signature& sig, const CallPlan& plan, CallShape shape, const void* boundFn);

}  // namespace jitffi::internal
