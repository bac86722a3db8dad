// SPDX-License-Identifier: MIT
// Closures: shared per-signature entries, per-closure trampolines, RawClosure and VarArgs.
#include "closure_p.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "../emit/arch_p.h"
#include "../emit/interp_closure_p.h"
#include "closure_memory_p.h"
#include "code_info_p.h"
#include "ffi_api_p.h"
#include "interface_cache_p.h"
#include "jitffi/closure.h"
#include "runtime_p.h"

extern "C" {
// Called by the host architecture's interpreted closure entries (HostRoutines::closureEntries).
__attribute__((visibility("hidden"))) void jitffi_interp_closure(const void* closure, const void* entry,
                                                                 const jitffi::internal::VarArgsFrame* frame,
                                                                 jitffi::internal::ReturnRegs* out);
}

namespace jitffi {

using namespace internal;

namespace internal {

Result<const void*> closureEntry(const CallInterface* ci, HandlerShape shape, Abi handlerAbi, ClosureCtx ctx) {
  const ArchDesc& arch = hostArch();
  if (archOf(ci->abi()) != arch.arch) {
    return fail(Status::kBadAbi, std::string(abiName(ci->abi())) + " closures cannot run on this host");
  }
  if (ci->jitted()) return compileClosureEntry(ci, shape, handlerAbi, ctx);
  for (const InterpClosureEntry& e : hostRoutines().closureEntries) {
    if (e.ctx == ctx && e.shape == shape && e.handlerAbi == handlerAbi) {
      // Kept with the interface as a generated entry is: its next closure finds it with one load.
      const void* entry = reinterpret_cast<const void*>(e.entry);
      JITFFI_TRY(keepClosureEntry(ci, closureEntryIndex(shape, handlerAbi, ctx), entry));
      return entry;
    }
  }
  return fail(Status::kBadAbi, "no interpreted closure entry for a " + std::string(abiName(handlerAbi)) + " handler");
}

Error keepClosureEntry(const CallInterface* ci, int index, const void* entry) {
  std::lock_guard<std::mutex> g(InterfaceCache::instance().buildMutex());
  std::atomic<const void*>* slot = CallInterface::Internal::closureEntrySlot(ci, index);
  if (!slot) return fail(Status::kOutOfMemory, "closure entry table");
  slot->store(entry, std::memory_order_release);
  return {};
}

namespace {

// An interpreted closure call on an interface whose closure program (interp_closure_p.h) is not
// made yet: it is built (under the cache's build mutex), then the call made; out of memory, the
// handler is not called. Out of line: the usual path finds the program made.
__attribute__((noinline)) void firstInterpretedClosure(const CallInterface* ci, const InterpClosureEntry& e,
                                                       const void* ctx, void* fun, void* user,
                                                       const VarArgsFrame& frame, ReturnRegs& out) {
  std::atomic<InterpClosureProgram*>& slot = CallInterface::Internal::interpClosureProgram(ci);
  InterpClosureProgram* p;
  {
    std::lock_guard<std::mutex> g(InterfaceCache::instance().buildMutex());
    p = slot.load(std::memory_order_relaxed);
    if (!p) {
      const CallPlan* plan = CallInterface::Internal::tryPlan(ci);
      p = plan ? buildInterpClosureProgram(*plan) : nullptr;
      slot.store(p, std::memory_order_release);
    }
  }
  if (!p) {
    std::memset(&out, 0, sizeof out);
    return;
  }
  interpretClosure(*p, e.shape, e.handlerAbi, ctx, fun, user, frame, out);
}

}  // namespace

Result<ClosureObject*> makeClosure(const CallInterface* ci, HandlerShape shape, Abi handlerAbi, void* fun,
                                   void* user, void** code) {
  auto entry = closureEntryFast(ci, shape, handlerAbi, ClosureCtx::kInterface);
  if (!entry) return entry.error();
  const ClosureBlock block = ClosureMemory::instance().alloc(sizeof(ClosureObject));
  if (!block.rw) return fail(Status::kOutOfMemory, "no executable memory for a closure");
  auto* obj = static_cast<ClosureObject*>(block.rw);
  obj->cif = static_cast<ffi_cif*>(static_cast<void*>(const_cast<CallInterface*>(ci)));
  obj->fun = reinterpret_cast<decltype(obj->fun)>(fun);
  obj->user_data = user;
  bindTrampoline(obj, block.rx, *entry);
  *code = block.rx;
  return obj;
}

}  // namespace internal

// ---- RawClosure --------------------------------------------------------------------------------

Result<RawClosure> RawClosure::makeImpl(const CallInterface* ci, int shape, Abi handlerAbi, void* handler,
                                        void* user) {
  if (!ci) return fail(Status::kInvalidArgument, "closure: null call interface");
  if (!handler) return fail(Status::kInvalidArgument, "closure: null handler");
  void* code = nullptr;
  auto obj = makeClosure(ci, HandlerShape(shape), handlerAbi, handler, user, &code);
  if (!obj) return obj.error();
  return RawClosure(*obj, code);
}

// The plain handler types are functions of the host's ABI; the Win64 ones (on hosts whose own
// convention is not Win64's) are ms_abi.
Result<RawClosure> RawClosure::make(const CallInterface* ci, ClosureHandler handler, void* user) {
  return makeImpl(ci, int(HandlerShape::kAvalues), kHostAbi, reinterpret_cast<void*>(handler), user);
}

Result<RawClosure> RawClosure::make(const CallInterface* ci, SlotsClosureHandler handler, void* user) {
  return makeImpl(ci, int(HandlerShape::kSlots), kHostAbi, reinterpret_cast<void*>(handler), user);
}

#if JITFFI_HAS_WIN64_HANDLERS
Result<RawClosure> RawClosure::make(const CallInterface* ci, Win64ClosureHandler handler, void* user) {
  return makeImpl(ci, int(HandlerShape::kAvalues), Abi::kWin64, reinterpret_cast<void*>(handler), user);
}

Result<RawClosure> RawClosure::make(const CallInterface* ci, Win64SlotsClosureHandler handler, void* user) {
  return makeImpl(ci, int(HandlerShape::kSlots), Abi::kWin64, reinterpret_cast<void*>(handler), user);
}
#endif

RawClosure& RawClosure::operator=(RawClosure&& o) noexcept {
  if (this != &o) {
    ClosureMemory::instance().free(rw_, "jitffi::RawClosure");
    rw_ = o.rw_;
    code_ = o.code_;
    o.rw_ = o.code_ = nullptr;
  }
  return *this;
}

RawClosure::~RawClosure() { ClosureMemory::instance().free(rw_, "jitffi::RawClosure"); }

// ---- VarArgs -----------------------------------------------------------------------------------

struct VarArgs::State {
  const CallInterface* fixed;
  const VarArgsFrame* frame;
  std::vector<Type> read;
  std::vector<std::unique_ptr<uint8_t[]>> buffers;  // reassembled values, alive with the cursor
};

VarArgs::VarArgs(const CallInterface* fixed, const void* frame)
    : state_(new State{fixed, static_cast<const VarArgsFrame*>(frame), {}, {}}) {}

VarArgs::~VarArgs() = default;

uint32_t VarArgs::count() const noexcept { return uint32_t(state_->read.size()); }

Result<const void*> VarArgs::next(const Type& type) {
  State& st = *state_;
  if (!st.fixed || !st.frame) return fail(Status::kInvalidArgument, "VarArgs: not a variadic call");
  // Where does the next argument go? Exactly where the classifier puts it after the fixed
  // parameters and the variadic arguments already read.
  const Signature* fixed = CallInterface::Internal::trySignature(st.fixed);
  if (!fixed) return fail(Status::kOutOfMemory, "VarArgs: out of memory making the interface's signature");
  Signature sig = *fixed;
  sig.args.resize(sig.fixedCount);
  sig.args.insert(sig.args.end(), st.read.begin(), st.read.end());
  sig.args.push_back(type);
  sig.variadic = true;
  auto plan = classify(sig, st.fixed->abi());
  if (!plan) return plan.error();
  const ValuePlan& v = plan->args.back();
  // Everything that allocates before the cursor moves: out of memory (std::bad_alloc, as the C++
  // API does), this argument is not read.
  auto buf = std::make_unique<uint8_t[]>(std::max<uint32_t>(v.size, 16));
  st.read.reserve(st.read.size() + 1);
  st.buffers.reserve(st.buffers.size() + 1);
  const uint8_t* value = locateIncoming(*plan, v, *st.frame, buf.get());
  st.read.push_back(type);
  if (value == buf.get()) st.buffers.push_back(std::move(buf));
  return static_cast<const void*>(value);
}

}  // namespace jitffi

