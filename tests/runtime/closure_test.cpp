// SPDX-License-Identifier: MIT
// Closures: typed C++ closures, raw closures of both handler shapes, libffi's closure API,
// variadic closures, many threads, ten thousand closures alive at once, and W^X (no mapping is
// ever writable and executable). CTest also runs this whole suite under PR_SET_MDWE.
#include <gtest/gtest.h>

#include <ffi.h>

#include <atomic>
#include <cstdarg>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "jitffi/closure.h"

namespace {

using namespace jitffi;

struct D2 {
  double x, y;
};
struct I3 {
  long a, b, c;
};
struct C3 {
  char a, b, c;
};
struct Mixed {
  int i;
  float f;
  double d;
};

}  // namespace

template <>
struct jitffi::StructType<D2> {
  static Type get() { return Type::structOf({Type::f64(), Type::f64()}); }
};
template <>
struct jitffi::StructType<I3> {
  static Type get() { return Type::structOf({Type::i64(), Type::i64(), Type::i64()}); }
};
template <>
struct jitffi::StructType<C3> {
  static Type get() { return Type::structOf({Type::i8(), Type::i8(), Type::i8()}); }
};
template <>
struct jitffi::StructType<Mixed> {
  static Type get() { return Type::structOf({Type::i32(), Type::f32(), Type::f64()}); }
};

namespace {

// Lists mappings that are writable and executable at once (there must never be any).
std::vector<std::string> writableExecutableMappings() {
  std::vector<std::string> bad;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const size_t sp = line.find(' ');
    if (sp == std::string::npos || sp + 4 >= line.size()) continue;
    const std::string perms = line.substr(sp + 1, 4);
    if (perms[1] == 'w' && perms[2] == 'x') bad.push_back(line);
  }
  return bad;
}

TEST(Closures, TypedScalars) {
  int offset = 10;
  auto add = Closure<int(int, int)>::make([&](int a, int b) { return a + b + offset; });
  ASSERT_TRUE(add.ok()) << add.error().toString();
  EXPECT_EQ(add->get()(1, 2), 13);
  offset = 20;  // captures by reference work
  EXPECT_EQ(add->get()(1, 2), 23);

  auto e = Closure<long(int, double, void*, float, long, double, int, int, int, int)>::make(
      [](int a, double b, void* p, float f, long g, double h, int i, int j, int k, int l) {
        return a + long(b * 10) + (p ? 1000 : 0) + long(f * 100) + g + long(h) + i * 2 + j * 3 + k * 5 + l * 7;
      });
  ASSERT_TRUE(e.ok());
  int dummy;
  EXPECT_EQ(e->get()(1, 2.5, &dummy, 0.5f, 40, 5.0, 6, 7, 8, 9), 1 + 25 + 1000 + 50 + 40 + 5 + 12 + 21 + 40 + 63);

  auto narrow = Closure<signed char(unsigned short, signed char)>::make(
      [](unsigned short u, signed char s) { return static_cast<signed char>(int(u % 100) - s); });
  ASSERT_TRUE(narrow.ok());
  EXPECT_EQ(narrow->get()(65535, 100), static_cast<signed char>(35 - 100));

  auto ld = Closure<long double(long double, int, long double)>::make(
      [](long double a, int k, long double b) { return a * k + b; });
  ASSERT_TRUE(ld.ok());
  EXPECT_EQ(ld->get()(1.5L, 4, 0.25L), 6.25L);

  auto big = Closure<__int128(__int128, long, __int128)>::make(
      [](__int128 a, long k, __int128 b) { return a * k + b; });
  ASSERT_TRUE(big.ok());
  const __int128 a = (__int128(1) << 100) + 7;
  EXPECT_TRUE(big->get()(a, 3, -5) == a * 3 - 5);

  auto cplx = Closure<std::complex<double>(std::complex<float>, std::complex<double>)>::make(
      [](std::complex<float> x, std::complex<double> y) { return std::complex<double>(x) * y; });
  ASSERT_TRUE(cplx.ok());
  const auto z = cplx->get()({1.0f, 2.0f}, {3.0, -1.0});
  EXPECT_EQ(z, std::complex<double>(5.0, 5.0));
}

