// SPDX-License-Identifier: MIT
// jitffi — closures: C function pointers that hand their arguments to a handler chosen at run
// time.
//
//   // Any C++ callable as a C function pointer of the matching type (owns its memory):
//   int offset = 10;
//   auto c = jitffi::Closure<int(int, int)>::make([&](int a, int b) { return a + b + offset; });
//   int (*fp)(int, int) = c->get();            // fp(1, 2) == 13
//
//   // Variadic closures (libffi cannot make these): the handler reads the variadic part by type.
//   auto v = jitffi::Closure<int(const char*, ...)>::make([](const char* fmt, jitffi::VarArgs& va) {
//     return va.next<int>() + int(va.next<double>());
//   });
//
//   // Untyped, for interpreters: a handler of either shape for a run-time signature.
//   auto raw = jitffi::RawClosure::make(*CallInterface::get("f64(f64, ptr)"), handler, userData);
//
// One entry is generated per signature and handler shape, cached, and shared by all closures of
// that signature; each closure is a 32-byte trampoline in memory that is never writable and
// executable at once.
#pragma once

#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include "jitffi/call.h"

namespace jitffi {

// The libffi handler shape: args[i] points to argument i. ctx is the CallInterface (or, for
// closures made through libffi's C API, the ffi_cif).
using ClosureHandler = void (*)(const void* ctx, void* ret, void** args, void* user);
// The interpreter shape: args[i] is argument i's 8-byte slot (the value, or a pointer to it; see
// kInSlot / ValuePlan::inSlot).
using SlotsClosureHandler = void (*)(const void* ctx, void* ret, const uint64_t* args, void* user);
// ret points to storage for the return value: for integral returns narrower than 8 bytes write
// at least the value's own size (writing a widened 8-byte ffi_arg, as libffi asks, works too).

// The same two shapes compiled for the Microsoft x64 convention (gcc's and clang's ms_abi), on
// an x86-64 host whose own convention is SysV. A Win64 closure (Abi::kWin64 / kGnuWin64) whose
// handler is one of these needs no register saves around the handler: the handler preserves
// rsi, rdi and xmm6–xmm15 itself, as the Win64 caller expects. (With a SysV handler the entry
// saves and restores those 12 registers on every call.) A SysV closure may take them too.
// Closure<F> picks this convention by itself for Win64 closures.
#if defined(__x86_64__) && !defined(_WIN32) && (defined(__GNUC__) || defined(__clang__))
#define JITFFI_HAS_WIN64_HANDLERS 1
#define JITFFI_WIN64_HANDLER __attribute__((ms_abi))
using Win64ClosureHandler = void(JITFFI_WIN64_HANDLER*)(const void* ctx, void* ret, void** args, void* user);
using Win64SlotsClosureHandler = void(JITFFI_WIN64_HANDLER*)(const void* ctx, void* ret, const uint64_t* args,
                                                             void* user);
#else
#define JITFFI_HAS_WIN64_HANDLERS 0
#endif

// Reads the variadic arguments of a call to a variadic closure, in order, by type. It re-runs the
// classifier on the fixed parameters plus the types read so far, so each value is found exactly
// where the ABI put it. Reading a type other than what the caller passed is undefined, as with
// va_arg.
class JITFFI_API VarArgs {
 public:
  VarArgs(const CallInterface* fixed, const void* frame);
  ~VarArgs();
  VarArgs(const VarArgs&) = delete;
  VarArgs& operator=(const VarArgs&) = delete;

  // The address of the next variadic argument's bytes (valid while this cursor lives).
  // kBadArgType for types C cannot pass variadically (f32, integers narrower than int).
  Result<const void*> next(const Type& type);
  template <class T>
  T next() {
    auto p = next(typeOf<T>());
    T v{};
    if (p) std::memcpy(static_cast<void*>(&v), *p, sizeof(T));
    return v;
  }
  uint32_t count() const noexcept;  // variadic arguments read so far

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A closure for a run-time signature. Owns its trampoline; movable.
class JITFFI_API RawClosure {
 public:
  static Result<RawClosure> make(const CallInterface* ci, ClosureHandler handler, void* user);
  static Result<RawClosure> make(const CallInterface* ci, SlotsClosureHandler handler, void* user);
#if JITFFI_HAS_WIN64_HANDLERS
  static Result<RawClosure> make(const CallInterface* ci, Win64ClosureHandler handler, void* user);
  static Result<RawClosure> make(const CallInterface* ci, Win64SlotsClosureHandler handler, void* user);
#endif

