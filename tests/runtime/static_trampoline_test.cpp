// SPDX-License-Identifier: MIT
// Closures through static trampolines (lib/runtime/static_trampolines_p.h): many closures (more
// than one block of trampolines), free and reuse, threads, fork, through libffi's API, RawClosure
// and Closure<F>. The oracle is gcc's direct call of the C function each handler applies to its
// arguments (combine, below), with each closure's own constant.
//
// CTest runs it in every closure-memory mode: plain (dual-mapped closures), JITFFI_JIT=0 (static
// trampolines chosen), JITFFI_JIT=0 under PR_SET_MDWE, and with executable memory refused
// altogether (mdwe_emulate.c's execmem denial: static trampolines by themselves). With
// JITFFI_TEST_STATIC_TRAMPOLINES=1 it also checks that the code addresses handed out are static
// trampolines — read+execute pages mapped privately from a file (the library's), no shared
// memory — and that the closure objects are not executable; with 0, that they are not.
#include <gtest/gtest.h>

#include <ffi.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "jitffi/closure.h"

namespace {

using namespace jitffi;

// The oracle: what every handler computes, called directly.
extern "C" __attribute__((noinline)) int64_t combine(int32_t a, double b, int64_t k) {
  return int64_t(a) * 3 + int64_t(b * 2) + k;
}
using Fn = int64_t (*)(int32_t, double);

// libffi's handler: user_data is the closure's constant.
void cifHandler(ffi_cif*, void* ret, void** args, void* user) {
  *static_cast<int64_t*>(ret) =
      combine(*static_cast<int32_t*>(args[0]), *static_cast<double*>(args[1]), int64_t(intptr_t(user)));
}

struct Cif {
  Cif() {
    ok = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint64, types) == FFI_OK;
  }
  ffi_type* types[2] = {&ffi_type_sint32, &ffi_type_double};
  ffi_cif cif{};
  bool ok = false;
};

Cif& theCif() {
  static Cif c;
  return c;
}

struct Made {
  ffi_closure* closure = nullptr;
  void* code = nullptr;
  int64_t k = 0;
};

Made make(int64_t k) {
  Made m;
  m.k = k;
  m.closure = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &m.code));
  if (!m.closure) return m;
  if (ffi_prep_closure_loc(m.closure, &theCif().cif, cifHandler, reinterpret_cast<void*>(intptr_t(k)), m.code) !=
      FFI_OK) {
    ffi_closure_free(m.closure);
    m.closure = nullptr;
  }
  return m;
}

// Calls the closure with arguments derived from i and compares with the direct call.
bool callsRight(const Made& m, int i) {
  const int32_t a = int32_t(i * 7 - 1000);
  const double b = double(i) / 4 + 0.5;
  return reinterpret_cast<Fn>(m.code)(a, b) == combine(a, b, m.k);
}

// /proc/self/maps: the line of the mapping holding p.
struct Mapping {
  std::string perms;
  std::string path;
};

Mapping mappingOf(const void* p) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream in(line);
    std::string range, perms, offset, dev, inode, path;
    in >> range >> perms >> offset >> dev >> inode;
    std::getline(in >> std::ws, path);
    const size_t dash = range.find('-');
    const uintptr_t lo = std::stoull(range.substr(0, dash), nullptr, 16);
    const uintptr_t hi = std::stoull(range.substr(dash + 1), nullptr, 16);
    if (uintptr_t(p) >= lo && uintptr_t(p) < hi) return {perms, path};
  }
  return {};
}

// -1: nothing expected (run by hand); 0 or 1: whether static trampolines must be in use.
int expectedStatic() {
  const char* v = std::getenv("JITFFI_TEST_STATIC_TRAMPOLINES");
  return v ? std::atoi(v) : -1;
}

// A static trampoline: read+execute, private, from a file that is no shared-memory file.
bool isStaticTrampoline(const void* code) {
  const Mapping m = mappingOf(code);
  return m.perms == "r-xp" && !m.path.empty() && m.path[0] == '/' && m.path.rfind("/memfd:", 0) != 0;
}

void expectMode(const Made& m) {
  const int want = expectedStatic();
  if (want < 0) return;
  EXPECT_EQ(isStaticTrampoline(m.code), want == 1) << mappingOf(m.code).perms << " " << mappingOf(m.code).path;
  if (want == 1) {
    EXPECT_EQ(mappingOf(m.closure).perms.find('x'), std::string::npos) << "the closure object is executable";
  }
}

TEST(StaticTrampolines, ManyClosuresAcrossBlocks) {
  ASSERT_TRUE(theCif().ok);
  // More than two blocks of trampolines on every architecture (x86-64: 128 a block; AArch64:
  // 4096).
  constexpr int kCount = 9000;
  std::vector<Made> all;
  for (int i = 0; i < kCount; ++i) {
    all.push_back(make(int64_t(i) * 1000003));
    ASSERT_NE(all.back().closure, nullptr) << i;
  }
  expectMode(all.front());
  expectMode(all.back());
  std::set<void*> codes;
  for (int i = 0; i < kCount; ++i) {
    ASSERT_TRUE(callsRight(all[size_t(i)], i)) << i;
    codes.insert(all[size_t(i)].code);
    // user_data and cif read back, as from libffi's closures
    ASSERT_EQ(all[size_t(i)].closure->user_data, reinterpret_cast<void*>(intptr_t(all[size_t(i)].k)));
    ASSERT_EQ(all[size_t(i)].closure->cif, &theCif().cif);
  }
  EXPECT_EQ(codes.size(), size_t(kCount));
  for (Made& m : all) ffi_closure_free(m.closure);
}