TEST(Closures, TypedStructs) {
  auto d2 = Closure<D2(D2, D2, double)>::make([](D2 a, D2 b, double k) { return D2{a.x + b.x * k, a.y + b.y * k}; });
  ASSERT_TRUE(d2.ok());
  const D2 r = d2->get()(D2{1, 2}, D2{3, 4}, 10);
  EXPECT_EQ(r.x, 31);
  EXPECT_EQ(r.y, 42);

  auto i3 = Closure<I3(I3, long)>::make([](I3 x, long k) { return I3{x.c * k, x.b * k, x.a * k}; });  // sret
  ASSERT_TRUE(i3.ok());
  const I3 q = i3->get()(I3{1, 2, 3}, 10);
  EXPECT_EQ(q.a, 30);
  EXPECT_EQ(q.b, 20);
  EXPECT_EQ(q.c, 10);

  auto c3 = Closure<C3(C3, Mixed)>::make([](C3 c, Mixed m) {
    return C3{char(c.a + m.i), char(c.b + int(m.f)), char(c.c + int(m.d))};
  });
  ASSERT_TRUE(c3.ok());
  const C3 t = c3->get()(C3{1, 2, 3}, Mixed{10, 20.0f, 30.0});
  EXPECT_EQ(t.a, 11);
  EXPECT_EQ(t.b, 22);
  EXPECT_EQ(t.c, 33);

  // Structs on the stack after the registers are used up.
  auto many = Closure<double(long, long, long, long, long, D2, D2, D2, D2, D2, I3)>::make(
      [](long a, long b, long c, long d, long e, D2 p, D2 q, D2 r2, D2 s, D2 t2, I3 u) {
        return double(a + b + c + d + e) + p.x + q.y + r2.x + s.y + t2.x + t2.y + double(u.a + u.b + u.c);
      });
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->get()(1, 2, 3, 4, 5, D2{1, 0}, D2{0, 2}, D2{3, 0}, D2{0, 4}, D2{5, 6}, I3{7, 8, 9}), 15 + 1 + 2 + 3 + 4 + 11 + 24);
}

struct RawCheck {
  int calls = 0;
  const void* ctx = nullptr;
};

void avaluesHandler(const void* ctx, void* ret, void** args, void* user) {
  auto* check = static_cast<RawCheck*>(user);
  ++check->calls;
  check->ctx = ctx;
  const double x = *static_cast<double*>(args[0]);
  const D2 d = *static_cast<D2*>(args[1]);
  const signed char c = *static_cast<signed char*>(args[2]);
  *static_cast<double*>(ret) = x + d.x * d.y + c;
}

void slotsHandler(const void*, void* ret, const uint64_t* slots, void* user) {
  ++static_cast<RawCheck*>(user)->calls;
  double x;
  std::memcpy(&x, &slots[0], 8);
  D2 d;
  std::memcpy(&d, reinterpret_cast<const void*>(uintptr_t(slots[1])), sizeof d);
  const auto c = static_cast<signed char>(slots[2] & 0xff);  // only the low byte is defined
  *static_cast<double*>(ret) = x + d.x * d.y + c;
}

TEST(Closures, RawBothShapes) {
  auto ci = CallInterface::get("f64(f64, {f64,f64}, i8)");
  ASSERT_TRUE(ci.ok());
  RawCheck a, b;
  auto ca = RawClosure::make(*ci, &avaluesHandler, &a);
  auto cb = RawClosure::make(*ci, &slotsHandler, &b);
  ASSERT_TRUE(ca.ok() && cb.ok());
  using F = double(double, D2, signed char);
  EXPECT_EQ(ca->as<F>()(1.0, D2{2, 3}, -4), 3.0);
  EXPECT_EQ(cb->as<F>()(1.0, D2{2, 3}, -4), 3.0);
  EXPECT_EQ(a.calls, 1);
  EXPECT_EQ(b.calls, 1);
  EXPECT_EQ(a.ctx, *ci);  // the handler's ctx is the CallInterface
  EXPECT_FALSE(RawClosure::make(*ci, static_cast<ClosureHandler>(nullptr), nullptr).ok());
  EXPECT_FALSE(RawClosure::make(nullptr, &avaluesHandler, nullptr).ok());
}

