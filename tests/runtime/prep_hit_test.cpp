// SPDX-License-Identifier: MIT
// ffi_prep_cif's cache hits (lib/runtime/prep_hit_p.h) return exactly what the full preparation
// returns. The oracle is the full preparation itself (internal::prepCif: the walk of the ffi_type
// graph, which builds the interface on a miss), run first: the hits (hitScalars, hitStructs)
// must then find the interface it put in the cif, or decline (null) where it failed, and
// ffi_prep_cif / ffi_prep_cif_var must leave the same status and the same cif, every field, and
// the same struct layouts. For the benchmark's signatures a-h (both conventions) and flat
// structs of scalars the hits must decide; nested structs, fresh ones and everything the full
// preparation refuses they must leave to it.
#include <gtest/gtest.h>

#include <ffi.h>

#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "../../lib/runtime/prep_hit_p.h"

namespace jitffi::internal {
namespace {

// The ffi_abi values of this architecture's ffitarget.h the tests prepare with: the default and
// FFI_WIN64 (x86-64's Microsoft convention, AArch64's Windows one) where there is one.
#if defined(__x86_64__) || defined(__aarch64__)
const int kAbis[] = {int(FFI_DEFAULT_ABI), int(FFI_WIN64)};
#else
const int kAbis[] = {int(FFI_DEFAULT_ABI)};
#endif

// A signature: its types, the ABI, variadic or not, and whether a hit must decide it.
struct Sig {
  std::string what;
  int abi = FFI_DEFAULT_ABI;
  ffi_type* ret = &ffi_type_void;
  std::vector<ffi_type*> args;
  bool variadic = false;
  unsigned nfixed = 0;
  bool mustHit = true;  // a shape the hits know (when the full preparation succeeds)
};

// Struct types that live as long as the test (their layouts are filled in by preparations).
class Structs {
 public:
  ffi_type* make(std::vector<ffi_type*> elements, size_t size = 0, unsigned short align = 0) {
    elements.push_back(nullptr);
    auto& e = elements_.emplace_back(std::move(elements));
    return &types_.emplace_back(ffi_type{size, align, FFI_TYPE_STRUCT, e.data()});
  }

