// SPDX-License-Identifier: MIT
// CallInterface::invoke on interfaces made at run time (checked: the count always, each
// argument converted as C converts it or refused, the result's type, errors as values and
// nothing called), and the typed handle of CallInterface::of (checked when compiled). The
// oracle is the C call the compiler makes itself, with the same C++ values.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>

#include "jitffi/call.h"
#include "jitffi/closure.h"

namespace {

using namespace jitffi;

int gCalls = 0;

extern "C" double scaleBy(double x, int n) {
  ++gCalls;
  return std::ldexp(x, n);
}
extern "C" long mixed(signed char a, unsigned short b, int c, long d, float e, double f) {
  return a * 1000000L + b * 1000L + c * 100 + d + long(e * 10) + long(f * 100);
}
extern "C" unsigned echoU8(unsigned char x) { return x; }
extern "C" long long echoI64(long long x) { return x; }
extern "C" int truncated(int x) { return x; }
extern "C" float half(float x) { return x / 2; }
extern "C" long double thirdL(long double x) { return x / 3; }
#if JITFFI_HAS_WIN64_HANDLERS  // an x86-64 host whose own convention is SysV
extern "C" __attribute__((ms_abi)) double thirdW64(double x) { return x / 3; }  // MSVC's long double
#endif
extern "C" const char* pick(const char* a, const char* b, int which) { return which ? b : a; }
extern "C" double modulus(std::complex<double>* z) { return std::abs(*z); }
extern "C" void noResult(int) { ++gCalls; }

struct Pair {
  double x, y;
};
struct Small {
  int a;
};
extern "C" Pair swapPair(Pair p) { return Pair{p.y, p.x}; }
struct Quad {  // the size of a Pair, another alignment
  int a, b, c, d;
};
extern "C" Pair scaledPair(int k, Pair p, Small s) {
  ++gCalls;
  return Pair{k * p.x + s.a, k * p.y - s.a};
}

enum class Color : int16_t { kRed = -2, kBlue = 7 };
extern "C" int colorTimes(int16_t c, int n) { return c * n; }

}  // namespace

template <>
struct jitffi::StructType<Pair> {
  static Type get() { return Type::structOf({Type::f64(), Type::f64()}); }
};
template <>
struct jitffi::StructType<Small> {
  static Type get() { return Type::structOf({Type::i32()}); }
};