// Called by the interpreted closure entries with their own address: the host architecture's
// table says what the entry serves.
void jitffi_interp_closure(const void* closure, const void* entry, const jitffi::internal::VarArgsFrame* frame,
                           jitffi::internal::ReturnRegs* out) {
  using namespace jitffi;
  using namespace jitffi::internal;
  // The row of the entry (every entry that calls here has one).
  const InterpClosureEntry* e = hostRoutines().closureEntries.data();
  while (reinterpret_cast<const void*>(e->entry) != entry) ++e;
  const CallInterface* ci;
  const void* ctx;
  void* fun;
  void* user;
  if (e->ctx == ClosureCtx::kGo) {
    const auto* go = static_cast<const ffi_go_closure*>(closure);
    ci = interfaceOf(go->cif);
    ctx = go->cif;
    fun = reinterpret_cast<void*>(go->fun);
    user = const_cast<void*>(closure);
  } else {
    const auto* obj = static_cast<const ClosureObject*>(closure);
    ctx = obj->cif;
    ci = e->ctx == ClosureCtx::kFfiCif ? interfaceOf(static_cast<const ffi_cif*>(ctx))
                                       : static_cast<const CallInterface*>(ctx);
    fun = reinterpret_cast<void*>(obj->fun);
    user = obj->user_data;
  }
  const InterpClosureProgram* program =
      CallInterface::Internal::interpClosureProgram(ci).load(std::memory_order_acquire);
  if (__builtin_expect(program == nullptr, 0)) return firstInterpretedClosure(ci, *e, ctx, fun, user, *frame, *out);
  interpretClosure(*program, e->shape, e->handlerAbi, ctx, fun, user, *frame, *out);
}
