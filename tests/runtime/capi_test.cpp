// SPDX-License-Identifier: MIT
// The libffi-compatible C API: every error status, struct layout fill-in, ffi_call's rules.
// Statuses are checked against the values libffi documents and, where the system libffi defines
// the case without crashing, against the system libffi too.
#include <gtest/gtest.h>

#include <ffi.h>

#include <cstring>
#include <vector>

#include "support/sysffi.h"

namespace {

using jitffi::test::SysFfi;

extern "C" int addInts(int a, int b) { return a + b; }
extern "C" signed char negChar(signed char c) { return static_cast<signed char>(-c); }
extern "C" unsigned short idU16(unsigned short v) { return v; }
extern "C" unsigned int idU32(unsigned int v) { return v; }
struct Big {
  long a, b, c, d;
};
extern "C" Big bigSwap(Big x, int k) { return Big{x.d + k, x.c, x.b, x.a}; }

TEST(CApi, PrepAndCall) {
  ffi_cif cif;
  ffi_type* args[] = {&ffi_type_sint, &ffi_type_sint};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, args), FFI_OK);
  EXPECT_EQ(cif.abi, FFI_DEFAULT_ABI);
  EXPECT_EQ(cif.nargs, 2u);
  EXPECT_EQ(cif.arg_types, args);
  EXPECT_EQ(cif.rtype, &ffi_type_sint);
  int a = 40, b = 2;
  void* av[] = {&a, &b};
  ffi_arg r = 0;
  ffi_call(&cif, FFI_FN(addInts), &r, av);
  EXPECT_EQ(int(r), 42);
}

TEST(CApi, IntegralReturnsAreWidenedToFfiArg) {
  ffi_cif cif;
  ffi_type* a8[] = {&ffi_type_sint8};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint8, a8), FFI_OK);
  signed char c = 5;
  void* av[] = {&c};
  ffi_arg r;
  std::memset(&r, 0xAB, sizeof r);
  ffi_call(&cif, FFI_FN(negChar), &r, av);
  EXPECT_EQ(ffi_sarg(r), -5);  // sign-extended over the whole ffi_arg

  ffi_type* a16[] = {&ffi_type_uint16};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_uint16, a16), FFI_OK);
  unsigned short u = 0xFFFE;
  void* av16[] = {&u};
  std::memset(&r, 0xAB, sizeof r);
  ffi_call(&cif, FFI_FN(idU16), &r, av16);
  EXPECT_EQ(r, ffi_arg(0xFFFE));  // zero-extended

  ffi_type* a32[] = {&ffi_type_uint32};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_uint32, a32), FFI_OK);
  unsigned int w = 0xFFFFFFF0u;
  void* av32[] = {&w};
  std::memset(&r, 0xAB, sizeof r);
  ffi_call(&cif, FFI_FN(idU32), &r, av32);
  EXPECT_EQ(r, ffi_arg(0xFFFFFFF0u));
}

TEST(CApi, NullRvalueAndUnmodifiedAvalue) {
  ffi_type* el[] = {&ffi_type_slong, &ffi_type_slong, &ffi_type_slong, &ffi_type_slong, nullptr};
  ffi_type big = {0, 0, FFI_TYPE_STRUCT, el};
  ffi_type* args[] = {&big, &ffi_type_sint};
  ffi_cif cif;
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &big, args), FFI_OK);
  Big x{1, 2, 3, 4};
  int k = 10;
  void* av[] = {&x, &k};
  void* const saved[] = {av[0], av[1]};
  ffi_call(&cif, FFI_FN(bigSwap), nullptr, av);  // result discarded (libffi ≥ 3.7 allows this)
  EXPECT_EQ(av[0], saved[0]);
  EXPECT_EQ(av[1], saved[1]);
  Big out{};
  ffi_call(&cif, FFI_FN(bigSwap), &out, av);
  EXPECT_EQ(out.a, 14);
  EXPECT_EQ(out.d, 1);
  EXPECT_EQ(x.a, 1);  // the argument's memory is not touched
  EXPECT_EQ(av[0], saved[0]);
}

