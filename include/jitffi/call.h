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
//   auto v = (*ci)->invoke<double>(jitffi::toFn(fn), 1, 3);  // checked: Result<double>, 8.0
//
//   auto t = jitffi::CallInterface::of<double(double, int)>(); // typed: checked when compiled
//   r = (*t)(fn, 1.5, 3);                                      // 12.0
//
//   // errno, an option of the interface: the stub reads it right after the call (and, as
//   // strtol needs, sets it just before); the caller names the place, per call.
//   auto s = jitffi::CallInterface::get("long(ptr, ptr, i32)", jitffi::hostAbi(),
//                                       {.errnoMode = jitffi::ErrnoMode::kSetAndCapture});
//   const char* text = "99999999999999999999"; char* end; char** endp = &end; int base = 10;
//   void* sargs[] = {&text, &endp, &base};
//   long v; int err = 0;                                     // errno just before the call
//   (*s)->call(jitffi::toFn(strtol), &v, sargs, err);        // err == ERANGE: errno after it
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
#include <utility>
#include <vector>

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
// The shapes of an interface with an errno mode (CallOptions): errnoIn is what errno is set to
// before the call (kSetAndCapture), the result errno as the function left it.
using ErrnoAvaluesStub = int (*)(const void* ctx, Fn fn, void* rvalue, void* const* avalues, int errnoIn);
using ErrnoSlotsStub = int (*)(const void* ctx, Fn fn, void* rvalue, const uint64_t* slots, int errnoIn);
namespace internal {
// One stub type as another (an interface keeps its stubs in the plain types, whatever its shape).
template <class To, class From>
inline To stubAs(From stub) noexcept {
  return reinterpret_cast<To>(reinterpret_cast<void (*)()>(stub));  // through void(*)(): no cast warning
}
struct InterpProgram;  // the interpreted fallback's moves of an interface (lib/emit/interp_p.h)
struct InterpClosureProgram;  // the same for its closures (lib/emit/interp_closure_p.h)
}  // namespace internal

class BoundCall;
template <class F>
class TypedInterface;

// ---- C++ types to jitffi types ----------------------------------------------------------------
// Describe your own structs by specializing StructType:
//   template <> struct jitffi::StructType<Point> {
//     static Type get() { return Type::structOf({Type::f64(), Type::f64()}); }
//   };
template <class T>
struct StructType;

#if defined(__SIZEOF_INT128__)
// The compiler's 128-bit integers (a GNU extension: named once, so that -Wpedantic consumers
// see no warning).
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;
#endif

namespace internal {

// The kind of the jitffi type of the C++ type T (typeOf<T>): kStruct for every class type other
// than std::complex.
template <class T>
constexpr TypeKind exactKind() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_void_v<U>) return TypeKind::kVoid;
  else if constexpr (std::is_same_v<U, long double>) return TypeKind::kLongDouble;
  else if constexpr (std::is_same_v<U, std::complex<long double>>) return TypeKind::kComplexLongDouble;
  else if constexpr (std::is_enum_v<U>) return exactKind<std::underlying_type_t<U>>();
  else if constexpr (std::is_pointer_v<U> || std::is_null_pointer_v<U> || std::is_member_pointer_v<U>)
    return TypeKind::kPtr;
  else if constexpr (std::is_same_v<U, bool>) return TypeKind::kU8;
#if defined(__SIZEOF_INT128__)
  else if constexpr (std::is_same_v<U, Int128>) return TypeKind::kI128;
  else if constexpr (std::is_same_v<U, UInt128>) return TypeKind::kU128;
#endif
  else if constexpr (std::is_integral_v<U>) {
    constexpr bool s = std::is_signed_v<U>;
    if constexpr (sizeof(U) == 1) return s ? TypeKind::kI8 : TypeKind::kU8;
    else if constexpr (sizeof(U) == 2) return s ? TypeKind::kI16 : TypeKind::kU16;
    else if constexpr (sizeof(U) == 4) return s ? TypeKind::kI32 : TypeKind::kU32;
    else return s ? TypeKind::kI64 : TypeKind::kU64;
  } else if constexpr (std::is_same_v<U, float>) return TypeKind::kF32;
  else if constexpr (std::is_same_v<U, double>) return TypeKind::kF64;
  else if constexpr (std::is_same_v<U, std::complex<float>>) return TypeKind::kComplexF32;
  else if constexpr (std::is_same_v<U, std::complex<double>>) return TypeKind::kComplexF64;
  else return TypeKind::kStruct;
}

}  // namespace internal

