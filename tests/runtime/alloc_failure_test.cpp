// SPDX-License-Identifier: MIT
// Out of memory on the paths that make an interface's signature and plan on their first use (an
// interface keeps neither: CallInterface::signature() and plan() make them): a bound stub, a slots
// stub, a closure entry, an interpreted closure's program, a Go call and a Go closure, the errno
// interface of a cif; and in the C entry points that allocate (ffi_prep_cif and its first
// ffi_call, ffi_prep_closure_loc, a jitffi_type_* record, ffi_get_struct_offsets), which must let
// no std::bad_alloc reach their C caller. Each path fails as it says it does — an error status, a
// call not made, a handler not called (its result zero) — and the process goes on; each time the
// call is made its result is the direct call's, and once memory is there again the path works.
//
// The failure is real: this program replaces the global operator new (its plain, array and nothrow
// forms; asmjit's malloc, aligned new and the memory jitffi maps itself are not failed), and while
// a test has armed it, the calling thread's Nth allocation from then on (counted from 0) throws
// std::bad_alloc (returns null for the nothrow forms), and for the C entry points also every one
// after it (memory staying short). Each path runs with N = 0, 1, 2, ... until a run makes fewer
// than N + 1 allocations, on an interface no other test of this program uses (its signature and
// plan not made yet). A run keeps what it made before the failure (a published signature, say),
// so the next run starts from there: each allocation the path makes is failed once in the state
// the runs before left, not every allocation from the first state. The program runs with the JIT and through
// the interpreted fallback (JITFFI_JIT=0).
#include <gtest/gtest.h>

#include <ffi.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <cstring>
#include <string>

#include "jitffi/call.h"
#include "jitffi/closure.h"

namespace {

thread_local long tFailAt = -1;     // the allocation that fails, counted from arming; -1: none
thread_local bool tFailAfter = false;  // every allocation after it fails too (memory stays short)
thread_local long tCount = 0;        // allocations since arming
thread_local bool tFailed = false;

bool failThisOne() {
  if (tFailAt < 0) return false;
  const long n = tCount++;
  if (n != tFailAt && !(tFailAfter && n > tFailAt)) return false;
  tFailed = true;
  return true;
}

}  // namespace