namespace {

const CallInterface* iface(const char* text, Abi abi = hostAbi()) {
  auto ci = CallInterface::get(text, abi);
  EXPECT_TRUE(ci.ok()) << text << ": " << (ci.ok() ? "" : ci.error().toString());
  return ci.ok() ? *ci : nullptr;
}

template <class T>
T valueOf(const Result<T>& r) {
  EXPECT_TRUE(r.ok()) << r.error().toString();
  return r.ok() ? *r : T{};
}

TEST(Invoke, ConvertsArgumentsAsC) {
  // The case: the int 1 for an f64 parameter was passed as raw bits.
  const CallInterface* ci = iface("f64(f64, i32)");
  EXPECT_EQ(valueOf(ci->invoke<double>(toFn(scaleBy), 1, 3)), scaleBy(1, 3));
  EXPECT_EQ(valueOf(ci->invoke<double>(toFn(scaleBy), 2.5f, 3L)), scaleBy(2.5f, 3L));
  EXPECT_EQ(valueOf(ci->invoke<double>(toFn(scaleBy), 1.5, 2.75)), scaleBy(1.5, int(2.75)));  // truncated

  const CallInterface* m = iface("i64(i8, u16, i32, i64, f32, f64)");
  EXPECT_EQ(valueOf(m->invoke<long>(toFn(mixed), -3, 65535, 7.9, 11u, 2, 1)), mixed(-3, 65535, 7.9, 11u, 2, 1));
  EXPECT_EQ(valueOf(m->invoke<long>(toFn(mixed), static_cast<signed char>(-3), static_cast<unsigned short>(65535), 7,
                                    11L, 2.5f, 0.25)),
            mixed(-3, 65535, 7, 11, 2.5f, 0.25));

  // Integers wrap as in C (the callee receives what a C call would give it).
  EXPECT_EQ(valueOf(iface("u32(u8)")->invoke<uint32_t>(toFn(echoU8), 300)), echoU8(static_cast<unsigned char>(300)));
  EXPECT_EQ(valueOf(iface("u32(u8)")->invoke<uint32_t>(toFn(echoU8), -1)), echoU8(static_cast<unsigned char>(-1)));
  EXPECT_EQ(valueOf(iface("i64(i64)")->invoke<int64_t>(toFn(echoI64), 4000000000u)), echoI64(4000000000u));
  EXPECT_EQ(valueOf(iface("i32(i32)")->invoke<int>(toFn(truncated), -3.99)), truncated(int(-3.99)));
  EXPECT_EQ(valueOf(iface("f32(f32)")->invoke<float>(toFn(half), 5)), half(5));
  EXPECT_EQ(valueOf(iface("f32(f32)")->invoke<float>(toFn(half), 0.1)), half(float(0.1)));

  // Enums as their underlying integer, bool as u8, nullptr as ptr.
  EXPECT_EQ(valueOf(iface("i32(i16, i32)")->invoke<int>(toFn(colorTimes), Color::kRed, true)),
            colorTimes(int16_t(Color::kRed), 1));
  const char* a = "a";
  EXPECT_EQ(valueOf(iface("ptr(ptr, ptr, i32)")->invoke<const char*>(toFn(pick), a, nullptr, 0)), a);
  EXPECT_EQ(valueOf(iface("ptr(ptr, ptr, i32)")->invoke<const char*>(toFn(pick), a, nullptr, 1)), nullptr);
}

TEST(Invoke, ClassTypesOfTheSameLayout) {
  const CallInterface* ci = iface("{f64,f64}({f64,f64})");
  const Pair p = valueOf(ci->invoke<Pair>(toFn(swapPair), Pair{1.5, -2}));
  const Pair q = swapPair(Pair{1.5, -2});
  EXPECT_EQ(p.x, q.x);
  EXPECT_EQ(p.y, q.y);
  std::complex<double> z(3, 4);
  EXPECT_EQ(valueOf(iface("f64(ptr)")->invoke<double>(toFn(modulus), &z)), modulus(&z));
}

TEST(Invoke, EachStructChecksItsOwnLayout) {
  // Struct values among scalars: each class is checked against its own parameter's size and
  // alignment (and the result's against the result's), exactly or through the conversions.
  const CallInterface* ci = iface("{f64,f64}(i32, {f64,f64}, {i32})");
  static_assert(sizeof(Quad) == sizeof(Pair) && alignof(Quad) != alignof(Pair));
  const Pair p = valueOf(ci->invoke<Pair>(toFn(scaledPair), 3, Pair{1.5, -2}, Small{4}));
  const Pair q = scaledPair(3, Pair{1.5, -2}, Small{4});
  EXPECT_EQ(p.x, q.x);
  EXPECT_EQ(p.y, q.y);
  const Pair c = valueOf(ci->invoke<Pair>(toFn(scaledPair), 3.0, Pair{1.5, -2}, Small{4}));  // 3.0 converted
  EXPECT_EQ(c.x, q.x);
  EXPECT_EQ(c.y, q.y);
  auto refused = [](const auto& r, const char* text) {
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find(text), std::string::npos) << r.error().message();
  };
  gCalls = 0;
  refused(ci->invoke<Pair>(toFn(scaledPair), 3, Small{4}, Pair{1.5, -2}), "argument 1: a class of 4 bytes cannot be passed as {f64,f64}");
  refused(ci->invoke<Pair>(toFn(scaledPair), 3, Quad{}, Small{4}), "argument 1: a class of 16 bytes cannot be passed as {f64,f64}");
  refused(ci->invoke<Pair>(toFn(scaledPair), 3, Pair{}, Quad{}), "argument 2: a class of 16 bytes cannot be passed as {i32}");
  refused(ci->invoke<Quad>(toFn(scaledPair), 3, Pair{}, Small{4}), "R is a class of 16 bytes");
  EXPECT_EQ(gCalls, 0);
}

TEST(Invoke, LongDoubleAsTheAbiHasIt) {
  // The host's: SysV's 80-bit long double, AAPCS64's binary128, by reference in the slots shape.
  EXPECT_EQ(valueOf(iface("ld(ld)")->invoke<long double>(toFn(thirdL), 2.0L)), thirdL(2.0L));
  EXPECT_EQ(valueOf(iface("ld(ld)")->invoke<long double>(toFn(thirdL), 2)), thirdL(2));
#if JITFFI_HAS_WIN64_HANDLERS
  // Microsoft x64: long double is a double, in the slot itself.
  const CallInterface* w = iface("ld(ld)", Abi::kWin64);
  EXPECT_EQ(valueOf(w->invoke<long double>(toFn(thirdW64), 2.0L)), thirdW64(2.0));
  EXPECT_EQ(valueOf(w->invoke<long double>(toFn(thirdW64), 2)), thirdW64(2.0));
  auto t = CallInterface::of<long double(long double)>(Abi::kWin64);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ((*t)(toFn(thirdW64), 2.0L), thirdW64(2.0));
#endif
}