// ---- many arguments ----------------------------------------------------------------------------
// 72 arguments cycling through i64, f64, a 3-byte struct and f32: most on the stack, the handler's
// argument array larger than an interpreted closure keeps on the C++ stack (its memory is then
// on the heap), and pieces of odd sizes (the struct) and 4-byte stack words (slots shape). The
// caller is gcc's call through the typed pointer; the handler counts the arguments that arrived
// with the values the caller passed.
constexpr size_t kMany = 72;

int64_t manyI64(size_t k) { return int64_t(k) * 1000003 - 7; }
double manyF64(size_t k) { return double(k) + 0.25; }
C3 manyC3(size_t k) { return C3{char(k), char(k + 1), char(-int(k))}; }
float manyF32(size_t k) { return float(k) * 0.5f; }

template <size_t k>
using ManyT = std::tuple_element_t<k % 4, std::tuple<int64_t, double, C3, float>>;
template <size_t k>
ManyT<k> manyArg() {
  if constexpr (k % 4 == 0) return manyI64(k);
  else if constexpr (k % 4 == 1) return manyF64(k);
  else if constexpr (k % 4 == 2) return manyC3(k);
  else return manyF32(k);
}
template <size_t... k>
double callMany(void* code, std::index_sequence<k...>) {
  return reinterpret_cast<double (*)(ManyT<k>...)>(code)(manyArg<k>()...);
}

// Whether argument k's bytes at p are the caller's.
bool manyMatches(size_t k, const void* p) {
  switch (k % 4) {
    case 0: { const int64_t v = manyI64(k); return std::memcmp(p, &v, sizeof v) == 0; }
    case 1: { const double v = manyF64(k); return std::memcmp(p, &v, sizeof v) == 0; }
    case 2: { const C3 v = manyC3(k); return std::memcmp(p, &v, sizeof v) == 0; }
    default: { const float v = manyF32(k); return std::memcmp(p, &v, sizeof v) == 0; }
  }
}

void manyAvalues(const void*, void* ret, void** args, void*) {
  double matched = 0;
  for (size_t k = 0; k < kMany; ++k) matched += manyMatches(k, args[k]);
  *static_cast<double*>(ret) = matched;
}

void manySlots(const void*, void* ret, const uint64_t* args, void*) {
  double matched = 0;
  for (size_t k = 0; k < kMany; ++k) {
    // Scalars are in their slot (its low bytes), the struct behind the slot's pointer.
    matched += manyMatches(k, k % 4 == 2 ? reinterpret_cast<const void*>(uintptr_t(args[k])) : &args[k]);
  }
  *static_cast<double*>(ret) = matched;
}

TEST(Closures, ManyArguments) {
  std::string sig = "f64(";
  for (size_t k = 0; k < kMany; ++k) {
    static const char* const kTypes[] = {"i64", "f64", "{i8,i8,i8}", "f32"};
    sig += std::string(k ? ", " : "") + kTypes[k % 4];
  }
  sig += ")";
  auto ci = CallInterface::get(sig);
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  auto av = RawClosure::make(*ci, &manyAvalues, nullptr);
  auto sl = RawClosure::make(*ci, &manySlots, nullptr);
  ASSERT_TRUE(av.ok() && sl.ok());
  EXPECT_EQ(callMany(av->code(), std::make_index_sequence<kMany>()), double(kMany));
  EXPECT_EQ(callMany(sl->code(), std::make_index_sequence<kMany>()), double(kMany));
}

// An empty struct passes nothing (C: gcc ignores it on SysV x86-64, AAPCS64 and RISC-V), but the
// handler's args[0] must still be an address it can read (the JIT's entries and libffi give one):
// the interpreted entries left it unwritten once. The stack is filled with a byte pattern first,
// so that an unwritten entry is a pointer that faults rather than a leftover valid one.
void emptyFirst(const void*, void* ret, void** args, void*) {
  const volatile char* empty = static_cast<const char*>(args[0]);
  const int readable = empty != nullptr && (*empty, true);
  *static_cast<int*>(ret) = *static_cast<int*>(args[1]) * readable;
}
__attribute__((noinline)) void fillStackWithPattern() {
  volatile unsigned char junk[16384];
  for (auto& b : junk) b = 0x01;
}