TEST(CApi, StructLayoutsAreFilledIn) {
  ffi_type* inner[] = {&ffi_type_sint8, &ffi_type_sint32, nullptr};
  ffi_type in = {0, 0, FFI_TYPE_STRUCT, inner};
  ffi_type* outer[] = {&ffi_type_double, &in, &ffi_type_sint8, &ffi_type_longdouble, nullptr};
  ffi_type out = {0, 0, FFI_TYPE_STRUCT, outer};
  ffi_type* args[] = {&out};
  ffi_cif cif;
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, args), FFI_OK);
  EXPECT_EQ(in.size, 8u);
  EXPECT_EQ(in.alignment, 4u);
  EXPECT_EQ(out.size, 48u);
  EXPECT_EQ(out.alignment, 16u);

  size_t offsets[4] = {99, 99, 99, 99};
  ffi_type fresh = {0, 0, FFI_TYPE_STRUCT, outer};
  ASSERT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &fresh, offsets), FFI_OK);
  EXPECT_EQ(offsets[0], 0u);
  EXPECT_EQ(offsets[1], 8u);
  EXPECT_EQ(offsets[2], 16u);
  EXPECT_EQ(offsets[3], 32u);
  EXPECT_EQ(fresh.size, 48u);
  EXPECT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &fresh, nullptr), FFI_OK);

  if (const SysFfi* sys = SysFfi::get(); sys && sys->get_struct_offsets) {
    size_t sysOffsets[4];
    ffi_type sysFresh = {0, 0, FFI_TYPE_STRUCT, outer};
    ASSERT_EQ(sys->get_struct_offsets(FFI_DEFAULT_ABI, &sysFresh, sysOffsets), FFI_OK);
    EXPECT_EQ(std::vector<size_t>(offsets, offsets + 4), std::vector<size_t>(sysOffsets, sysOffsets + 4));
    EXPECT_EQ(sysFresh.size, fresh.size);
    EXPECT_EQ(sysFresh.alignment, fresh.alignment);
  }
}

typedef float V4f __attribute__((vector_size(16)));
extern "C" V4f mulAddV4f(V4f v, float k, V4f w) { return v * k + w; }
extern "C" __complex__ int mulCi(__complex__ int a, __complex__ int b) { return a * b; }

// FFI_TYPE_VECTOR as libffi 3.8 describes it: the lanes as elements, the layout filled in (three
// floats round up to 16 bytes, as clang's ext_vector_type); a call against g++'s direct call.
TEST(CApi, VectorLayoutsAreFilledInAndCalled) {
  ffi_type* three[] = {&ffi_type_float, &ffi_type_float, &ffi_type_float, nullptr};
  ffi_type* four[] = {&ffi_type_float, &ffi_type_float, &ffi_type_float, &ffi_type_float, nullptr};
  ffi_type v3 = {0, 0, FFI_TYPE_VECTOR, three};
  ffi_type v4 = {0, 0, FFI_TYPE_VECTOR, four};
  ffi_type v4preset = {16, 16, FFI_TYPE_VECTOR, four};
  for (ffi_type* vt : {&v3, &v4, &v4preset}) {
    ffi_type* args[] = {vt, &ffi_type_float, vt};
    ffi_cif cif;
    ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 3, vt, args), FFI_OK);
    EXPECT_EQ(vt->size, 16u);
    EXPECT_EQ(vt->alignment, 16u);
    V4f v = {1.5f, -2.0f, 3.25f, 8.0f}, w = {0.5f, 0.25f, -1.0f, 2.0f}, r = {};
    float k = 3.0f;
    void* av[] = {&v, &k, &w};
    ffi_call(&cif, FFI_FN(mulAddV4f), &r, av);
    const V4f want = mulAddV4f(v, k, w);
    EXPECT_EQ(std::memcmp(&r, &want, vt == &v3 ? 12 : 16), 0);
