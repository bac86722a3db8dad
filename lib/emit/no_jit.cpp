// SPDX-License-Identifier: MIT
// Listings in a build without the JIT (lib/CMakeLists.txt, JITFFI_JIT=OFF): there are no
// emitters, so there is no generated code to list.
#include "emit_p.h"

namespace jitffi::internal {

namespace {
Error noJit() {
  return fail(Status::kUnsupported,
              "this jitffi was built without the JIT (JITFFI_JIT=OFF): it generates no code, so there is none to list");
}
}  // namespace

Result<std::string> listCallStub(const CallPlan&, CallShape, const StubParams&) { return noJit(); }

Result<std::string> listCallStub(const CallPlan&, CallShape, const void*) { return noJit(); }

Result<std::string> listClosureEntry(const CallPlan&, HandlerShape, Abi) { return noJit(); }

}  // namespace jitffi::internal
