// SPDX-License-Identifier: MIT
// Annotated assembly listings of generated code (golden tests, `jitffi disasm`). Works for an
// x86-64 plan on any host: nothing is executed.
#include <asmjit/core.h>
#include <asmjit/x86.h>

#include "emit_p.h"

namespace jitffi::internal {

using namespace asmjit;

namespace {
struct ListingErrors : ErrorHandler {
  std::string first;
  void handleError(asmjit::Error, const char* message, BaseEmitter*) override {
    if (first.empty()) first = message ? message : "error";
  }
};
}  // namespace

namespace {
template <class EmitFn>
Result<std::string> listing(const CallPlan& plan, EmitFn&& emit) {
  if (plan.arch != Arch::kX64) {
    return fail(Status::kUnsupported, std::string("no emitter for ") + std::string(archName(plan.arch)) + " yet");
  }
  CodeHolder code;
  StringLogger logger;
  logger.addFlags(FormatFlags::kHexImms | FormatFlags::kHexOffsets);
  if (code.init(Environment(asmjit::Arch::kX64)) != kErrorOk) {
    return fail(Status::kOutOfMemory, "asmjit: init");
  }
  ListingErrors errors;
  code.setLogger(&logger);
  code.setErrorHandler(&errors);
  x86::Assembler a(&code);
  JITFFI_TRY(emit(a));
  if (!errors.first.empty()) return fail(Status::kUnsupported, "asmjit rejected an instruction: " + errors.first);
  return std::string(logger.data(), logger.dataSize());
}
}  // namespace

Result<std::string> listCallStub(const CallPlan& plan, CallShape shape, const void* boundFn) {
  return listing(plan, [&](x86::Assembler& a) { return emitX64Call(a, plan, shape, boundFn); });
}

Result<std::string> listClosureEntry(const CallPlan& plan, HandlerShape shape, const ClosureLayout& layout) {
  return listing(plan, [&](x86::Assembler& a) { return emitX64ClosureEntry(a, plan, shape, layout); });
}

}  // namespace jitffi::internal