// Every refusal: an Error naming the argument (numbered from 0) or the result, and no call.
void expectRefused(const InvokeResult<double>& r, const char* text) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status(), Status::kInvalidArgument);
  EXPECT_NE(r.error().message().find(text), std::string::npos) << r.error().message();
}

TEST(Invoke, RefusesWhatCDoesNotConvert) {
  const CallInterface* ci = iface("f64(f64, i32)");
  gCalls = 0;
  expectRefused(ci->invoke<double>(toFn(scaleBy), 1.0, 2, 3), "3 argument(s) for f64(f64, i32), which takes 2");
  expectRefused(ci->invoke<double>(toFn(scaleBy), 1.0), "1 argument(s) for f64(f64, i32)");
  int x = 0;
  expectRefused(ci->invoke<double>(toFn(scaleBy), 1.0, &x), "argument 1: ptr cannot be passed as i32");
  expectRefused(ci->invoke<double>(toFn(scaleBy), Small{1}, 2), "argument 0: a class of 4 bytes cannot be passed as f64");
  expectRefused(ci->invoke<double>(toFn(scaleBy), 1e300, 1e300), "argument 1: 1e+300 does not fit i32");
  expectRefused(iface("f64(i32, i32)")->invoke<double>(toFn(scaleBy), 1.0, -2147483649.0), "argument 1: -2.14748e+09 does not fit i32");
  expectRefused(iface("f64(f32)")->invoke<double>(toFn(scaleBy), 1e300), "argument 0: 1e+300 does not fit f32");
  expectRefused(iface("f64(ptr)")->invoke<double>(toFn(scaleBy), 1), "argument 0: i32 cannot be passed as ptr");
  expectRefused(iface("f64({f64,f64})")->invoke<double>(toFn(scaleBy), Small{1}), "a class of 4 bytes cannot be passed as {f64,f64}");
  EXPECT_EQ(gCalls, 0);

  // The result: R is the result's own type, never converted.
  auto asInt = ci->invoke<int>(toFn(scaleBy), 1.0, 2);
  ASSERT_FALSE(asInt.ok());
  EXPECT_NE(asInt.error().message().find("R is i32, but f64(f64, i32) returns f64"), std::string::npos);
  Error discarded = ci->invoke<void>(toFn(scaleBy), 1.0, 2);
  EXPECT_TRUE(discarded);
  EXPECT_NE(discarded.message().find("R is void"), std::string::npos);
  EXPECT_FALSE(iface("void(i32)")->invoke<int>(toFn(noResult), 1).ok());
  EXPECT_FALSE(iface("{f64,f64}({f64,f64})")->invoke<Small>(toFn(swapPair), Pair{1, 2}).ok());
  EXPECT_EQ(gCalls, 0);

  EXPECT_FALSE(iface("void(i32)")->invoke<void>(toFn(noResult), 1));
  EXPECT_EQ(gCalls, 1);
}

TEST(TypedInterface, CheckedWhenCompiled) {
  auto t = CallInterface::of<double(double, int)>();
  ASSERT_TRUE(t.ok()) << t.error().toString();
  EXPECT_EQ((*t)(toFn(scaleBy), 1, 3), scaleBy(1, 3));  // C++ converts 1 to double here
  EXPECT_EQ((*t)(scaleBy, 1.5, 3), scaleBy(1.5, 3));   // a function of exactly this type
  EXPECT_EQ((*t)->signature().toText(), "f64(f64, i32)");
  auto same = CallInterface::get("f64(f64, i32)");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, t->get());  // one interface per signature, whichever API made it

  using T = TypedInterface<double(double, int)>;
  static_assert(std::is_invocable_r_v<double, const T&, Fn, double, int>);
  static_assert(!std::is_invocable_v<const T&, Fn, double>);               // too few
  static_assert(!std::is_invocable_v<const T&, Fn, double, int, int>);     // too many
  static_assert(!std::is_invocable_v<const T&, Fn, double, int*>);         // a pointer for an int
  static_assert(!std::is_invocable_v<const T&, float (*)(float), double, int>);  // another function type

  auto p = CallInterface::of<Pair(Pair)>();
  ASSERT_TRUE(p.ok());
  const Pair r = (*p)(swapPair, Pair{3, 4});
  EXPECT_EQ(r.x, 4);
  EXPECT_EQ(r.y, 3);
}

}  // namespace
