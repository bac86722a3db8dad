// SPDX-License-Identifier: MIT
// Small descriptions of huge values: parsing, layouts and classification cost the same for
// i8[2] and i8[4294967296]; sizes saturate instead of wrapping around; what is too large gets a
// clear error at once. The time bounds are the thread's CPU time (a loaded machine does not
// count) and loose (sanitizer builds): the real figures are milliseconds. Under an emulator (the
// cross builds' qemu-user: JITFFI_TEST_EMULATED) code runs 10-30 times slower and the bounds are
// 20 times as long. What they catch is work that grows with the described size (2^32 elements,
// 2^40 paths): hours, emulated or not.
#include <gtest/gtest.h>
#include <time.h>

#include <string>

#include "jitffi/plan.h"
#include "jitffi/signature.h"

namespace jitffi {
namespace {

#if JITFFI_TEST_EMULATED
constexpr double kSeconds = 40.0;
#else
constexpr double kSeconds = 2.0;
#endif

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

template <class F>
double seconds(F&& f) {
  const double t0 = threadCpuSeconds();
  f();
  return threadCpuSeconds() - t0;
}

struct HugeRow {
  const char* sig;
  Status status;         // kOk: classifies
  const char* message;   // a part of the error message
};

const HugeRow kHugeRows[] = {
    // 2^32 empty structs: size 0, passes nothing.
    {"void({{{}[65536]}[65536]})", Status::kOk, ""},
    // 2^64 bytes: the size saturates (it used to wrap to 0).
    {"{{{{i8[65536]}[65536]}[65536]}[65536]}()", Status::kUnsupported,
     "return value: a value of at least 2^62 bytes is larger than the 16777216-byte limit"},
    {"i32({{i8[65536]}[65536]})", Status::kUnsupported,
     "argument 0: a value of 4294967296 bytes is larger than the 16777216-byte limit"},
    {"void({i8[18446744073709551615]})", Status::kUnsupported, "at least 2^62 bytes"},
    {"void({{i64[4294967296]}[4294967296]})", Status::kUnsupported, "at least 2^62 bytes"},
    // Exactly the limit is fine: 16 MiB on the stack.
    {"void({{i8[4096]}[4096]})", Status::kOk, ""},
    {"void({{i8[4096]}[4097]})", Status::kUnsupported, "16781312 bytes"},
};

TEST(HugeDescriptions, TextForm) {
  for (const HugeRow& row : kHugeRows) {
    for (Abi abi : {Abi::kSysV64, Abi::kWin64, Abi::kGnuWin64}) {
      Result<CallPlan> plan = Error();
      const double t = seconds([&] {
        auto sig = Signature::parse(row.sig, abi);
        ASSERT_TRUE(sig.ok()) << row.sig << ": " << sig.error().toString();
        EXPECT_EQ(sig->toText(), row.sig);
        plan = classify(*sig, abi);
      });
      EXPECT_LT(t, kSeconds) << row.sig;
      if (row.status == Status::kOk) {
        EXPECT_TRUE(plan.ok()) << row.sig << ": " << plan.error().toString();
      } else {
        ASSERT_FALSE(plan.ok()) << row.sig;
        EXPECT_EQ(plan.error().status(), row.status) << row.sig;
        EXPECT_NE(plan.error().message().find(row.message), std::string::npos)
            << row.sig << ": " << plan.error().message();
      }
    }
  }
}

TEST(HugeDescriptions, LayoutsSaturate) {
  const Type big = Type::arrayOf(Type::arrayOf(Type::arrayOf(Type::i64(), uint64_t(1) << 40), uint64_t(1) << 40), 3);
  EXPECT_EQ(big.layout(Abi::kSysV64).size, kSizeSaturated);
  const Type s = Type::structOf({Type::i8(), big, Type::i32()});
  EXPECT_EQ(s.layout(Abi::kSysV64).size, kSizeSaturated);
  EXPECT_EQ(s.fieldOffsets(Abi::kSysV64)[2], kSizeSaturated);
  EXPECT_EQ(Type::arrayOf(Type::structOf({}), ~uint64_t(0)).layout(Abi::kSysV64).size, 0u);
  EXPECT_EQ(Type::arrayOf(Type::i8(), 0).layout(Abi::kSysV64).size, 0u);
}

// A struct of 2^k leaves described by k + 1 shared nodes ({S, S} at each level): linear work.
TEST(HugeDescriptions, SharedSubtypes) {
  Type s = Type::u8();
  for (int k = 0; k < 24; ++k) s = Type::structOf({s, s});  // 16 MiB, within the limit
  EXPECT_EQ(s.layout(Abi::kSysV64).size, uint64_t(1) << 24);
  EXPECT_EQ(s.depth(), 24u);
  for (Abi abi : {Abi::kSysV64, Abi::kWin64}) {
    Result<CallPlan> plan = Error();
    EXPECT_LT(seconds([&] { plan = classify(Signature(s, {s, Type::i32()}), abi); }), kSeconds);
    ASSERT_TRUE(plan.ok()) << plan.error().toString();
    EXPECT_EQ(plan->args[0].size, 1u << 24);
  }
  Type t = s;
  for (int k = 24; k < 62; ++k) t = Type::structOf({t, t});  // 2^62 bytes: saturated
  auto plan = classify(Signature(Type::void_(), {t}), Abi::kSysV64);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().status(), Status::kUnsupported);
}

// Explicit layouts smaller than their fields, nested in each other and shared, describe many
// overlapping fields inside 8 bytes (2^40 paths here): refused after a bounded number of steps.
TEST(HugeDescriptions, OverlappingExplicitLayouts) {
  Type s = Type::structWithLayout({Type::i8()}, {1, 1});
  for (int k = 0; k < 40; ++k) s = Type::structWithLayout({s, s}, {1, 1});
  Result<CallPlan> plan = Error();
  EXPECT_LT(seconds([&] { plan = classify(Signature(Type::void_(), {s}), Abi::kSysV64); }), kSeconds);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().status(), Status::kUnsupported) << plan.error().toString();
  // A few levels are fine: the fields that start inside the value's eightbyte count.
  Type few = Type::structWithLayout({Type::i8()}, {1, 1});
  for (int k = 0; k < 4; ++k) few = Type::structWithLayout({few, few}, {1, 1});
  auto ok = classify(Signature(Type::void_(), {few}), Abi::kSysV64);
  ASSERT_TRUE(ok.ok()) << ok.error().toString();
  EXPECT_EQ(formatPlan(*ok),
            "ret: ignore\n"
            "a0: direct rdi=0+1\n"
            "frame: stack=0 copy=0\n");
}

