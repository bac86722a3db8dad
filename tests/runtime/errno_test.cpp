// SPDX-License-Identifier: MIT
// errno at the call (CallOptions::errnoMode, jitffi_call_errno): the stub sets errno before the
// callee and reads it right after. The oracle is gcc: the callees (errno_callees.c) read errno on
// entry and set it from that and their arguments, and each is also called directly, with errno set
// to the same value, and errno read right after. Every stub shape (avalues, slots, bound), the
// host's convention and (on x86-64) Win64 callees, both modes; the same tests run interpreted (runtime_test_interp). Closures
// are unaffected; two threads capture their own values at once.
#include <gtest/gtest.h>

#include <ffi.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "errno_callees.h"
#include "jitffi/call.h"
#include "jitffi/closure.h"

namespace {

using namespace jitffi;

// One callee: its signature, its arguments (avalues), and the direct call, which stores the
// result in ffi_call's form (narrow integers widened to 8 bytes) and returns errno right after.
struct Case {
  std::string name;
  std::string sig;
  Abi abi;
  Fn fn;
  std::vector<void*> args;
  size_t resultBytes;  // the bytes of the result that carry it (x87: 10 of 16)
  std::function<int(void* out)> direct;
};

// The direct call of a callee returning a value: `call` makes it; the result's bytes (as ffi_call
// stores them) go to out, and errno is read right after the call.
template <class Call>
std::function<int(void*)> directCall(Call call) {
  return [call](void* out) {
    const auto r = call();
    const int e = errno;
    std::memcpy(out, &r, sizeof r);
    return e;
  };
}

// The bytes of a long double that carry its value.
constexpr size_t kLongDoubleBytes = std::numeric_limits<long double>::digits == 64 ? 10 : sizeof(long double);

// A value that no callee's errno formula gives for the inputs below, and no real errno.
constexpr int kStale = 987654321;

// The interpreter-shape slots of `args` for `ci`: the value where it fits its slot, else a
// pointer to it.
std::vector<uint64_t> slotsOf(const CallInterface& ci, const std::vector<void*>& args) {
  std::vector<uint64_t> slots(args.size() + 1);
  for (size_t i = 0; i < args.size(); ++i) {
    const ValuePlan& v = ci.plan().args[i];
    if (v.inSlot) std::memcpy(&slots[i], args[i], v.size);
    else slots[i] = reinterpret_cast<uintptr_t>(args[i]);
  }
  return slots;
}

enum class Shape { kAvalues, kSlots, kBound };

// Calls through `ci` (an interface with an errno mode) in `shape`; errnoInOut as the API says.
void callShape(const CallInterface& ci, Shape shape, const Case& c, void* out, int& errnoInOut) {
  switch (shape) {
    case Shape::kAvalues: ci.call(c.fn, out, c.args.data(), errnoInOut); break;
    case Shape::kSlots: {
      const std::vector<uint64_t> slots = slotsOf(ci, c.args);
      ci.callSlots(c.fn, out, slots.data(), errnoInOut);
      break;
    }
    case Shape::kBound: {
      auto bound = ci.bind(c.fn);
      ASSERT_TRUE(bound.ok()) << bound.error().toString();
      (*bound)(out, c.args.data(), errnoInOut);
      break;
    }
  }
}

void checkCase(const Case& c) {
  for (ErrnoMode mode : {ErrnoMode::kCapture, ErrnoMode::kSetAndCapture}) {
    auto ci = CallInterface::get(c.sig, c.abi, {mode});
    ASSERT_TRUE(ci.ok()) << c.name << ": " << ci.error().toString();
    ASSERT_EQ((*ci)->plan().errnoMode, mode);
    for (Shape shape : {Shape::kAvalues, Shape::kSlots, Shape::kBound}) {
      for (int before : {0, 17, 4242, ERANGE}) {
        SCOPED_TRACE(c.name + " mode " + errnoModeName(mode) + " shape " + std::to_string(int(shape)) +
                     " errno before " + std::to_string(before));
        alignas(16) unsigned char want[64] = {};
        errno = before;
        const int wantErrno = c.direct(want);
        ASSERT_NE(wantErrno, before) << "the callee must set errno";

        alignas(16) unsigned char got[64] = {};
        int place;
        if (mode == ErrnoMode::kCapture) {
          errno = before;  // the callee sees the thread's errno as it is
          place = kStale;  // not read in this mode
        } else {
          errno = kStale;  // the stub must replace it with `place`
          place = before;
        }
        callShape(**ci, shape, c, got, place);
        const int after = errno;
        EXPECT_EQ(place, wantErrno);
        EXPECT_EQ(after, wantErrno) << "the thread's errno is the callee's";
        EXPECT_EQ(std::memcmp(got, want, c.resultBytes), 0);
      }
    }
  }
}

// The host's convention (SysV x86-64, AAPCS64).
std::vector<Case> hostCases() {
  static int i1 = 3, i2 = 9, k = 5, n = 3;
  static long l1 = 123456, l2 = -77;
  static double d1 = 2.5, d2 = 0.125, v1 = 1.5, v2 = -2.25, v3 = 8.0;
  static ErrD2 p{3.0, -1.5};
  static long double ld = 12.25L;
  static long m[10] = {1, -2, 3, -4, 5, -6, 7, -8, 9, -10};
  static ErrBig big{11, 22, 33, 44};
  std::vector<Case> cs;
  cs.push_back({"void", "void(i32, i32)", kHostAbi, toFn(err_void), {&i1, &i2}, 0, [](void*) {
                  err_void(i1, i2);
                  return errno;
                }});
  cs.push_back({"i8", "i8(i32)", kHostAbi, toFn(err_i8), {&i2}, 8,
                directCall([] { return int64_t(err_i8(i2)); })});
  cs.push_back({"mix", "i64(i64, f64, i32)", kHostAbi, toFn(err_mix), {&l1, &d1, &k}, 8,
                directCall([] { return err_mix(l1, d1, k); })});
  cs.push_back({"f64", "f64(f64, f64)", kHostAbi, toFn(err_f64), {&d1, &d2}, 8,
                directCall([] { return err_f64(d1, d2); })});
  cs.push_back({"d2", "{f64,f64}({f64,f64}, i32)", kHostAbi, toFn(err_d2), {&p, &k}, 16,
                directCall([] { return err_d2(p, k); })});
  cs.push_back({"i2", "{i64,i64}(i64, i64)", kHostAbi, toFn(err_i2), {&l1, &l2}, 16,
                directCall([] { return err_i2(l1, l2); })});
  cs.push_back({"sret", "{i64,i64,i64,i64}(i64)", kHostAbi, toFn(err_big), {&l2}, 32,
                directCall([] { return err_big(l2); })});
  // x87's 80 bits in 16 bytes (x86-64), binary128 (AArch64).
  cs.push_back({"long double", "ld(ld)", kHostAbi, toFn(err_ld), {&ld}, kLongDoubleBytes,
                directCall([] { return err_ld(ld); })});
  // Five or more integer arguments: the register that brings errnoIn to the stub (r8, x4)
  // carries one.
  cs.push_back({"stack", "i64(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)", kHostAbi, toFn(err_many),
                {&m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &m[6], &m[7], &m[8], &m[9]}, 8,
                directCall([] { return err_many(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9]); })});
  cs.push_back({"copy", "i64({i64,i64,i64,i64}, i32)", kHostAbi, toFn(err_bigarg), {&big, &k}, 8,
                directCall([] { return err_bigarg(big, k); })});
  cs.push_back({"variadic", "f64(i32, ..., f64, f64, f64)", kHostAbi, toFn(err_variadic), {&n, &v1, &v2, &v3}, 8,
                directCall([] { return err_variadic(n, v1, v2, v3); })});
  return cs;
}