// (gcc sees free() given what operator new returned: here operator new is malloc.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  if (failThisOne()) throw std::bad_alloc();
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  if (failThisOne()) return nullptr;
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return ::operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace {

using namespace jitffi;

// Runs `armed()` with the Nth allocation failing (and, `after` set, every one after it), then
// `check(failed)` with allocation back to normal (failed: whether the Nth allocation was asked
// for), for N = 0, 1, 2, ... until the run that asked for no more than N allocations. Returns how
// many runs had an allocation fail.
template <class Armed, class Check>
int sweep(Armed&& armed, Check&& check, bool after = false) {
  constexpr long kMaxAllocations = 100000;  // a path that never stops allocating is a failure too
  int failedRuns = 0;
  for (long n = 0; n < kMaxAllocations; ++n) {
    tCount = 0;
    tFailed = false;
    tFailAt = n;
    tFailAfter = after;
    armed();
    tFailAt = -1;
    SCOPED_TRACE("allocation " + std::to_string(n) + (tFailed ? " failed" : " not reached"));
    check(tFailed);
    if (!tFailed) return failedRuns;
    ++failedRuns;
  }
  ADD_FAILURE() << "more than " << kMaxAllocations << " allocations";
  return failedRuns;
}

// sweep() first with memory staying short from the Nth allocation on (the error paths' own
// allocations fail too), then with the Nth failing alone: for the C entry points.
template <class Armed, class Check>
int sweepBoth(Armed&& armed, Check&& check) {
  const int shortFromN = sweep(armed, check, true);
  return shortFromN + sweep(armed, check);
}

// sweepBoth() over a C entry point that returns a status. `call()` returns the entry point's
// status (after whatever else the run does while armed); it must come back rather than an
// exception. A status other than FFI_OK only when an allocation failed: `refusedCheck()` then
// checks what it left behind (nothing half-built); else `made(failed)` checks the result. Returns
// the runs with a failed allocation; `refused` counts those with a status other than FFI_OK,
// `last` is the last status.
template <class Call, class Made, class Refused>
int sweepC(Call&& call, Made&& made, Refused&& refusedCheck, int& refused, ffi_status& last) {
  bool threw = false;
  auto armed = [&] {
    threw = false;
    try {
      last = call();
    } catch (...) {
      threw = true;
    }
  };
  auto check = [&](bool failed) {
    ASSERT_FALSE(threw) << "an exception reached the C caller";
    if (last != FFI_OK) {
      EXPECT_TRUE(failed);
      ++refused;
      refusedCheck();
      return;
    }
    made(failed);
  };
  return sweepBoth(armed, check);
}
template <class Call, class Made>
int sweepC(Call&& call, Made&& made, int& refused, ffi_status& last) {
  return sweepC(call, made, [] {}, refused, last);
}

extern "C" int64_t mixBind(int8_t a, uint16_t b, int32_t c, double d) {
  return a * 1000003LL + b * 1009LL - c * 7LL + int64_t(d * 4);
}

// bind: a stub made for the function needs the plan; out of memory, kOutOfMemory (the JIT's
// interfaces; an interpreted one's bound call is the interpreted stub, made without it).
TEST(OutOfMemory, BindFailsWithAStatus) {
  auto ci = CallInterface::get("i64(i8, u16, i32, f64)");
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  Result<BoundCall> bound = BoundCall();
  int refused = 0;
  const int failedRuns = sweep([&] { bound = (*ci)->bind(toFn(mixBind)); },
                               [&](bool failed) {
                                 if (!bound.ok()) {
                                   EXPECT_TRUE(failed);
                                   EXPECT_EQ(bound.error().status(), Status::kOutOfMemory) << bound.error().toString();
                                   ++refused;
                                   return;
                                 }
                                 int8_t a = -7;
                                 uint16_t b = 65000;
                                 int32_t c = -123456;
                                 double d = 2.75;
                                 void* av[] = {&a, &b, &c, &d};
                                 int64_t r = 0;
                                 (*bound)(&r, av);
                                 EXPECT_EQ(r, mixBind(a, b, c, d));
                               });
  EXPECT_TRUE(bound.ok());  // memory back: bound
  if ((*ci)->jitted()) {
    EXPECT_GT(failedRuns, 0);
    EXPECT_GT(refused, 0);
  }
}

int slotsCalls = 0;
extern "C" double mixSlots(uint8_t a, int64_t b, float c) {
  ++slotsCalls;
  return a * 3.0 + double(b) / 8 - c;
}

// callSlots: its first use makes the slots stub from the signature and the plan; out of memory,
// the call runs interpreted (whose program needs the plan too: out of memory, no call).
TEST(OutOfMemory, SlotsCallIsMadeRightOrNotAtAll) {
  auto ci = CallInterface::get("f64(u8, i64, f32)");
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  const uint8_t a = 200;
  const int64_t b = -(int64_t(1) << 40);
  const float c = 0.5f;
  uint64_t slots[3] = {a, uint64_t(b), 0};
  std::memcpy(&slots[2], &c, sizeof c);
  const double want = mixSlots(a, b, c);
  double r = 0;
  const int failedRuns = sweep(
      [&] {
        slotsCalls = 0;
        r = -1;
        (*ci)->callSlots(toFn(mixSlots), &r, slots);
      },
      [&](bool failed) {
        if (slotsCalls == 0) {
          EXPECT_TRUE(failed);
          EXPECT_EQ(r, -1);  // no call: the result untouched
          return;
        }
        EXPECT_EQ(slotsCalls, 1);
        EXPECT_EQ(r, want);
      });
  EXPECT_EQ(slotsCalls, 1);  // memory back: called
  // (An interpreted interface's slots stub is the interpreter's, its program made with the
  // interface: its call allocates nothing.)
  if ((*ci)->jitted()) {
    EXPECT_GT(failedRuns, 0);
  }
}

// A closure's handler: the direct function on its arguments (i16, u32, f64), counting its calls.
extern "C" int64_t weightedSum(int16_t a, uint32_t b, double c) { return a * 5 + int64_t(b) * 3 + int64_t(c); }
int closureCalls = 0;
void sumHandler(const void*, void* ret, void** args, void*) {
  ++closureCalls;
  int16_t a;
  uint32_t b;
  double c;
  std::memcpy(&a, args[0], sizeof a);
  std::memcpy(&b, args[1], sizeof b);
  std::memcpy(&c, args[2], sizeof c);
  const int64_t r = weightedSum(a, b, c);
  std::memcpy(ret, &r, sizeof r);
}

// A closure: made (the JIT's entry is compiled from the plan: out of memory, kOutOfMemory) and
// called (an interpreted entry builds its program from the plan on the first call: out of memory,
// the handler is not called and the result is zero).
TEST(OutOfMemory, ClosureFailsWithAStatusOrReturnsZero) {
  auto ci = CallInterface::get("i64(i16, u32, f64)");
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  Result<RawClosure> closure = RawClosure();
  int64_t r = 0;
  int refused = 0, notCalled = 0;
  const int failedRuns = sweep(
      [&] {
        closureCalls = 0;
        r = -1;
        closure = RawClosure();  // the last run's closure freed before arming
        closure = RawClosure::make(*ci, sumHandler, nullptr);
        if (closure.ok()) r = closure->as<int64_t(int16_t, uint32_t, double)>()(-300, 70000, 12.9);
      },
      [&](bool failed) {
        if (!closure.ok()) {
          EXPECT_TRUE(failed);
          EXPECT_EQ(closure.error().status(), Status::kOutOfMemory) << closure.error().toString();
          ++refused;
          return;
        }
        if (closureCalls == 0) {
          EXPECT_TRUE(failed);
          EXPECT_EQ(r, 0);
          ++notCalled;
          return;
        }
        EXPECT_EQ(closureCalls, 1);
        EXPECT_EQ(r, weightedSum(-300, 70000, 12.9));
      });
  EXPECT_EQ(closureCalls, 1);  // memory back: made and called
  EXPECT_GT(failedRuns, 0);
  EXPECT_GT(refused + notCalled, 0);
}

int goCalls = 0;
extern "C" int32_t mixGo(int32_t a, uint8_t b, double c) {
  ++goCalls;
  return a * 11 + b - int32_t(c);
}

// ffi_call_go: a cif's first Go call makes the plan and the interpreted program; out of memory,
// no call.
TEST(OutOfMemory, GoCallIsMadeRightOrNotAtAll) {
  ffi_cif cif;
  ffi_type* at[] = {&ffi_type_sint32, &ffi_type_uint8, &ffi_type_double};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 3, &ffi_type_sint32, at), FFI_OK);
  int32_t a = -4000;
  uint8_t b = 250;
  double c = 99.5;
  void* av[] = {&a, &b, &c};
  const int32_t want = mixGo(a, b, c);
  ffi_arg r = 0;
  const int failedRuns = sweepBoth(
      [&] {
        goCalls = 0;
        r = 12345;
        ffi_call_go(&cif, FFI_FN(mixGo), &r, av, &cif);
      },
      [&](bool failed) {
        if (goCalls == 0) {
          EXPECT_TRUE(failed);
          EXPECT_EQ(r, 12345u);
          return;
        }
        EXPECT_EQ(goCalls, 1);
        EXPECT_EQ(int32_t(r), want);
      });
  EXPECT_EQ(goCalls, 1);
  EXPECT_GT(failedRuns, 0);
}