// Flat structs of any number of members (libffi accepts more than 65536).
TEST(HugeDescriptions, FlatStructs) {
  std::string text = "void({";
  for (int i = 0; i < 100000; ++i) text += i ? ",u8" : "u8";
  text += "})";
  Result<CallPlan> plan = Error();
  EXPECT_LT(seconds([&] {
              auto sig = Signature::parse(text);
              ASSERT_TRUE(sig.ok()) << sig.error().toString();
              plan = classify(*sig, Abi::kSysV64);
            }),
            kSeconds);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  EXPECT_EQ(formatPlan(*plan),
            "ret: ignore\n"
            "a0: direct [sp+0]=0+100000\n"
            "frame: stack=100000 copy=0\n");
}

// The outgoing stack area and the copy area are computed in 64 bits: 256 arguments of 16 MiB
// used to give stack=0; past kMaxFrameSize (1 GiB) a call is refused.
TEST(HugeDescriptions, FrameSizes) {
  const Type mib16 = Type::structOf({Type::arrayOf(Type::u8(), kMaxValueSize)});
  for (size_t n : {size_t(63), size_t(64), size_t(65), size_t(256)}) {
    const Signature sig(Type::void_(), std::vector<Type>(n, mib16));
    for (Abi abi : {Abi::kSysV64, Abi::kWin64, Abi::kAapcs64}) {
      auto plan = classify(sig, abi);
      // SysV: every argument on the stack. Win64: every argument a copy, a slot each. AAPCS64:
      // every argument a copy, its address in x0–x7, then in a stack slot each.
      const uint64_t stack = abi == Abi::kSysV64  ? n * kMaxValueSize
                             : abi == Abi::kWin64 ? (32 + 8 * (n - 4) + 15) / 16 * 16
                                                  : (8 * (n - 8) + 15) / 16 * 16;
      const uint64_t copies = abi == Abi::kSysV64 ? 0 : n * kMaxValueSize;
      if (stack + copies <= kMaxFrameSize) {
        ASSERT_TRUE(plan.ok()) << n << " " << abiName(abi) << ": " << plan.error().toString();
        EXPECT_EQ(plan->stackBytes, stack);
        EXPECT_EQ(plan->copyBytes, copies);
      } else {
        ASSERT_FALSE(plan.ok()) << n << " " << abiName(abi);
        EXPECT_EQ(plan.error().status(), Status::kUnsupported);
        EXPECT_NE(plan.error().message().find("1073741824-byte limit of one call"), std::string::npos)
            << plan.error().message();
      }
    }
  }
}

// Nothing limits how deep a C++ Type may be built; classifying it is an error, and neither that
// nor letting it go recurses down the chain (a stack overflow used to end the process).
TEST(HugeDescriptions, DeepTypesAreRefusedAndReleased) {
  Result<CallPlan> plan = Error();
  EXPECT_LT(seconds([&] {
              Type deep = Type::i32();
              for (int k = 0; k < 300000; ++k) deep = k % 2 ? Type::structOf({deep}) : Type::arrayOf(deep, 1);
              plan = classify(Signature(Type::void_(), {Type::structOf({deep})}), Abi::kSysV64);
            }),
            kSeconds * 5);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().status(), Status::kBadTypedef);
}

TEST(HugeDescriptions, NestingLimitCoversArrays) {
  std::string dims;
  for (int i = 0; i < 100; ++i) dims += "[1]";
  auto sig = Signature::parse("void({i8" + dims + "})");
  ASSERT_FALSE(sig.ok());
  EXPECT_NE(sig.error().message().find("nesting too deep"), std::string::npos) << sig.error().message();
  // 63 dimensions inside one struct is exactly the limit.
  dims.clear();
  for (int i = 0; i < 63; ++i) dims += "[1]";
  auto ok = Signature::parse("void({i8" + dims + "})");
  ASSERT_TRUE(ok.ok()) << ok.error().toString();
  EXPECT_EQ(ok->args[0].depth(), kMaxDepth);
  EXPECT_TRUE(classify(*ok, Abi::kSysV64).ok());
  // Arrays are members only: C passes no array by value.
  auto bare = classify(Signature(Type::void_(), {Type::arrayOf(Type::i32(), 2)}), Abi::kSysV64);
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().status(), Status::kBadTypedef);
}

}  // namespace
}  // namespace jitffi
