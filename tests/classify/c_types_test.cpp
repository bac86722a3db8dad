// SPDX-License-Identifier: MIT
// The text form's C spellings under each ABI (c_spellings.h: every spelling with the jitffi type
// it reads as; gen_c_types_oracle checks the same rows against each ABI's C compiler), in
// signatures and structs, the spellings that are no C type, and how the tool learns which types
// were written as C strings.
#include <gtest/gtest.h>

#include <string>

#include "../../lib/classify/parse_p.h"
#include "c_spellings.h"
#include "jitffi/plan.h"
#include "jitffi/signature.h"

namespace jitffi {
namespace {

using test::kCSpellings;

TEST(CSpellings, ColumnsAreInAbiOrder) {
  const char* kColumns[] = {"sysv-x64", "win64", "gnuw64", "aapcs64", "apple-arm64", "win-arm64", "rv64"};
  static_assert(std::size(kColumns) == kAbiCount);
  for (int i = 0; i < kAbiCount; ++i) EXPECT_EQ(abiName(Abi(i)), kColumns[i]);
}

TEST(CSpellings, EachReadsAsItsTypeUnderEachAbi) {
  for (const test::CSpelling& s : kCSpellings) {
    for (int i = 0; i < kAbiCount; ++i) {
      const Abi abi = Abi(i);
      auto t = Signature::parseType(s.text, abi);
      ASSERT_TRUE(t) << "'" << s.text << "' under " << abiName(abi) << ": " << t.error().toString();
      EXPECT_EQ(t->toText(), s.type[i]) << "'" << s.text << "' under " << abiName(abi);
    }
  }
}

// The same spellings as the return type and the arguments of a signature and as struct members
// (arrays too): the words end at ',' ')' '}' '[' as they end at the end of the text.
TEST(CSpellings, InSignaturesAndStructs) {
  for (const test::CSpelling& s : kCSpellings) {
    const std::string t = s.text, want = s.type[0];
    if (want == "void") continue;
    for (int i = 0; i < kAbiCount; ++i) {
      const Abi abi = Abi(i);
      const std::string w = s.type[i];
      auto sig = Signature::parse(t + "(" + t + ", {" + t + "," + t + "[2]}, ..., " + t + ")", abi);
      ASSERT_TRUE(sig) << "'" << t << "' under " << abiName(abi) << ": " << sig.error().toString();
      EXPECT_EQ(sig->toText(), w + "(" + w + ", {" + w + "," + w + "[2]}, ..., " + w + ")")
          << "'" << t << "' under " << abiName(abi);
    }
  }
}

// The host's ABI when none is given (CallInterface::get and the C++ API call C functions here).
TEST(CSpellings, HostAbiByDefault) {
  for (const test::CSpelling& s : kCSpellings) {
    auto t = Signature::parseType(s.text);
    ASSERT_TRUE(t) << s.text;
    EXPECT_EQ(t->toText(), s.type[int(hostAbi())]) << s.text;
  }
}

struct SignatureRow {
  const char* text;
  const char* lp64;   // sysv-x64, aapcs64, apple-arm64
  const char* llp64;  // win64, gnuw64
};

const SignatureRow kSignatures[] = {
    {"long(long)", "i64(i64)", "i32(i32)"},
    {"unsigned long(const char*, size_t)", "u64(ptr, u64)", "u32(ptr, u64)"},
    {"long(const char * restrict, char ** restrict, int)", "i64(ptr, ptr, i32)", "i32(ptr, ptr, i32)"},
    {"int(FILE *, const char *, ...)", "i32(ptr, ptr, ...)", "i32(ptr, ptr, ...)"},
    {"ssize_t(int, void *, size_t)", "i64(i32, ptr, u64)", "i64(i32, ptr, u64)"},
    {"void(struct timespec *, unsigned long long)", "void(ptr, u64)", "void(ptr, u64)"},
    {"double _Complex(long double, _Bool)", "c64(ld, u8)", "c64(ld, u8)"},
    {"{long, unsigned short}(unsigned)", "{i64,u16}(u32)", "{i32,u16}(u32)"},
    {"i64(long long, int64_t, ulong)", "i64(i64, i64, u64)", "i64(i64, i64, u32)"},
};

TEST(CSpellings, SignaturesPerDataModel) {
  for (const SignatureRow& r : kSignatures) {
    for (int i = 0; i < kAbiCount; ++i) {
      const Abi abi = Abi(i);
      const bool llp64 = abi == Abi::kWin64 || abi == Abi::kGnuWin64 || abi == Abi::kWinArm64;
      const char* want = llp64 ? r.llp64 : r.lp64;
      auto sig = Signature::parse(r.text, abi);
      ASSERT_TRUE(sig) << r.text << " under " << abiName(abi) << ": " << sig.error().toString();
      EXPECT_EQ(sig->toText(), want) << r.text << " under " << abiName(abi);
    }
  }
}

// Classified, C's names are the jitffi types of the ABI's data model: `unsigned long(long, char)`
// has the plan of the types written out.
TEST(CSpellings, PlansOfTheDataModel) {
  const struct {
    Abi abi;
    const char* same;
  } kRows[] = {
      {Abi::kSysV64, "u64(i64, i8)"},
      {Abi::kWin64, "u32(i32, i8)"},
      {Abi::kGnuWin64, "u32(i32, i8)"},
      {Abi::kAapcs64, "u64(i64, u8)"},
      {Abi::kApple64, "u64(i64, i8)"},
      {Abi::kWinArm64, "u32(i32, i8)"},
      {Abi::kRv64, "u64(i64, u8)"},
  };
  for (const auto& r : kRows) {
    auto c = classify(*Signature::parse("unsigned long(long, char)", r.abi), r.abi);
    auto j = classify(*Signature::parse(r.same, r.abi), r.abi);
    ASSERT_TRUE(c && j) << abiName(r.abi);
    EXPECT_EQ(formatPlan(*c), formatPlan(*j)) << abiName(r.abi);
  }
}

struct ErrorRow {
  const char* text;
  const char* message;  // Error::message()
};

const ErrorRow kErrors[] = {
    {"long char", "at position 0: expected a type ('long char' is no C type), found 'long char'"},
    {"i32(signed unsigned)", "at position 4: expected a type ('signed unsigned' is no C type), found 'signed unsig'"},
    {"long long long", "at position 0: expected a type ('long long long' is no C type), found 'long long lo'"},
    {"short long", "at position 0: expected a type ('short long' is no C type), found 'short long'"},
    {"unsigned float", "at position 0: expected a type ('unsigned float' is no C type), found 'unsigned flo'"},
    {"long float", "at position 0: expected a type ('long float' is no C type), found 'long float'"},
    {"float double", "at position 0: expected a type ('float double' is no C type), found 'float double'"},
    {"long long double", "at position 0: expected a type ('long long double' is no C type), found 'long long do'"},
    {"_Complex", "at position 0: expected a type ('_Complex' is no C type), found '_Complex'"},
    {"_Bool _Complex", "at position 0: expected a type ('_Bool _Complex' is no C type), found '_Bool _Compl'"},
    {"int int", "at position 0: expected a type ('int int' is no C type), found 'int int'"},
    {"short short", "at position 0: expected a type ('short short' is no C type), found 'short short'"},
    {"void int", "at position 0: expected a type ('void int' is no C type), found 'void int'"},
    {"_Bool int", "at position 0: expected a type ('_Bool int' is no C type), found '_Bool int'"},
    {"char short", "at position 0: expected a type ('char short' is no C type), found 'char short'"},
    {"long __int128", "at position 0: expected a type ('long __int128' is no C type), found 'long __int12'"},
    {"const", "at position 5: expected a type (i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 ld ptr "
              "c32 c64 cld ci8..cu128, a vector like f32x4, void or {...}), found end of input"},
    {"i32(const volatile)", "at position 18: expected a type (i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 "
                            "f32 f64 ld ptr c32 c64 cld ci8..cu128, a vector like f32x4, void or {...}), found ')'"},
    {"quad", "at position 0: expected a type (i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 ld ptr "
             "c32 c64 cld ci8..cu128, a vector like f32x4, void or {...}), found 'quad'"},
    {"unsigned_long", "at position 0: expected a type (i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 "
                      "ld ptr c32 c64 cld ci8..cu128, a vector like f32x4, void or {...}), found 'unsigned_lon'"},
    {"i32(struct timespec)", "at position 19: expected '*' after 'struct timespec' (a struct by value is "
                             "written with its members, {...}), found ')'"},
    {"union sigval", "at position 12: expected '*' after 'union sigval' (a union by value is written "
                     "with its members, union{...}), found end of input"},
    {"enum color", "at position 10: expected '*' after 'enum color' (an enum by value is written as its "
                   "integer type, such as int), found end of input"},
    {"struct *", "at position 7: expected a tag name after 'struct', found '*'"},
    // Parameter names are not part of the text form; nor are two names in a row.
    {"long(const char *s)", "at position 17: expected ',' or ')', found 's)'"},
    {"unsigned x", "at position 9: expected end of input, found 'x'"},
    {"size_t int", "at position 7: expected end of input, found 'int'"},
    {"int size_t", "at position 4: expected end of input, found 'size_t'"},
    // `str` is the tool's (parse_p.h's option), not the library's.
    {"str", "at position 0: expected a type (i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 ld ptr "
            "c32 c64 cld ci8..cu128, a vector like f32x4, void or {...}), found 'str'"},
    {"void(void*, void)", "at position 12: expected an argument type (void is not one), found 'void)'"},
};

TEST(CSpellings, NoCType) {
  for (const ErrorRow& r : kErrors) {
    for (int i = 0; i < kAbiCount; ++i) {
      const std::string text = r.text;
      Error got;
      if (text.find('(') != std::string::npos) {
        auto sig = Signature::parse(text, Abi(i));
        ASSERT_FALSE(sig) << text << " read as " << sig->toText();
        got = sig.error();
      } else {
        auto t = Signature::parseType(text, Abi(i));
        ASSERT_FALSE(t) << text << " read as " << t->toText();
        got = t.error();
      }
      EXPECT_EQ(got.status(), Status::kParseError) << text;
      EXPECT_EQ(got.message(), r.message) << text;
    }
  }
}

// The tool's C strings (parse_p.h): `str`, and a pointer to plain char written with one '*'.
TEST(CSpellings, TextSpellings) {
  const char* text =
      "char*(const char*, char**, unsigned char*, i8*, str, const char * const restrict, char, ..., "
      "char const *)";
  internal::TextSpellings spellings;
  auto sig = internal::parseSignature(text, {.abi = Abi::kSysV64, .str = true}, &spellings);
  ASSERT_TRUE(sig) << sig.error().toString();
  EXPECT_EQ(sig->toText(), "ptr(ptr, ptr, ptr, ptr, ptr, ptr, i8, ..., ptr)");
  EXPECT_TRUE(spellings.ret);
  EXPECT_EQ(spellings.args, (std::vector<bool>{true, false, false, false, true, true, false, true}));

  bool isText = false;
  auto t = internal::parseType("str", {.abi = Abi::kAapcs64, .str = true}, &isText);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->toText(), "ptr");
  EXPECT_TRUE(isText);
  t = internal::parseType("unsigned long", {.abi = Abi::kWin64, .str = true}, &isText);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->toText(), "u32");
  EXPECT_FALSE(isText);
  // A struct member is never text: only whole arguments and results are.
  ASSERT_TRUE(internal::parseSignature("void({str, char*})", {.str = true}, &spellings));
  EXPECT_EQ(spellings.args, std::vector<bool>{false});
}

}  // namespace
}  // namespace jitffi