#if defined(__x86_64__)
    // Win64 has no vectors, as in libffi.
    EXPECT_EQ(ffi_prep_cif(&cif, FFI_WIN64, 3, vt, args), FFI_BAD_TYPEDEF);
    EXPECT_EQ(ffi_prep_cif(&cif, FFI_GNUW64, 1, &ffi_type_void, args), FFI_BAD_TYPEDEF);
#endif
  }
#if defined(__x86_64__)
  // 32 bytes: refused under SysV x86-64, as libffi 3.8 refuses it (sysv_x64.cpp says why).
  ffi_type* eight[] = {&ffi_type_float, &ffi_type_float, &ffi_type_float, &ffi_type_float, &ffi_type_float,
                       &ffi_type_float, &ffi_type_float, &ffi_type_float, nullptr};
  ffi_type v8 = {0, 0, FFI_TYPE_VECTOR, eight};
  ffi_type* args8[] = {&v8};
  ffi_cif cif;
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_UNIX64, 1, &ffi_type_void, args8), FFI_BAD_TYPEDEF);
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_UNIX64, 0, &v8, nullptr), FFI_BAD_TYPEDEF);
#endif
}

// FFI_TYPE_COMPLEX with an integer element (libffi's description of GNU C's _Complex int), against
// g++'s direct call and the system libffi.
TEST(CApi, ComplexIntegers) {
  ffi_type* part[] = {&ffi_type_sint, nullptr};
  ffi_type ci = {sizeof(__complex__ int), alignof(__complex__ int), FFI_TYPE_COMPLEX, part};
  ffi_type* args[] = {&ci, &ci};
  __complex__ int a, b, r = 0;
  __real__ a = 3;
  __imag__ a = -7;
  __real__ b = 11;
  __imag__ b = 5;
  void* av[] = {&a, &b};
  const __complex__ int want = mulCi(a, b);
#if defined(__x86_64__)
  const ffi_abi abis[] = {FFI_DEFAULT_ABI, FFI_WIN64};
#else
  const ffi_abi abis[] = {FFI_DEFAULT_ABI};
#endif
  for (ffi_abi abi : abis) {
    ffi_cif cif;
    ASSERT_EQ(ffi_prep_cif(&cif, abi, 2, &ci, args), FFI_OK);
    if (abi != FFI_DEFAULT_ABI) continue;  // (the callee is the host's; the Win64 corpus calls ms_abi ones)
    ffi_call(&cif, FFI_FN(mulCi), &r, av);
    EXPECT_TRUE(r == want);
  }
  const SysFfi* sys = SysFfi::get();
  if (sys && SysFfi::faithful() && SysFfi::kHasComplex) {
    ffi_type* sysPart[] = {sys->map(&ffi_type_sint), nullptr};
    ffi_type sysCi = {sizeof(__complex__ int), alignof(__complex__ int), FFI_TYPE_COMPLEX, sysPart};
    ffi_type* sysArgs[] = {&sysCi, &sysCi};
    ffi_cif cif;
    ASSERT_EQ(sys->prep_cif(&cif, FFI_DEFAULT_ABI, 2, &sysCi, sysArgs), FFI_OK);
    __complex__ int s = 0;
    sys->call(&cif, FFI_FN(mulCi), &s, av);
    EXPECT_TRUE(s == want);
  }
}

TEST(CApi, ExplicitStructLayouts) {
  ffi_type* el[] = {&ffi_type_sint32, nullptr};
  // A caller-set size larger than natural (trailing padding, as ctypes may describe): accepted.
  ffi_type padded = {16, 8, FFI_TYPE_STRUCT, el};
  ffi_type* args[] = {&padded};
  ffi_cif cif;
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, args), FFI_OK);
  EXPECT_EQ(padded.size, 16u);  // a caller-set layout is left alone
  // Smaller than the elements need (ctypes' packed structs, unions, bit-fields): the caller's
  // layout stands, as in libffi (how such values are passed: PresetLayouts below).
  ffi_type* el2[] = {&ffi_type_sint8, &ffi_type_sint32, nullptr};
  ffi_type packed = {5, 1, FFI_TYPE_STRUCT, el2};
  ffi_type* args2[] = {&packed};
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, args2), FFI_OK);
  EXPECT_EQ(packed.size, 5u);
  EXPECT_EQ(packed.alignment, 1u);
  // An alignment that is no power of two gives libffi garbage offsets: refused.
  ffi_type odd = {12, 3, FFI_TYPE_STRUCT, el2};
  ffi_type* args3[] = {&odd};
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, args3), FFI_BAD_TYPEDEF);
}