TEST(Closures, EmptyArgumentHasAnAddress) {
  auto ci = CallInterface::get("i32({}, i32)");
  ASSERT_TRUE(ci.ok()) << ci.error().toString();
  ASSERT_EQ((*ci)->plan().args[0].mode, PassMode::kIgnore);  // the host's C passes nothing for it
  auto cl = RawClosure::make(*ci, &emptyFirst, nullptr);
  ASSERT_TRUE(cl.ok()) << cl.error().toString();
  fillStackWithPattern();
  EXPECT_EQ(reinterpret_cast<int (*)(int)>(cl->code())(21), 21);
}

extern "C" void ffiHandler(ffi_cif* cif, void* ret, void** args, void* user) {
  EXPECT_EQ(cif->nargs, 2u);
  *static_cast<ffi_arg*>(ret) = ffi_arg(*static_cast<int*>(args[0]) * *static_cast<int*>(args[1]) + *static_cast<int*>(user));
}

TEST(Closures, LibffiApi) {
  ffi_cif cif;
  ffi_type* at[] = {&ffi_type_sint, &ffi_type_sint};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, at), FFI_OK);
  void* code = nullptr;
  auto* cl = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code));
  ASSERT_NE(cl, nullptr);
  ASSERT_NE(code, nullptr);
  int user = 100;
  ASSERT_EQ(ffi_prep_closure_loc(cl, &cif, ffiHandler, &user, code), FFI_OK);
  EXPECT_EQ(reinterpret_cast<int (*)(int, int)>(code)(6, 7), 142);
  // Programs read these fields back.
  EXPECT_EQ(cl->cif, &cif);
  EXPECT_EQ(cl->user_data, &user);
  EXPECT_EQ(cl->fun, &ffiHandler);
  ffi_closure_free(cl);
  ffi_closure_free(nullptr);

  // Errors: null pointers, a cif that was never prepared, a bad ABI.
  void* code2;
  auto* cl2 = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code2));
  ffi_cif unprepared;
  std::memset(&unprepared, 0, sizeof unprepared);
  unprepared.abi = FFI_DEFAULT_ABI;
  EXPECT_EQ(ffi_prep_closure_loc(cl2, &unprepared, ffiHandler, nullptr, code2), FFI_BAD_TYPEDEF);
  EXPECT_EQ(ffi_prep_closure_loc(cl2, nullptr, ffiHandler, nullptr, code2), FFI_BAD_TYPEDEF);
  EXPECT_EQ(ffi_prep_closure_loc(nullptr, &cif, ffiHandler, nullptr, code2), FFI_BAD_TYPEDEF);
  ffi_cif badAbi = cif;
  badAbi.abi = ffi_abi(9);
  EXPECT_EQ(ffi_prep_closure_loc(cl2, &badAbi, ffiHandler, nullptr, code2), FFI_BAD_ABI);
  ffi_closure_free(cl2);
  // A larger allocation (programs embed ffi_closure in their own struct).
  void* code3;
  void* big = ffi_closure_alloc(4000, &code3);
  ASSERT_NE(big, nullptr);
  std::memset(big, 0xAA, 4000);
  ffi_closure_free(big);
}

// libffi's closures and jitffi's avalues closures of one interface, each made twice (the second
// from the entry the interface keeps): interpreted (JITFFI_JIT=0, runtime_test_interp) they are
// two entries, one reading its ctx as a cif and the other as an interface, so each kind must
// keep its own; a libffi handler gets the cif, a jitffi one the interface.
extern "C" void ffiCifHandler(ffi_cif* cif, void* ret, void** args, void* user) {
  *static_cast<const ffi_cif**>(user) = cif;
  *static_cast<ffi_arg*>(ret) = ffi_arg(*static_cast<int*>(args[0]) - *static_cast<int*>(args[1]));
}
void interfaceHandler(const void* ctx, void* ret, void** args, void* user) {
  *static_cast<const void**>(user) = ctx;
  *static_cast<ffi_arg*>(ret) = ffi_arg(*static_cast<int*>(args[0]) + *static_cast<int*>(args[1]));
}