// The jitffi type of a C++ type: scalars by size and signedness, pointers as ptr, enums as their
// underlying integer, bool as u8, class types through StructType.
template <class T>
Type typeOf() {
  constexpr TypeKind k = internal::exactKind<T>();
  if constexpr (k == TypeKind::kVoid) return Type::void_();
  else if constexpr (k == TypeKind::kStruct) return StructType<std::remove_cv_t<T>>::get();
  else return Type::scalar(k);
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

#if defined(__GNUC__) || defined(__clang__)
#define JITFFI_DETAIL_INLINE inline __attribute__((always_inline))
#define JITFFI_DETAIL_NOINLINE __attribute__((noinline))
#else
#define JITFFI_DETAIL_INLINE inline
#define JITFFI_DETAIL_NOINLINE
#endif

// What CallInterface::invoke<R> returns: the result, or why the call was not made.
template <class R>
using InvokeResult = std::conditional_t<std::is_void_v<R>, Error, Result<R>>;

namespace internal {

// A C++ arithmetic argument, widened, for the conversions of invoke (the unusual path).
struct Number {
  enum class Kind : uint8_t { kSigned, kUnsigned, kFloat };
  Kind kind = Kind::kSigned;
  int64_t i = 0;
  uint64_t u = 0;
  long double f = 0;
};
// Stores `n` as argument `index` of `sig` (ABI `abi`) in its interpreter-shape slot, converted as
// C converts an argument to a prototyped parameter: into the slot when the value travels there
// (ValuePlan::inSlot), else into `spill` (16 bytes, 16-aligned) with its address in the slot.
// False when it cannot: the parameter is not an integer or floating type, or a floating value
// does not fit it; then *why (if given) says so, naming `given`, the C++ kind.
JITFFI_API bool storeNumber(const Number& n, const Signature& sig, size_t index, Abi abi, uint64_t& slot,
                            void* spill, TypeKind given = TypeKind::kVoid, Error* why = nullptr);
JITFFI_API Error invokeCountError(const Signature& sig, size_t given);
// invoke on an interface made with an errno mode (it is called only through the errno calls).
JITFFI_API Error invokeErrnoError(const Signature& sig);
// Argument `index` (or the result, index == SIZE_MAX) of C++ kind `given` (a TypeKind; kStruct
// with its size for class types) where the signature has another type.
JITFFI_API Error invokeTypeError(const Signature& sig, size_t index, TypeKind given, size_t size);

template <class T>
Number toNumber(T v) {
  Number n;
  if constexpr (std::is_enum_v<T>) {
    return toNumber(static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    n.kind = Number::Kind::kFloat;
    n.f = v;
  } else if constexpr (std::is_signed_v<T>) {
    n.kind = Number::Kind::kSigned;
    n.i = v;
  } else {
    n.kind = Number::Kind::kUnsigned;
    n.u = v;
  }
  return n;
}

// Puts argument `a`, of its parameter's own type, into its interpreter-shape slot: the value
// when it travels there (kInSlot), else its address; `long double` and its complex as the ABI
// lays them out (under a double-sized long double, converted into `spill`, 16-aligned).
template <class T>
JITFFI_DETAIL_INLINE void packExact(T& a, uint64_t& slot, Abi abi, void* spill) {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, long double>) {
    if (longDoubleModel(abi) == LongDoubleModel::kAsDouble) {
      const double d = static_cast<double>(a);
      std::memcpy(&slot, &d, sizeof d);  // the whole slot
      return;
    }
  } else if constexpr (std::is_same_v<U, std::complex<long double>>) {
    if (longDoubleModel(abi) == LongDoubleModel::kAsDouble) {
      const std::complex<double> d(static_cast<double>(a.real()), static_cast<double>(a.imag()));
      std::memcpy(spill, &d, sizeof d);
      slot = reinterpret_cast<uintptr_t>(spill);
      return;
    }
  }
  if constexpr (kInSlot<U>) {
    uint64_t v = 0;  // the whole slot written: no byte of it left undefined
    std::memcpy(&v, &a, sizeof(T));
    slot = v;
  } else {
    slot = reinterpret_cast<uintptr_t>(&a);
  }
}

}  // namespace internal

// ---- the call interface ---------------------------------------------------------------------

// A prepared call: one signature, one ABI, the call options, its plan and its compiled stubs.
// Interfaces are interned: equal (signature, ABI, options) share one object, which lives as long
// as the process. All members are safe to use from any number of threads.
class JITFFI_API CallInterface {
 public:
  static Result<const CallInterface*> get(const Signature& sig, Abi abi = hostAbi(), CallOptions options = {});
  static Result<const CallInterface*> get(std::string_view text, Abi abi = hostAbi(), CallOptions options = {});
  // The interface of a C++ function type, as a typed handle: its call operator takes exactly
  // F's parameters (C++ converts the arguments where it calls, and checks them when compiling);
  // `->` reaches the interface.
  template <class F>
  static Result<TypedInterface<F>> of(Abi abi = hostAbi());

  // libffi's shape: avalues[i] points to argument i.
  void call(Fn fn, void* rvalue, void* const* avalues) const { stub_(this, fn, rvalue, avalues); }
  // Interpreter shape: slots[i] holds argument i (see kInSlot) or a pointer to it.
  void callSlots(Fn fn, void* rvalue, const uint64_t* slots) const {
    SlotsStub s = slots_.load(std::memory_order_acquire);
    if (__builtin_expect(s == nullptr, 0)) s = slotsStub();  // first use builds it
    s(this, fn, rvalue, slots);
  }
  // A checked call over callSlots, for an interface made at run time. The number of arguments
  // must be the signature's. Each argument is converted to its parameter's type as C converts
  // the arguments of a call through a prototype: integers and floating-point values to any
  // integer or floating type (integers wrap as in C; a floating value outside an integer's or
  // float's range is refused); pointers and nullptr to ptr only; a std::complex to its complex
  // kind; any other class type to a struct of its size and alignment (describe its layout with
  // StructType<T>). R must be the result's own type (typeOf<R>(): int for i32, a class of the
  // struct's size, long double for ld whatever the ABI makes of it; void only for void): it is
  // not converted. A mismatch is an Error (kInvalidArgument) and nothing is called. When the C++
  // types are the parameters' own, the check is one compare of a few bytes (the interface keeps
  // its kinds) and the count (see bench/: jitffi_invoke against jitffi_typed).
  template <class R, class... A>
  InvokeResult<R> invoke(Fn fn, A... args) const;

  // The calls of an interface made with an errno mode (options().errnoMode; an interface with one
  // is called only through these, and invoke refuses it; one without one never): the calling
  // thread's errno is set to errnoInOut just before fn runs (kSetAndCapture), and errnoInOut
  // receives errno as fn left it, read right after fn returns (the stub reads it in generated
  // code, before anything else runs). A few instructions more than the plain call
  // (docs/design.md, "errno").
  void call(Fn fn, void* rvalue, void* const* avalues, int& errnoInOut) const {
    errnoInOut = internal::stubAs<ErrnoAvaluesStub>(stub_)(this, fn, rvalue, avalues, errnoInOut);
  }
  void callSlots(Fn fn, void* rvalue, const uint64_t* slots, int& errnoInOut) const {
    SlotsStub s = slots_.load(std::memory_order_acquire);
    if (__builtin_expect(s == nullptr, 0)) s = slotsStub();
    errnoInOut = internal::stubAs<ErrnoSlotsStub>(s)(this, fn, rvalue, slots, errnoInOut);
  }

  // A stub with `fn` baked in (one fewer register to pass, a direct call).
  Result<BoundCall> bind(Fn fn) const;

  // The stubs; of an interface with an errno mode, ErrnoAvaluesStub and ErrnoSlotsStub cast to
  // these types.
  AvaluesStub avaluesStub() const noexcept { return stub_; }
  SlotsStub slotsStub() const;  // built on first use
  // The signature and the plan, made on first use from what the interface keeps (its kinds; the
  // signature itself when a value has a struct or vector type) and then kept: the plan is the
  // signature classified again for abi() and options(), equal to the one the interface was built
  // from. Out of memory while making them, these two terminate the process (printing why); the
  // library's own first uses of them fail as each says it does out of memory instead: bind
  // returns kOutOfMemory, a closure's making kOutOfMemory, a call or a closure's handler is not
  // made, a slots call runs interpreted.
  const Signature& signature() const noexcept;
  const CallPlan& plan() const noexcept;
  Abi abi() const noexcept { return abi_; }
  CallOptions options() const noexcept { return {errnoMode_}; }
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
  template <class F>
  friend class TypedInterface;

  // Whether R(A...) is exactly this interface's signature (its kinds, and the sizes of its
  // structs): one compare of the kinds for the whole call.
  template <class R, class... A>
  bool isExactly() const;
  // invoke when the C++ types are not exactly the signature's: checks, converts, or says why not.
  template <class R, class... A>
  InvokeResult<R> invokeConverting(Fn fn, A... args) const;
  // Argument i into its slot, converted (see invoke); false when refused, and then refusal(a, i)
  // says why.
  template <class T>
  bool put(T& a, size_t i, uint64_t* slots, void* spill) const;
  template <class T>
  Error refusal(T& a, size_t i) const;
  // The call of invoke and of TypedInterface, the arguments of the parameters' own types.
  template <class R, class... A>
  R callExact(Fn fn, A&... args) const;
  template <class R>
  R callPacked(Fn fn, const uint64_t* slots) const;
  // The size and alignment of a struct value, for isExactly and put (a class type's must match).
  struct StructLayout {
    uint32_t size;
    uint32_t align;
  };
  // Made by CallInterface::Internal::make, in one block with its kinds (and its struct layouts)
  // right after it.
  CallInterface(const Signature& sig, const CallPlan& plan, bool structs);
  ~CallInterface();
  // The kinds of the result and of each argument, one byte each (TypeKind), right after the
  // interface, for isExactly: an interface with an errno mode has kNeverExact for its result, so
  // invoke takes the checked path (invokeConverting), which refuses it, at no cost to the exact
  // path.
  static constexpr uint8_t kNeverExact = 0xff;
  const uint8_t* kinds() const noexcept { return reinterpret_cast<const uint8_t*>(this + 1); }
  // Where the struct layouts begin, counted from the kinds (of an interface with a struct value).
  static constexpr size_t structLayoutsOffset(size_t argCount) noexcept {
    return (argCount + 1 + alignof(StructLayout) - 1) / alignof(StructLayout) * alignof(StructLayout);
  }
  // The layout of value `v` (0: the result; i + 1: argument i), of an interface with a struct value
  // (structs_).
  const StructLayout& structLayout(size_t v) const noexcept {
    return reinterpret_cast<const StructLayout*>(kinds() + structLayoutsOffset(argCount_))[v];
  }

  // What the calls read, kept compactly (the signature and the plan are made on demand).
  AvaluesStub stub_ = nullptr;  // first member: ffi_call reaches it with one load
  mutable std::atomic<SlotsStub> slots_{nullptr};
  uint32_t retStorage_ = 0;
  uint16_t argCount_ = 0;    // the signature's (at most kMaxArgs)
  uint16_t fixedCount_ = 0;  // its fixed parameters
  Abi abi_ = Abi::kSysV64;
  ErrnoMode errnoMode_ = ErrnoMode::kNone;
  TypeKind retKind_ = TypeKind::kVoid;  // the result's kind (kinds()[0] may be kNeverExact)
  bool variadic_ = false;
  bool structs_ = false;  // a value is a struct: the struct layouts follow the kinds
  bool jitted_ = false;
  // Closure entries, found or built on first use: one per handler shape (avalues, slots) and
  // handler ABI, then libffi's Go closures' and libffi's closures' (lib/runtime/closure_p.h:
  // closureEntryIndex); their table is made with the first entry (most interfaces never get a
  // closure).
  static constexpr int kClosureEntries = 2 * kAbiCount + 2;
  mutable std::atomic<std::atomic<const void*>*> closureEntries_{nullptr};
  // The interpreted closures' program, built on the first interpreted closure call; owned.
  mutable std::atomic<internal::InterpClosureProgram*> interpClosure_{nullptr};
  // The kSetAndCapture interface of the same signature and ABI, found on first use (the C API's
  // jitffi_call_errno reaches it from a cif's interface).
  mutable std::atomic<const CallInterface*> errnoSibling_{nullptr};
  // The interpreted fallback's program, built with the interface when it runs interpreted, on
  // first use otherwise (a Go call, a stub the JIT could not make); owned.
  mutable std::atomic<internal::InterpProgram*> interp_{nullptr};
  // The signature: kept from the start when a value's type has a node (a struct, a vector), else
  // made from the kinds on first use. The plan: made on first use, the signature classified
  // again. Each published once (a racing thread's copy is freed); owned.
  mutable std::atomic<const Signature*> sig_{nullptr};
  mutable std::atomic<const CallPlan*> plan_{nullptr};
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
  // For an interface with an errno mode (CallInterface::call's errno overload).
  void operator()(void* rvalue, void* const* avalues, int& errnoInOut) const {
    errnoInOut = internal::stubAs<ErrnoAvaluesStub>(stub_)(ci_, fn_, rvalue, avalues, errnoInOut);
  }
  // The machine code (it ignores its fn argument), or null when the interface is interpreted.
  AvaluesStub stub() const noexcept { return code_ ? stub_ : nullptr; }
  explicit operator bool() const noexcept { return stub_ != nullptr; }

 private:
  friend class CallInterface;
  BoundCall(const CallInterface* ci, Fn fn, AvaluesStub code, void* memory, void* unwind)
      : ci_(ci), fn_(fn), stub_(code), code_(memory), unwind_(unwind) {}
  const CallInterface* ci_ = nullptr;
  Fn fn_ = nullptr;
  AvaluesStub stub_ = nullptr;
  void* code_ = nullptr;    // owned executable memory, if any
  void* unwind_ = nullptr;  // its registered unwind table, if any
};

template <class R>
JITFFI_DETAIL_INLINE R CallInterface::callPacked(Fn fn, const uint64_t* slots) const {
  if constexpr (std::is_void_v<R>) {
    callSlots(fn, nullptr, slots);
  } else {
    alignas(16) unsigned char buf[sizeof(R) < 8 ? 8 : sizeof(R)];
    callSlots(fn, buf, slots);
    using U = std::remove_cv_t<R>;
    // long double and its complex as the ABI returns them (a double-sized long double: double).
    if constexpr (std::is_same_v<U, long double> || std::is_same_v<U, std::complex<long double>>) {
      if (longDoubleModel(abi()) == LongDoubleModel::kAsDouble) {
        if constexpr (std::is_same_v<U, long double>) {
          double d;
          std::memcpy(&d, buf, sizeof d);
          return d;
        } else {
          std::complex<double> d;
          std::memcpy(static_cast<void*>(&d), buf, sizeof d);
          return R(d.real(), d.imag());
        }
      }
    }
    R r;
    std::memcpy(static_cast<void*>(&r), buf, sizeof(R));
    return r;
  }
}

template <class R, class... A>
JITFFI_DETAIL_INLINE R CallInterface::callExact(Fn fn, A&... args) const {
  uint64_t slots[sizeof...(A) + 1];  // packExact writes every one
  alignas(16) unsigned char spill[sizeof...(A) + 1][16];
  [&]<size_t... I>(std::index_sequence<I...>) {
    (internal::packExact(args, slots[I], abi(), spill[I]), ...);
  }(std::index_sequence_for<A...>());
  return callPacked<R>(fn, slots);
}

template <class R, class... A>
JITFFI_DETAIL_INLINE bool CallInterface::isExactly() const {
  constexpr size_t n = sizeof...(A);
  static constexpr uint8_t kKinds[n + 1] = {uint8_t(internal::exactKind<R>()), uint8_t(internal::exactKind<A>())...};
  if (argCount_ != n || std::memcmp(kinds(), kKinds, n + 1) != 0) return false;
  // Structs: the size and alignment of the C++ class too (a compile-time true elsewhere).
  bool ok = true;
  if constexpr (internal::exactKind<R>() == TypeKind::kStruct)
    ok = structLayout(0).size == sizeof(R) && structLayout(0).align == alignof(R);
  [&]<size_t... I>(std::index_sequence<I...>) {
    ((internal::exactKind<A>() != TypeKind::kStruct ||
      (ok = ok && structLayout(I + 1).size == sizeof(A) && structLayout(I + 1).align == alignof(A))),
     ...);
  }(std::index_sequence_for<A...>());
  return ok;
}

template <class T>
bool CallInterface::put(T& a, size_t i, uint64_t* slots, void* spill) const {
  const TypeKind p = TypeKind(kinds()[i + 1]);
  constexpr TypeKind k = internal::exactKind<T>();
  if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
    if (p == k) {
      internal::packExact(a, slots[i], abi(), spill);
      return true;
    }
#if defined(__SIZEOF_INT128__)
    if constexpr (std::is_same_v<T, Int128> || std::is_same_v<T, UInt128>) return false;  // only as themselves
    else
#endif
      return internal::storeNumber(internal::toNumber(a), signature(), i, abi(), slots[i], spill);
  } else {
    // Pointers: ptr. Class types: their kind (structs: and size and alignment).
    bool ok = p == k;
    if constexpr (k == TypeKind::kStruct) ok = ok && structLayout(i + 1).size == sizeof(T) && structLayout(i + 1).align == alignof(T);
    if (ok) internal::packExact(a, slots[i], abi(), spill);
    return ok;
  }
}

