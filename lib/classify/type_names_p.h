// SPDX-License-Identifier: MIT
// The names the signature text form reads for scalar types: jitffi's own, C's type keywords and
// C's typedef names, and what each ABI's C compiler makes of the C types whose size or
// signedness C leaves to the implementation (the ABI's C data model). The parser
// (signature.cpp) reads the words; this file says what they mean.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "jitffi/abi.h"
#include "jitffi/type.h"

namespace jitffi::internal {

// What an ABI's C compiler makes of `char`, `long`, `unsigned long` and `wchar_t`, the types
// the ABIs jitffi supports disagree on. (`long double` is Type's: longDoubleModel, the `ld` kind.)
struct CDataModel {
  TypeKind charKind;   // plain char: i8 or u8
  TypeKind longKind;   // long: i64 (LP64) or i32 (LLP64)
  TypeKind ulongKind;  // unsigned long
  TypeKind wcharKind;  // wchar_t
};
CDataModel cDataModel(Abi abi) noexcept;

// C11 6.7.2's type specifiers that are keywords, and GNU C's __int128.
enum class CKeyword : uint8_t {
  kVoid,
  kChar,
  kShort,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kSigned,
  kUnsigned,
  kBool,
  kComplex,
  kInt128,
};
inline constexpr size_t kCKeywordCount = size_t(CKeyword::kInt128) + 1;
std::optional<CKeyword> cKeyword(std::string_view word) noexcept;

// C11 6.7.3's qualifiers and GNU C's spellings of restrict: they change no ABI.
bool isCQualifier(std::string_view word) noexcept;

// The keywords of one type, each with how many times it was written (any order: "long unsigned
// int" is "unsigned long").
struct CKeywords {
  uint8_t count[kCKeywordCount] = {};
  void add(CKeyword k) noexcept {
    if (count[size_t(k)] < 255) ++count[size_t(k)];
  }
  uint8_t operator[](CKeyword k) const noexcept { return count[size_t(k)]; }
  bool empty() const noexcept;
  // No keyword but these was written.
  bool only(std::initializer_list<CKeyword> allowed) const noexcept;
};

// The type the keywords name under `abi`, as C11 6.7.2p2 lists the combinations (with GNU C's
// __int128); nullopt when they name none ("long char", "signed float", "short short").
std::optional<TypeKind> cKeywordType(const CKeywords& words, Abi abi) noexcept;

// A type written as one identifier: jitffi's names and aliases and C's typedef names, under
// `abi`; nullopt for any other identifier.
std::optional<TypeKind> namedType(std::string_view name, Abi abi) noexcept;

}  // namespace jitffi::internal
