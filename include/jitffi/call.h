// SPDX-License-Identifier: MIT
// jitffi — calling C functions whose signature is known only at run time. Reference and more
// examples: docs/api.md.
//
//   // Classified and compiled once, cached, shared by all threads; errors are values.
//   auto ci = jitffi::CallInterface::get("f64(f64, i32)");
//   if (!ci) { std::puts(ci.error().toString().c_str()); return 1; }
//   double (*fn)(double, int) = ldexp;                       // <math.h>'s double ldexp
//   double x = 2.0; int n = 3; double r;
//   void* args[] = {&x, &n};
//   (*ci)->call(jitffi::toFn(fn), &r, args);                 // libffi's shape: r == 16.0
//   uint64_t slots[2];
//   std::memcpy(&slots[0], &x, 8);
//   slots[1] = uint64_t(n);
//   (*ci)->callSlots(jitffi::toFn(fn), &r, slots);           // interpreter shape
//   r = (*ci)->invoke<double>(jitffi::toFn(fn), x, n);       // C++ convenience
//
// Return values follow ffi_call's rules: rvalue points to storage for the return type, at least
// 8 bytes; integral returns narrower than 8 bytes are widened (sign- or zero-extended) to 8.
#pragma once

#include <atomic>
#include <complex>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "jitffi/abi.h"
#include "jitffi/error.h"
#include "jitffi/export.h"
#include "jitffi/plan.h"
#include "jitffi/signature.h"

namespace jitffi {

using Fn = void (*)();

template <class F>
inline Fn toFn(F* f) noexcept {
  return reinterpret_cast<Fn>(f);
}

// The machine-code shapes (see docs/design.md, "Stub shapes"). ctx is the CallInterface.
using AvaluesStub = void (*)(const void* ctx, Fn fn, void* rvalue, void* const* avalues);
using SlotsStub = void (*)(const void* ctx, Fn fn, void* rvalue, const uint64_t* slots);

class BoundCall;

// ---- C++ types to jitffi types ----------------------------------------------------------------
// Describe your own structs by specializing StructType:
//   template <> struct jitffi::StructType<Point> {
//     static Type get() { return Type::structOf({Type::f64(), Type::f64()}); }
//   };
template <class T>
struct StructType;

template <class T>
Type typeOf() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_void_v<U>) return Type::void_();
  else if constexpr (std::is_pointer_v<U> || std::is_null_pointer_v<U> ||
                     std::is_member_pointer_v<U>)
    return Type::ptr();
  else if constexpr (std::is_same_v<U, bool>) return Type::u8();
#if defined(__SIZEOF_INT128__)
  else if constexpr (std::is_same_v<U, __int128>) return Type::i128();
  else if constexpr (std::is_same_v<U, unsigned __int128>) return Type::u128();
#endif
  else if constexpr (std::is_enum_v<U>) return typeOf<std::underlying_type_t<U>>();
  else if constexpr (std::is_integral_v<U>) {
    constexpr bool s = std::is_signed_v<U>;
    if constexpr (sizeof(U) == 1) return s ? Type::i8() : Type::u8();
    else if constexpr (sizeof(U) == 2) return s ? Type::i16() : Type::u16();
    else if constexpr (sizeof(U) == 4) return s ? Type::i32() : Type::u32();
    else return s ? Type::i64() : Type::u64();
  } else if constexpr (std::is_same_v<U, float>) return Type::f32();
  else if constexpr (std::is_same_v<U, double>) return Type::f64();
  else if constexpr (std::is_same_v<U, long double>) return Type::longDouble();
  else if constexpr (std::is_same_v<U, std::complex<float>>) return Type::complexF32();
  else if constexpr (std::is_same_v<U, std::complex<double>>) return Type::complexF64();
  else if constexpr (std::is_same_v<U, std::complex<long double>>) return Type::complexLongDouble();
  else return StructType<U>::get();
}

template <class F>
struct SignatureOf;
template <class R, class... A>
struct SignatureOf<R(A...)> {
  static Signature get() { return Signature(typeOf<R>(), {typeOf<A>()...}); }
};
template <class F>
Signature signatureOf() {
  return SignatureOf<F>::get();
}

// Whether a C++ argument of type T travels in its 8-byte slot in the interpreter shape (the
// same rule as ValuePlan::inSlot: non-struct values of at most 8 bytes).
template <class T>
inline constexpr bool kInSlot =
    sizeof(T) <= 8 && (std::is_arithmetic_v<T> || std::is_pointer_v<T> || std::is_enum_v<T> ||
                       std::is_null_pointer_v<T> || std::is_same_v<T, std::complex<float>>);

// ---- the call interface ---------------------------------------------------------------------