TEST(Closures, LibffiAndInterfaceClosuresOfOneInterface) {
  ffi_cif cif;
  ffi_type* at[] = {&ffi_type_sint, &ffi_type_sint};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, at), FFI_OK);
  auto ci = CallInterface::get("i32(i32, i32)");
  ASSERT_TRUE(ci.ok());
  for (int round = 0; round < 2; ++round) {
    for (bool libffiFirst : {true, false}) {
      SCOPED_TRACE(std::to_string(round) + (libffiFirst ? " libffi first" : " jitffi first"));
      const ffi_cif* seenCif = nullptr;
      const void* seenCtx = nullptr;
      void* code = nullptr;
      auto* cl = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code));
      ASSERT_NE(cl, nullptr);
      auto prepLibffi = [&] { ASSERT_EQ(ffi_prep_closure_loc(cl, &cif, ffiCifHandler, &seenCif, code), FFI_OK); };
      if (libffiFirst) prepLibffi();
      auto raw = RawClosure::make(*ci, &interfaceHandler, &seenCtx);
      if (!libffiFirst) prepLibffi();
      ASSERT_TRUE(raw.ok());
      EXPECT_EQ(reinterpret_cast<int (*)(int, int)>(code)(9, 4), 5);
      EXPECT_EQ(seenCif, &cif);
      EXPECT_EQ(raw->as<int(int, int)>()(9, 4), 13);
      EXPECT_EQ(seenCtx, *ci);
      ffi_closure_free(cl);
    }
  }
}

TEST(Closures, DeprecatedPrepClosureOnLegacyMemory) {
  // ffi_prep_closure writes the trampoline at the closure itself; with memory from
  // ffi_closure_alloc both views show the same bytes, so the code address runs it.
  ffi_cif cif;
  ffi_type* at[] = {&ffi_type_sint, &ffi_type_sint};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, at), FFI_OK);
  void* code;
  auto* cl = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code));
  int user = 1;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  ASSERT_EQ(ffi_prep_closure(cl, &cif, ffiHandler, &user), FFI_OK);
#pragma GCC diagnostic pop
  EXPECT_EQ(reinterpret_cast<int (*)(int, int)>(code)(3, 4), 13);
  ffi_closure_free(cl);
}

TEST(Closures, Variadic) {
  auto v = Closure<long(const char*, ...)>::make([](const char* fmt, VarArgs& va) {
    long sum = 0;
    for (const char* p = fmt; *p; ++p) {
      switch (*p) {
        case 'i': sum += va.next<int>(); break;
        case 'l': sum += va.next<long>(); break;
        case 'd': sum += long(va.next<double>() * 10); break;
        case 'L': sum += long(va.next<long double>() * 100); break;
        case 'D': {
          const D2 d = va.next<D2>();
          sum += long(d.x * 1000 + d.y);
          break;
        }
        case 'I': {
          const I3 q = va.next<I3>();
          sum += q.a + q.b + q.c;
          break;
        }
        case 'p': sum += va.next<const char*>() ? 1 : 0; break;
      }
    }
    return sum + long(va.count()) * 100000;
  });
  ASSERT_TRUE(v.ok()) << v.error().toString();
  auto f = v->get();
  EXPECT_EQ(f(""), 0);
  EXPECT_EQ(f("id", 5, 2.5), 5 + 25 + 200000);
  EXPECT_EQ(f("iiiiiiiiii", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 55 + 1000000);  // spills to the stack
  EXPECT_EQ(f("dddddddddd", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0), 550 + 1000000);
  EXPECT_EQ(f("DLIpl", D2{1, 2}, 1.5L, I3{1, 2, 3}, "x", 7L), 1002 + 150 + 6 + 1 + 7 + 500000);
  EXPECT_EQ(f("iDiDiDiD", 1, D2{1, 1}, 2, D2{2, 2}, 3, D2{3, 3}, 4, D2{4, 4}), 10 + 1001 + 2002 + 3003 + 4004 + 800000);

  VarArgs none(nullptr, nullptr);
  EXPECT_FALSE(none.next(Type::i32()).ok());
  auto fl = Closure<int(int, ...)>::make([](int, VarArgs& va) { return va.next(Type::f32()).ok() ? 1 : 0; });
  ASSERT_TRUE(fl.ok());
  EXPECT_EQ(fl->get()(0, 1.0), 0);  // a float is never a variadic argument
}

#if JITFFI_HAS_WIN64_HANDLERS  // an x86-64 host whose own convention is SysV
// Win64 closures called the way ms_abi code calls them. Closure<F> hands them to an ms_abi
// thunk (no register saves in the entry); RawClosure takes handlers of either convention.
#define MS_ABI __attribute__((ms_abi))

// A closure for an ABI this host cannot run (RISC-V 64 unless that is the host) is refused with
// kBadAbi, nothing made.
TEST(Closures, ForeignAbiIsRefused) {
  const Abi foreign = archOf(kHostAbi) == Arch::kRv64 ? Abi::kSysV64 : Abi::kRv64;
  auto c = Closure<int(int, int)>::make([](int a, int b) { return a + b; }, foreign);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().status(), Status::kBadAbi);
  EXPECT_NE(c.error().message().find(std::string(abiName(foreign))), std::string::npos) << c.error().toString();
}

