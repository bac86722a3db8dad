// The C++ call API: CallInterface and BoundCall.
#include <algorithm>
#include <cstdlib>

#include <asmjit/x86.h>

#include "interface_cache_p.h"
#include "runtime_p.h"

namespace jitffi {

using namespace internal;

struct CallInterface::Internal {
  static CallInterface* make(Signature sig, CallPlan plan) {
    return new CallInterface(std::move(sig), std::move(plan));
  }
  static void destroy(CallInterface* ci) { delete ci; }
  static void setStub(CallInterface* ci, AvaluesStub stub) { ci->stub_ = stub; }
};

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
  auto block = compileCallStub(plan_, CallShape::kSlots, nullptr);
  // The plan compiled once already (the avalues stub); a failure here is only exhaustion of
  // executable memory, which leaves no way to run code at all.
  if (!block) std::abort();
  auto s = reinterpret_cast<SlotsStub>(block->rx);
  slots_.store(s, std::memory_order_release);
  return s;
}

Result<BoundCall> CallInterface::bind(Fn fn) const {
  if (!fn) return fail(Status::kInvalidArgument, "bind: null function");
  auto block = compileCallStub(plan_, CallShape::kAvalues, reinterpret_cast<const void*>(fn));
  if (!block) return block.error();
  return BoundCall(this, block->rx);
}

BoundCall& BoundCall::operator=(BoundCall&& o) noexcept {
  if (this != &o) {
    CodeMemory::instance().release(code_);
    ci_ = o.ci_;
    code_ = o.code_;
    o.code_ = nullptr;
  }
  return *this;
}

BoundCall::~BoundCall() { CodeMemory::instance().release(code_); }

namespace internal {

Error emitCallStub(asmjit::CodeHolder& code, const CallPlan& plan, CallShape shape, const void* boundFn) {
  if (plan.arch != archOf(hostAbi())) {
    return fail(Status::kBadAbi, std::string(abiName(plan.abi)) + " code cannot run on this host");
  }
  asmjit::x86::Assembler a(&code);
  return emitX64Call(a, plan, shape, boundFn);
}

Result<CodeBlock> compileCallStub(const CallPlan& plan, CallShape shape, const void* boundFn) {
  return CodeMemory::instance().assemble(
      [&](asmjit::CodeHolder& code) { return emitCallStub(code, plan, shape, boundFn); });
}

Result<const CallInterface*> buildInterface(const Signature& sig, Abi abi) {
  auto plan = classify(sig, abi);
  if (!plan) return plan.error();
  CallInterface* ci = CallInterface::Internal::make(sig, std::move(*plan));
  auto block = compileCallStub(ci->plan(), CallShape::kAvalues, nullptr);
  if (!block) {
    CallInterface::Internal::destroy(ci);
    return block.error();
  }
  CallInterface::Internal::setStub(ci, reinterpret_cast<AvaluesStub>(block->rx));
  return ci;
}

}  // namespace internal
}  // namespace jitffi
