// SPDX-License-Identifier: MIT
// Misusing closure memory is caught before it corrupts anything, as a hardened allocator would:
// freeing a closure twice, freeing a pointer that is not a closure (heap, stack, a closure's code
// address, the middle of a closure) aborts with a message naming the pointer. When the abort
// comes, the closures next to it still work and the allocator still hands out distinct blocks
// (checked from the SIGABRT handler, in the dying process). The oracle for the pointer is the
// value the test passed.
#include <gtest/gtest.h>

#include <ffi.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include <unistd.h>

#include "jitffi/closure.h"

namespace {

using namespace jitffi;

void addUser(ffi_cif*, void* ret, void** args, void* user) {
  *static_cast<ffi_arg*>(ret) = ffi_arg(*static_cast<int*>(args[0]) + *static_cast<int*>(user));
}

ffi_cif* intOfIntCif() {
  static ffi_cif cif;
  static ffi_type* at[] = {&ffi_type_sint};
  static const ffi_status st = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, at);
  return st == FFI_OK ? &cif : nullptr;
}

// A closure returning x + *user, or null.
ffi_closure* makeClosure(int* user, void** code) {
  auto* c = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), code));
  if (c && ffi_prep_closure_loc(c, intOfIntCif(), addUser, user, *code) != FFI_OK) return nullptr;
  return c;
}

// The neighbours the SIGABRT handler checks: made before the misuse, next to the victim.
struct Neighbours {
  int user = 5;
  void* code[2] = {};
  ffi_closure* closure[2] = {};
};
Neighbours gNeighbours;

void checkNeighboursOnAbort(int) {
  bool ok = true;
  for (int i = 0; i < 2; ++i) {
    ok = ok && reinterpret_cast<int (*)(int)>(gNeighbours.code[i])(1) == 6 &&
         gNeighbours.closure[i]->user_data == &gNeighbours.user;
  }
  // The free lists are intact: two new closures are distinct and distinct from the neighbours.
  void *c1, *c2;
  void* a = ffi_closure_alloc(sizeof(ffi_closure), &c1);
  void* b = ffi_closure_alloc(sizeof(ffi_closure), &c2);
  ok = ok && a && b && a != b && a != gNeighbours.closure[0] && a != gNeighbours.closure[1] &&
       b != gNeighbours.closure[0] && b != gNeighbours.closure[1];
  const char* msg = ok ? "neighbours intact\n" : "neighbours CORRUPTED\n";
  if (write(2, msg, std::strlen(msg)) < 0) _exit(4);
  signal(SIGABRT, SIG_DFL);
}

// A victim closure between two neighbours. Death tests run "fast" (the dying child is a fork of
// this process), so the addresses are the same in the child.
struct Victim {
  ffi_closure* closure;
  void* code;
};
Victim makeVictim() {
  Victim v{};
  gNeighbours.closure[0] = makeClosure(&gNeighbours.user, &gNeighbours.code[0]);
  v.closure = makeClosure(&gNeighbours.user, &v.code);
  gNeighbours.closure[1] = makeClosure(&gNeighbours.user, &gNeighbours.code[1]);
  EXPECT_TRUE(gNeighbours.closure[0] && v.closure && gNeighbours.closure[1]);
  return v;
}

// What the dying process must print: jitffi's message naming the pointer, then the handler's
// verdict.
std::string expected(const char* who, const void* p, const char* what) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "jitffi: %s\\(%p\\): %s.*\nneighbours intact", who, p, what);
  return buf;
}

class ClosureMisuseDeathTest : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "fast"); }
};

TEST_F(ClosureMisuseDeathTest, DoubleFree) {
  const Victim v = makeVictim();
  EXPECT_DEATH(
      {
        signal(SIGABRT, checkNeighboursOnAbort);
        ffi_closure_free(v.closure);
        ffi_closure_free(v.closure);
      },
      expected("ffi_closure_free", v.closure, "double free"));
}

TEST_F(ClosureMisuseDeathTest, HeapPointer) {
  makeVictim();
  void* p = std::malloc(sizeof(ffi_closure));
  EXPECT_DEATH(
      {
        signal(SIGABRT, checkNeighboursOnAbort);
        ffi_closure_free(p);
      },
      expected("ffi_closure_free", p, "not a closure"));
  std::free(p);
}

TEST_F(ClosureMisuseDeathTest, StackPointer) {
  makeVictim();
  ffi_closure local;
  EXPECT_DEATH(
      {
        signal(SIGABRT, checkNeighboursOnAbort);
        ffi_closure_free(&local);
      },
      expected("ffi_closure_free", &local, "not a closure"));
}

TEST_F(ClosureMisuseDeathTest, CodeAddressInsteadOfClosure) {
  const Victim v = makeVictim();
  // With two views (the default) the code address is not the closure; with one view
  // (JITFFI_CLOSURE_SAME_ADDRESS=1) they are the same and this would be a plain free.
  if (v.code == static_cast<void*>(v.closure)) GTEST_SKIP() << "closures are single-mapped here";
  EXPECT_DEATH(
      {
        signal(SIGABRT, checkNeighboursOnAbort);
        ffi_closure_free(v.code);
      },
      expected("ffi_closure_free", v.code, "not a closure"));
}

TEST_F(ClosureMisuseDeathTest, PointerIntoTheMiddle) {
  const Victim v = makeVictim();
  for (size_t off : {size_t(8), size_t(16), size_t(32), sizeof(ffi_closure)}) {
    void* p = reinterpret_cast<char*>(v.closure) + off;
    EXPECT_DEATH(
        {
          signal(SIGABRT, checkNeighboursOnAbort);
          ffi_closure_free(p);
        },
        expected("ffi_closure_free", p, "not a closure"))
        << "offset " << off;
  }
}

TEST_F(ClosureMisuseDeathTest, RawClosureFreedTwice) {
  // A bitwise copy of a RawClosure (C-style code moving it with memcpy) destroyed along with the
  // original frees the closure twice.
  makeVictim();
  auto ci = CallInterface::get("i32(i32)");
  ASSERT_TRUE(ci.ok());
  auto c = RawClosure::make(*ci, [](const void*, void*, void**, void*) {}, nullptr);
  ASSERT_TRUE(c.ok());
  alignas(RawClosure) unsigned char copy[sizeof(RawClosure)];
  std::memcpy(copy, &*c, sizeof copy);
  void* rw;
  std::memcpy(&rw, copy, sizeof rw);  // RawClosure's first member: the address it frees
  EXPECT_DEATH(
      {
        signal(SIGABRT, checkNeighboursOnAbort);
        std::launder(reinterpret_cast<RawClosure*>(copy))->~RawClosure();
        c = RawClosure();  // destroys the original
      },
      expected("jitffi::RawClosure", rw, "double free"));
}

TEST(ClosureMisuse, FreeingNullIsFine) {
  ffi_closure_free(nullptr);
  SUCCEED();
}

TEST(ClosureMisuse, ValidFreesAfterManyAllocations) {
  // The checks accept every real closure, in every size class and in dedicated chunks.
  std::vector<std::pair<void*, size_t>> blocks;
  for (size_t size : {size_t(56), size_t(100), size_t(200), size_t(500), size_t(1000), size_t(5000), size_t(70000)}) {
    for (int i = 0; i < 300; ++i) {
      void* code;
      void* p = ffi_closure_alloc(size, &code);
      ASSERT_TRUE(p);
      std::memset(p, 0xa5, size);  // every usable byte is the caller's
      blocks.emplace_back(p, size);
    }
  }
  for (auto& b : blocks) ffi_closure_free(b.first);
}

}  // namespace