TEST(Closures, Win64Typed) {
  for (Abi abi : {Abi::kWin64, Abi::kGnuWin64}) {
    SCOPED_TRACE(std::string(abiName(abi)));
    int offset = 10;
    auto add = Closure<int(int, int)>::make([&](int a, int b) { return a + b + offset; }, abi);
    ASSERT_TRUE(add.ok()) << add.error().toString();
    EXPECT_EQ(reinterpret_cast<int(MS_ABI*)(int, int)>(add->get())(1, 2), 13);

    // Past the four register slots; a float and doubles in the shared slots.
    auto e = Closure<long(int, double, void*, float, long, double, int, int, int, int)>::make(
        [](int a, double b, void* p, float f, long g, double h, int i, int j, int k, int l) {
          return a + long(b * 10) + (p ? 1000 : 0) + long(f * 100) + g + long(h) + i * 2 + j * 3 + k * 5 + l * 7;
        },
        abi);
    ASSERT_TRUE(e.ok());
    int dummy;
    using E = long(MS_ABI*)(int, double, void*, float, long, double, int, int, int, int);
    EXPECT_EQ(reinterpret_cast<E>(e->get())(1, 2.5, &dummy, 0.5f, 40, 5.0, 6, 7, 8, 9),
              1 + 25 + 1000 + 50 + 40 + 5 + 12 + 21 + 40 + 63);

    // Structs by reference to the caller's copies (D2, I3, and C3: 3 bytes is not 1, 2, 4 or 8),
    // an I3 returned through a hidden pointer.
    auto s = Closure<I3(D2, C3, long, I3, double)>::make(
        [](D2 d, C3 c, long k, I3 q, double m) {
          return I3{long(d.x * m) + c.a, long(d.y * m) + c.b + k, q.a + q.b + q.c + c.c};
        },
        abi);
    ASSERT_TRUE(s.ok());
    using S = I3(MS_ABI*)(D2, C3, long, I3, double);
    const I3 r = reinterpret_cast<S>(s->get())(D2{1.5, 2.5}, C3{1, 2, 3}, 100, I3{4, 5, 6}, 2.0);
    EXPECT_EQ(r.a, 3 + 1);
    EXPECT_EQ(r.b, 5 + 2 + 100);
    EXPECT_EQ(r.c, 15 + 3);
  }
  // long double: as double under FFI_WIN64; gcc's 80-bit one, by reference, under FFI_GNUW64.
  auto ld = Closure<long double(long double, int)>::make([](long double a, int k) { return a * k; }, Abi::kGnuWin64);
  ASSERT_TRUE(ld.ok());
  EXPECT_EQ(reinterpret_cast<long double(MS_ABI*)(long double, int)>(ld->get())(1.25L, 3), 3.75L);
}

