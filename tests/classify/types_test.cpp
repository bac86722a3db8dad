// SPDX-License-Identifier: MIT
// Types, layouts and the signature text form.
#include <gtest/gtest.h>

#include "jitffi/plan.h"
#include "jitffi/signature.h"
#include "jitffi/type.h"

namespace jitffi {
namespace {

struct LayoutRow {
  const char* type;
  uint64_t size;
  uint32_t align;
  uint64_t sizeAsDouble;  // with long double as double (win64, apple-arm64)
};

// Checked against gcc's sizeof/_Alignof for the equivalent C types.
const LayoutRow kLayouts[] = {
    {"i8", 1, 1, 1},
    {"u16", 2, 2, 2},
    {"i32", 4, 4, 4},
    {"f64", 8, 8, 8},
    {"ptr", 8, 8, 8},
    {"i128", 16, 16, 16},
    {"ld", 16, 16, 8},
    {"c32", 8, 4, 8},
    {"c64", 16, 8, 16},
    {"cld", 32, 16, 16},
    {"{}", 0, 1, 0},
    {"{i8}", 1, 1, 1},
    {"{i8,f64}", 16, 8, 16},
    {"{i8,i8,i8,i8,i8,f32}", 12, 4, 12},
    {"{i8[5],f32}", 12, 4, 12},
    {"{i8,{i16,i8},i32}", 12, 4, 12},
    {"{i8,ld}", 32, 16, 16},
    {"{i8,i128}", 32, 16, 32},
    {"{c32,i8}", 12, 4, 12},
    {"{{},i32}", 4, 4, 4},
    {"{i32}#16:8", 16, 8, 16},
    // Arrays (gcc 12): zero-length ones keep their alignment, arrays of arrays, of empty structs.
    {"{i8[0],i32}", 4, 4, 4},
    {"{i8,i32[0]}", 4, 4, 4},
    {"{i8[2][3]}", 6, 1, 6},
    {"{f64[2][1]}", 16, 8, 16},
    {"{{}[1000],i32}", 4, 4, 4},
    {"{{f32,f32}[2]}", 16, 4, 16},
    {"{{i8}[3],f32}", 8, 4, 8},
    {"{i32,{}[5],f32}", 8, 4, 8},
    {"{{i16[3]}[2]}", 12, 2, 12},
    {"{ld[0],i8}", 16, 16, 8},
    // Explicit layouts as libffi takes them: ctypes' `struct {char name[32]; int id;}`, a packed
    // struct, a union.
    {"{ptr,i32}#36:4", 36, 4, 36},
    {"{i8,i32}#5:1", 5, 1, 5},
    {"{f64,i32}#8:8", 8, 8, 8},
    // Complex integers (gcc 12: struct of two parts) and vectors (gcc's vector_size; aligned to
    // their size up to 16, as aarch64 gcc and libffi 3.8 lay them out).
    {"ci8", 2, 1, 2},
    {"cu16", 4, 2, 4},
    {"ci32", 8, 4, 8},
    {"cu64", 16, 8, 16},
    {"ci128", 32, 16, 32},
    {"{i8,ci16}", 6, 2, 6},
    {"f32x2", 8, 8, 8},
    {"i8x16", 16, 16, 16},
    {"f64x4", 32, 16, 32},
    {"u8x64", 64, 16, 64},
    {"{i8,f32x4}", 32, 16, 32},
    {"{f32x2,i32}", 16, 8, 16},
};

TEST(Types, ComplexIntegersAndVectors) {
  EXPECT_EQ(Type::complexOf(TypeKind::kU16).kind(), TypeKind::kComplexU16);
  EXPECT_EQ(Type::complexOf(TypeKind::kF64).kind(), TypeKind::kComplexF64);
  EXPECT_EQ(complexPart(TypeKind::kComplexI128), TypeKind::kI128);
  EXPECT_EQ(complexKind(TypeKind::kPtr), TypeKind::kVoid);
  EXPECT_TRUE(Type::complexOf(TypeKind::kI8).isComplex());
  EXPECT_FALSE(Type::complexOf(TypeKind::kI8).isInteger());

  const Type v = Type::vectorOf(Type::f32(), 4);
  EXPECT_TRUE(v.isVector());
  EXPECT_EQ(v.toText(), "f32x4");
  EXPECT_EQ(v.element(), Type::f32());
  EXPECT_EQ(v.arrayLength(), 4u);
  EXPECT_EQ(v.largestVector(), 16u);
  EXPECT_EQ(Type::structOf({Type::i8(), Type::arrayOf(Type::structOf({Type::vectorOf(Type::u8(), 32)}), 2)}).largestVector(), 32u);
  EXPECT_EQ(Type::structOf({Type::i8(), Type::complexOf(TypeKind::kI64)}).largestVector(), 0u);
  EXPECT_EQ(v, *Signature::parseType("f32x4"));
  EXPECT_EQ(Type::vectorOf(Type::u8(), 16), *Signature::parseType("uint8_tx16"));  // a lane's alias
  EXPECT_FALSE(v == Type::vectorOf(Type::i32(), 4));
  for (const char* bad : {"f32x3", "f32x1", "i8x4", "f64x16", "i128x2", "ldx2", "ptrx2", "c32x2", "f32x", "f32x4x2"}) {
    EXPECT_FALSE(Signature::parseType(bad).ok()) << bad;
  }
  EXPECT_FALSE(Type::validVector(Type::f32(), 0));
  EXPECT_FALSE(Type::validVector(Type::structOf({Type::f32()}), 4));
  EXPECT_TRUE(Type::validVector(Type::u64(), 8));
}

TEST(Types, LayoutMatchesGcc) {
  for (const LayoutRow& row : kLayouts) {
    auto t = Signature::parseType(row.type);
    ASSERT_TRUE(t.ok()) << row.type << ": " << t.error().toString();
    EXPECT_EQ(t->layout(Abi::kSysV64).size, row.size) << row.type;
    EXPECT_EQ(t->layout(Abi::kSysV64).align, row.align) << row.type;
    EXPECT_EQ(t->layout(Abi::kWin64).size, row.sizeAsDouble) << row.type;
  }
}

TEST(Types, FieldOffsets) {
  auto t = Signature::parseType("{i8,f64,i16,{i8,i32},ld}");
  ASSERT_TRUE(t.ok());
  auto off = t->fieldOffsets(Abi::kSysV64);
  ASSERT_EQ(off.size(), 5u);
  EXPECT_EQ(off[0], 0u);
  EXPECT_EQ(off[1], 8u);
  EXPECT_EQ(off[2], 16u);
  EXPECT_EQ(off[3], 20u);
  EXPECT_EQ(off[4], 32u);
  EXPECT_EQ(t->layout(Abi::kSysV64).size, 48u);
  auto offd = t->fieldOffsets(Abi::kWin64);
  EXPECT_EQ(offd[4], 32u);
  EXPECT_EQ(t->layout(Abi::kWin64).size, 40u);
}

TEST(Types, StructuralEquality) {
  EXPECT_EQ(*Signature::parseType("{i32,{f32,f32}}"), *Signature::parseType("{int,{float,float}}"));
  EXPECT_NE(*Signature::parseType("{i32,f32}"), *Signature::parseType("{f32,i32}"));
  EXPECT_NE(*Signature::parseType("{i32}"), *Signature::parseType("{i32}#8:4"));
  EXPECT_EQ(Type::structOf({Type::arrayOf(Type::i8(), 2)}), *Signature::parseType("{i8[2]}"));
  EXPECT_EQ(*Signature::parseType("{i8[2][3]}"), *Signature::parseType("{i8[2][3]}"));
  EXPECT_NE(*Signature::parseType("{i8[2][3]}"), *Signature::parseType("{i8[3][2]}"));
  // An array is a member of its own, not the same number of separate fields; the two describe
  // the same C layout and are passed the same way under every ABI.
  const Type arrays = *Signature::parseType("{i8[2]}");
  const Type fields = Type::structOf({Type::i8(), Type::i8()});
  EXPECT_NE(arrays, fields);
  for (int a = 0; a < kAbiCount; ++a) {
    const Abi abi = Abi(a);
    EXPECT_EQ(arrays.layout(abi).size, fields.layout(abi).size);
    EXPECT_EQ(arrays.layout(abi).align, fields.layout(abi).align);
    auto pa = classify(Signature(arrays, {arrays}), abi);
    auto pf = classify(Signature(fields, {fields}), abi);
    ASSERT_EQ(pa.ok(), pf.ok()) << abiName(abi);
    if (pa.ok()) {
      EXPECT_EQ(formatPlan(*pa), formatPlan(*pf)) << abiName(abi);
    }
  }
}

TEST(Signatures, RoundTrip) {
  const char* kCanonical[] = {
      "void()",
      "i32(f64, ptr, {f32,f32}, ...)",
      "i32(ptr, ..., f64, i32)",
      "i32(..., f64)",
      "{i8,{f64,ld}}(c32, c64, cld, i128, u128)",
      "u8({}, {i32}#16:8)",
      "union{f32,i32}(packed{i8,i32}, pack(2) union{i8[3],i16}, {u32:3,u32:5,i8,i64:0}, {i8,{i32,i8}@1,i16})",
  };
  for (const char* text : kCanonical) {
    auto s = Signature::parse(text);
    ASSERT_TRUE(s.ok()) << text << ": " << s.error().toString();
    EXPECT_EQ(s->toText(), text);
  }
}

TEST(Signatures, AliasesAndWhitespace) {
  auto s = Signature::parse(" long ( int , double, void* , char*, unsigned_nope )");
  EXPECT_FALSE(s.ok());
  // C's long and char as x86-64 System V has them (c_types_test: under every ABI).
  auto t = Signature::parse("long(int, double, void*, {char[3], float})", Abi::kSysV64);
  ASSERT_TRUE(t.ok()) << t.error().toString();
  EXPECT_EQ(t->toText(), "i64(i32, f64, ptr, {i8[3],f32})");
  auto v = Signature::parse("void(void)");
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->args.empty());
}

TEST(Signatures, Variadic) {
  auto s = Signature::parse("i32(ptr, ..., f64, i32)");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->variadic);
  EXPECT_EQ(s->fixedCount, 1u);
  EXPECT_EQ(s->args.size(), 3u);
}