struct StatusCase {
  const char* what;
  ffi_status expected;
  bool systemAgrees;  // the system libffi 3.4.4 returns the same (without crashing)
};

// Runs prep on jitffi and, where meaningful, on the system libffi.
void expectStatus(const StatusCase& c, ffi_status got, ffi_status sys) {
  EXPECT_EQ(got, c.expected) << c.what;
  if (c.systemAgrees && SysFfi::get() && SysFfi::faithful()) {
    EXPECT_EQ(sys, c.expected) << c.what << " (system libffi)";
  }
}

#if defined(__aarch64__)
double winArm64Callee(double x, int n) { return x * n + 0.5; }
void goHandler(ffi_cif*, void*, void**, void*) {}

// On aarch64 Linux FFI_WIN64 is Windows on Arm's convention (libffi's headers accept the value
// everywhere; libffi ignores it on Linux): long double is a double there, in layouts and calls;
// x18 is reserved, so no Go closures.
TEST(CApi, WinArm64OnAarch64) {
  ffi_type* el[] = {&ffi_type_longdouble, &ffi_type_sint, nullptr};
  for (ffi_abi abi : {FFI_SYSV, FFI_WIN64}) {
    ffi_type st = {0, 0, FFI_TYPE_STRUCT, el};
    size_t off[2];
    ASSERT_EQ(ffi_get_struct_offsets(abi, &st, off), FFI_OK);
    EXPECT_EQ(off[1], abi == FFI_WIN64 ? 8u : 16u);
    EXPECT_EQ(st.size, abi == FFI_WIN64 ? 16u : 32u);
    // ffi_prep_cif fills a fresh struct in by the same model (its cache hit too, the second time).
    for (int pass = 0; pass < 2; ++pass) {
      ffi_type fresh = {0, 0, FFI_TYPE_STRUCT, el};
      ffi_type* args[] = {&fresh};
      ffi_cif cif;
      ASSERT_EQ(ffi_prep_cif(&cif, abi, 1, &ffi_type_void, args), FFI_OK);
      EXPECT_EQ(fresh.size, abi == FFI_WIN64 ? 16u : 32u) << "pass " << pass;
      EXPECT_EQ(fresh.alignment, abi == FFI_WIN64 ? 8u : 16u) << "pass " << pass;
    }
  }
  ffi_cif cif;
  ffi_type* args[] = {&ffi_type_double, &ffi_type_sint};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_WIN64, 2, &ffi_type_double, args), FFI_OK);
  double x = 2.0, r = 0;
  int n = 3;
  void* av[] = {&x, &n};
  ffi_call(&cif, FFI_FN(winArm64Callee), &r, av);
  EXPECT_EQ(r, winArm64Callee(2.0, 3));
  ffi_go_closure go;
  EXPECT_EQ(ffi_prep_go_closure(&go, &cif, goHandler), FFI_BAD_ABI);
}
#endif

TEST(CApiErrors, BadAbi) {
  ffi_cif cif;
  ffi_type* args[] = {&ffi_type_sint};
  const SysFfi* sys = SysFfi::get();
  for (int abi : {0, int(FFI_FIRST_ABI), int(FFI_LAST_ABI), int(FFI_LAST_ABI) + 1, 1000, -1}) {
    const ffi_status got = ffi_prep_cif(&cif, ffi_abi(abi), 1, &ffi_type_sint, args);
    const ffi_status s = sys ? sys->prep_cif(&cif, ffi_abi(abi), 1, sys->map(&ffi_type_sint), args) : FFI_BAD_ABI;
    expectStatus({"abi out of range", FFI_BAD_ABI, true}, got, s);
  }
  size_t off[1];
  ffi_type* el[] = {&ffi_type_sint, nullptr};
  ffi_type st = {0, 0, FFI_TYPE_STRUCT, el};
  EXPECT_EQ(ffi_get_struct_offsets(ffi_abi(0), &st, off), FFI_BAD_ABI);
}

