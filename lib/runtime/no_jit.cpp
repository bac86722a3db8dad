// SPDX-License-Identifier: MIT
// The runtime in a build without the JIT (lib/CMakeLists.txt, JITFFI_JIT=OFF; a JIT build has
// runtime/jit_compile.cpp): no stub or closure entry is ever generated. Every interface runs
// through the interpreted fallback and every closure through the interpreted entries, reached by
// the trampoline written into its object (dual-mapped closure memory) or, with JITFFI_JIT=0 or
// where executable memory is refused, a static trampoline (closure_memory_p.h).
#include "closure_p.h"
#include "runtime_p.h"

namespace jitffi::internal {

namespace {
Error noJit() {
  return fail(Status::kUnsupported, "this jitffi was built without the JIT (JITFFI_JIT=OFF): it generates no code");
}
}  // namespace

Result<CodeBlock> compileCallStub(const Signature&, const CallPlan&, CallShape, const void*) { return noJit(); }

Result<const void*> compileClosureEntry(const CallInterface*, HandlerShape, Abi, ClosureCtx) { return noJit(); }

}  // namespace jitffi::internal