struct ParseErrorRow {
  const char* text;
  const char* message;  // expected Error::message()
};

const ParseErrorRow kParseErrors[] = {
    {"", "at position 0: expected a type (i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 ld ptr "
         "c32 c64 cld ci8..cu128, a vector like f32x4, void or {...}), found end of input"},
    {"i32", "at position 3: expected '(', found end of input"},
    {"i32(i32", "at position 7: expected ',' or ')', found end of input"},
    {"i32(i32 x)", "at position 8: expected ',' or ')', found 'x)'"},
    {"i33()", "at position 0: expected a type (i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 ld "
              "ptr c32 c64 cld ci8..cu128, a vector like f32x4, void or {...}), found 'i33()'"},
    {"i32(void, i32)", "at position 4: expected an argument type (void is not one), found 'void, i32)'"},
    {"i32({i32,void})", "at position 9: expected a member type (void is not one), found 'void})'"},
    {"i32({f32[x]})", "at position 9: expected an array length, found 'x]})'"},
    {"i32(..., ...)", "at position 12: expected a type (only one '...' is allowed), found ')'"},
    {"i32() junk", "at position 6: expected end of input, found 'junk'"},
    {"i32({i64}#0:8)", "at position 13: expected an explicit layout of a size of at least 1 and a "
                       "power-of-two alignment, found ')'"},
    {"i32({i64}#16:12)", "at position 15: expected an explicit layout of a size of at least 1 and a "
                         "power-of-two alignment, found ')'"},
    {"i32({i8[99999999999999999999]})", "at position 8: expected an array length, found "
                                        "'999999999999'"},
    {"i32({i8[2})", "at position 9: expected ']', found '})'"},
};