TEST(Closures, Win64Variadic) {
  // Variadic doubles travel in both the vector and the integer register of their slot.
  auto v = Closure<double(const char*, ...)>::make(
      [](const char* fmt, VarArgs& va) {
        double sum = 0;
        for (const char* p = fmt; *p; ++p) {
          if (*p == 'i') sum += va.next<int>();
          if (*p == 'd') sum += va.next<double>();
          if (*p == 'D') {
            const D2 d = va.next<D2>();  // by reference
            sum += d.x * 1000 + d.y;
          }
        }
        return sum + double(va.count()) * 100000;
      },
      Abi::kWin64);
  ASSERT_TRUE(v.ok()) << v.error().toString();
  auto f = reinterpret_cast<double(MS_ABI*)(const char*, ...)>(v->get());
  EXPECT_EQ(f("id", 5, 2.5), 7.5 + 200000);
  EXPECT_EQ(f("dididi", 0.5, 1, 1.5, 2, 2.5, 3), 10.5 + 600000);  // past the registers
  EXPECT_EQ(f("Dd", D2{1, 2}, 0.25), 1002.25 + 200000);
}

MS_ABI void win64SlotsHandler(const void*, void* ret, const uint64_t* slots, void* user) {
  ++static_cast<RawCheck*>(user)->calls;
  double x;
  std::memcpy(&x, &slots[0], 8);
  D2 d;
  std::memcpy(&d, reinterpret_cast<const void*>(uintptr_t(slots[1])), sizeof d);
  const auto c = static_cast<signed char>(slots[2] & 0xff);
  *static_cast<double*>(ret) = x + d.x * d.y + c;
}

MS_ABI void win64AvaluesHandler(const void* ctx, void* ret, void** args, void* user) {
  avaluesHandler(ctx, ret, args, user);
}

TEST(Closures, RawWin64Handlers) {
  // Either ABI's closure, with a handler of either convention.
  for (Abi abi : {Abi::kSysV64, Abi::kWin64}) {
    SCOPED_TRACE(std::string(abiName(abi)));
    auto ci = CallInterface::get("f64(f64, {f64,f64}, i8)", abi);
    ASSERT_TRUE(ci.ok());
    RawCheck a, b, c;
    auto ca = RawClosure::make(*ci, &win64AvaluesHandler, &a);
    auto cb = RawClosure::make(*ci, &win64SlotsHandler, &b);
    auto cc = RawClosure::make(*ci, &slotsHandler, &c);
    ASSERT_TRUE(ca.ok() && cb.ok() && cc.ok());
    EXPECT_NE(ca->code(), cb->code());
    for (const RawClosure* rc : {&*ca, &*cb, &*cc}) {
      if (abi == Abi::kSysV64) EXPECT_EQ(rc->as<double(double, D2, signed char)>()(1.0, D2{2, 3}, -4), 3.0);
      else EXPECT_EQ(reinterpret_cast<double(MS_ABI*)(double, D2, signed char)>(rc->code())(1.0, D2{2, 3}, -4), 3.0);
    }
    EXPECT_EQ(a.calls + b.calls + c.calls, 3);
    EXPECT_EQ(a.ctx, *ci);
    EXPECT_FALSE(RawClosure::make(*ci, static_cast<Win64SlotsClosureHandler>(nullptr), nullptr).ok());
  }
}
#endif

