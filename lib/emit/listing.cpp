// SPDX-License-Identifier: MIT
// Annotated assembly listings of generated code (golden tests, `jitffi disasm`). The emitter is
// the plan's architecture's, on any host: nothing is executed.
#include <asmjit/core.h>

#include "arch_p.h"

namespace jitffi::internal {

using namespace asmjit;

namespace {

struct ListingErrors : ErrorHandler {
  std::string first;
  void handleError(asmjit::Error, const char* message, BaseEmitter*) override {
    if (first.empty()) first = message ? message : "error";
  }
};

template <class EmitFn>
Result<std::string> listing(const CallPlan& plan, EmitFn&& emit) {
  const ArchDesc* arch = findArch(plan.arch);
  if (!arch || !arch->emitCall) {
    return fail(Status::kUnsupported, std::string("no emitter for ") + std::string(archName(plan.arch)) + " yet");
  }
  CodeHolder code;
  StringLogger logger;
  logger.addFlags(arch->listingFormat);
  if (code.init(Environment(arch->asmjitArch)) != kErrorOk) {
    return fail(Status::kOutOfMemory, "asmjit: init");
  }
  ListingErrors errors;
  code.setLogger(&logger);
  code.setErrorHandler(&errors);
  JITFFI_TRY(emit(*arch, code));
  if (!errors.first.empty()) return fail(Status::kUnsupported, "asmjit rejected an instruction: " + errors.first);
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
  return listing(plan, [&](const ArchDesc& arch, CodeHolder& code) {
    return arch.emitCall(code, plan, shape, params, nullptr);
  });
}

Result<std::string> listCallStub(const CallPlan& plan, CallShape shape, const void* boundFn) {
  return listCallStub(plan, shape, StubParams{boundFn, kListingErrnoOffset});
}

Result<std::string> listClosureEntry(const CallPlan& plan, HandlerShape shape, Abi handlerAbi) {
  auto handler = handlerCallPlan(plan, handlerAbi);
  if (!handler) return handler.error();
  return listing(plan, [&](const ArchDesc& arch, CodeHolder& code) -> Error {
    if (!arch.emitClosureEntry) {
      return fail(Status::kUnsupported, std::string("no closure-entry emitter for ") + std::string(archName(plan.arch)) + " yet");
    }
    const ClosureEntrySpec spec{shape, closureLayout(arch, ClosureCtx::kInterface), *handler};
    return arch.emitClosureEntry(code, plan, spec, nullptr);
  });
}

}  // namespace jitffi::internal