TEST(Signatures, ParseErrorsNamePositionAndExpectation) {
  for (const ParseErrorRow& row : kParseErrors) {
    auto s = Signature::parse(row.text);
    ASSERT_FALSE(s.ok()) << row.text;
    EXPECT_EQ(s.error().status(), Status::kParseError);
    EXPECT_EQ(s.error().message(), row.message) << row.text;
  }
}

// Records: layouts per ABI. Each row was compiled: gcc x86-64 (sysv-x64), gcc with
// __attribute__((ms_struct)) and #pragma pack (win64: MSVC's bit-field layout), aarch64 gcc
// (aapcs64); the layout oracle (tests/abi_oracle, gen_layout_oracle) checks these and hundreds
// of random records on every build.
struct RecordLayoutRow {
  const char* type;
  Layout sysv, win64, aapcs64;
  const char* bitOffsets;  // sysv-x64's bit offset of each member, "0,3,8"
};

const RecordLayoutRow kRecordLayouts[] = {
    {"{u32:3,u32:5,i8}", {4, 4}, {8, 4}, {4, 4}, "0,3,8"},
    {"{i8,i32:0,i8}", {5, 1}, {2, 1}, {8, 4}, "0,32,32"},
    {"{i8:4,i16:0,i8}", {3, 1}, {4, 2}, {4, 2}, "0,16,16"},
    {"{i8,i16:9,i8:7,i32:17}", {8, 4}, {12, 4}, {8, 4}, "0,16,25,32"},
    {"{i8,i64:3,i8:2,i16:3}", {8, 8}, {24, 8}, {8, 8}, "0,8,11,13"},
    {"packed{i8,i32:20,i32:20}", {6, 1}, {9, 1}, {6, 1}, "0,8,28"},
    {"pack(2){i8,i32:20,i32:20,i8}", {8, 2}, {12, 2}, {8, 2}, "0,8,28,48"},
    {"packed{i8,i32}", {5, 1}, {5, 1}, {5, 1}, "0,8"},
    {"pack(2){i8,f64,i16}", {12, 2}, {12, 2}, {12, 2}, "0,16,80"},
    {"union{i8,f64}", {8, 8}, {8, 8}, {8, 8}, "0,0"},
    {"packed union{i8[5],i32}", {5, 1}, {5, 1}, {5, 1}, "0,0"},
    {"{i8,i32@5,i8}", {10, 1}, {10, 1}, {10, 1}, "0,40,72"},
    {"{i8,i32@8}", {12, 4}, {12, 4}, {12, 4}, "0,64"},
};