  RawClosure() noexcept = default;
  RawClosure(RawClosure&& o) noexcept : rw_(o.rw_), code_(o.code_) { o.rw_ = o.code_ = nullptr; }
  RawClosure& operator=(RawClosure&& o) noexcept;
  ~RawClosure();

  // The C function pointer.
  void* code() const noexcept { return code_; }
  template <class F>
  F* as() const noexcept {
    return reinterpret_cast<F*>(code_);
  }
  explicit operator bool() const noexcept { return code_ != nullptr; }

 private:
  RawClosure(void* rw, void* code) : rw_(rw), code_(code) {}
  // shape: 0 avalues, 1 slots; handlerAbi: the convention the handler is compiled for.
  static Result<RawClosure> makeImpl(const CallInterface* ci, int shape, Abi handlerAbi, void* handler, void* user);
  void* rw_ = nullptr;
  void* code_ = nullptr;
};

namespace detail {

// p, which holds a T aligned for it as far as 8 bytes: a slot, a value of the caller's or of the
// closure entry's, the return storage. Said so, memcpy moves it in words where unaligned accesses
// are slow (RISC-V: byte by byte otherwise).
template <class T>
const void* alignedFor(const void* p) {
  return __builtin_assume_aligned(p, alignof(T) < 8 ? alignof(T) : 8);
}

template <class T>
T fromSlot(const uint64_t* slots, size_t i) {
  T v;
  if constexpr (kInSlot<T>) std::memcpy(static_cast<void*>(&v), alignedFor<T>(&slots[i]), sizeof(T));
  else std::memcpy(static_cast<void*>(&v), alignedFor<T>(reinterpret_cast<const void*>(uintptr_t(slots[i]))), sizeof(T));
  return v;
}

template <class R>
void toRet(void* ret, R&& r) {
  using U = std::decay_t<R>;
  std::memcpy(const_cast<void*>(alignedFor<U>(ret)), static_cast<const void*>(&r), sizeof(U));
}

// What Closure<R(A...)> and Closure<R(A..., ...)> share: the callable (owned) and its closure.
class TypedClosureBase {
 public:
  explicit operator bool() const noexcept { return bool(raw_); }

 protected:
  using Thunk = void (*)(const void*, void*, const uint64_t*, void*);
#if JITFFI_HAS_WIN64_HANDLERS
  using Win64Thunk = Win64SlotsClosureHandler;
#else
  using Win64Thunk = Thunk;  // the host convention is Win64's (or there is no Win64)
#endif
  TypedClosureBase() : state_(nullptr, [](void*) {}) {}

  // Makes the closure for `sig` under `abi`, owning a copy of `callable`; the handler is `thunk`,
  // or for a Win64 closure its ms_abi twin `win64Thunk` (no register saves in the entry).
  template <class Derived, class Callable>
  static Result<Derived> make(const Signature& sig, Abi abi, Callable&& callable, Thunk thunk, Win64Thunk win64Thunk) {
    using C = std::decay_t<Callable>;
    auto ci = CallInterface::get(sig, abi);
    if (!ci) return ci.error();
    Derived c;
    c.state_ = Owned(new C(std::forward<Callable>(callable)), [](void* p) { delete static_cast<C*>(p); });
    const bool win64 = abi == Abi::kWin64 || abi == Abi::kGnuWin64;
    auto raw = win64 ? RawClosure::make(*ci, win64Thunk, c.state_.get()) : RawClosure::make(*ci, thunk, c.state_.get());
    if (!raw) return raw.error();
    c.raw_ = std::move(*raw);
    return c;
  }

