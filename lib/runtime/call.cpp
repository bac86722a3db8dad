// SPDX-License-Identifier: MIT
// The C++ call API: CallInterface and BoundCall.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>

#include "../emit/arch_p.h"
#include "../emit/interp_closure_p.h"
#include "../emit/interp_p.h"
#include "interface_cache_p.h"
#include "code_info_p.h"
#include "runtime_p.h"

namespace jitffi {

using namespace internal;


namespace {

// The interpreted fallback behind the stub signatures (ctx is the CallInterface). The program is
// built with an interpreted interface; an interface whose stub the JIT could not make builds it on
// its first interpreted call (the slow path, out of line: the usual path keeps its arguments in
// their registers). Out of memory, the call is not made.
template <CallShape kShape, bool kErrno, class Args>
__attribute__((noinline)) void interpFirst(const void* ctx, Fn fn, void* rvalue, Args args, int* errnoInOut) {
  if (const InterpProgram* p = buildInterpProgramOnce(static_cast<const CallInterface*>(ctx))) {
    interpretCall<kShape, kErrno>(*p, fn, rvalue, args, errnoInOut);
  }
}
template <CallShape kShape, class Args>
void interp(const void* ctx, Fn fn, void* rvalue, Args args) {
  const InterpProgram* p =
      CallInterface::Internal::interpProgram(static_cast<const CallInterface*>(ctx)).load(std::memory_order_acquire);
  if (__builtin_expect(p == nullptr, 0)) return interpFirst<kShape, false>(ctx, fn, rvalue, args, nullptr);
  interpretCall<kShape, false>(*p, fn, rvalue, args, nullptr);
}
// The same for interfaces with an errno mode (the errno stub shapes).
template <CallShape kShape, class Args>
int interpErrno(const void* ctx, Fn fn, void* rvalue, Args args, int errnoIn) {
  const InterpProgram* p =
      CallInterface::Internal::interpProgram(static_cast<const CallInterface*>(ctx)).load(std::memory_order_acquire);
  if (__builtin_expect(p == nullptr, 0)) interpFirst<kShape, true>(ctx, fn, rvalue, args, &errnoIn);
  else interpretCall<kShape, true>(*p, fn, rvalue, args, &errnoIn);
  return errnoIn;
}
constexpr AvaluesStub interpAvalues = interp<CallShape::kAvalues, void* const*>;
constexpr SlotsStub interpSlots = interp<CallShape::kSlots, const uint64_t*>;
constexpr ErrnoAvaluesStub interpErrnoAvalues = interpErrno<CallShape::kAvalues, void* const*>;
constexpr ErrnoSlotsStub interpErrnoSlots = interpErrno<CallShape::kSlots, const uint64_t*>;

// The interpreted stubs of an interface's shape.
AvaluesStub interpretedAvalues(const CallInterface& ci) {
  return ci.options().errnoMode == ErrnoMode::kNone ? interpAvalues : stubAs<AvaluesStub>(interpErrnoAvalues);
}
SlotsStub interpretedSlots(const CallInterface& ci) {
  return ci.options().errnoMode == ErrnoMode::kNone ? interpSlots : stubAs<SlotsStub>(interpErrnoSlots);
}

// The bytes of result storage an interface asks for: none for void, else the result's, at least 8.
uint32_t returnStorageOf(TypeKind ret, const ValuePlan& plan) {
  return ret == TypeKind::kVoid ? 0 : std::max<uint32_t>(plan.size, 8);
}

// The public signature() and plan() out of memory (the runtime's paths take Internal::trySignature
// and tryPlan, and fail softly).
[[noreturn]] void outOfMemory(const char* what) noexcept {
  std::fprintf(stderr, "jitffi: out of memory making an interface's %s\n", what);
  std::abort();
}

// Publishes `made` in `slot` unless another thread got there first; returns the one published
// (the loser's copy freed).
template <class T>
const T& publishOnce(std::atomic<const T*>& slot, const T* made) {
  const T* expected = nullptr;
  if (slot.compare_exchange_strong(expected, made, std::memory_order_acq_rel, std::memory_order_acquire)) {
    return *made;
  }
  delete made;
  return *expected;
}

}  // namespace

CallInterface::CallInterface(const Signature& sig, const CallPlan& plan, bool structs)
    : retStorage_(returnStorageOf(sig.ret.kind(), plan.ret)),
      argCount_(uint16_t(sig.args.size())),
      fixedCount_(uint16_t(sig.fixedCount)),
      abi_(plan.abi),
      errnoMode_(plan.errnoMode),
      retKind_(sig.ret.kind()),
      variadic_(sig.variadic),
      structs_(structs) {
  static_assert(kMaxArgs <= UINT16_MAX, "argCount_");
  auto* kindBytes = reinterpret_cast<uint8_t*>(this + 1);
  kindBytes[0] = errnoMode_ == ErrnoMode::kNone ? uint8_t(retKind_) : kNeverExact;
  bool nodes = sig.ret.isAggregate();
  for (size_t i = 0; i < sig.args.size(); ++i) {
    kindBytes[i + 1] = uint8_t(sig.args[i].kind());
    nodes = nodes || sig.args[i].isAggregate();
  }
  if (structs) {
    auto* layouts = reinterpret_cast<StructLayout*>(kindBytes + structLayoutsOffset(sig.args.size()));
    layouts[0] = {plan.ret.size, plan.ret.align};
    for (size_t i = 0; i < sig.args.size(); ++i) layouts[i + 1] = {plan.args[i].size, plan.args[i].align};
  }
  // A type with a node (a struct, a vector) is not one byte: such a signature is kept whole.
  if (nodes) sig_.store(new Signature(sig), std::memory_order_relaxed);
}

CallInterface::~CallInterface() {
  freeInterpProgram(interp_.load(std::memory_order_relaxed));
  freeInterpClosureProgram(interpClosure_.load(std::memory_order_relaxed));
  delete[] closureEntries_.load(std::memory_order_relaxed);
  delete sig_.load(std::memory_order_relaxed);
  delete plan_.load(std::memory_order_relaxed);
}

const Signature* CallInterface::Internal::trySignature(const CallInterface* ci) noexcept {
  if (const Signature* s = ci->sig_.load(std::memory_order_acquire)) return s;
  // Every type a scalar (a signature with a struct or a vector is kept from the start): the
  // signature of the kinds.
  try {
    std::vector<Type> args(ci->argCount_);
    for (size_t i = 0; i < args.size(); ++i) args[i] = Type::scalar(TypeKind(ci->kinds()[i + 1]));
    auto made = std::make_unique<Signature>(Type::scalar(ci->retKind_), std::move(args));
    made->variadic = ci->variadic_;
    made->fixedCount = ci->fixedCount_;
    return &publishOnce(ci->sig_, made.release());
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

const CallPlan* CallInterface::Internal::tryPlan(const CallInterface* ci) noexcept {
  if (const CallPlan* p = ci->plan_.load(std::memory_order_acquire)) return p;
  const Signature* sig = trySignature(ci);
  if (!sig) return nullptr;
  std::optional<Result<CallPlan>> made;
  try {
    made.emplace(classify(*sig, ci->abi_, ci->options()));
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
  // Classification is pure: the signature this interface was built from, classified again, gives
  // the plan it was built from, which what the interface keeps must agree with (checked once per
  // interface: a disagreement is a defect of this file, whatever the input).
  const Result<CallPlan>& plan = *made;
  bool agrees = plan && plan->abi == ci->abi_ && plan->errnoMode == ci->errnoMode_ &&
                plan->args.size() == ci->argCount_ && ci->retStorage_ == returnStorageOf(ci->retKind_, plan->ret);
  for (size_t v = 0; agrees && ci->structs_ && v <= ci->argCount_; ++v) {
    const ValuePlan& vp = v == 0 ? plan->ret : plan->args[v - 1];
    agrees = ci->structLayout(v).size == vp.size && ci->structLayout(v).align == vp.align;
  }
  if (!agrees) {
    std::fprintf(stderr, "jitffi: %s classified again disagrees with its interface (%s)\n", sig->toText().c_str(),
                 plan ? "its plan" : plan.error().toString().c_str());
    std::abort();
  }
  const CallPlan* kept = new (std::nothrow) CallPlan(std::move(**made));  // (moved: only the CallPlan allocated)
  return kept ? &publishOnce(ci->plan_, kept) : nullptr;
}

const Signature& CallInterface::signature() const noexcept {
  if (const Signature* s = Internal::trySignature(this)) return *s;
  outOfMemory("signature");
}

const CallPlan& CallInterface::plan() const noexcept {
  if (const CallPlan* p = Internal::tryPlan(this)) return *p;
  outOfMemory("plan");
}

Result<const CallInterface*> CallInterface::get(const Signature& sig, Abi abi, CallOptions options) {
  // The key is written by a recursion over the types: a type nested deeper than kMaxDepth,
  // which classification refuses, goes straight to the classifier for its error; so do options
  // it refuses.
  if (!knownOptions(options)) return classify(sig, abi, options).error();
  for (size_t i = 0; i <= sig.args.size(); ++i) {
    if ((i == 0 ? sig.ret : sig.args[i - 1]).depth() > kMaxDepth) return classify(sig, abi).error();
  }
  KeyBytes key;
  makeKey(key, sig, abi, options);
  const uint64_t h = key.hash();
  InterfaceCache& cache = InterfaceCache::instance();
  if (const CallInterface* ci = cache.find(key, h)) return ci;
  return cache.findOrBuild(key, h, sig, abi, options);
}

Result<const CallInterface*> CallInterface::get(std::string_view text, Abi abi, CallOptions options) {
  auto sig = Signature::parse(text, abi);
  if (!sig) return sig.error();
  return get(*sig, abi, options);
}

SlotsStub CallInterface::slotsStub() const {
  if (SlotsStub s = slots_.load(std::memory_order_acquire)) return s;
  std::lock_guard<std::mutex> g(InterfaceCache::instance().buildMutex());
  if (SlotsStub s = slots_.load(std::memory_order_relaxed)) return s;
  SlotsStub s = interpretedSlots(*this);
  if (jitted_) {
    const CallPlan* plan = Internal::tryPlan(this);
    // Out of memory: this call interpreted (whose program needs the plan too: out of memory, no
    // call), and the stub tried again on the next.
    if (!plan) return s;
    if (auto block = compileCallStub(signature(), *plan, CallShape::kSlots, nullptr)) {
      s = reinterpret_cast<SlotsStub>(block->rx);
    }
  }
  slots_.store(s, std::memory_order_release);
  return s;
}

Result<BoundCall> CallInterface::bind(Fn fn) const {
  if (!fn) return fail(Status::kInvalidArgument, "bind: null function");
  if (jitted_) {
    const CallPlan* plan = Internal::tryPlan(this);
    if (!plan) return fail(Status::kOutOfMemory, "bind: out of memory making the interface's plan");
    if (auto block = compileCallStub(signature(), *plan, CallShape::kAvalues, reinterpret_cast<const void*>(fn))) {
      return BoundCall(this, fn, reinterpret_cast<AvaluesStub>(block->rx), block->rx, block->unwind);
    }
  }
  return BoundCall(this, fn, interpretedAvalues(*this), nullptr, nullptr);
}

BoundCall& BoundCall::operator=(BoundCall&& o) noexcept {
  if (this != &o) {
    this->~BoundCall();
    new (this) BoundCall(std::move(o));
  }
  return *this;
}

BoundCall::~BoundCall() { retireCode(code_, unwind_); }

namespace internal {

bool jitEnabled() {
  static const bool enabled = [] {
    const char* v = std::getenv("JITFFI_JIT");
    return !(v && std::string_view(v) == "0");
  }();
  return enabled;
}

int64_t hostErrnoOffset() {
  // errno is initial-exec TLS of the C library (emit_p.h, "errno stubs"): its distance from the
  // thread pointer, measured here in one thread, is every thread's.
  static const int64_t offset =
      int64_t(reinterpret_cast<intptr_t>(&errno) - reinterpret_cast<intptr_t>(__builtin_thread_pointer()));
  return offset;
}

const CallInterface* makeErrnoSibling(const CallInterface* ci) {
  std::atomic<const CallInterface*>& slot = CallInterface::Internal::errnoSibling(ci);
  if (const CallInterface* e = slot.load(std::memory_order_acquire)) return e;
  const Signature* sig = CallInterface::Internal::trySignature(ci);
  if (!sig) return nullptr;
  const CallInterface* e;
  try {  // (get's build allocates, and throws std::bad_alloc out of memory)
    auto made = CallInterface::get(*sig, ci->abi(), {ErrnoMode::kSetAndCapture});
    if (!made) return nullptr;
    e = *made;
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
  slot.store(e, std::memory_order_release);  // racing threads find the same interface
  return e;
}

const InterpProgram* buildInterpProgramOnce(const CallInterface* ci) {
  std::atomic<InterpProgram*>& slot = CallInterface::Internal::interpProgram(ci);
  std::lock_guard<std::mutex> g(InterfaceCache::instance().buildMutex());
  if (InterpProgram* p = slot.load(std::memory_order_relaxed)) return p;
  const CallPlan* plan = CallInterface::Internal::tryPlan(ci);
  if (!plan) return nullptr;
  InterpProgram* p = buildInterpProgram(*plan);
  slot.store(p, std::memory_order_release);
  return p;
}

Result<const CallInterface*> buildInterface(const Signature& sig, Abi abi, CallOptions options) {
  auto plan = classify(sig, abi, options);
  if (!plan) return plan.error();
  if (!abiRunsHere(abi)) {
    return fail(Status::kBadAbi, std::string(abiName(abi)) + " code cannot run on this host");
  }
  // The interface keeps what its calls need; its stub and program are made from the plan in hand.
  CallInterface* ci = CallInterface::Internal::make(sig, *plan);
  // The JIT when it can; the interpreted fallback when executable memory cannot be had.
  if (jitEnabled()) {
    if (auto block = compileCallStub(sig, *plan, CallShape::kAvalues, nullptr)) {
      CallInterface::Internal::setStub(ci, reinterpret_cast<AvaluesStub>(block->rx), true);
      return ci;
    }
  }
  InterpProgram* program = buildInterpProgram(*plan);
  if (!program) {
    CallInterface::Internal::destroy(ci);
    return fail(Status::kOutOfMemory, "out of memory building the interpreted call's moves");
  }
  CallInterface::Internal::interpProgram(ci).store(program, std::memory_order_relaxed);
  CallInterface::Internal::setStub(ci, interpretedAvalues(*ci), false);
  return ci;
}

// ---- CallInterface::invoke: the unusual paths ---------------------------------------------------

namespace {

// "i32", "ptr", "a class of 24 bytes".
std::string cppKind(TypeKind given, size_t size) {
  if (given == TypeKind::kStruct) return "a class of " + std::to_string(size) + " bytes";
  return typeKindName(given);
}

// Stores the low `size` bytes of `v` in the slot, or in `spill` with its address in the slot.
void storeBytes(const void* v, size_t size, uint64_t& slot, void* spill) {
  if (size <= 8) {
    slot = 0;
    std::memcpy(&slot, v, size);
  } else {
    std::memcpy(spill, v, size);
    slot = reinterpret_cast<uintptr_t>(spill);
  }
}

// Sets *why (when asked) to "argument N: V does not fit T"; false.
bool doesNotFit(const Number& n, const Type& to, size_t index, Error* why) {
  if (why) {
    char v[64];
    std::snprintf(v, sizeof v, "%Lg", n.f);
    *why = fail(Status::kInvalidArgument,
                "invoke: argument " + std::to_string(index) + ": " + v + " does not fit " + to.toText());
  }
  return false;
}

}  // namespace

bool storeNumber(const Number& n, const Signature& sig, size_t index, Abi abi, uint64_t& slot, void* spill,
                 TypeKind given, Error* why) {
  const Type& to = sig.args[index];
  const size_t size = to.layout(abi).size;
  if (to.isInteger()) {
    // As C converts to an integer type: the value modulo 2^N (gcc's choice for signed types);
    // a floating value truncated, and refused when the integer cannot hold that (undefined in C).
    unsigned __int128 bits;
    if (n.kind == Number::Kind::kFloat) {
      const long double t = std::trunc(n.f);
      const bool isSigned = to.isSignedInteger();
      const long double hi = std::ldexp(1.0L, int(size * 8) - (isSigned ? 1 : 0));
      const long double lo = isSigned ? -hi : 0.0L;
      if (!(t >= lo && t < hi)) return doesNotFit(n, to, index, why);
      bits = t < 0 ? static_cast<unsigned __int128>(static_cast<__int128>(t))
                   : static_cast<unsigned __int128>(t);
    } else if (n.kind == Number::Kind::kSigned) {
      bits = static_cast<unsigned __int128>(static_cast<__int128>(n.i));
    } else {
      bits = n.u;
    }
    storeBytes(&bits, size, slot, spill);  // little-endian: the low bytes first
    return true;
  }
  if (to.isFloating()) {
    const long double v = n.kind == Number::Kind::kFloat    ? n.f
                          : n.kind == Number::Kind::kSigned ? static_cast<long double>(n.i)
                                                            : static_cast<long double>(n.u);
    if (to.kind() == TypeKind::kF32) {
      if (std::isfinite(v) && std::fabs(v) > std::numeric_limits<float>::max()) return doesNotFit(n, to, index, why);
      const float f = static_cast<float>(v);
      storeBytes(&f, sizeof f, slot, spill);
    } else if (size == sizeof(double)) {  // f64, or a long double that is a double
      if (std::isfinite(v) && std::fabs(v) > std::numeric_limits<double>::max()) return doesNotFit(n, to, index, why);
      const double d = static_cast<double>(v);
      storeBytes(&d, sizeof d, slot, spill);
    } else {
      storeBytes(&v, sizeof v, slot, spill);
    }
    return true;
  }
  if (why) *why = invokeTypeError(sig, index, given, 0);
  return false;
}

Error invokeCountError(const Signature& sig, size_t given) {
  return fail(Status::kInvalidArgument, "invoke: " + std::to_string(given) + " argument(s) for " + sig.toText() +
                                            ", which takes " + std::to_string(sig.args.size()));
}

Error invokeErrnoError(const Signature& sig) {
  return fail(Status::kInvalidArgument, "invoke: the interface of " + sig.toText() +
                                            " has an errno mode; call it with call(fn, rvalue, avalues, errno)");
}

Error invokeTypeError(const Signature& sig, size_t index, TypeKind given, size_t size) {
  if (index == SIZE_MAX) {
    return fail(Status::kInvalidArgument, "invoke<R>: R is " +
                                              (given == TypeKind::kVoid ? std::string("void") : cppKind(given, size)) +
                                              ", but " + sig.toText() + " returns " + sig.ret.toText() +
                                              " (R must be the result's own type)");
  }
  return fail(Status::kInvalidArgument, "invoke: argument " + std::to_string(index) + ": " + cppKind(given, size) +
                                            " cannot be passed as " + sig.args[index].toText() + " (" +
                                            sig.toText() + ")");
}

}  // namespace internal
}  // namespace jitffi