TEST(Records, LayoutsPerAbi) {
  for (const RecordLayoutRow& row : kRecordLayouts) {
    auto t = Signature::parseType(row.type);
    ASSERT_TRUE(t.ok()) << row.type << ": " << t.error().toString();
    EXPECT_TRUE(t->isRecord()) << row.type;
    EXPECT_EQ(t->toText(), row.type);
    for (auto [abi, want] : {std::pair{Abi::kSysV64, row.sysv}, std::pair{Abi::kWin64, row.win64},
                             std::pair{Abi::kAapcs64, row.aapcs64}}) {
      EXPECT_EQ(t->layout(abi).size, want.size) << row.type << " under " << abiName(abi);
      EXPECT_EQ(t->layout(abi).align, want.align) << row.type << " under " << abiName(abi);
    }
    std::string bits;
    for (size_t i = 0; i < t->fields().size(); ++i) {
      bits += (i ? "," : "") + std::to_string(t->fieldBitOffset(i, Abi::kSysV64));
    }
    EXPECT_EQ(bits, row.bitOffsets) << row.type;
  }
}

TEST(Records, CppApiMatchesTextForm) {
  auto bf = Type::record({Field::bitField(Type::u32(), 3), Field::bitField(Type::u32(), 5), Type::i8()});
  ASSERT_TRUE(bf.ok());
  EXPECT_EQ(*bf, *Signature::parseType("{u32:3,u32:5,i8}"));
  EXPECT_EQ(Type::unionOf({Type::f32(), Type::i32()}), *Signature::parseType("union{f32,i32}"));
  EXPECT_EQ(Type::packedStructOf({Type::i8(), Type::i32()}), *Signature::parseType("packed{i8,i32}"));
  EXPECT_EQ(Type::packedStructOf({Type::i8(), Type::i32()}, 2), *Signature::parseType("pack(2){i8,i32}"));
  auto at = Type::record({Type::i8(), Field::at(Type::i32(), 8)});
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(*at, *Signature::parseType("{i8,i32@8}"));
  // A record is not the plain struct of the same members, nor a union the struct.
  EXPECT_NE(Type::packedStructOf({Type::i8(), Type::i32()}), Type::structOf({Type::i8(), Type::i32()}));
  EXPECT_NE(Type::unionOf({Type::i8(), Type::i32()}), Type::structOf({Type::i8(), Type::i32()}));
  EXPECT_NE(*Signature::parseType("{u32:3}"), *Signature::parseType("{u32:4}"));
  // `union tag*` and a typedef-like word are still what they were.
  EXPECT_EQ(*Signature::parseType("union sigval*"), Type::ptr());
}