// A prepared call: one signature, one ABI, its plan and its compiled stubs. Interfaces are
// interned: equal (signature, ABI) pairs share one object, which lives as long as the process.
// All members are safe to use from any number of threads.
class JITFFI_API CallInterface {
 public:
  static Result<const CallInterface*> get(const Signature& sig, Abi abi = hostAbi());
  static Result<const CallInterface*> get(std::string_view text, Abi abi = hostAbi());
  template <class F>
  static Result<const CallInterface*> of(Abi abi = hostAbi()) {
    return get(signatureOf<F>(), abi);
  }

  // libffi's shape: avalues[i] points to argument i.
  void call(Fn fn, void* rvalue, void* const* avalues) const { stub_(this, fn, rvalue, avalues); }
  // Interpreter shape: slots[i] holds argument i (see kInSlot) or a pointer to it.
  void callSlots(Fn fn, void* rvalue, const uint64_t* slots) const {
    SlotsStub s = slots_.load(std::memory_order_acquire);
    if (__builtin_expect(s == nullptr, 0)) s = slotsStub();  // first use builds it
    s(this, fn, rvalue, slots);
  }
  // Unchecked C++ convenience over callSlots: the argument types must match the signature.
  template <class R, class... A>
  R invoke(Fn fn, A... args) const;

  // A stub with `fn` baked in (one fewer register to pass, a direct call).
  Result<BoundCall> bind(Fn fn) const;

  AvaluesStub avaluesStub() const noexcept { return stub_; }
  SlotsStub slotsStub() const;  // built on first use
  const Signature& signature() const noexcept { return sig_; }
  const CallPlan& plan() const noexcept { return plan_; }
  Abi abi() const noexcept { return plan_.abi; }
  // Bytes of storage the return value needs at rvalue (at least 8 unless void).
  uint32_t returnStorage() const noexcept { return retStorage_; }
  // False when this interface runs through the interpreted fallback (no executable memory, or
  // the environment variable JITFFI_JIT=0 at the first use of jitffi).
  bool jitted() const noexcept { return jitted_; }

  CallInterface(const CallInterface&) = delete;
  CallInterface& operator=(const CallInterface&) = delete;

  struct Internal;  // runtime access

 private:
  friend struct Internal;
  CallInterface(Signature sig, CallPlan plan);
  ~CallInterface();

  AvaluesStub stub_ = nullptr;  // first member: ffi_call reaches it with one load
  mutable std::atomic<SlotsStub> slots_{nullptr};
  uint32_t retStorage_ = 0;
  bool jitted_ = false;
  // Closure entries, built on use: (avalues, slots) × (SysV handler, Win64 handler), then Go.
  mutable std::atomic<const void*> closureEntries_[5] = {};
  Signature sig_;
  CallPlan plan_;
};

// A stub with its target baked in; owns its code memory.
class JITFFI_API BoundCall {
 public:
  BoundCall() noexcept = default;
  BoundCall(BoundCall&& o) noexcept
      : ci_(o.ci_), fn_(o.fn_), stub_(o.stub_), code_(o.code_), unwind_(o.unwind_) {
    o.code_ = nullptr;
    o.stub_ = nullptr;
    o.unwind_ = nullptr;
  }
  BoundCall& operator=(BoundCall&& o) noexcept;
  ~BoundCall();

  void operator()(void* rvalue, void* const* avalues) const { stub_(ci_, fn_, rvalue, avalues); }
  // The machine code (it ignores its fn argument), or null when the interface is interpreted.
  AvaluesStub stub() const noexcept { return code_ ? stub_ : nullptr; }
  explicit operator bool() const noexcept { return stub_ != nullptr; }

 private:
  friend class CallInterface;
  BoundCall(const CallInterface* ci, Fn fn, AvaluesStub stub, void* code, void* unwind)
      : ci_(ci), fn_(fn), stub_(stub), code_(code), unwind_(unwind) {}
  const CallInterface* ci_ = nullptr;
  Fn fn_ = nullptr;
  AvaluesStub stub_ = nullptr;
  void* code_ = nullptr;    // owned executable memory, if any
  void* unwind_ = nullptr;  // its registered unwind table, if any
};

template <class R, class... A>
R CallInterface::invoke(Fn fn, A... args) const {
  uint64_t slots[sizeof...(A) + 1] = {};
  size_t i = 0;
  auto put = [&](auto& a) {
    using T = std::remove_reference_t<decltype(a)>;
    if constexpr (kInSlot<T>) std::memcpy(&slots[i], &a, sizeof(T));
    else slots[i] = reinterpret_cast<uintptr_t>(&a);
    ++i;
  };
  (put(args), ...);
  if constexpr (std::is_void_v<R>) {
    callSlots(fn, nullptr, slots);
  } else {
    alignas(16) unsigned char buf[sizeof(R) < 8 ? 8 : sizeof(R)];
    callSlots(fn, buf, slots);
    R r;
    std::memcpy(static_cast<void*>(&r), buf, sizeof(R));
    return r;
  }
}

}  // namespace jitffi
