// SPDX-License-Identifier: MIT
// Executable memory on asmjit's JitAllocator, always dual-mapped.
#include "code_memory_p.h"

#include <new>
#include <string>

namespace jitffi::internal {

using namespace asmjit;

namespace {
JitAllocator::CreateParams allocatorParams(bool dualMapped) {
  JitAllocator::CreateParams p{};
  // Dual mapping: two views, never a page both writable and executable, whatever the system
  // enforces. (Without it asmjit maps pages read-write-execute.)
  p.options = dualMapped ? JitAllocatorOptions::kUseDualMapping : JitAllocatorOptions::kNone;
  return p;
}

// Records the first error an emitter hits (asmjit reports them through a handler).
struct RecordingErrorHandler : ErrorHandler {
  asmjit::Error first = kErrorOk;
  std::string message;
  void handleError(asmjit::Error err, const char* msg, BaseEmitter*) override {
    if (first == kErrorOk) {
      first = err;
      message = msg ? msg : "";
    }
  }
};
}  // namespace

CodeMemory::CodeMemory(bool dualMapped) : alloc_([&] {
  static JitAllocator::CreateParams params[2] = {allocatorParams(false), allocatorParams(true)};
  return &params[dualMapped ? 1 : 0];
}()) {}

CodeMemory& CodeMemory::instance() {
  static CodeMemory* m = new CodeMemory(true);  // intentionally never destroyed
  return *m;
}

CodeMemory& CodeMemory::singleMapped() {
  static CodeMemory* m = new CodeMemory(false);  // intentionally never destroyed
  return *m;
}

Result<CodeBlock> CodeMemory::alloc(size_t size) {
  CodeBlock b;
  b.size = size;
  std::lock_guard<std::mutex> g(mu_);
  if (alloc_.alloc(&b.rx, &b.rw, size) != kErrorOk) {
    return fail(Status::kOutOfMemory, "no executable memory (" + std::to_string(size) + " bytes)");
  }
  return b;
}

void CodeMemory::release(void* rx) {
  if (!rx) return;
  std::lock_guard<std::mutex> g(mu_);
  alloc_.release(rx);
}

void CodeMemory::flushInstructionCache(const CodeBlock& block) {
  VirtMem::flushInstructionCache(block.rx, block.size);
}

Result<CodeBlock> CodeMemory::assemble(const EmitFn& emit) {
  CodeHolder code;
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
  auto block = alloc(size);
  if (!block) return block;
  if (code.relocateToBase(uint64_t(uintptr_t(block->rx))) != kErrorOk ||
      code.copyFlattenedData(block->rw, size, CopySectionFlags::kPadSectionBuffer) != kErrorOk) {
    release(block->rx);
    return fail(Status::kOutOfMemory, "asmjit: cannot relocate code");
  }
  commit(*block);
  return block;
}

}  // namespace jitffi::internal