TEST(Errno, HostEveryShape) {
  for (const Case& c : hostCases()) checkCase(c);
}

#ifdef ERR_MS
std::vector<Case> win64Cases() {
  static int a = 1, b = 2, c3 = 3, d = 4, k = 6;
  static long l1 = 1000, l2 = -31, l3 = 77;
  static double x = 1.25, y = 3.5, z = -0.5;
  std::vector<Case> cs;
  // r8 and r9 carry arguments under Win64.
  cs.push_back({"w_void", "void(i32, i32, i32, i32)", Abi::kWin64, toFn(err_w_void), {&a, &b, &c3, &d}, 0, [](void*) {
                  err_w_void(a, b, c3, d);
                  return errno;
                }});
  cs.push_back({"w_mix", "i64(i64, f64, i32, i64, i64)", Abi::kWin64, toFn(err_w_mix), {&l1, &x, &k, &l2, &l3}, 8,
                directCall([] { return err_w_mix(l1, x, k, l2, l3); })});
  cs.push_back({"w_sret", "{i64,i64,i64,i64}(i64)", Abi::kWin64, toFn(err_w_big), {&l3}, 32,
                directCall([] { return err_w_big(l3); })});
  cs.push_back({"w_f64", "f64(f64, f64, f64)", Abi::kWin64, toFn(err_w_f64), {&x, &y, &z}, 8,
                directCall([] { return err_w_f64(x, y, z); })});
  return cs;
}

TEST(Errno, Win64EveryShape) {
  ASSERT_TRUE(abiRunsHere(Abi::kWin64));
  for (const Case& c : win64Cases()) checkCase(c);
}
#endif

