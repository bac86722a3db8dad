// SPDX-License-Identifier: MIT
// The interface cache under contention: many threads preparing equal and different signatures
// at once, through the C++ and the C API, sharing ffi_type objects. Equal signatures must give
// one interface (built once), every call must be right, and the run must be clean under
// ThreadSanitizer (the CI's TSan job runs this test).
#include <gtest/gtest.h>

#include <ffi.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "jitffi/call.h"

namespace {

using namespace jitffi;

extern "C" long sumN(long a, long b, long c, long d, long e, long f, long g, long h) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}
struct Pair {
  double x;
  long y;
};
extern "C" Pair pairSum(Pair a, Pair b) { return Pair{a.x + b.x, a.y + b.y}; }

// Signature k of a family of 64 distinct signatures that all serve sumN: signed or unsigned
// 64-bit arguments travel identically, so every variant must compute the same sum.
std::string familySignature(int k) {
  std::string s = "i64(";
  for (int i = 0; i < 8; ++i) {
    if (i) s += ", ";
    s += ((k >> i) & 1) ? "i64" : "u64";
  }
  return s + ")";
}

TEST(CacheStress, EqualSignaturesShareOneInterface) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 200;
  std::atomic<int> start{0};
  std::vector<std::vector<const CallInterface*>> seen(kThreads);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.fetch_add(1);
      while (start.load() < kThreads) {
      }
      for (int r = 0; r < kRounds; ++r) {
        const int k = (r * 7 + t) % 64;  // threads race on the same 64 signatures
        auto ci = CallInterface::get(familySignature(k));
        if (!ci) {
          wrong.fetch_add(1);
          continue;
        }
        seen[t].push_back(*ci);
        long v[8] = {1, 2, 3, 4, 5, 6, 7, r};
        void* av[8];
        for (int i = 0; i < 8; ++i) av[i] = &v[i];
        long out = 0;
        (*ci)->call(toFn(sumN), &out, av);
        if (out != 1 + 4 + 9 + 16 + 25 + 36 + 49 + 8L * r) wrong.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  // Each signature text maps to exactly one interface across all threads.
  std::vector<std::set<const CallInterface*>> perSig(64);
  for (int t = 0; t < kThreads; ++t) {
    for (int r = 0; r < kRounds; ++r) perSig[(r * 7 + t) % 64].insert(seen[t][r]);
  }
  std::set<const CallInterface*> all;
  for (auto& s : perSig) {
    EXPECT_EQ(s.size(), 1u);
    all.insert(s.begin(), s.end());
  }
  EXPECT_EQ(all.size(), 64u);  // different signatures never share
}

TEST(CacheStress, CApiSharedTypesFromManyThreads) {
  constexpr int kThreads = 8;
  // One struct type shared by every thread, its size still 0: prep fills it in concurrently.
  ffi_type* el[] = {&ffi_type_double, &ffi_type_slong, nullptr};
  ffi_type pair = {0, 0, FFI_TYPE_STRUCT, el};
  std::atomic<int> wrong{0};
  std::atomic<int> start{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.fetch_add(1);
      while (start.load() < kThreads) {
      }
      for (int r = 0; r < 300; ++r) {
        ffi_cif cif;
        ffi_type* args[] = {&pair, &pair};
        if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &pair, args) != FFI_OK) {
          wrong.fetch_add(1);
          continue;
        }
        Pair a{1.5, t}, b{2.0, r};
        void* av[] = {&a, &b};
        Pair out{};
        ffi_call(&cif, FFI_FN(pairSum), &out, av);
        if (out.x != 3.5 || out.y != t + r) wrong.fetch_add(1);
        // A different signature in between, so the table grows while others read it.
        ffi_type* more[] = {&ffi_type_slong, &ffi_type_slong, &ffi_type_slong, &ffi_type_slong,
                            &ffi_type_slong, &ffi_type_slong, &ffi_type_slong, &ffi_type_slong};
        ffi_type* ret = (r + t) % 2 ? &ffi_type_slong : &ffi_type_sint64;
        if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, unsigned(1 + (r + t) % 8), ret, more) != FFI_OK) {
          wrong.fetch_add(1);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(pair.size, 16u);
  EXPECT_EQ(pair.alignment, 8u);
}

TEST(CacheStress, ManyDistinctSignaturesGrowTheTable) {
  // Thousands of signatures force several table growths while other threads look up.
  constexpr int kThreads = 4;
  constexpr int kPerThread = 1500;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int k = t * kPerThread + i;
        // Encode k in a struct shape: {i8 x (k%40+1), f32 x (k/40%40)} plus an i64 count.
        std::string sig = "i64({i8[" + std::to_string(k % 40 + 1) + "]}, {f32[" +
                          std::to_string(k / 40 % 40 + 1) + "]}, i64)";
        auto ci = CallInterface::get(sig);
        if (!ci) wrong.fetch_add(1);
        auto again = CallInterface::get(sig);
        if (!again || *again != *ci) wrong.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