TEST(CApiErrors, BadTypedef) {
  ffi_cif cif;
  ffi_type* nullEl = nullptr;
  ffi_type noElements = {0, 0, FFI_TYPE_STRUCT, nullptr};
  ffi_type* emptyList[] = {nullptr};
  ffi_type empty = {0, 0, FFI_TYPE_STRUCT, emptyList};
  ffi_type badCode = {4, 4, 99, nullptr};
  ffi_type vector = {16, 16, FFI_TYPE_VECTOR, nullptr};
  ffi_type* voidEl[] = {&ffi_type_void, nullptr};
  ffi_type voidMember = {0, 0, FFI_TYPE_STRUCT, voidEl};
  ffi_type* cyc[] = {nullptr, nullptr};
  ffi_type cyclic = {0, 0, FFI_TYPE_STRUCT, cyc};
  cyc[0] = &cyclic;
  ffi_type* ptrPart[] = {&ffi_type_pointer, nullptr};
  ffi_type complexPtr = {16, 8, FFI_TYPE_COMPLEX, ptrPart};
  ffi_type* mixedLanes[] = {&ffi_type_float, &ffi_type_double, nullptr};
  ffi_type vectorMixed = {0, 0, FFI_TYPE_VECTOR, mixedLanes};
  ffi_type* ptrLanes[] = {&ffi_type_pointer, &ffi_type_pointer, nullptr};
  ffi_type vectorPtr = {0, 0, FFI_TYPE_VECTOR, ptrLanes};
  ffi_type* twoBytes[] = {&ffi_type_uint8, &ffi_type_uint8, nullptr};
  ffi_type vectorSmall = {0, 0, FFI_TYPE_VECTOR, twoBytes};
  ffi_type* fourFloats[] = {&ffi_type_float, &ffi_type_float, &ffi_type_float, &ffi_type_float, nullptr};
  ffi_type vectorMissized = {32, 16, FFI_TYPE_VECTOR, fourFloats};
  ffi_type* nullPart[] = {nullptr};
  ffi_type complexNull = {8, 4, FFI_TYPE_COMPLEX, nullPart};

  struct Case {
    const char* what;
    ffi_type* type;
    bool systemAgrees;
  } cases[] = {
      {"null argument type", nullEl, false},
      {"struct with null elements", &noElements, true},
      {"empty struct", &empty, true},
      {"unknown type code", &badCode, false},
      {"vector without lanes", &vector, false},
      {"vector of float and double lanes", &vectorMixed, false},
      {"vector of pointers", &vectorPtr, false},
      {"vector of 2 bytes", &vectorSmall, false},
      {"vector of 16 bytes preset as 32", &vectorMissized, false},
      {"void struct member", &voidMember, false},
      {"cyclic struct", &cyclic, false},
      {"complex of pointers", &complexPtr, false},
      {"complex with no part", &complexNull, false},
  };
  const SysFfi* sys = SysFfi::get();
  for (const Case& c : cases) {
    ffi_type* args[] = {c.type};
    EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, args), FFI_BAD_TYPEDEF) << c.what << " (argument)";
    if (c.type) {
      EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 0, c.type, nullptr), FFI_BAD_TYPEDEF) << c.what << " (return)";
    }
    if (c.systemAgrees && sys && SysFfi::faithful()) {
      EXPECT_EQ(sys->prep_cif(&cif, FFI_DEFAULT_ABI, 1, sys->map(&ffi_type_sint), args), FFI_BAD_TYPEDEF) << c.what;
    }
  }
  // Null pointers in the call itself.
  EXPECT_EQ(ffi_prep_cif(nullptr, FFI_DEFAULT_ABI, 0, &ffi_type_void, nullptr), FFI_BAD_TYPEDEF);
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 0, nullptr, nullptr), FFI_BAD_TYPEDEF);
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_void, nullptr), FFI_BAD_TYPEDEF);
  // Nesting deeper than the limit.
  std::vector<ffi_type> chain(100);
  std::vector<std::vector<ffi_type*>> elems(100);
  for (size_t i = 0; i < chain.size(); ++i) {
    elems[i] = {i + 1 < chain.size() ? &chain[i + 1] : &ffi_type_sint, nullptr};
    chain[i] = {0, 0, FFI_TYPE_STRUCT, elems[i].data()};
  }
  ffi_type* deep[] = {&chain[0]};
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, deep), FFI_BAD_TYPEDEF);
  // ffi_get_struct_offsets on a non-struct.
  size_t off[1];
  EXPECT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &ffi_type_sint, off), FFI_BAD_TYPEDEF);
  EXPECT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, nullptr, off), FFI_BAD_TYPEDEF);
}

