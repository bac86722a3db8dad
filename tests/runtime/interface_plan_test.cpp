// SPDX-License-Identifier: MIT
// What an interface keeps and what it makes on demand: CallInterface keeps only what its calls
// read (kinds, ABI, options, counts, struct layouts) and makes its Signature and CallPlan on first
// use. The oracle is the classifier itself, on the signature the interface was asked for: its
// signature() must be that signature, its plan() what classify gives for it, and its compact
// fields (abi, options, returnStorage) must agree with that plan, for every ABI that runs here,
// every errno mode and signatures of every shape. The first plan() of an interface raced by many
// threads must give them all one object (the TSan job runs this test).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "jitffi/call.h"

namespace {

using namespace jitffi;

// Signatures of every shape: scalars of each kind, long double and complex numbers, 128-bit
// integers, structs (in registers, in memory, nested, with arrays, records), vectors, empty
// structs, variadic calls, no arguments.
const char* const kShapes[] = {
    "void()",
    "i64(i8, u16, i32, i64, f32, f64, ptr, u8, i16, u64)",
    "u8(u8, i8, u16, i16, u32)",
    "f32(f32, f64, f32, f64, f32, f64, f32, f64, f32, f64, f32, f64)",
    "i32(i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32)",
    "ld(ld, f64, ld)",
    "c64(c32, c64, cld)",
    "ci32(ci8, cu16, ci64)",
    "i128(u128, i64, i128)",
    "{f64,f64}({f64,f64}, i32, {i8,i32,f32})",
    "{i64,i64,i64}(i32, {i64,i64,i64}, f64)",
    "{f32,{f32,f32}}({i8[3]}, {f32[3]}, {})",
    "union{f32,i32}(packed{i8,i32}, {u32:3,u32:5,i8})",
    "f32x4(f32x4, i32x4, f64)",
    "i32(ptr, ...)",
    "i32(ptr, ..., f64, i32)",
    "void(i32, ..., {f64,f64}, f32)",
};

constexpr ErrnoMode kModes[] = {ErrnoMode::kNone, ErrnoMode::kCapture, ErrnoMode::kSetAndCapture};

// The interface of `sig` for `abi` and `options` against classify: when classify refuses the
// signature the interface is refused too, with its status; otherwise signature() and plan() are
// the signature and its plan, and what the interface keeps agrees with them.
void expectMadeAgain(const Signature& sig, Abi abi, CallOptions options) {
  SCOPED_TRACE(sig.toText() + " for " + std::string(abiName(abi)) + ", errno " + errnoModeName(options.errnoMode));
  const auto expected = classify(sig, abi, options);
  const auto ci = CallInterface::get(sig, abi, options);
  if (!expected) {
    ASSERT_FALSE(ci.ok());
    EXPECT_EQ(ci.error().status(), expected.error().status());
    return;
  }
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  const CallInterface& i = **ci;
  EXPECT_EQ(i.signature(), sig);
  EXPECT_EQ(i.signature().toText(), sig.toText());
  EXPECT_EQ(i.plan(), *expected);
  EXPECT_EQ(formatPlan(i.plan()), formatPlan(*expected));
  EXPECT_EQ(i.abi(), expected->abi);
  EXPECT_EQ(i.options(), options);
  EXPECT_EQ(i.returnStorage(), sig.ret.isVoid() ? 0u : std::max<uint32_t>(expected->ret.size, 8));
  // Made once: the same objects again.
  EXPECT_EQ(&i.plan(), &i.plan());
  EXPECT_EQ(&i.signature(), &i.signature());
}

TEST(InterfacePlan, MadeAgainIsWhatClassifyGives) {
  int runnable = 0;
  for (int a = 0; a < kAbiCount; ++a) {
    const Abi abi = Abi(a);
    if (!abiRunsHere(abi)) continue;  // the ABIs of this host's architecture make interfaces
    ++runnable;
    for (const char* text : kShapes) {
      auto sig = Signature::parse(text, abi);
      ASSERT_TRUE(sig.ok()) << text << ": " << sig.error().toString();
      for (ErrnoMode mode : kModes) expectMadeAgain(*sig, abi, {mode});
    }
    // A void argument, which only a Signature made in C++ (or the C API) has.
    expectMadeAgain(Signature(Type::i32(), {Type::void_(), Type::i32()}), abi, {});
  }
  EXPECT_GE(runnable, 1);
}

// A signature no other test makes: its interface's plan is not made yet.
Signature freshSignature(int k, bool structs) {
  std::vector<Type> args{Type::u16(), Type::i16()};
  for (int i = 0; i < k; ++i) args.push_back(i % 2 ? Type::u16() : Type::f32());
  if (structs) args.push_back(Type::structOf({Type::u16(), Type::f32(), Type::u16()}));
  return Signature(Type::u16(), std::move(args));
}

TEST(InterfacePlan, ConcurrentFirstUsesMakeOneObject) {
  constexpr int kThreads = 8;
  constexpr int kInterfaces = 24;
  for (int k = 0; k < kInterfaces; ++k) {
    const Signature sig = freshSignature(k, k % 3 == 2);
    auto ci = CallInterface::get(sig);
    ASSERT_TRUE(ci.ok()) << ci.error().toString();
    const CallInterface* i = *ci;
    std::atomic<int> ready{0};
    std::vector<const CallPlan*> plans(kThreads);
    std::vector<const Signature*> sigs(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        ready.fetch_add(1);
        while (ready.load() < kThreads) std::this_thread::yield();
        // Half the threads ask for the plan first (which makes the signature), half for the
        // signature first.
        if (t % 2) {
          plans[t] = &i->plan();
          sigs[t] = &i->signature();
        } else {
          sigs[t] = &i->signature();
          plans[t] = &i->plan();
        }
      });
    }
    for (auto& th : threads) th.join();
    for (int t = 1; t < kThreads; ++t) {
      EXPECT_EQ(plans[t], plans[0]) << "interface " << k << ", thread " << t;
      EXPECT_EQ(sigs[t], sigs[0]) << "interface " << k << ", thread " << t;
    }
    EXPECT_EQ(*plans[0], *classify(sig, hostAbi()));
    EXPECT_EQ(*sigs[0], sig);
  }
}

}  // namespace