TEST(StaticTrampolines, FreeAndReuse) {
  ASSERT_TRUE(theCif().ok);
  std::vector<Made> all;
  for (int i = 0; i < 400; ++i) all.push_back(make(i));
  std::set<void*> freed;
  for (size_t i = 0; i < all.size(); i += 2) {
    freed.insert(all[i].code);
    ffi_closure_free(all[i].closure);
    all[i].closure = nullptr;
  }
  // The freed code addresses come back (the most recently freed first), and work with their new
  // closure; the closures kept were not disturbed.
  for (size_t i = 0; i < all.size(); i += 2) {
    all[i] = make(-int64_t(i) * 77);
    ASSERT_NE(all[i].closure, nullptr);
    if (expectedStatic() == 1) {
      EXPECT_TRUE(freed.count(all[i].code)) << i;
    }
  }
  for (size_t i = 0; i < all.size(); ++i) EXPECT_TRUE(callsRight(all[i], int(i))) << i;
  // A closure prepared again calls its new handler data.
  Made& again = all[1];
  again.k = 424242;
  ASSERT_EQ(ffi_prep_closure_loc(again.closure, &theCif().cif, cifHandler, reinterpret_cast<void*>(intptr_t(again.k)),
                                 again.code),
            FFI_OK);
  EXPECT_TRUE(callsRight(again, 5));
  for (Made& m : all) ffi_closure_free(m.closure);
}

TEST(StaticTrampolines, CppApi) {
  int64_t k = 17;
  auto typed = Closure<int64_t(int32_t, double)>::make([&](int32_t a, double b) { return combine(a, b, k); });
  ASSERT_TRUE(typed.ok()) << typed.error().toString();
  EXPECT_EQ(typed->get()(5, 2.25), combine(5, 2.25, 17));
  k = -3;
  EXPECT_EQ(typed->get()(-9, 1e3), combine(-9, 1e3, -3));
  if (expectedStatic() >= 0) {
    EXPECT_EQ(isStaticTrampoline(reinterpret_cast<void*>(typed->get())), expectedStatic() == 1);
  }

  auto ci = CallInterface::get("i64(i32, f64)");
  ASSERT_TRUE(ci.ok());
  int64_t user = 99;
  auto avalues = RawClosure::make(
      *ci,
      [](const void*, void* ret, void** args, void* u) {
        *static_cast<int64_t*>(ret) = combine(*static_cast<const int32_t*>(args[0]),
                                              *static_cast<const double*>(args[1]), *static_cast<int64_t*>(u));
      },
      &user);
  auto slots = RawClosure::make(
      *ci,
      [](const void*, void* ret, const uint64_t* s, void* u) {
        double b;
        std::memcpy(&b, &s[1], 8);
        *static_cast<int64_t*>(ret) = combine(int32_t(s[0]), b, *static_cast<int64_t*>(u));
      },
      &user);
  ASSERT_TRUE(avalues.ok() && slots.ok());
  EXPECT_EQ(avalues->as<int64_t(int32_t, double)>()(123, -0.5), combine(123, -0.5, 99));
  EXPECT_EQ(slots->as<int64_t(int32_t, double)>()(-123, 8.5), combine(-123, 8.5, 99));
}

TEST(StaticTrampolines, Threads) {
  ASSERT_TRUE(theCif().ok);
  constexpr int kThreads = 4;
  constexpr int kRounds = 3000;
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &wrong] {
      std::vector<Made> live;
      for (int r = 0; r < kRounds; ++r) {
        live.push_back(make(int64_t(t) * 1000000 + r));
        if (!live.back().closure || !callsRight(live.back(), r)) ++wrong[size_t(t)];
        if (!live.back().closure) live.pop_back();
        // Free some as we go, oldest first, so allocation and freeing interleave across threads.
        if (live.size() > 50) {
          if (!callsRight(live.front(), r)) ++wrong[size_t(t)];
          ffi_closure_free(live.front().closure);
          live.erase(live.begin());
        }
      }
      for (Made& m : live) {
        if (!callsRight(m, 1)) ++wrong[size_t(t)];
        ffi_closure_free(m.closure);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[size_t(t)], 0) << "thread " << t;
}

// After fork(): the child calls the parent's closures, frees some, makes new ones (which may take
// the freed trampolines); the parent's closures are untouched by all of it.
TEST(StaticTrampolines, Fork) {
  ASSERT_TRUE(theCif().ok);
  std::vector<Made> all;
  for (int i = 0; i < 300; ++i) all.push_back(make(i * 31));
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    int bad = 0;
    for (size_t i = 0; i < all.size(); ++i) bad += !callsRight(all[i], int(i));
    for (size_t i = 0; i < all.size(); i += 3) ffi_closure_free(all[i].closure);
    for (size_t i = 0; i < all.size(); i += 3) {
      all[i] = make(-5000 - int64_t(i));
      bad += !all[i].closure;
    }
    // Prepared again in the child: the parent's stays as it was.
    bad += ffi_prep_closure_loc(all[1].closure, &theCif().cif, cifHandler, reinterpret_cast<void*>(intptr_t(7)),
                                all[1].code) != FFI_OK;
    all[1].k = 7;
    for (size_t i = 0; i < all.size(); ++i) bad += !callsRight(all[i], int(i) + 1);
    for (Made& m : all) ffi_closure_free(m.closure);
    _exit(bad == 0 ? 0 : 1);
  }
  ASSERT_GT(pid, 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child saw wrong results (status " << status << ")";
  for (size_t i = 0; i < all.size(); ++i) EXPECT_TRUE(callsRight(all[i], int(i))) << i;
  for (Made& m : all) ffi_closure_free(m.closure);
}

}  // namespace