TEST(Closures, ManyThreadsCallAndCreate) {
  constexpr int kThreads = 8;
  std::atomic<long> total{0};
  auto shared = Closure<long(long, double)>::make([&](long a, double b) {
    total.fetch_add(a);
    return a + long(b);
  });
  ASSERT_TRUE(shared.ok());
  auto fp = shared->get();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        if (fp(i, t) != i + t) wrong.fetch_add(1);
        if (i % 50 == 0) {  // closures made and freed concurrently
          auto own = Closure<int(int)>::make([t](int x) { return x * t; });
          if (!own || own->get()(i) != i * t) wrong.fetch_add(1);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(total.load(), long(kThreads) * (1999L * 2000 / 2));
}

namespace {
// The Go call's callee: the static chain is not read (a plain C function ignores it).
double goCallee(unsigned short a, signed char b, double c, unsigned char d) { return a * 2.0 + b + c + d; }
}  // namespace

// The first closure of an interface, and the first Go call (the interpreter's first use of an
// interface a stub serves), made by many threads at once on signatures no other test uses: the
// closure-entry table and the interpreter's program are each made once and published to all
// (runtime_p.h closureEntrySlot, buildInterpProgramOnce); the TSan stage runs this.
TEST(Closures, FirstUseFromManyThreads) {
  constexpr int kThreads = 8;
  ffi_cif cif;
  ffi_type* at[] = {&ffi_type_uint16, &ffi_type_sint8, &ffi_type_double, &ffi_type_uint8};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 4, &ffi_type_double, at), FFI_OK);
  std::atomic<int> ready{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      auto c = Closure<int(short, unsigned char, float, long long, signed char)>::make(
          [t](short a, unsigned char b, float f, long long d, signed char e) {
            return int(a + b + int(f) + int(d) + e + t);
          });
      if (!c || c->get()(1, 2, 3.0f, 4, 5) != 15 + t) wrong.fetch_add(1);
      unsigned short a = uint16_t(t + 1);
      signed char b = -3;
      double c2 = 0.5, r = 0;
      unsigned char d = 7;
      void* av[] = {&a, &b, &c2, &d};
      ffi_call_go(&cif, FFI_FN(goCallee), &r, av, &cif);
      if (r != goCallee(a, b, c2, d)) wrong.fetch_add(1);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

namespace {
// A Go closure's handler: the sum of the bytes of its one argument, plus 1000000 when the closure
// it was handed is the one the call passed in the static-chain register.
constexpr size_t kGoBytes = 2000;
const ffi_go_closure* expectedGo = nullptr;
void sumBytesHandler(ffi_cif*, void* ret, void** args, void* closure) {
  const auto* bytes = static_cast<const unsigned char*>(args[0]);
  int64_t sum = closure == expectedGo ? 1000000 : 0;
  for (size_t i = 0; i < kGoBytes; ++i) sum += bytes[i];
  std::memcpy(ret, &sum, sizeof sum);
}
}  // namespace

// A Go call whose memory is larger than the interpreter keeps on the C++ stack (a struct of 2000
// bytes by value, on the stack or copied): the call's area is on the heap, and the closure still
// travels in the static-chain register (the closure entry finds it there).
TEST(Closures, GoCallWithALargeArgument) {
  std::vector<ffi_type*> fields(kGoBytes, &ffi_type_uint8);
  fields.push_back(nullptr);
  ffi_type big{0, 0, FFI_TYPE_STRUCT, fields.data()};
  ffi_type* at[] = {&big};
  ffi_cif cif;
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint64, at), FFI_OK);
  ffi_go_closure gc;
  ASSERT_EQ(ffi_prep_go_closure(&gc, &cif, sumBytesHandler), FFI_OK);
  expectedGo = &gc;
  std::vector<unsigned char> value(kGoBytes);
  int64_t want = 1000000;
  for (size_t i = 0; i < kGoBytes; ++i) want += value[i] = static_cast<unsigned char>(i * 7 + 3);
  void* av[] = {value.data()};
  int64_t r = 0;
  ffi_call_go(&cif, FFI_FN(gc.tramp), &r, av, &gc);
  EXPECT_EQ(r, want);
}

TEST(Closures, TenThousandAlive) {
  constexpr int kCount = 10000;
  std::vector<Closure<long(long)>> closures;
  closures.reserve(kCount);
  for (int i = 0; i < kCount; ++i) {
    auto c = Closure<long(long)>::make([i](long x) { return x * 3 + i; });
    ASSERT_TRUE(c.ok()) << i << ": " << c.error().toString();
    closures.push_back(std::move(*c));
  }
  long sum = 0;
  for (int i = 0; i < kCount; ++i) sum += closures[i].get()(i) - 3L * i;
  EXPECT_EQ(sum, long(kCount) * (kCount - 1) / 2);
  EXPECT_TRUE(writableExecutableMappings().empty());
  closures.clear();
  // Freed closures are reused: allocating again does not grow memory without bound.
  std::vector<void*> blocks;
  for (int i = 0; i < kCount; ++i) {
    void* code;
    blocks.push_back(ffi_closure_alloc(sizeof(ffi_closure), &code));
    ASSERT_NE(blocks.back(), nullptr);
  }
  for (void* b : blocks) ffi_closure_free(b);
}

TEST(Closures, NeverWritableAndExecutable) {
  auto c = Closure<int(int)>::make([](int x) { return x + 1; });
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->get()(1), 2);
  const auto bad = writableExecutableMappings();
  for (const auto& line : bad) ADD_FAILURE() << "writable+executable mapping: " << line;
}

}  // namespace
