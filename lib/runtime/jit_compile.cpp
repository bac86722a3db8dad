// SPDX-License-Identifier: MIT
// The JIT's part of the runtime (JIT builds only; a build without it has runtime/no_jit.cpp):
// call stubs and closure entries assembled by the host architecture's emitters (emit/jit_p.h)
// into code memory.
#include <asmjit/core.h>

#include <mutex>
#include <new>
#include <string>

#include "../emit/jit_p.h"
#include "closure_p.h"
#include "code_info_p.h"
#include "code_memory_p.h"
#include "interface_cache_p.h"
#include "runtime_p.h"

namespace jitffi::internal {

namespace {

// What the calling thread assembles into first (asmjit would otherwise take a buffer from the
// heap and free it for every block): a block that outgrows it is assembled again into one asmjit
// grows.
constexpr size_t kAssembleBuffer = 4096;

// Whether the thread's CodeHolder can take the next block as it is, its text merely emptied: it
// was set up for the fixed buffer, and the last block left nothing in it but code (no label, no
// relocation, no other section; those live in the holder's zone until a reset).
bool reusable(const asmjit::CodeHolder& code, const uint8_t* buffer) {
  return code.isInitialized() && code.sectionCount() == 1 && code.textSection()->buffer().data() == buffer &&
         code.labelCount() == 0 && code.relocEntries().empty();
}

// Runs `emit` (Error(asmjit::CodeHolder&)) on a CodeHolder initialized for the host and places
// the code in executable memory. The CodeHolder is the calling thread's, kept from block to block
// with the emitters' assembler attached (emit/jit_p.h, threadAssembler), its text emptied for the
// next block, or reset and initialized again (its memory is kept) after a block that left more
// than code in it; its code is written into the thread's kAssembleBuffer first: `emit` runs a
// second time, from scratch, for a block that outgrows it, so it must start over each time. An
// emitter out of memory (std::bad_alloc) is kOutOfMemory.
template <class EmitFn>
Result<CodeBlock> assemble(EmitFn&& emit) {
  using namespace asmjit;
  // A block that comes near the end of the fixed buffer is emitted again into a growing one:
  // asmjit refuses a write with less than 16 bytes left (an instruction) or than the data's size
  // (an embedded address), and not every refusal reaches the error handler, so ending below the
  // margin is what shows that nothing was refused.
  constexpr size_t kMargin = 64;
  thread_local CodeHolder code;
  thread_local uint8_t buffer[kAssembleBuffer];
  RecordingErrorHandler errors;
  for (bool fixed : {true, false}) {
    if (fixed && reusable(code, buffer)) {
      code.textSection()->buffer()._size = 0;
      // The last block's relocateToBase left its address as the holder's base; an emitter that
      // asmjit lets encode an absolute target rip-relative against a known base would encode the
      // next block against the wrong one. A fresh holder has none.
      code._baseAddress = Globals::kNoBaseAddress;
    } else {
      code.reset(ResetPolicy::kSoft);
      if (code.init(Environment::host()) != kErrorOk) return fail(Status::kOutOfMemory, "asmjit: init");
      if (fixed) {
        CodeBuffer& b = code.textSection()->buffer();
        b._data = buffer;
        b._capacity = sizeof buffer;
        b._flags = CodeBufferFlags::kIsExternal | CodeBufferFlags::kIsFixed;
      }
    }
    errors.first = kErrorOk;
    errors.message.clear();
    code.setErrorHandler(&errors);
    Error emitted;
    try {
      emitted = emit(code);
    } catch (const std::bad_alloc&) {  // (the emitters' own lists)
      return fail(Status::kOutOfMemory, "out of memory emitting code");
    }
    if (fixed && code.textSection()->bufferSize() > sizeof buffer - kMargin) continue;
    JITFFI_TRY(emitted);
    break;
  }
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

Result<CodeBlock> compileCallStub(const Signature& sig, const CallPlan& plan, CallShape shape, const void* boundFn) {
  if (plan.arch != hostArch().arch) {
    return fail(Status::kBadAbi, std::string(abiName(plan.abi)) + " code cannot run on this host");
  }
  const JitDesc& jit = hostJit();
  // One list per thread, emptied rather than made anew (no allocation once it has grown; the
  // thread's CodeHolder in assemble is reused the same way).
  thread_local CfaSteps steps;
  const StubParams params{boundFn, plan.errnoMode == ErrnoMode::kNone ? 0 : hostErrnoOffset()};
  auto block = assemble([&](asmjit::CodeHolder& code) {
    steps.clear();  // (assemble may run this twice)
    return jit.emitCall(code, plan, shape, params, &steps);
  });
  if (block) {
    // An interface's stubs live as long as the process (it is never freed); a bound stub until its
    // BoundCall goes.
    const TableLife life = boundFn ? TableLife::kUntilUnregistered : TableLife::kProcess;
    block->unwind =
        publishCode(*block, steps, life, [&] { return callStubName(sig, plan.abi, shape, boundFn != nullptr); });
  }
  return block;
}

Result<const void*> compileClosureEntry(const CallInterface* ci, HandlerShape shape, Abi handlerAbi, ClosureCtx ctx) {
  const int index = closureEntryIndex(shape, handlerAbi, ctx);
  if (const void* e = CallInterface::Internal::closureEntry(ci, index)) return e;
  if (ctx == ClosureCtx::kFfiCif) {
    // libffi's closures share the avalues entry (closureEntryIndex), kept in their slot too.
    auto e = compileClosureEntry(ci, HandlerShape::kAvalues, handlerAbi, ClosureCtx::kInterface);
    if (e) JITFFI_TRY(keepClosureEntry(ci, index, *e));
    return e;
  }
  std::lock_guard<std::mutex> g(InterfaceCache::instance().buildMutex());
  std::atomic<const void*>* slot = CallInterface::Internal::closureEntrySlot(ci, index);
  if (!slot) return fail(Status::kOutOfMemory, "closure entry table");
  if (const void* e = slot->load(std::memory_order_relaxed)) return e;
  const CallPlan* made = CallInterface::Internal::tryPlan(ci);
  if (!made) return fail(Status::kOutOfMemory, "closure entry: out of memory making the interface's plan");
  const CallPlan& plan = *made;
  auto handler = [&]() -> Result<CallPlan> {
    try {
      return handlerCallPlan(plan, handlerAbi);
    } catch (const std::bad_alloc&) {
      return fail(Status::kOutOfMemory, "closure entry: out of memory making the handler's plan");
    }
  }();
  if (!handler) return handler.error();
  const ClosureEntrySpec spec{shape, closureLayout(hostArch(), ctx), *handler};
  const JitDesc& jit = hostJit();
  CfaSteps steps;
  auto block = assemble([&](asmjit::CodeHolder& code) {
    steps.clear();  // (assemble may run this twice)
    return jit.emitClosureEntry(code, plan, spec, &steps);
  });
  if (!block) return block.error();
  // Entries live as long as the process.
  publishCode(*block, steps, TableLife::kProcess, [&] { return closureEntryName(ci->signature(), ci->abi(), shape, handlerAbi, ctx); });
  slot->store(block->rx, std::memory_order_release);
  return static_cast<const void*>(block->rx);
}

}  // namespace jitffi::internal