TEST(CApiErrors, BadArgType) {
  ffi_cif cif;
  const SysFfi* sys = SysFfi::get();
  // Variadic arguments must be promoted: float, and integers narrower than int, are refused.
  for (ffi_type* t : {&ffi_type_float, &ffi_type_sint8, &ffi_type_uint8, &ffi_type_sint16, &ffi_type_uint16}) {
    ffi_type* args[] = {&ffi_type_pointer, t};
    EXPECT_EQ(ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, 2, &ffi_type_sint, args), FFI_BAD_ARGTYPE);
    if (sys && SysFfi::faithful()) {
      ffi_type* sargs[] = {sys->map(&ffi_type_pointer), sys->map(t)};
      EXPECT_EQ(sys->prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, 2, sys->map(&ffi_type_sint), sargs), FFI_BAD_ARGTYPE);
    }
    // As a fixed argument they are fine.
    EXPECT_EQ(ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 2, 2, &ffi_type_sint, args), FFI_OK);
  }
  // Promoted types, structs and complex are fine in the variadic part.
  ffi_type* ok[] = {&ffi_type_pointer, &ffi_type_double, &ffi_type_sint, &ffi_type_longdouble,
                    &ffi_type_complex_float, &ffi_type_uint64};
  EXPECT_EQ(ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, 6, &ffi_type_sint, ok), FFI_OK);
  // More fixed arguments than arguments.
  EXPECT_EQ(ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 3, 2, &ffi_type_sint, ok), FFI_BAD_ARGTYPE);
  // An absurd argument count.
  std::vector<ffi_type*> many(100000, &ffi_type_sint);
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, unsigned(many.size()), &ffi_type_sint, many.data()), FFI_BAD_ARGTYPE);
}

TEST(CApiErrors, FailedPrepLeavesAHarmlessCif) {
  ffi_cif cif;
  ffi_type badCode = {4, 4, 99, nullptr};
  ffi_type* args[] = {&badCode};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, args), FFI_BAD_TYPEDEF);
  int x = 1;
  void* av[] = {&x};
  ffi_arg r = 77;
  ffi_call(&cif, FFI_FN(addInts), &r, av);  // no stub: nothing happens, nothing crashes
  EXPECT_EQ(r, 77u);
}

// (The headers' layouts and values against the system libffi's headers: tests/dropin/layout_*.)
TEST(CApi, PredefinedTypesMatchLibffi) {
  const SysFfi* sys = SysFfi::get();
  if (!sys) GTEST_SKIP() << "system libffi not installed";
  std::vector<ffi_type*> ours = {&ffi_type_void,   &ffi_type_uint8,  &ffi_type_sint8,  &ffi_type_uint16,
                                 &ffi_type_sint16, &ffi_type_uint32, &ffi_type_sint32, &ffi_type_uint64,
                                 &ffi_type_sint64, &ffi_type_float,  &ffi_type_double, &ffi_type_longdouble,
                                 &ffi_type_pointer};
  if (SysFfi::kHasComplex) {
    ours.insert(ours.end(), {&ffi_type_complex_float, &ffi_type_complex_double, &ffi_type_complex_longdouble});
  }
  for (ffi_type* t : ours) {
    ffi_type* s = sys->map(t);
    ASSERT_NE(s, nullptr);
    ASSERT_NE(s, t);
    EXPECT_EQ(t->size, s->size) << t->type;
    EXPECT_EQ(t->alignment, s->alignment) << t->type;
    EXPECT_EQ(t->type, s->type);
  }
}

}  // namespace