TEST(Errno, OptionsMakeTheirOwnInterfaces) {
  auto plain = CallInterface::get("i32(i32)");
  auto capture = CallInterface::get("i32(i32)", hostAbi(), {ErrnoMode::kCapture});
  auto set = CallInterface::get("i32(i32)", hostAbi(), {ErrnoMode::kSetAndCapture});
  ASSERT_TRUE(plain.ok() && capture.ok() && set.ok());
  EXPECT_NE(*plain, *capture);
  EXPECT_NE(*capture, *set);
  EXPECT_EQ(*capture, *CallInterface::get("i32(i32)", hostAbi(), {ErrnoMode::kCapture}));
  EXPECT_EQ((*plain)->options(), CallOptions{});
  EXPECT_EQ((*set)->options().errnoMode, ErrnoMode::kSetAndCapture);
  EXPECT_EQ(formatPlan((*set)->plan()), formatPlan((*plain)->plan()) + "errno: set+capture\n");
  // The plain interface's calls leave errno alone: err_untouched keeps what was there.
  int v = 41;
  long r = 0;  // ffi_call's rule: 8 bytes for a narrower integer result
  void* av[] = {&v};
  errno = 55;
  (*plain)->call(toFn(err_untouched), &r, av);
  EXPECT_EQ(errno, 55);
  EXPECT_EQ(r, 42);
  // kSetAndCapture with a callee that leaves errno alone gives back what was set.
  int e = 3;
  (*set)->call(toFn(err_untouched), &r, av, e);
  EXPECT_EQ(e, 3);
  EXPECT_EQ(errno, 3);
  // invoke<R> calls the plain shape, which an errno interface does not have: refused, not called.
  errno = 9;
  auto refused = (*set)->invoke<int>(toFn(err_untouched), 1);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().status(), Status::kInvalidArgument);
  EXPECT_NE(refused.error().message().find("errno mode"), std::string::npos) << refused.error().message();
  EXPECT_EQ(errno, 9);
  EXPECT_EQ((*plain)->invoke<int>(toFn(err_untouched), 1).value(), 2);
  auto bad = CallInterface::get("i32(i32)", hostAbi(), {ErrnoMode(7)});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().status(), Status::kInvalidArgument);
}

// strtol reports overflow only through errno, which the caller must clear first.
TEST(Errno, StrtolThroughBothApis) {
  for (const char* text : {"99999999999999999999", "-99999999999999999999", "12", "junk"}) {
    SCOPED_TRACE(text);
    char* wantEnd;
    errno = 0;
    const long want = std::strtol(text, &wantEnd, 10);
    const int wantErrno = errno;

    auto ci = CallInterface::get("long(const char*, char**, int)", hostAbi(), {ErrnoMode::kSetAndCapture});
    ASSERT_TRUE(ci.ok());
    const char* arg = text;
    char* end = nullptr;
    char** endp = &end;
    int base = 10;
    void* av[] = {&arg, &endp, &base};
    long got = 0;
    int e = 0;
    errno = EDOM;
    (*ci)->call(toFn(std::strtol), &got, av, e);
    EXPECT_EQ(got, want);
    EXPECT_EQ(e, wantErrno);
    EXPECT_EQ(end, wantEnd);

    ffi_cif cif;
    ffi_type* at[] = {&ffi_type_pointer, &ffi_type_pointer, &ffi_type_sint};
    ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 3, &ffi_type_slong, at), FFI_OK);
    ffi_arg r = 0;
    errno = EDOM;
    EXPECT_EQ(jitffi_call_errno(&cif, FFI_FN(std::strtol), &r, av, 0), wantErrno);
    EXPECT_EQ(long(r), want);
    // errno_before reaches the callee: strtol leaves errno alone on success.
    EXPECT_EQ(jitffi_call_errno(&cif, FFI_FN(std::strtol), &r, av, EDOM), wantErrno ? wantErrno : EDOM);
  }
}

TEST(Errno, CApiShapes) {
  ffi_type* i64 = &ffi_type_sint64;
  ffi_type big = {0, 0, FFI_TYPE_STRUCT, nullptr};
  ffi_type* bigElems[] = {i64, i64, i64, i64, nullptr};
  big.elements = bigElems;
  long a = 909;
  void* av[] = {&a};
  ffi_type* at[] = {i64};
  ffi_cif cif;
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &big, at), FFI_OK);
  errno = 12;
  const ErrBig want = err_big(a);
  const int wantErrno = errno;
  ErrBig got{};
  errno = kStale;
  EXPECT_EQ(jitffi_call_errno(&cif, FFI_FN(err_big), &got, av, 12), wantErrno);
  EXPECT_EQ(std::memcmp(&got, &want, sizeof got), 0);
  // A null rvalue discards the result, as in ffi_call; errno still comes back.
  errno = kStale;
  EXPECT_EQ(jitffi_call_errno(&cif, FFI_FN(err_big), nullptr, av, 12), wantErrno);