 private:
  std::deque<std::vector<ffi_type*>> elements_;
  std::deque<ffi_type> types_;
};

struct Layouts {
  std::vector<std::pair<size_t, unsigned short>> v;
  bool operator==(const Layouts&) const = default;
};
Layouts layoutsOf(const Sig& s) {
  Layouts l;
  l.v.emplace_back(s.ret->size, s.ret->alignment);
  for (ffi_type* t : s.args) {
    if (t) l.v.emplace_back(t->size, t->alignment);
  }
  return l;
}

// The full preparation, then the hits, then the public entry point; every comparison.
void expectHitEqualsFull(Sig& s) {
  SCOPED_TRACE(s.what);
  const unsigned n = unsigned(s.args.size());
  const unsigned nfixed = s.variadic ? s.nfixed : n;
  ffi_type** const atypes = s.args.empty() ? nullptr : s.args.data();

  ffi_cif full;
  std::memset(&full, 0xA5, sizeof full);
  const ffi_status st = prepCif(&full, s.abi, s.variadic, nfixed, n, s.ret, atypes);
  const Layouts after = layoutsOf(s);

  const CallInterface* ci = hitScalars(s.abi, s.variadic, nfixed, n, s.ret, atypes);
  if (!ci) ci = hitStructs(s.abi, s.variadic, nfixed, n, s.ret, atypes);
  if (st == FFI_OK) {
    if (s.mustHit) {
      EXPECT_NE(ci, nullptr) << "the hits did not decide a shape they know";
    }
    if (ci) {
      EXPECT_EQ(ci, interfaceOf(&full)) << "a hit found another interface";
    }
  } else {
    EXPECT_EQ(ci, nullptr) << "a hit found an interface where the full preparation says " << int(st);
  }
  EXPECT_EQ(layoutsOf(s), after) << "a hit changed a layout";

  ffi_cif hit;
  std::memset(&hit, 0xA5, sizeof hit);  // (the same bytes: an error may leave the cif untouched)
  const ffi_status hst = s.variadic ? ffi_prep_cif_var(&hit, ffi_abi(s.abi), nfixed, n, s.ret, atypes)
                                    : ffi_prep_cif(&hit, ffi_abi(s.abi), n, s.ret, atypes);
  EXPECT_EQ(hst, st);
  EXPECT_EQ(std::memcmp(&hit, &full, sizeof hit), 0) << "ffi_prep_cif's cif differs from the full preparation's";
  EXPECT_EQ(layoutsOf(s), after);
}

ffi_type* repeat(std::vector<ffi_type*>& out, ffi_type* t, unsigned n) {
  out.assign(n, t);
  return t;
}

// The benchmark's signatures (bench/bench_cases.cpp).
std::vector<Sig> benchSignatures(Structs& st, int abi) {
  ffi_type* d2 = st.make({&ffi_type_double, &ffi_type_double});
  ffi_type* i3 = st.make({&ffi_type_sint64, &ffi_type_sint64, &ffi_type_sint64});
  std::vector<Sig> v;
  const std::string tag = abi != FFI_DEFAULT_ABI ? " (win64)" : "";
  v.push_back({"a void()" + tag, abi, &ffi_type_void, {}});
  v.push_back({"b int(int,int)" + tag, abi, &ffi_type_sint, {&ffi_type_sint, &ffi_type_sint}});
  Sig c{"c double(double x4)" + tag, abi, &ffi_type_double, {}};
  repeat(c.args, &ffi_type_double, 4);
  v.push_back(c);
  Sig d{"d int64(int64 x6)" + tag, abi, &ffi_type_sint64, {}};
  repeat(d.args, &ffi_type_sint64, 6);
  v.push_back(d);
  v.push_back({"e long(int, double, ptr, float, int64, double, int x4)" + tag, abi, &ffi_type_slong,
               {&ffi_type_sint, &ffi_type_double, &ffi_type_pointer, &ffi_type_float, &ffi_type_sint64,
                &ffi_type_double, &ffi_type_sint, &ffi_type_sint, &ffi_type_sint, &ffi_type_sint}});
  // f and g twice: the first preparation fills the struct layouts in, the second is the state
  // real clients are in.
  for (int pass = 0; pass < 2; ++pass) {
    v.push_back({"f D2(D2,D2)" + tag, abi, d2, {d2, d2}, false, 0, pass == 1});
    v.push_back({"g I3(I3)" + tag, abi, i3, {i3}, false, 0, pass == 1});
  }
  Sig h{"h int64(int64 x12)" + tag, abi, &ffi_type_sint64, {}};
  repeat(h.args, &ffi_type_sint64, 12);
  v.push_back(h);
  return v;
}

TEST(PrepHit, KeyWordIsTheKeyWritersBytes) {
  for (uint32_t abi = 0; abi < 3; ++abi) {
    for (bool variadic : {false, true}) {
      for (uint32_t fixed = 0; fixed < 0x80; fixed += 7) {
        for (uint32_t count = 0; count < 0x80; count += 5) {
          for (TypeKind ret : {TypeKind::kVoid, TypeKind::kI32, TypeKind::kF64, TypeKind::kPtr}) {
            alignas(8) uint8_t b[kMinKey] = {};  // (a key word is 8-aligned: loadAligned)
            RawKey key{b};
            keyHeader(key, Abi(abi), variadic, fixed, count);
            keyScalar(key, ret);
            ASSERT_EQ(keyWord(abi, variadic, fixed, count, ret), loadAligned<uint64_t>(b));
            alignas(8) uint8_t h[kMinKey] = {};
            std::memcpy(h, b, 4);
            ASSERT_EQ(uint64_t(keyHeaderWord(abi, variadic, fixed, count)), loadAligned<uint64_t>(h));
          }
        }
      }
    }
  }
}

TEST(PrepHit, BenchmarkSignatures) {
  Structs st;
  for (int abi : kAbis) {
    for (Sig& s : benchSignatures(st, abi)) expectHitEqualsFull(s);
  }
}

TEST(PrepHit, VariadicAndArgumentCounts) {
  Structs st;
  std::vector<Sig> v;
  v.push_back({"int(int, ...) with 3", FFI_DEFAULT_ABI, &ffi_type_sint,
               {&ffi_type_sint, &ffi_type_double, &ffi_type_pointer}, true, 1});
  v.push_back({"void(ptr, ...) with 6", FFI_DEFAULT_ABI, &ffi_type_void,
               {&ffi_type_pointer, &ffi_type_sint, &ffi_type_sint, &ffi_type_double, &ffi_type_sint64,
                &ffi_type_pointer},
               true, 1});
  // Variadic float is refused (the caller must promote): no hit either.
  v.push_back({"int(int, float...)", FFI_DEFAULT_ABI, &ffi_type_sint, {&ffi_type_sint, &ffi_type_float}, true, 1});
  // Key lengths around every boundary of the hits: one word (3 arguments), two (11), three
  // (19), beyond (20, 40, 63), and 64 arguments, which the hits leave to the full preparation.
  for (unsigned n : {3u, 4u, 11u, 12u, 19u, 20u, 40u, 63u, 64u}) {
    Sig s{"i32(i64 x" + std::to_string(n) + ")", FFI_DEFAULT_ABI, &ffi_type_sint32, {}};
    for (unsigned i = 0; i < n; ++i) s.args.push_back(i % 3 ? &ffi_type_sint64 : &ffi_type_double);
    s.mustHit = n < 64;
    v.push_back(s);
  }
  for (Sig& s : v) expectHitEqualsFull(s);
}

TEST(PrepHit, StructShapes) {
  Structs st;
  ffi_type* d2 = st.make({&ffi_type_double, &ffi_type_double});
  ffi_type* d2b = st.make({&ffi_type_double, &ffi_type_double});  // the same layout, another node
  ffi_type* ci = st.make({&ffi_type_sint8, &ffi_type_sint});
  ffi_type* one = st.make({&ffi_type_sint16});
  ffi_type* nested = st.make({&ffi_type_sint, d2});
  ffi_type* ld = st.make({&ffi_type_sint8, &ffi_type_longdouble});
  ffi_type* padded = st.make({&ffi_type_sint}, 16, 8);       // a caller-set layout, larger
  ffi_type* packed = st.make({&ffi_type_sint8, &ffi_type_sint}, 5, 1);  // smaller
  ffi_type* natural0 = st.make({&ffi_type_sint, &ffi_type_double}, 16, 0);  // alignment 0: natural
  ffi_type* oddAlign = st.make({&ffi_type_sint}, 12, 3);     // refused
  ffi_type voidCopy = ffi_type_void;
  voidCopy.size = 0;
  ffi_type* zeroElement = st.make({&ffi_type_sint, &voidCopy});  // refused
  // Shapes a hit could mistake for cached ones: an over-aligned D2 (natural size, not natural
  // alignment), and {int, int} next to {int, a size-0 copy of int} (refused).
  ffi_type* overAligned = st.make({&ffi_type_double, &ffi_type_double}, 16, 16);
  ffi_type intCopy = ffi_type_sint;
  intCopy.size = 0;
  ffi_type* ii = st.make({&ffi_type_sint, &ffi_type_sint});
  ffi_type* zeroInt = st.make({&ffi_type_sint, &intCopy}, 8, 4);  // refused (a layout as if filled in)
  ffi_type* voidElement = st.make({&ffi_type_sint, &ffi_type_void});  // refused
  ffi_type* empty = st.make({}, 4, 4);                        // refused
  std::vector<ffi_type*> many(65, &ffi_type_sint8);
  ffi_type* wide = st.make(many);                             // more elements than the hit takes
  std::vector<ffi_type*> distinct;
  for (int i = 0; i < 9; ++i) distinct.push_back(st.make({&ffi_type_sint, &ffi_type_float}));

  std::vector<Sig> v;
  for (int abi : kAbis) {
    const std::string tag = abi != FFI_DEFAULT_ABI ? " (win64)" : "";
    for (int pass = 0; pass < 2; ++pass) {  // fresh structs, then filled in
      const bool known = pass == 1;
      v.push_back({"D2(D2, D2b)" + tag, abi, d2, {d2, d2b}, false, 0, known});
      v.push_back({"void(D2, CI, D2, CI)" + tag, abi, &ffi_type_void, {d2, ci, d2, ci}, false, 0, known});
      v.push_back({"int(int, D2) (short, meets the struct)" + tag, abi, &ffi_type_sint,
                   {&ffi_type_sint, d2}, false, 0, known});
      v.push_back({"int(int x4, D2) (long, meets the struct)" + tag, abi, &ffi_type_sint,
                   {&ffi_type_sint, &ffi_type_sint, &ffi_type_sint, &ffi_type_sint, d2}, false, 0, known});
      v.push_back({"ONE() (a key padded to 8 bytes)" + tag, abi, one, {}, false, 0, known});
      v.push_back({"LD(LD) (long double: the ABI's layout)" + tag, abi, ld, {ld}, false, 0, known});
      v.push_back({"void(PADDED, PACKED, NATURAL0)" + tag, abi, &ffi_type_void, {padded, packed, natural0},
                   false, 0, known});
      v.push_back({"CI(int, ...) with CI" + tag, abi, ci, {&ffi_type_sint, ci}, true, 1, known});
      Sig all{"void(9 distinct structs)" + tag, abi, &ffi_type_void, distinct, false, 0, false};
      v.push_back(all);
      v.push_back({"void(NESTED)" + tag, abi, &ffi_type_void, {nested}, false, 0, false});
      v.push_back({"NESTED(D2)" + tag, abi, nested, {d2}, false, 0, false});
      v.push_back({"void(WIDE)" + tag, abi, &ffi_type_void, {wide}, false, 0, false});
      v.push_back({"void(ODDALIGN)" + tag, abi, &ffi_type_void, {oddAlign}, false, 0, false});
      v.push_back({"void(ZEROELEMENT)" + tag, abi, &ffi_type_void, {zeroElement}, false, 0, false});
      v.push_back({"D2(D2) then D2(OVERALIGNED)" + tag, abi, d2, {d2}, false, 0, known});
      v.push_back({"D2(OVERALIGNED)" + tag, abi, d2, {overAligned}, false, 0, known});
      v.push_back({"void(II) then void(ZEROINT)" + tag, abi, &ffi_type_void, {ii}, false, 0, known});
      v.push_back({"void(ZEROINT)" + tag, abi, &ffi_type_void, {zeroInt}, false, 0, false});
      v.push_back({"void(VOIDELEMENT)" + tag, abi, &ffi_type_void, {voidElement}, false, 0, false});
      v.push_back({"void(EMPTY)" + tag, abi, &ffi_type_void, {empty}, false, 0, false});
    }
  }
  for (Sig& s : v) expectHitEqualsFull(s);

  // A fresh struct (size 0) of a shape whose signature is cached: the hit leaves it to the full
  // preparation, which fills its layout in (and finds the same interface).
  ffi_type* fresh = st.make({&ffi_type_double, &ffi_type_double});
  ffi_type* args[] = {fresh, fresh};
  EXPECT_EQ(hitStructs(FFI_DEFAULT_ABI, false, 2, 2, fresh, args), nullptr);
  EXPECT_EQ(fresh->size, 0u);
  Sig f{"fresh D2(D2, D2)", FFI_DEFAULT_ABI, fresh, {fresh, fresh}};
  expectHitEqualsFull(f);
  EXPECT_EQ(fresh->size, 16u);
}

TEST(PrepHit, WhatTheFullPreparationRefuses) {
  Structs st;
  ffi_type voidCopy = ffi_type_void;
  voidCopy.size = 0;
  ffi_type bogus = {4, 4, 99, nullptr};
  std::vector<Sig> v;
  v.push_back({"size-0 void copy as the return type", FFI_DEFAULT_ABI, &voidCopy, {&ffi_type_sint}});
  v.push_back({"unknown type code", FFI_DEFAULT_ABI, &ffi_type_sint, {&bogus}});
  ffi_type intCopy = ffi_type_sint;
  intCopy.size = 0;
  v.push_back({"size-0 copy of int as an argument", FFI_DEFAULT_ABI, &ffi_type_sint, {&ffi_type_sint, &intCopy}});
  v.push_back({"size-0 copy of int as an argument, long", FFI_DEFAULT_ABI, &ffi_type_sint,
               {&ffi_type_sint, &ffi_type_sint, &ffi_type_sint, &ffi_type_sint, &intCopy}});
  v.push_back({"null argument type", FFI_DEFAULT_ABI, &ffi_type_sint, {&ffi_type_sint, nullptr}});
  v.push_back({"null argument type, long", FFI_DEFAULT_ABI, &ffi_type_sint,
               {&ffi_type_sint, &ffi_type_sint, &ffi_type_sint, &ffi_type_sint, nullptr}});
  v.push_back({"bad ABI", 0, &ffi_type_sint, {&ffi_type_sint}});
  v.push_back({"bad ABI, high", FFI_LAST_ABI, &ffi_type_sint, {&ffi_type_sint}});
  v.push_back({"more fixed than total", FFI_DEFAULT_ABI, &ffi_type_sint, {&ffi_type_sint}, true, 2});
  // The same signatures with real types prepared first: a hit that overlooked the defect would
  // find their interfaces.
  ffi_cif cached;
  ffi_type* realArgs[] = {&ffi_type_sint, &ffi_type_sint, &ffi_type_sint, &ffi_type_sint, &ffi_type_sint};
  ASSERT_EQ(ffi_prep_cif(&cached, FFI_DEFAULT_ABI, 1, &ffi_type_void, realArgs), FFI_OK);
  ASSERT_EQ(ffi_prep_cif(&cached, FFI_DEFAULT_ABI, 2, &ffi_type_sint, realArgs), FFI_OK);
  ASSERT_EQ(ffi_prep_cif(&cached, FFI_DEFAULT_ABI, 5, &ffi_type_sint, realArgs), FFI_OK);
  ASSERT_EQ(ffi_prep_cif_var(&cached, FFI_DEFAULT_ABI, 1, 1, &ffi_type_sint, realArgs), FFI_OK);
  for (Sig& s : v) {
    s.mustHit = false;
    expectHitEqualsFull(s);
  }
  // A null return type, a null argument array, a null cif.
  ffi_cif cif;
  ffi_type* one[] = {&ffi_type_sint};
  EXPECT_EQ(hitScalars(FFI_DEFAULT_ABI, false, 1, 1, nullptr, one), nullptr);
  EXPECT_EQ(hitStructs(FFI_DEFAULT_ABI, false, 1, 1, nullptr, one), nullptr);
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, nullptr, one), FFI_BAD_TYPEDEF);
  EXPECT_EQ(hitScalars(FFI_DEFAULT_ABI, false, 1, 1, &ffi_type_sint, nullptr), nullptr);
  EXPECT_EQ(hitStructs(FFI_DEFAULT_ABI, false, 1, 1, &ffi_type_sint, nullptr), nullptr);
  EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, nullptr), FFI_BAD_TYPEDEF);
  ASSERT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, one), FFI_OK);  // cached
  EXPECT_EQ(ffi_prep_cif(nullptr, FFI_DEFAULT_ABI, 1, &ffi_type_sint, one), FFI_BAD_TYPEDEF);
  EXPECT_EQ(ffi_prep_cif_var(nullptr, FFI_DEFAULT_ABI, 1, 1, &ffi_type_sint, one), FFI_BAD_TYPEDEF);
}