// ---- jitffi's C extension: records (ffi.h, "jitffi extensions") ---------------------------------
// The oracle is the C++ compiler's own layout and calls of the same declarations (g++ lays out
// and passes them as gcc does).

struct Bits {
  unsigned a : 3, b : 5;
  signed char c;
};
struct __attribute__((packed)) PackedCI {
  char c;
  int i;
};
union FI {
  float f;
  int i;
};
extern "C" Bits bitsMix(Bits x, PackedCI p, FI u) {
  return Bits{unsigned(x.b + 1) & 7, unsigned(x.a + p.c) & 31, static_cast<signed char>(p.i + u.i)};
}

struct Records {
  ffi_type* bits = nullptr;
  ffi_type* packed = nullptr;
  ffi_type* fi = nullptr;
  Records() {
    ffi_type* bitEl[] = {&ffi_type_uint32, &ffi_type_uint32, &ffi_type_sint8, nullptr};
    const unsigned widths[] = {3, 5, JITFFI_NOT_BITFIELD};
    ffi_type* packedEl[] = {&ffi_type_sint8, &ffi_type_sint32, nullptr};
    ffi_type* fiEl[] = {&ffi_type_float, &ffi_type_sint32, nullptr};
    EXPECT_EQ(jitffi_type_bitfield_struct(&bits, bitEl, widths, 0), FFI_OK);
    EXPECT_EQ(jitffi_type_struct_packed(&packed, packedEl, 1), FFI_OK);
    EXPECT_EQ(jitffi_type_union(&fi, fiEl, 0), FFI_OK);
  }
  ~Records() {
    jitffi_type_free(bits);
    jitffi_type_free(packed);
    jitffi_type_free(fi);
  }
};

TEST(CApiRecords, LayoutsAreTheCompilers) {
  Records r;
  ASSERT_TRUE(r.bits && r.packed && r.fi);
  EXPECT_EQ(r.bits->type, JITFFI_TYPE_RECORD);
  EXPECT_EQ(r.bits->size, sizeof(Bits));
  EXPECT_EQ(r.bits->alignment, alignof(Bits));
  EXPECT_EQ(r.packed->size, sizeof(PackedCI));
  EXPECT_EQ(r.packed->alignment, alignof(PackedCI));
  EXPECT_EQ(r.fi->size, sizeof(FI));
  size_t offsets[3];
  ASSERT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, r.packed, offsets), FFI_OK);
  EXPECT_EQ(offsets[1], offsetof(PackedCI, i));
  // A bit-field's offset is the byte of its first bit; under Win64 (MSVC) c follows the unit.
  ASSERT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, r.bits, offsets), FFI_OK);
  EXPECT_EQ(offsets[2], offsetof(Bits, c));
#if defined(__x86_64__)
  ASSERT_EQ(ffi_get_struct_offsets(FFI_WIN64, r.bits, offsets), FFI_OK);
  EXPECT_EQ(offsets[2], 4u);
#endif
  // Nested in an ordinary struct, a record is laid out by its size and alignment.
  struct Outer {
    char c;
    Bits b;
  };
  ffi_type* outerEl[] = {&ffi_type_sint8, r.bits, nullptr};
  ffi_type outer = {0, 0, FFI_TYPE_STRUCT, outerEl};
  ASSERT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &outer, offsets), FFI_OK);
  EXPECT_EQ(offsets[1], offsetof(Outer, b));
  EXPECT_EQ(outer.size, sizeof(Outer));
}