template <class T>
Error CallInterface::refusal(T& a, size_t i) const {
  constexpr TypeKind k = internal::exactKind<T>();
  if constexpr ((std::is_arithmetic_v<T> || std::is_enum_v<T>) && k != TypeKind::kI128 && k != TypeKind::kU128) {
    uint64_t slot;
    alignas(16) unsigned char spill[16];
    Error why;
    (void)internal::storeNumber(internal::toNumber(a), signature(), i, abi(), slot, spill, k, &why);
    return why;
  } else {
    return internal::invokeTypeError(signature(), i, k, sizeof(T));
  }
}

template <class R, class... A>
JITFFI_DETAIL_NOINLINE InvokeResult<R> CallInterface::invokeConverting(Fn fn, A... args) const {
  constexpr size_t n = sizeof...(A);
  if (errnoMode_ != ErrnoMode::kNone) return internal::invokeErrnoError(signature());
  if (argCount_ != n) return internal::invokeCountError(signature(), n);
  // The result: R's own type, not converted.
  constexpr TypeKind rk = internal::exactKind<R>();
  bool retOk = retKind_ == rk;
  if constexpr (rk == TypeKind::kStruct) retOk = retOk && structLayout(0).size == sizeof(R) && structLayout(0).align == alignof(R);
  if (!retOk) return internal::invokeTypeError(signature(), SIZE_MAX, rk, std::is_void_v<R> ? 0 : sizeof(std::conditional_t<std::is_void_v<R>, char, R>));
  uint64_t slots[n + 1] = {};
  alignas(16) unsigned char spill[n + 1][16];
  size_t refused = n;
  [&]<size_t... I>(std::index_sequence<I...>) {
    (void)((put(args, I, slots, spill[I]) || (refused = I, false)) && ...);
  }(std::index_sequence_for<A...>());
  if (refused != n) {
    Error why;
    [&]<size_t... I>(std::index_sequence<I...>) {
      ((I == refused ? (void)(why = refusal(args, I)) : void()), ...);
    }(std::index_sequence_for<A...>());
    return why;
  }
  if constexpr (std::is_void_v<R>) {
    callPacked<R>(fn, slots);
    return Error();
  } else {
    return callPacked<R>(fn, slots);
  }
}