#ifdef ERR_MS
  long l1 = 5, l2 = 6, l3 = 7;
  double x = 2.75;
  int k = -4;
  void* wav[] = {&l1, &x, &k, &l2, &l3};
  ffi_type* wat[] = {i64, &ffi_type_double, &ffi_type_sint, i64, i64};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_WIN64, 5, i64, wat), FFI_OK);
  errno = 8;
  const long wantW = err_w_mix(l1, x, k, l2, l3);
  const int wantWErrno = errno;
  long gotW = 0;
  EXPECT_EQ(jitffi_call_errno(&cif, FFI_FN(err_w_mix), &gotW, wav, 8), wantWErrno);
  EXPECT_EQ(gotW, wantW);
#endif
  // A cif whose preparation failed: nothing is called, errno_before comes back.
  ffi_type bad = {0, 0, FFI_TYPE_STRUCT, nullptr};
  ffi_type* badArgs[] = {&bad};
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, badArgs), FFI_BAD_TYPEDEF);
  errno = 0;
  EXPECT_EQ(jitffi_call_errno(&cif, FFI_FN(std::abort), &got, av, 77), 77);
  EXPECT_EQ(errno, 0);
}

// A closure's handler sets errno; a capturing call of the closure sees it (the closure entry
// only moves values after its handler returns).
TEST(Errno, ClosuresUnaffected) {
  auto c = Closure<long(long, long)>::make([](long a, long b) {
    errno = int(a + b);
    return a * b;
  });
  ASSERT_TRUE(c.ok());
  errno = 0;
  const long want = c->get()(20, 22);
  const int wantErrno = errno;
  ASSERT_EQ(wantErrno, 42);
  auto ci = CallInterface::get("i64(i64, i64)", hostAbi(), {ErrnoMode::kCapture});
  ASSERT_TRUE(ci.ok());
  long a = 20, b = 22, r = 0;
  void* av[] = {&a, &b};
  int e = 0;
  errno = 0;
  (*ci)->call(toFn(c->get()), &r, av, e);
  EXPECT_EQ(e, wantErrno);
  EXPECT_EQ(r, want);

  // A closure made on an interface with an errno mode is the plain interface's closure: entries
  // ignore the mode.
  auto plain = CallInterface::get("i64(i64, i64)");
  ASSERT_TRUE(plain.ok());
  ClosureHandler handler = [](const void*, void* ret, void** args, void*) {
    *static_cast<long*>(ret) = *static_cast<long*>(args[0]) - *static_cast<long*>(args[1]);
  };
  auto rc = RawClosure::make(*ci, handler, nullptr);
  auto rp = RawClosure::make(*plain, handler, nullptr);
  ASSERT_TRUE(rc.ok() && rp.ok());
  auto f = reinterpret_cast<long (*)(long, long)>(rc->code());
  auto g = reinterpret_cast<long (*)(long, long)>(rp->code());
  errno = 5;
  EXPECT_EQ(f(50, 8), 42);
  EXPECT_EQ(g(50, 8), 42);
  EXPECT_EQ(errno, 5);
}

// Two threads call the same interfaces at once, each capturing (and setting) its own values.
TEST(Errno, ThreadsCaptureTheirOwn) {
  auto capture = CallInterface::get("i8(i32)", hostAbi(), {ErrnoMode::kCapture});
  auto set = CallInterface::get("i64(i64, f64, i32)", hostAbi(), {ErrnoMode::kSetAndCapture});
  ASSERT_TRUE(capture.ok() && set.ok());
  auto work = [&](int base, int* failures) {
    for (int i = 0; i < 20000; ++i) {
      int a = base + i;
      errno = a;
      const int64_t want = err_i8(a);
      const int wantErrno = errno;
      int64_t r = 0;
      void* av[] = {&a};
      int e = -1;
      errno = a;
      (*capture)->call(toFn(err_i8), &r, av, e);
      if (e != wantErrno || r != want || errno != wantErrno) ++*failures;

      long l = base * 3 + i;
      double d = i * 0.5;
      int k = base;
      errno = base + 7;
      const long want2 = err_mix(l, d, k);
      const int wantErrno2 = errno;
      void* av2[] = {&l, &d, &k};
      long r2 = 0;
      int e2 = base + 7;
      errno = 0;
      (*set)->call(toFn(err_mix), &r2, av2, e2);
      if (e2 != wantErrno2 || r2 != want2) ++*failures;
    }
  };
  int f1 = 0, f2 = 0;
  std::thread t1(work, 1000, &f1), t2(work, 500000, &f2);
  t1.join();
  t2.join();
  EXPECT_EQ(f1, 0);
  EXPECT_EQ(f2, 0);
}

}  // namespace