TEST(Records, BadDescriptionsAreErrors) {
  struct Bad {
    std::vector<Field> fields;
    RecordOptions options;
    const char* why;
  };
  const Bad kBad[] = {
      {{Field::bitField(Type::u8(), 9)}, {}, "wider than its type"},
      {{Field::bitField(Type::f32(), 3)}, {}, "integer type"},
      {{Field::bitField(Type::ptr(), 3)}, {}, "integer type"},
      {{Field::bitField(Type::structOf({Type::i32()}), 3)}, {}, "integer type"},
      {{Type::i32()}, {.pack = 3}, "pack 3"},
      {{Type::i32()}, {.pack = 32}, "pack 32"},
      {{Field::bitField(Type::i32(), 3), Type::i8()}, {.isUnion = true}, "union"},
      {{Type::i32(), Field::at(Type::i8(), 2)}, {}, "inside the member before it"},
      {{Type::longDouble(), Field::at(Type::i8(), 8)}, {}, "inside the member before it"},  // under SysV
      {{Field::at(Type::i8(), 2)}, {.isUnion = true}, "union member"},
      {{Field::bitField(Type::i32(), 3), Field::at(Type::i8(), 4)}, {}, "after a bit-field"},
      {{Field::bitField(Type::i32(), 0)}, {}, "no named member"},
      {{Type::void_()}, {}, "void"},
  };
  for (const Bad& b : kBad) {
    auto t = Type::record(b.fields, b.options);
    ASSERT_FALSE(t.ok()) << b.why;
    EXPECT_EQ(t.error().status(), Status::kBadTypedef) << b.why;
    EXPECT_NE(t.error().message().find(b.why), std::string::npos) << t.error().message();
  }
  // The text form says the same, as parse errors.
  for (const char* text : {"{u8:9}", "{f32:3}", "pack(3){i32}", "union{i32:3}", "{i32,i8@2}", "{i32:0}",
                           "pack(0){i32}", "{i8:129}", "packed{i8}#8:1"}) {
    auto t = Signature::parseType(text);
    ASSERT_FALSE(t.ok()) << text;
    EXPECT_EQ(t.error().status(), Status::kParseError) << text;
  }
}

TEST(Signatures, DepthLimit) {
  std::string deep = "void(";
  for (int i = 0; i < 100; ++i) deep += "{";
  deep += "i32";
  for (int i = 0; i < 100; ++i) deep += "}";
  deep += ")";
  auto s = Signature::parse(deep);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("nesting too deep"), std::string::npos);
}

}  // namespace
}  // namespace jitffi
