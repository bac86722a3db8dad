// SPDX-License-Identifier: MIT
// Annotated assembly listings of generated code (golden tests, `jitffi disasm`). The emitter is
// the plan's architecture's, on any host: nothing is executed.
#include <asmjit/core.h>

#include "jit_p.h"

namespace jitffi::internal {

using namespace asmjit;

namespace {

template <class EmitFn>
Result<std::string> listing(const CallPlan& plan, EmitFn&& emit) {
  const JitDesc* arch = findJit(plan.arch);
  if (!arch) {
    return fail(Status::kUnsupported, std::string("no emitter for ") + std::string(archName(plan.arch)) +
                                          " (asmjit cannot assemble for it)");
  }
  CodeHolder code;
  StringLogger logger;
  logger.addFlags(arch->listingFormat);
  if (code.init(Environment(arch->asmjitArch)) != kErrorOk) {
    return fail(Status::kOutOfMemory, "asmjit: init");
  }
  RecordingErrorHandler errors;
  code.setLogger(&logger);
  code.setErrorHandler(&errors);
  JITFFI_TRY(emit(*arch, code));
  if (errors.first != kErrorOk) return fail(Status::kUnsupported, "asmjit rejected an instruction: " + errors.message);
  return std::string(logger.data(), logger.dataSize());
}

}  // namespace

void Note::appendTo(std::string& out) const {
  if (arg_ >= 0) out += "a" + std::to_string(arg_) + ": ";
  else if (bytes_) out += "ret: ";
  if (bytes_) out += "bytes " + std::to_string(offset_) + "+" + std::to_string(size_);
  else if (text_) out += text_;
}

Result<std::string> listCallStub(const CallPlan& plan, CallShape shape, const StubParams& params) {
  return listing(plan, [&](const JitDesc& jit, CodeHolder& code) {
    return jit.emitCall(code, plan, shape, params, nullptr);
  });
}

Result<std::string> listCallStub(const CallPlan& plan, CallShape shape, const void* boundFn) {
  return listCallStub(plan, shape, StubParams{boundFn, kListingErrnoOffset});
}

Result<std::string> listClosureEntry(const CallPlan& plan, HandlerShape shape, Abi handlerAbi) {
  auto handler = handlerCallPlan(plan, handlerAbi);
  if (!handler) return handler.error();
  return listing(plan, [&](const JitDesc& jit, CodeHolder& code) -> Error {
    const ClosureEntrySpec spec{shape, closureLayout(*findArch(plan.arch), ClosureCtx::kInterface), *handler};
    return jit.emitClosureEntry(code, plan, spec, nullptr);
  });
}

}  // namespace jitffi::internal
