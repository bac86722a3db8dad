// SPDX-License-Identifier: MIT
// The JIT's part of the runtime (JIT builds only; a build without it has runtime/no_jit.cpp):
// call stubs and closure entries assembled by the host architecture's emitters (emit/jit_p.h)
// into code memory.
#include <asmjit/core.h>

#include <mutex>
#include <string>

#include "../emit/jit_p.h"
#include "closure_p.h"
#include "code_info_p.h"
#include "code_memory_p.h"
#include "interface_cache_p.h"
#include "runtime_p.h"

namespace jitffi::internal {

namespace {

// Records the first error an emitter hits (asmjit reports them through a handler).
struct RecordingErrorHandler : asmjit::ErrorHandler {
  asmjit::Error first = asmjit::kErrorOk;
  std::string message;
  void handleError(asmjit::Error err, const char* msg, asmjit::BaseEmitter*) override {
    if (first == asmjit::kErrorOk) {
      first = err;
      message = msg ? msg : "";
    }
  }
};

// Runs `emit` (Error(asmjit::CodeHolder&)) on a CodeHolder initialized for the host and places
// the code in executable memory. The CodeHolder is the calling thread's, reset for every block
// (its memory is kept).
template <class EmitFn>
Result<CodeBlock> assemble(EmitFn&& emit) {
  using namespace asmjit;
  // One CodeHolder per thread, reset rather than made anew: its zone keeps the memory it took,
  // so the next block's bookkeeping allocates nothing.
  thread_local CodeHolder code;
  code.reset(ResetPolicy::kSoft);
  RecordingErrorHandler errors;
  if (code.init(Environment::host()) != kErrorOk) return fail(Status::kOutOfMemory, "asmjit: init");
  code.setErrorHandler(&errors);
  JITFFI_TRY(emit(code));
  if (errors.first != kErrorOk) {
    return fail(Status::kUnsupported, "asmjit rejected an instruction: " + errors.message);
  }
  if (code.flatten() != kErrorOk || code.resolveUnresolvedLinks() != kErrorOk) {
    return fail(Status::kOutOfMemory, "asmjit: cannot lay out code");
  }
  const size_t size = code.codeSize();
  CodeMemory& memory = CodeMemory::instance();
  auto block = memory.alloc(size);
  if (!block) return block;
  if (code.relocateToBase(uint64_t(uintptr_t(block->rx))) != kErrorOk ||
      code.copyFlattenedData(block->rw, size, CopySectionFlags::kPadSectionBuffer) != kErrorOk) {
    memory.release(block->rx);
    return fail(Status::kOutOfMemory, "asmjit: cannot relocate code");
  }
  CodeMemory::commit(*block);
  return block;
}

// The host architecture's emitters (a JIT build's host always has them: lib/CMakeLists.txt).
const JitDesc& hostJit() {
  static const JitDesc& jit = *findJit(hostArch().arch);
  return jit;
}

}  // namespace

Result<CodeBlock> compileCallStub(const CallInterface& ci, CallShape shape, const void* boundFn) {
  const CallPlan& plan = ci.plan();
  if (plan.arch != hostArch().arch) {
    return fail(Status::kBadAbi, std::string(abiName(plan.abi)) + " code cannot run on this host");
  }
  const JitDesc& jit = hostJit();
  CfaSteps steps;
  const StubParams params{boundFn, plan.errnoMode == ErrnoMode::kNone ? 0 : hostErrnoOffset()};
  steps.reserve(8);  // (a call stub's frame moves a few times)
  auto block = assemble([&](asmjit::CodeHolder& code) { return jit.emitCall(code, plan, shape, params, &steps); });
  if (block) {
    block->unwind = publishCode(*block, steps, [&] { return callStubName(ci.signature(), plan.abi, shape, boundFn != nullptr); });
  }
  return block;
}

Result<const void*> compileClosureEntry(const CallInterface* ci, HandlerShape shape, Abi handlerAbi, ClosureCtx ctx) {
  std::atomic<const void*>& slot =
      CallInterface::Internal::closureEntry(ci, closureEntryIndex(shape, handlerAbi, ctx));
  if (const void* e = slot.load(std::memory_order_acquire)) return e;
  std::lock_guard<std::mutex> g(InterfaceCache::instance().buildMutex());
  if (const void* e = slot.load(std::memory_order_relaxed)) return e;
  auto handler = handlerCallPlan(ci->plan(), handlerAbi);
  if (!handler) return handler.error();
  const ClosureEntrySpec spec{shape, closureLayout(hostArch(), ctx), *handler};
  const JitDesc& jit = hostJit();
  CfaSteps steps;
  auto block =
      assemble([&](asmjit::CodeHolder& code) { return jit.emitClosureEntry(code, ci->plan(), spec, &steps); });
  if (!block) return block.error();
  // Entries live as long as the process.
  publishCode(*block, steps, [&] { return closureEntryName(ci->signature(), ci->abi(), shape, handlerAbi, ctx); });
  slot.store(block->rx, std::memory_order_release);
  return static_cast<const void*>(block->rx);
}

}  // namespace jitffi::internal
