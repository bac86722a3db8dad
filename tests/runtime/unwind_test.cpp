// SPDX-License-Identifier: MIT
// Unwinding through generated code: a C++ exception thrown by a callee passes back through a
// call stub (every shape, bound, and the interpreted fallback), and one thrown by a closure
// handler passes through the closure entry to the code that called the closure pointer.
#include <gtest/gtest.h>

#include <ffi.h>

#include <stdexcept>
#include <string>

#include "jitffi/closure.h"

namespace {

using namespace jitffi;

struct Thrown : std::runtime_error {
  using std::runtime_error::runtime_error;
};

__attribute__((noinline)) long thrower(long a, double b, long c, long d, long e, long f, long g, long h) {
  if (a + long(b) + c + d + e + f + g + h > 0) throw Thrown("from the callee");
  return 0;
}

// A struct big enough to be copied to the stack, so the stub has a frame of its own.
struct Big {
  long v[8];
};
__attribute__((noinline)) long bigThrower(Big b, int k) {
  if (b.v[7] + k > 0) throw Thrown("big");
  return 0;
}

TEST(Unwind, ExceptionsPassThroughCallStubs) {
  auto ci = CallInterface::get("i64(i64, f64, i64, i64, i64, i64, i64, i64)");
  ASSERT_TRUE(ci.ok());
  long a = 1, c = 1, d = 1, e = 1, f = 1, g = 1, h = 1;  // h goes on the stack
  double b = 1.0;
  void* av[] = {&a, &b, &c, &d, &e, &f, &g, &h};
  long r = 0;
  EXPECT_THROW((*ci)->call(toFn(thrower), &r, av), Thrown);
  uint64_t slots[8] = {1, 0, 1, 1, 1, 1, 1, 1};
  std::memcpy(&slots[1], &b, 8);
  EXPECT_THROW((*ci)->callSlots(toFn(thrower), &r, slots), Thrown);
  auto bound = (*ci)->bind(toFn(thrower));
  ASSERT_TRUE(bound.ok());
  EXPECT_THROW((*bound)(&r, av), Thrown);

  auto big = CallInterface::get("i64({i64[8]}, i32)");
  ASSERT_TRUE(big.ok());
  Big bv{{1, 2, 3, 4, 5, 6, 7, 8}};
  int k = 1;
  void* bav[] = {&bv, &k};
  try {
    (*big)->call(toFn(bigThrower), &r, bav);
    FAIL() << "no exception";
  } catch (const Thrown& t) {
    EXPECT_EQ(std::string(t.what()), "big");
  }
  // And through the libffi API.
  ffi_cif cif;
  ffi_type* at[] = {&ffi_type_slong, &ffi_type_double, &ffi_type_slong, &ffi_type_slong,
                    &ffi_type_slong, &ffi_type_slong, &ffi_type_slong, &ffi_type_slong};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 8, &ffi_type_slong, at), FFI_OK);
  EXPECT_THROW(ffi_call(&cif, FFI_FN(thrower), &r, av), Thrown);
}

void throwingHandler(const void*, void* ret, void** args, void*) {
  if (*static_cast<int*>(args[0]) > 0) throw Thrown("from the handler");
  *static_cast<int*>(ret) = 7;
}

TEST(Unwind, ExceptionsPassThroughClosureEntries) {
  auto ci = CallInterface::get("i32(i32, {i64[4]})");
  ASSERT_TRUE(ci.ok());
  auto c = RawClosure::make(*ci, &throwingHandler, nullptr);
  ASSERT_TRUE(c.ok());
  struct Four {
    long v[4];
  };
  auto fp = c->as<int(int, Four)>();
  EXPECT_THROW(fp(1, Four{{1, 2, 3, 4}}), Thrown);
  EXPECT_EQ(fp(0, Four{{1, 2, 3, 4}}), 7);  // and a normal return still works afterwards
}

TEST(Unwind, FreedBoundStubsUnregister) {
  // Many bound stubs made and destroyed: registration and deregistration stay balanced (a
  // stale table for freed code would misdirect a later unwind; ASan would flag the table).
  auto ci = CallInterface::get("i64(i64, f64, i64, i64, i64, i64, i64, i64)");
  ASSERT_TRUE(ci.ok());
  for (int i = 0; i < 200; ++i) {
    auto bound = (*ci)->bind(toFn(thrower));
    ASSERT_TRUE(bound.ok());
  }
  long a = 1, c = 1, d = 1, e = 1, f = 1, g = 1, h = 1;
  double b = 1.0;
  void* av[] = {&a, &b, &c, &d, &e, &f, &g, &h};
  long r;
  auto last = (*ci)->bind(toFn(thrower));
  EXPECT_THROW((*last)(&r, av), Thrown);
}

}  // namespace