template <class R, class... A>
JITFFI_DETAIL_INLINE InvokeResult<R> CallInterface::invoke(Fn fn, A... args) const {
  if (__builtin_expect(!isExactly<R, A...>(), 0)) return invokeConverting<R>(fn, args...);
  if constexpr (std::is_void_v<R>) {
    callExact<R>(fn, args...);
    return Error();
  } else {
    return callExact<R>(fn, args...);
  }
}

// ---- typed interfaces ----------------------------------------------------------------------

// The interface of the C++ function type R(A...) (CallInterface::of): its call operator takes
// exactly F's parameters, so a call is checked when it is compiled and costs no check when it
// runs. `->` and `*` reach the CallInterface (call, callSlots, bind, plan, ...).
template <class R, class... A>
class TypedInterface<R(A...)> {
 public:
  explicit TypedInterface(const CallInterface* ci) noexcept : ci_(ci) {}

  R operator()(Fn fn, A... args) const { return ci_->template callExact<R>(fn, args...); }
  // A function of exactly this type (an overloaded name resolves to it).
  template <class G = R (*)(A...)>
    requires(std::is_same_v<G, R (*)(A...)> && !std::is_same_v<G, Fn>)
  R operator()(G fn, A... args) const {
    return (*this)(toFn(fn), args...);
  }

  const CallInterface* get() const noexcept { return ci_; }
  const CallInterface* operator->() const noexcept { return ci_; }
  const CallInterface& operator*() const noexcept { return *ci_; }

 private:
  const CallInterface* ci_;
};

template <class F>
Result<TypedInterface<F>> CallInterface::of(Abi abi) {
  auto ci = get(signatureOf<F>(), abi);
  if (!ci) return ci.error();
  return TypedInterface<F>(*ci);
}

}  // namespace jitffi