// A Go closure's handler: a - b (i64, i64), and whether it was handed its closure.
int goClosureCalls = 0;
const ffi_go_closure* expectedClosure = nullptr;
void goHandler(ffi_cif*, void* ret, void** args, void* closure) {
  ++goClosureCalls;
  int64_t a, b;
  std::memcpy(&a, args[0], sizeof a);
  std::memcpy(&b, args[1], sizeof b);
  const int64_t r = closure == expectedClosure ? a - b : 0;
  std::memcpy(ret, &r, sizeof r);
}

// ffi_prep_go_closure asks the plan whether the static chain's register is free: out of memory,
// an error status (FFI_OK never); then the Go call of the closure.
TEST(OutOfMemory, GoClosureFailsWithAStatusOrIsCalledRight) {
  ffi_cif cif;
  ffi_type* at[] = {&ffi_type_sint64, &ffi_type_sint64};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint64, at), FFI_OK);
  ffi_go_closure gc;
  expectedClosure = &gc;
  ffi_status st = FFI_OK;
  int64_t a = 1LL << 40, b = 77;
  void* av[] = {&a, &b};
  int64_t r = 0;
  int refused = 0;
  const int failedRuns = sweepBoth(
      [&] {
        goClosureCalls = 0;
        r = -1;
        st = ffi_prep_go_closure(&gc, &cif, goHandler);
        if (st == FFI_OK) ffi_call_go(&cif, FFI_FN(gc.tramp), &r, av, &gc);
      },
      [&](bool failed) {
        if (st != FFI_OK) {
          EXPECT_TRUE(failed);
          ++refused;
          return;
        }
        if (goClosureCalls == 0) {  // the Go call not made, or the handler not called
          EXPECT_TRUE(failed);
          EXPECT_TRUE(r == -1 || r == 0) << r;
          return;
        }
        EXPECT_EQ(goClosureCalls, 1);
        EXPECT_EQ(r, a - b);
      });
  EXPECT_EQ(goClosureCalls, 1);
  EXPECT_GT(failedRuns, 0);
  EXPECT_GT(refused, 0);
}

