// SPDX-License-Identifier: MIT
// The C++ call API: CallInterface and BoundCall.
#include <algorithm>
#include <cstdlib>
#include <new>

#include <asmjit/x86.h>

#include "../emit/interp_p.h"
#include "interface_cache_p.h"
#include "runtime_p.h"
#include "unwind_p.h"

namespace jitffi {

using namespace internal;


namespace {

// The interpreted fallback behind the stub signatures (ctx is the CallInterface).
void interpAvalues(const void* ctx, Fn fn, void* rvalue, void* const* avalues) {
  interpretCall(static_cast<const CallInterface*>(ctx)->plan(), CallShape::kAvalues, fn, rvalue, avalues);
}
void interpSlots(const void* ctx, Fn fn, void* rvalue, const uint64_t* slots) {
  interpretCall(static_cast<const CallInterface*>(ctx)->plan(), CallShape::kSlots, fn, rvalue, slots);
}

}  // namespace

CallInterface::CallInterface(Signature sig, CallPlan plan) : sig_(std::move(sig)), plan_(std::move(plan)) {
  retStorage_ = sig_.ret.isVoid() ? 0 : std::max<uint32_t>(plan_.ret.size, 8);
}

CallInterface::~CallInterface() = default;

Result<const CallInterface*> CallInterface::get(const Signature& sig, Abi abi) {
  KeyBytes key;
  makeKey(key, sig, abi);
  const uint64_t h = key.hash();
  InterfaceCache& cache = InterfaceCache::instance();
  if (const CallInterface* ci = cache.find(key, h)) return ci;
  return cache.findOrBuild(key, h, sig, abi);
}

Result<const CallInterface*> CallInterface::get(std::string_view text, Abi abi) {
  auto sig = Signature::parse(text);
  if (!sig) return sig.error();
  return get(*sig, abi);
}

SlotsStub CallInterface::slotsStub() const {
  if (SlotsStub s = slots_.load(std::memory_order_acquire)) return s;
  std::lock_guard<std::mutex> g(InterfaceCache::instance().buildMutex());
  if (SlotsStub s = slots_.load(std::memory_order_relaxed)) return s;
  SlotsStub s = interpSlots;
  if (jitted_) {
    if (auto block = compileCallStub(plan_, CallShape::kSlots, nullptr)) {
      s = reinterpret_cast<SlotsStub>(block->rx);
    }
  }
  slots_.store(s, std::memory_order_release);
  return s;
}

Result<BoundCall> CallInterface::bind(Fn fn) const {
  if (!fn) return fail(Status::kInvalidArgument, "bind: null function");
  if (jitted_) {
    if (auto block = compileCallStub(plan_, CallShape::kAvalues, reinterpret_cast<const void*>(fn))) {
      return BoundCall(this, fn, reinterpret_cast<AvaluesStub>(block->rx), block->rx, block->unwind);
    }
  }
  return BoundCall(this, fn, interpAvalues, nullptr, nullptr);
}

BoundCall& BoundCall::operator=(BoundCall&& o) noexcept {
  if (this != &o) {
    this->~BoundCall();
    new (this) BoundCall(std::move(o));
  }
  return *this;
}

BoundCall::~BoundCall() {
  unregisterCode(unwind_);
  CodeMemory::instance().release(code_);
}

namespace internal {

Error emitCallStub(asmjit::CodeHolder& code, const CallPlan& plan, CallShape shape, const void* boundFn,
                   CfaSteps* steps) {
  if (plan.arch != archOf(hostAbi())) {
    return fail(Status::kBadAbi, std::string(abiName(plan.abi)) + " code cannot run on this host");
  }
  asmjit::x86::Assembler a(&code);
  return emitX64Call(a, plan, shape, boundFn, steps);
}

Result<CodeBlock> compileCallStub(const CallPlan& plan, CallShape shape, const void* boundFn) {
  CfaSteps steps;
  auto block = CodeMemory::instance().assemble(
      [&](asmjit::CodeHolder& code) { return emitCallStub(code, plan, shape, boundFn, &steps); });
  if (block) block->unwind = registerCode(block->rx, block->size, steps);
  return block;
}

bool jitEnabled() {
  static const bool enabled = [] {
    const char* v = std::getenv("JITFFI_JIT");
    return !(v && std::string_view(v) == "0");
  }();
  return enabled;
}

Result<const CallInterface*> buildInterface(const Signature& sig, Abi abi) {
  auto plan = classify(sig, abi);
  if (!plan) return plan.error();
  if (!abiRunsHere(abi)) {
    return fail(Status::kBadAbi, std::string(abiName(abi)) + " code cannot run on this host");
  }
  CallInterface* ci = CallInterface::Internal::make(sig, std::move(*plan));
  // The JIT when it can; the interpreted fallback when executable memory cannot be had.
  if (jitEnabled()) {
    if (auto block = compileCallStub(ci->plan(), CallShape::kAvalues, nullptr)) {
      CallInterface::Internal::setStub(ci, reinterpret_cast<AvaluesStub>(block->rx), true);
      return ci;
    }
  }
  CallInterface::Internal::setStub(ci, interpAvalues, false);
  return ci;
}

}  // namespace internal
}  // namespace jitffi
