// SPDX-License-Identifier: MIT
// x18 under Apple's and Windows' arm64 conventions, which reserve it (Apple: "Don't use this
// register"; Windows: it points to the thread's TEB): a caller of those conventions keeps a value
// of its own in x18, which neither jitffi's stubs nor its closure entries, JIT or interpreted
// (foreign_test_interp runs this file with JITFFI_JIT=0), may change.
//
//   calls     the caller (platform_code.S's foreign_with_x18) holds a value in x18 around a call
//             through jitffi to a callee that returns the x18 it was called with;
//   closures  a caller of the convention (foreign_image_call) holds a value in x18 and calls a
//             closure whose handler, compiled for Linux where x18 is a temporary, changes x18:
//             the caller must find its own value again after the call.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "jitffi/call.h"
#include "jitffi/closure.h"
#include "jitffi/signature.h"

extern "C" {
// platform_code.S
uint64_t foreign_image_call(void (*fn)(), const uint64_t regs[9], const void* stack, uint64_t stackBytes,
                            uint64_t* x18, uint64_t result[6]);
void foreign_with_x18(void (*thunk)(void*), void* ctx, uint64_t x18);
uint64_t foreign_x18_seen();
void foreign_x18_clobbering_handler(const void* ctx, void* ret, void** args, void* user);
}

namespace jitffi {
namespace {

constexpr uint64_t kPlatformValue = 0x7eb0'1234'5678'9abcull;  // what a TEB pointer might be

struct Param {
  Abi abi;
  const char* sig;  // the callee's (it ignores its arguments) or the closure's
};
void PrintTo(const Param& p, std::ostream* os) { *os << abiName(p.abi) << " " << p.sig; }

const Param kParams[] = {
    {Abi::kApple64, "u64(i32, f64, {i32,i32,i32})"},
    {Abi::kApple64, "u64(i64, i64, i64, i64, i64, i64, i64, i64, i8, i16, {f32,f32,f32})"},
    {Abi::kApple64, "u64(ptr, ..., i32, f64)"},
    {Abi::kWinArm64, "u64(i32, f64, {i32,i32,i32})"},
    {Abi::kWinArm64, "u64(i64, i64, i64, i64, i64, i64, i64, i64, i8, i16, {f32,f32,f32})"},
    {Abi::kWinArm64, "u64(ptr, ..., i32, f64)"},
};

class PlatformReg : public ::testing::TestWithParam<Param> {};

// Argument values of any bytes: the callee ignores them.
struct AnyArgs {
  std::vector<std::vector<unsigned char>> storage;
  std::vector<void*> av;
  AnyArgs(const Signature& sig, Abi abi) {
    for (const Type& t : sig.args) storage.emplace_back(t.layout(abi).size + 16, 0x3c);
    for (auto& b : storage) av.push_back(b.data());
  }
};

struct CallCtx {
  const CallInterface* ci;
  void* const* av;
  uint64_t seen;
};

TEST_P(PlatformReg, CallLeavesX18ToTheCallee) {
  const auto [abi, text] = GetParam();
  auto sig = Signature::parse(text, abi);
  ASSERT_TRUE(sig.ok()) << sig.error().toString();
  auto ci = CallInterface::get(*sig, abi);
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  AnyArgs args(*sig, abi);
  CallCtx ctx{*ci, args.av.data(), 0};
  foreign_with_x18(
      [](void* p) {
        auto& c = *static_cast<CallCtx*>(p);
        c.ci->call(reinterpret_cast<Fn>(&foreign_x18_seen), &c.seen, c.av);
      },
      &ctx, kPlatformValue);
  EXPECT_EQ(ctx.seen, kPlatformValue) << "the callee's x18";
}

TEST_P(PlatformReg, ClosureGivesTheCallerItsX18Back) {
  const auto [abi, text] = GetParam();
  auto sig = Signature::parse(text, abi);
  ASSERT_TRUE(sig.ok()) << sig.error().toString();
  Signature fixed = *sig;
  fixed.args.resize(sig->fixedCount);
  auto ci = CallInterface::get(fixed, abi);
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  auto closure = RawClosure::make(*ci, foreign_x18_clobbering_handler, nullptr);
  ASSERT_TRUE(closure.ok()) << closure.error().toString();
  // The first argument in x0 (every signature here starts with one of 8 bytes or less, which
  // the handler returns); the rest of the image and the stack are garbage the handler ignores.
  uint64_t regs[9];
  for (uint64_t& r : regs) r = 0xa5a5'a5a5'a5a5'a5a5ull;
  regs[0] = 0x0123'4567'89ab'cdefull;
  alignas(16) unsigned char stack[128] = {};
  uint64_t x18 = kPlatformValue, result[6];
  const uint64_t got =
      foreign_image_call(reinterpret_cast<void (*)()>(closure->code()), regs, stack, sizeof stack, &x18, result);
  EXPECT_EQ(x18, kPlatformValue) << "the caller's x18 after the closure returned";
  // The handler copies args[0]'s first 8 bytes: the argument's own bytes (4 of an i32).
  const uint64_t mask = fixed.args[0].layout(abi).size == 8 ? ~0ull : 0xffff'ffffull;
  EXPECT_EQ(got & mask, regs[0] & mask);
}

INSTANTIATE_TEST_SUITE_P(Cases, PlatformReg, ::testing::ValuesIn(kParams));

}  // namespace
}  // namespace jitffi