// Called and closed over: the values gcc's own call passes.
TEST(CApiRecords, CallsAndClosures) {
  Records r;
  ffi_cif cif;
  ffi_type* args[] = {r.bits, r.packed, r.fi};
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 3, r.bits, args), FFI_OK);
  Bits x{5, 17, -3};
  PackedCI p{2, 1000};
  FI u;
  u.i = 7;
  void* av[] = {&x, &p, &u};
  Bits got{};
  ffi_call(&cif, FFI_FN(bitsMix), &got, av);
  const Bits want = bitsMix(x, p, u);
  EXPECT_EQ(got.a, want.a);
  EXPECT_EQ(got.b, want.b);
  EXPECT_EQ(got.c, want.c);

  void* code = nullptr;
  auto* closure = static_cast<ffi_closure*>(ffi_closure_alloc(sizeof(ffi_closure), &code));
  ASSERT_NE(closure, nullptr);
  auto handler = [](ffi_cif*, void* ret, void** a, void*) {
    *static_cast<Bits*>(ret) = bitsMix(*static_cast<Bits*>(a[0]), *static_cast<PackedCI*>(a[1]), *static_cast<FI*>(a[2]));
  };
  ASSERT_EQ(ffi_prep_closure_loc(closure, &cif, handler, nullptr, code), FFI_OK);
  const Bits viaClosure = reinterpret_cast<Bits (*)(Bits, PackedCI, FI)>(code)(x, p, u);
  EXPECT_EQ(viaClosure.a, want.a);
  EXPECT_EQ(viaClosure.b, want.b);
  EXPECT_EQ(viaClosure.c, want.c);
  ffi_closure_free(closure);
}

TEST(CApiRecords, BadInputIsBadTypedef) {
  ffi_type* out = &ffi_type_void;
  ffi_type* ints[] = {&ffi_type_sint32, &ffi_type_sint8, nullptr};
  ffi_type* floats[] = {&ffi_type_float, nullptr};
  ffi_type* empty[] = {nullptr};
  const unsigned tooWide[] = {33, JITFFI_NOT_BITFIELD};
  const unsigned onFloat[] = {3};
  const size_t inside[] = {JITFFI_NEXT_OFFSET, 2};
  EXPECT_EQ(jitffi_type_bitfield_struct(&out, ints, tooWide, 0), FFI_BAD_TYPEDEF);
  EXPECT_EQ(jitffi_type_bitfield_struct(&out, floats, onFloat, 0), FFI_BAD_TYPEDEF);
  EXPECT_EQ(jitffi_type_struct_packed(&out, ints, 3), FFI_BAD_TYPEDEF);
  EXPECT_EQ(jitffi_type_struct_packed(&out, ints, 0), FFI_BAD_TYPEDEF);
  EXPECT_EQ(jitffi_type_union(&out, ints, 6), FFI_BAD_TYPEDEF);
  EXPECT_EQ(jitffi_type_struct_at(&out, ints, inside, 0), FFI_BAD_TYPEDEF);
  EXPECT_EQ(jitffi_type_union(&out, empty, 0), FFI_BAD_TYPEDEF);
  EXPECT_EQ(jitffi_type_union(&out, nullptr, 0), FFI_BAD_TYPEDEF);
  EXPECT_EQ(jitffi_type_union(nullptr, ints, 0), FFI_BAD_TYPEDEF);
  EXPECT_EQ(jitffi_type_bitfield_struct(&out, ints, nullptr, 0), FFI_BAD_TYPEDEF);
  ffi_type* withVoid[] = {&ffi_type_sint32, &ffi_type_void, nullptr};
  EXPECT_EQ(jitffi_type_struct_packed(&out, withVoid, 1), FFI_BAD_TYPEDEF);
  EXPECT_EQ(out, &ffi_type_void);  // untouched
  // A type code of a record on an ffi_type no constructor made: refused, never read past.
  ffi_type forged = {8, 4, JITFFI_TYPE_RECORD, ints};
  ffi_cif cif;
  ffi_type* args[] = {&forged};
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, args), FFI_BAD_TYPEDEF);
  size_t offsets[2];
  EXPECT_EQ(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &forged, offsets), FFI_BAD_TYPEDEF);
  jitffi_type_free(&forged);  // not a record: left alone
  jitffi_type_free(nullptr);
  EXPECT_EQ(forged.type, JITFFI_TYPE_RECORD);
}