struct Mixed {
  int16_t a;
  double b;
  int8_t c;
};
int prepCalls = 0;
extern "C" int64_t mixPrep(Mixed m, uint32_t u, float f) {
  ++prepCalls;
  return m.a * 1000003LL + int64_t(m.b * 8) - m.c * 31LL + u - int64_t(f * 2);
}

// ffi_prep_cif of a new signature (its key, its Signature, the interface and its stub), then its
// first ffi_call (interpreted: the program made then): out of memory, an error status and no
// exception through the C caller, the cif left inert (an ffi_call on it calls nothing); or the
// call not made; once both are made, the call is the direct one.
TEST(OutOfMemory, PrepCifFailsWithAStatusOrPreparesRight) {
  ffi_type* elements[] = {&ffi_type_sint16, &ffi_type_double, &ffi_type_sint8, nullptr};
  ffi_type mixed{};
  mixed.type = FFI_TYPE_STRUCT;
  mixed.elements = elements;
  ffi_type* at[] = {&mixed, &ffi_type_uint32, &ffi_type_float};
  Mixed m{-300, 12.625, -9};
  uint32_t u = 4000000000u;
  float f = -3.5f;
  void* av[] = {&m, &u, &f};
  const int64_t want = mixPrep(m, u, f);
  prepCalls = 0;
  ffi_cif cif;
  ffi_status st = FFI_OK;
  int64_t r = 0;
  int refused = 0;
  const int failedRuns = sweepC(
      [&] {
        prepCalls = 0;
        r = 0;
        const ffi_status prepared = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 3, &ffi_type_sint64, at);
        if (prepared == FFI_OK) ffi_call(&cif, FFI_FN(mixPrep), &r, av);
        return prepared;
      },
      [&](bool failed) {
        if (prepCalls == 0) {
          EXPECT_TRUE(failed);  // the call not made
          return;
        }
        EXPECT_EQ(prepCalls, 1);
        EXPECT_EQ(r, want);
      },
      [&] {
        ffi_call(&cif, FFI_FN(mixPrep), &r, av);  // the cif inert
        EXPECT_EQ(prepCalls, 0);
      },
      refused, st);
  EXPECT_EQ(st, FFI_OK);  // memory back: prepared and called
  EXPECT_EQ(prepCalls, 1);
  EXPECT_GT(failedRuns, 0);
  EXPECT_GT(refused, 0);
}

// An ffi_closure's handler: the direct function on its arguments (i32, u16).
extern "C" int32_t tripleSum(int32_t a, uint16_t b) { return a * 3 + b; }
int ffiClosureCalls = 0;
void ffiHandler(ffi_cif*, void* ret, void** args, void*) {
  ++ffiClosureCalls;
  int32_t a;
  uint16_t b;
  std::memcpy(&a, args[0], sizeof a);
  std::memcpy(&b, args[1], sizeof b);
  const ffi_arg r = ffi_arg(int64_t(tripleSum(a, b)));
  std::memcpy(ret, &r, sizeof r);
}

// ffi_prep_closure_loc of a cif's first closure makes its entry (and the plan it reads): out of
// memory, an error status and no exception through the C caller; or, interpreted, the handler
// not called; once made, the closure's call is the handler's.
TEST(OutOfMemory, FfiClosureFailsWithAStatusOrIsCalledRight) {
  ffi_cif cif;
  ffi_type* at[] = {&ffi_type_sint32, &ffi_type_uint16};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint32, at), FFI_OK);
  void* code = nullptr;
  auto* closure = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code));
  ASSERT_NE(closure, nullptr);
  ffi_status st = FFI_OK;
  int32_t r = 0;
  int refused = 0;
  const int failedRuns = sweepC(
      [&] {
        ffiClosureCalls = 0;
        r = -1;
        const ffi_status prepared = ffi_prep_closure_loc(closure, &cif, ffiHandler, nullptr, code);
        if (prepared == FFI_OK) r = reinterpret_cast<int32_t (*)(int32_t, uint16_t)>(code)(-1000, 60000);
        return prepared;
      },
      [&](bool failed) {
        if (ffiClosureCalls == 0) {  // the handler not called (interpreted: its program not made)
          EXPECT_TRUE(failed);
          EXPECT_EQ(r, 0);
          return;
        }
        EXPECT_EQ(ffiClosureCalls, 1);
        EXPECT_EQ(r, tripleSum(-1000, 60000));
      },
      refused, st);
  EXPECT_EQ(st, FFI_OK);
  EXPECT_EQ(ffiClosureCalls, 1);
  EXPECT_GT(failedRuns, 0);
  ffi_closure_free(closure);
}

