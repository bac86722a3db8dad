// SPDX-License-Identifier: MIT
// Runtime internals shared by the C++ API, the C API and the closures.
#pragma once

#include "../emit/emit_p.h"
#include "code_memory_p.h"
#include "jitffi/call.h"

namespace jitffi {

// The runtime's access to CallInterface internals.
struct CallInterface::Internal {
  static CallInterface* make(Signature sig, CallPlan plan) {
    return new CallInterface(std::move(sig), std::move(plan));
  }
  static void destroy(CallInterface* ci) { delete ci; }
  static void setStub(CallInterface* ci, AvaluesStub stub, bool jitted) {
    ci->stub_ = stub;
    ci->jitted_ = jitted;
  }
  // index: internal::closureEntryIndex, below kClosureEntries.
  static std::atomic<const void*>& closureEntry(const CallInterface* ci, int index) {
    return ci->closureEntries_[index];
  }
  static std::atomic<const CallInterface*>& errnoSibling(const CallInterface* ci) { return ci->errnoSibling_; }
  static std::atomic<internal::InterpProgram*>& interpProgram(const CallInterface* ci) { return ci->interp_; }
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

// Compiles a call stub for the interface into executable memory and publishes it (code_info_p.h:
// its unwind table, its name where enabled); kUnsupported in a build without the JIT.
Result<CodeBlock> compileCallStub(const CallInterface& ci, CallShape shape, const void* boundFn);

}  // namespace jitffi::internal