// Many short signatures: the table grows past its first sizes and keys meet in slots, so the
// hit's first probe misses some (ffi_prep_cif then probes on, out of line).
TEST(PrepHit, ManySignatures) {
  ffi_type* const kinds[] = {&ffi_type_void,   &ffi_type_uint8,  &ffi_type_sint16, &ffi_type_uint32,
                             &ffi_type_sint32, &ffi_type_uint64, &ffi_type_float,  &ffi_type_double,
                             &ffi_type_pointer, &ffi_type_longdouble};
  std::vector<Sig> v;
  for (ffi_type* r : kinds) {
    for (ffi_type* a : kinds) {
      if (a == &ffi_type_void) continue;
      for (ffi_type* b : kinds) {
        if (b == &ffi_type_void) continue;
        v.push_back({"many", FFI_DEFAULT_ABI, r, {a, b}});
      }
    }
  }
  for (Sig& s : v) expectHitEqualsFull(s);
  // Then all of them again, every one cached now.
  for (Sig& s : v) expectHitEqualsFull(s);
}

// A struct's key holds its layout (interface_cache_p.h): in the C API a layout given equal to the
// natural one is the natural one's interface (libffi takes it so), any other layout another
// interface, also through the struct hit, which writes the layout an ffi_type holds and marks it
// given only when its first guess, the natural one, finds nothing. In the C++ API a layout given
// explicitly is a signature of its own even when it equals the natural one: classification treats
// its members as placed by the caller, which can pass it differently (a packed record inside:
// in memory when natural, in a register when given).
TEST(PrepHit, AStructsKeyIsItsLayout) {
  Structs st;
  ffi_type* natural = st.make({&ffi_type_sint32, &ffi_type_double});
  ffi_type* givenNatural = st.make({&ffi_type_sint32, &ffi_type_double}, 16, 8);
  ffi_type* sizeOnly = st.make({&ffi_type_sint32, &ffi_type_double}, 16, 0);
  ffi_type* padded = st.make({&ffi_type_sint32, &ffi_type_double}, 32, 8);
  auto prep = [](ffi_type* t) {
    ffi_cif cif;
    ffi_type* args[] = {t};
    EXPECT_EQ(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, args), FFI_OK);
    return interfaceOf(&cif);
  };
  const CallInterface* n = prep(natural);
  EXPECT_EQ(prep(natural), n);  // (the hit, now that its layout is filled in)
  EXPECT_EQ(prep(givenNatural), n);
  EXPECT_EQ(prep(sizeOnly), n);
  const CallInterface* p = prep(padded);
  EXPECT_NE(p, n);
  EXPECT_EQ(p->plan().args[0].size, 32u);

  const Abi abi = abiOfValidFfi(FFI_DEFAULT_ABI);
  auto get = [abi](const char* text) {
    auto sig = Signature::parse(text, abi);
    EXPECT_TRUE(sig.ok()) << text;
    auto ci = CallInterface::get(*sig, abi);
    EXPECT_TRUE(ci.ok()) << text;
    return ci.ok() ? *ci : nullptr;
  };
  EXPECT_EQ(prep(padded), p);  // (the hit: its second guess)
  EXPECT_EQ(get("void({i32,f64})"), n);
  EXPECT_EQ(get("void({i32,f64}#32:8)"), p);
  EXPECT_NE(get("void({i32,f64}#16:8)"), n);
  EXPECT_NE(get("void({i32,f64}#16:16)"), n);
  // Either made first, each spelling gets its own interface.
  for (const char* ret : {"void", "i32"}) {
    const std::string natural = std::string(ret) + "({packed{i8,i32}})";
    const std::string given = std::string(ret) + "({packed{i8,i32}}#5:1)";
    const bool naturalFirst = ret[0] == 'v';
    const CallInterface* a = get((naturalFirst ? natural : given).c_str());
    const CallInterface* b = get((naturalFirst ? given : natural).c_str());
    ASSERT_TRUE(a && b);
    EXPECT_NE(a, b);
    EXPECT_EQ(a->signature().toText(), naturalFirst ? natural : given);
    EXPECT_EQ(b->signature().toText(), naturalFirst ? given : natural);
  }
}

}  // namespace
}  // namespace jitffi::internal