// jitffi_type_struct_packed (a record: its members converted, its layout, its registry entry):
// out of memory, an error status, *out untouched and no exception; made, the layout of
// __attribute__((packed)).
TEST(OutOfMemory, RecordFailsWithAStatusOrIsMade) {
  struct __attribute__((packed)) Packed {
    int8_t a;
    int32_t b;
    double c;
  };
  ffi_type* elements[] = {&ffi_type_sint8, &ffi_type_sint32, &ffi_type_double, nullptr};
  ffi_type* out = nullptr;
  ffi_status st = FFI_OK;
  int refused = 0;
  const int failedRuns = sweepC(
      [&] {
        out = nullptr;
        return jitffi_type_struct_packed(&out, elements, 1);
      },
      [&](bool) {
        ASSERT_NE(out, nullptr);
        EXPECT_EQ(out->size, sizeof(Packed));
        EXPECT_EQ(out->alignment, alignof(Packed));
        jitffi_type_free(out);
      },
      [&] { EXPECT_EQ(out, nullptr); }, refused, st);
  EXPECT_EQ(st, FFI_OK);
  EXPECT_GT(failedRuns, 0);
  EXPECT_GT(refused, 0);
}

// ffi_get_struct_offsets of a struct of 20 distinct struct types (more than the walk numbers
// without allocating): out of memory, an error status and no exception; else each member's offset.
TEST(OutOfMemory, StructOffsetsFailWithAStatusOrAreRight) {
  constexpr int kInner = 20;
  ffi_type* innerElements[] = {&ffi_type_sint32, nullptr};
  ffi_type inner[kInner] = {};
  ffi_type* outerElements[kInner + 1] = {};
  for (int i = 0; i < kInner; ++i) {
    inner[i].type = FFI_TYPE_STRUCT;
    inner[i].elements = innerElements;
    outerElements[i] = &inner[i];
  }
  ffi_type outer{};
  outer.type = FFI_TYPE_STRUCT;
  outer.elements = outerElements;
  size_t offsets[kInner] = {};
  ffi_status st = FFI_OK;
  int refused = 0;
  const int failedRuns = sweepC([&] { return ffi_get_struct_offsets(FFI_DEFAULT_ABI, &outer, offsets); },
                                [&](bool) {
                                  // (The compiler's layout of the same struct.)
                                  struct Inner {
                                    int32_t v;
                                  };
                                  struct Outer {
                                    Inner m[kInner];
                                  } o;
                                  const auto* base = reinterpret_cast<const char*>(&o);
                                  for (int i = 0; i < kInner; ++i)
                                    EXPECT_EQ(offsets[i], size_t(reinterpret_cast<const char*>(&o.m[i]) - base)) << i;
                                  EXPECT_EQ(outer.size, sizeof(Outer));
                                },
                                refused, st);
  EXPECT_EQ(st, FFI_OK);
  EXPECT_GT(failedRuns, 0);
  EXPECT_GT(refused, 0);
}

extern "C" int swapErrno(int v) {
  const int before = errno;
  errno = v;
  return before;
}

// jitffi_call_errno: a cif's first errno call makes its errno interface from its signature; out of
// memory, the call is made without it, errno handled around it all the same.
TEST(OutOfMemory, ErrnoCallIsMadeAllTheSame) {
  ffi_cif cif;
  ffi_type* at[] = {&ffi_type_sint};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, at), FFI_OK);
  int v = ERANGE;
  void* av[] = {&v};
  ffi_arg r = 0;
  int after = 0;
  const int failedRuns = sweepBoth(
      [&] {
        r = 0;
        after = jitffi_call_errno(&cif, FFI_FN(swapErrno), &r, av, EDOM);
      },
      [&](bool) {
        EXPECT_EQ(int(r), EDOM);    // errno as given, just before the call
        EXPECT_EQ(after, ERANGE);  // and as the function left it
      });
  EXPECT_GT(failedRuns, 0);
}

}  // namespace
