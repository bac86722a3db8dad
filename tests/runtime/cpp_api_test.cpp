// SPDX-License-Identifier: MIT
// The C++ call API: interfaces from text, from C++ types and from Signatures; both stub shapes;
// bound calls; typed invoke; errors as values.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "jitffi/call.h"

namespace {

using namespace jitffi;

extern "C" double scale(double x, int n) { return x * n; }
extern "C" long mix(signed char a, unsigned short b, int c, long d, float e, double f) {
  return a * 1000000L + b * 1000L + c * 100 + d + long(e * 10) + long(f * 100);
}
struct Point {
  double x, y;
};
extern "C" Point mid(Point a, Point b) { return Point{(a.x + b.x) / 2, (a.y + b.y) / 2}; }

}  // namespace

template <>
struct jitffi::StructType<Point> {
  static Type get() { return Type::structOf({Type::f64(), Type::f64()}); }
};

namespace {

TEST(CppApi, FromTextAndBothShapes) {
  auto ci = CallInterface::get("f64(f64, i32)");
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  double x = 1.5;
  int n = 4;
  void* av[] = {&x, &n};
  double r = 0;
  (*ci)->call(toFn(scale), &r, av);
  EXPECT_EQ(r, 6.0);
  uint64_t slots[2];
  std::memcpy(&slots[0], &x, 8);
  slots[1] = uint64_t(n);
  r = 0;
  (*ci)->callSlots(toFn(scale), &r, slots);
  EXPECT_EQ(r, 6.0);
  auto v = (*ci)->invoke<double>(toFn(scale), 2.5, 3);
  ASSERT_TRUE(v.ok()) << v.error().toString();
  EXPECT_EQ(*v, 7.5);
}

TEST(CppApi, FromCppTypes) {
  auto ci = CallInterface::of<long(signed char, unsigned short, int, long, float, double)>();
  ASSERT_TRUE(ci.ok());
  EXPECT_EQ((*ci)->signature().toText(), "i64(i8, u16, i32, i64, f32, f64)");
  EXPECT_EQ((*ci)(toFn(mix), static_cast<signed char>(-3), static_cast<unsigned short>(65535), 7, 11L, 2.5f, 0.25),
            mix(-3, 65535, 7, 11, 2.5f, 0.25));
  auto same = CallInterface::get("i64(i8, u16, i32, i64, f32, f64)");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, ci->get());  // one interface per signature, whichever API made it
}

TEST(CppApi, StructsThroughTypedInvoke) {
  auto ci = CallInterface::of<Point(Point, Point)>();
  ASSERT_TRUE(ci.ok());
  const Point p = (*ci)(mid, Point{1, 2}, Point{3, 6});
  EXPECT_EQ(p.x, 2);
  EXPECT_EQ(p.y, 4);
}

TEST(CppApi, BoundCalls) {
  auto ci = CallInterface::get("f64(f64, i32)");
  ASSERT_TRUE(ci.ok());
  auto bound = (*ci)->bind(toFn(scale));
  ASSERT_TRUE(bound.ok());
  double x = 2.0;
  int n = 21;
  void* av[] = {&x, &n};
  double r = 0;
  (*bound)(&r, av);
  EXPECT_EQ(r, 42.0);
  BoundCall moved = std::move(*bound);
  EXPECT_FALSE(bool(*bound));
  r = 0;
  moved(&r, av);
  EXPECT_EQ(r, 42.0);
  EXPECT_FALSE((*ci)->bind(nullptr).ok());
}

TEST(CppApi, ErrorsAreValues) {
  auto bad = CallInterface::get("i32(i32");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().status(), Status::kParseError);
  EXPECT_NE(bad.error().message().find("position 7"), std::string::npos);

  auto var = CallInterface::get("i32(ptr, ..., f32)");
  ASSERT_FALSE(var.ok());
  EXPECT_EQ(var.error().status(), Status::kBadArgType);

  // Any ABI classifies on any host, but only the host's architecture runs here.
  const Abi foreign = archOf(kHostAbi) == Arch::kX64 ? Abi::kAapcs64 : Abi::kSysV64;
  ASSERT_TRUE(classify(*Signature::parse("i32(i32)"), foreign).ok());
  auto other = CallInterface::get("i32(i32)", foreign);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().status(), Status::kBadAbi);

  auto huge = CallInterface::get("void({i8[65536]}, {i8[65536]})");
  EXPECT_TRUE(huge.ok()) << huge.error().toString();
}

// Every ABI of another architecture (RISC-V 64 on any host so far; AArch64 or x86-64 by turns)
// classifies here, and asking for a call is refused at once, saying which ABI.
TEST(CppApi, EveryForeignAbiIsRefusedClearly) {
  int foreign = 0;
  for (int a = 0; a < kAbiCount; ++a) {
    const Abi abi = Abi(a);
    if (abiRunsHere(abi)) continue;
    auto sig = Signature::parse("i32(i32, f64)", abi);
    ASSERT_TRUE(sig.ok());
    auto plan = classify(*sig, abi);
    if (!plan.ok()) continue;  // Apple arm64: not implemented
    ++foreign;
    auto ci = CallInterface::get(*sig, abi);
    ASSERT_FALSE(ci.ok()) << abiName(abi);
    EXPECT_EQ(ci.error().status(), Status::kBadAbi) << abiName(abi);
    EXPECT_NE(ci.error().message().find(std::string(abiName(abi))), std::string::npos) << ci.error().toString();
  }
  EXPECT_GE(foreign, 2);  // the other 64-bit Arm or x86-64 ABI(s), and rv64
}

TEST(CppApi, JitOrInterpreterAsRequested) {
  auto ci = CallInterface::get("i32(i32, i32)");
  ASSERT_TRUE(ci.ok());
  // The interpreter when asked for, by itself where no executable memory can be had (the
  // tests' emulated execmem denial, tests/support/mdwe_emulate.c), and always in a build without
  // the JIT (JITFFI_TEST_JIT: tests/CMakeLists.txt).
  const char* env = std::getenv("JITFFI_JIT");
  const char* denied = std::getenv("MDWE_EMULATE_DENY_EXECMEM");
  const bool wantJit =
      JITFFI_TEST_JIT && !(env && std::string(env) == "0") && !(denied && std::string(denied) == "1");
  EXPECT_EQ((*ci)->jitted(), wantJit);
}

}  // namespace