  using Owned = std::unique_ptr<void, void (*)(void*)>;
  Owned state_;
  RawClosure raw_;  // destroyed first: the trampoline goes before the callable
};

}  // namespace detail

#if JITFFI_HAS_WIN64_HANDLERS
#define JITFFI_DETAIL_WIN64_THUNK JITFFI_WIN64_HANDLER
#else
#define JITFFI_DETAIL_WIN64_THUNK
#endif

template <class F>
class Closure;

// Closure<R(A...)>: a C++ callable as a `R (*)(A...)` C function pointer.
template <class R, class... A>
class Closure<R(A...)> : public detail::TypedClosureBase {
 public:
  using FnPtr = R (*)(A...);

  template <class Callable>
  static Result<Closure> make(Callable&& callable, Abi abi = hostAbi()) {
    using C = std::decay_t<Callable>;
    return TypedClosureBase::make<Closure>(signatureOf<R(A...)>(), abi, std::forward<Callable>(callable), &thunk<C>,
                                           &win64Thunk<C>);
  }

  FnPtr get() const noexcept { return raw_.template as<R(A...)>(); }

 private:
  friend class detail::TypedClosureBase;
  Closure() = default;

  template <class C>
  static void thunk(const void*, void* ret, const uint64_t* slots, void* user) noexcept {
    C& callable = *static_cast<C*>(user);
    invoke(callable, ret, slots, std::index_sequence_for<A...>{});
  }
  template <class C>
  JITFFI_DETAIL_WIN64_THUNK static void win64Thunk(const void* ctx, void* ret, const uint64_t* slots,
                                                   void* user) noexcept {
    thunk<C>(ctx, ret, slots, user);
  }
  template <class C, size_t... I>
  static void invoke(C& callable, void* ret, const uint64_t* slots, std::index_sequence<I...>) {
    if constexpr (std::is_void_v<R>) callable(detail::fromSlot<A>(slots, I)...);
    else detail::toRet(ret, R(callable(detail::fromSlot<A>(slots, I)...)));
  }
};

// Closure<R(A..., ...)>: a variadic C function pointer; the callable takes the fixed arguments
// and a VarArgs& cursor.
template <class R, class... A>
class Closure<R(A..., ...)> : public detail::TypedClosureBase {
 public:
  using FnPtr = R (*)(A..., ...);

  template <class Callable>
  static Result<Closure> make(Callable&& callable, Abi abi = hostAbi()) {
    using C = std::decay_t<Callable>;
    Signature sig = signatureOf<R(A...)>();
    sig.variadic = true;
    sig.fixedCount = uint32_t(sizeof...(A));
    return TypedClosureBase::make<Closure>(sig, abi, std::forward<Callable>(callable), &thunk<C>, &win64Thunk<C>);
  }

  FnPtr get() const noexcept { return raw_.template as<R(A..., ...)>(); }

 private:
  friend class detail::TypedClosureBase;
  Closure() = default;

  template <class C>
  static void thunk(const void* ctx, void* ret, const uint64_t* slots, void* user) noexcept {
    C& callable = *static_cast<C*>(user);
    VarArgs va(static_cast<const CallInterface*>(ctx),
               reinterpret_cast<const void*>(uintptr_t(slots[sizeof...(A)])));
    invoke(callable, ret, slots, va, std::index_sequence_for<A...>{});
  }
  template <class C>
  JITFFI_DETAIL_WIN64_THUNK static void win64Thunk(const void* ctx, void* ret, const uint64_t* slots,
                                                   void* user) noexcept {
    thunk<C>(ctx, ret, slots, user);
  }
  template <class C, size_t... I>
  static void invoke(C& callable, void* ret, const uint64_t* slots, VarArgs& va, std::index_sequence<I...>) {
    if constexpr (std::is_void_v<R>) callable(detail::fromSlot<A>(slots, I)..., va);
    else detail::toRet(ret, R(callable(detail::fromSlot<A>(slots, I)..., va)));
  }
};

#undef JITFFI_DETAIL_WIN64_THUNK

}  // namespace jitffi
