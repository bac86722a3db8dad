// SPDX-License-Identifier: MIT
// The text form's names for scalar types, and each ABI's C data model (type_names_p.h).
#include "type_names_p.h"

#include <algorithm>

namespace jitffi::internal {

// ---- the ABIs' C data models -------------------------------------------------------------------
// The C-types oracle (tests/abi_oracle, c_types_*) checks every C spelling the text form reads
// against a C compiler for each ABI (gcc where installed, clang --target for all).
CDataModel cDataModel(Abi abi) noexcept {
  switch (abi) {
    case Abi::kSysV64:
      // ABI[sysv-x64 3.1.2] (Figure 3.1): long is 8 bytes (LP64), plain char a signed byte.
      // wchar_t is int, as gcc and glibc have it (the psABI leaves it to the system).
      return {TypeKind::kI8, TypeKind::kI64, TypeKind::kU64, TypeKind::kI32};
    case Abi::kWin64:
    case Abi::kGnuWin64:
    case Abi::kWinArm64:
      // ABI[win64 data types]: Windows is LLP64, long is 4 bytes; plain char is signed and
      // wchar_t an unsigned 2-byte UTF-16 unit (Microsoft C++, "Data Type Ranges"). gcc's Win64
      // (mingw-w64) has the same types, and so has Windows on Arm (ABI[win-arm64 "Overview of
      // ARM64 ABI conventions"] follows Windows' data model; clang's aarch64-pc-windows-msvc
      // agrees: c_types_clang_win-arm64).
      return {TypeKind::kI8, TypeKind::kI32, TypeKind::kU32, TypeKind::kU16};
    case Abi::kAapcs64:
      // ABI[aapcs64 2020Q2 10.1.1]: plain char is an unsigned byte; long is 8 bytes in the LP64
      // variant Linux uses; wchar_t is unsigned int on Linux (the standard allows unsigned short).
      return {TypeKind::kU8, TypeKind::kI64, TypeKind::kU64, TypeKind::kU32};
    case Abi::kApple64:
      // ABI[apple-arm64] ("Writing ARM64 code for Apple platforms", data types): unlike AAPCS64,
      // plain char is signed and wchar_t is a signed 32-bit int; long is 8 bytes (LP64).
      return {TypeKind::kI8, TypeKind::kI64, TypeKind::kU64, TypeKind::kI32};
    case Abi::kRv64:
      // ABI[riscv-psabi 1.0 "C/C++ type representations"]: "char is unsigned"; ["C/C++ type
      // sizes and alignments"]: long is 8 bytes under LP64*; ["Linux-specific C type
      // representations"]: "wchar_t is signed" (4 bytes).
      return {TypeKind::kU8, TypeKind::kI64, TypeKind::kU64, TypeKind::kI32};
  }
  return cDataModel(Abi::kSysV64);
}

// ---- C's keywords ------------------------------------------------------------------------------

namespace {

constexpr std::string_view kCKeywords[kCKeywordCount] = {
    "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool", "_Complex", "__int128",
};

}  // namespace

std::optional<CKeyword> cKeyword(std::string_view word) noexcept {
  for (size_t k = 0; k < kCKeywordCount; ++k) {
    if (word == kCKeywords[k]) return CKeyword(k);
  }
  return std::nullopt;
}

bool isCQualifier(std::string_view word) noexcept {
  return word == "const" || word == "volatile" || word == "restrict" || word == "__restrict" ||
         word == "__restrict__";
}

bool CKeywords::empty() const noexcept {
  return std::all_of(std::begin(count), std::end(count), [](uint8_t n) { return n == 0; });
}

bool CKeywords::only(std::initializer_list<CKeyword> allowed) const noexcept {
  for (size_t k = 0; k < kCKeywordCount; ++k) {
    if (count[k] && std::find(allowed.begin(), allowed.end(), CKeyword(k)) == allowed.end()) return false;
  }
  return true;
}

std::optional<TypeKind> cKeywordType(const CKeywords& w, Abi abi) noexcept {
  using K = CKeyword;
  for (size_t k = 0; k < kCKeywordCount; ++k) {
    if (CKeyword(k) != K::kLong && w.count[k] > 1) return std::nullopt;  // "int int"
  }
  const bool isSigned = w[K::kSigned] != 0, isUnsigned = w[K::kUnsigned] != 0;
  if (w[K::kLong] > 2 || (isSigned && isUnsigned)) return std::nullopt;
  const CDataModel model = cDataModel(abi);
  if (w[K::kVoid]) return w.only({K::kVoid}) ? std::optional(TypeKind::kVoid) : std::nullopt;
  if (w[K::kBool]) return w.only({K::kBool}) ? std::optional(TypeKind::kU8) : std::nullopt;
  if (w[K::kFloat] || w[K::kDouble]) {
    // float, double, long double, each optionally _Complex.
    if (!w.only({K::kFloat, K::kDouble, K::kLong, K::kComplex}) || (w[K::kFloat] && w[K::kDouble])) {
      return std::nullopt;
    }
    const bool complex = w[K::kComplex] != 0;
    if (w[K::kFloat]) {
      if (w[K::kLong]) return std::nullopt;
      return complex ? TypeKind::kComplexF32 : TypeKind::kF32;
    }
    if (w[K::kLong] > 1) return std::nullopt;
    // long double is the ABI's through the ld kind's layout (longDoubleModel).
    if (w[K::kLong]) return complex ? TypeKind::kComplexLongDouble : TypeKind::kLongDouble;
    return complex ? TypeKind::kComplexF64 : TypeKind::kF64;
  }
  if (w[K::kComplex]) {
    // GNU C's complex integers: _Complex and an integer type ("_Complex int", "unsigned
    // _Complex short"); _Complex alone or with _Bool is no type.
    CKeywords rest = w;
    rest.count[size_t(K::kComplex)] = 0;
    if (rest.empty() || rest[K::kBool] || rest[K::kVoid]) return std::nullopt;
    const std::optional<TypeKind> part = cKeywordType(rest, abi);
    return part ? std::optional(complexKind(*part)) : std::nullopt;
  }
  if (w[K::kChar]) {
    // char, signed char and unsigned char are three types; plain char is the ABI's.
    if (!w.only({K::kChar, K::kSigned, K::kUnsigned})) return std::nullopt;
    if (isSigned) return TypeKind::kI8;
    if (isUnsigned) return TypeKind::kU8;
    return model.charKind;
  }
  if (w[K::kInt128]) {
    if (!w.only({K::kInt128, K::kSigned, K::kUnsigned})) return std::nullopt;
    return isUnsigned ? TypeKind::kU128 : TypeKind::kI128;
  }
  // What is left: short, long and long long, each optionally signed or unsigned and optionally
  // followed by int; int, signed and unsigned alone.
  if (w[K::kShort]) {
    if (w[K::kLong]) return std::nullopt;
    return isUnsigned ? TypeKind::kU16 : TypeKind::kI16;
  }
  if (w[K::kLong] == 2) return isUnsigned ? TypeKind::kU64 : TypeKind::kI64;
  if (w[K::kLong] == 1) return isUnsigned ? model.ulongKind : model.longKind;
  return isUnsigned ? TypeKind::kU32 : TypeKind::kI32;
}

// ---- names -------------------------------------------------------------------------------------

namespace {

// A name whose type the data model decides.
enum class Modelled : uint8_t { kNo, kULong, kWchar };

struct Name {
  std::string_view name;
  TypeKind kind;  // when not modelled
  Modelled modelled = Modelled::kNo;
};

// jitffi's canonical names (typeKindName; void is C's keyword), its aliases, and C's typedef
// names (<stddef.h>, <stdint.h>, <sys/types.h>, <stdbool.h>, GNU C's 128-bit ones). The
// typedef names but wchar_t are the same under every ABI jitffi has: all are 64-bit, and
// Windows' int64_t, ssize_t (mingw-w64's), intptr_t… are long long where LP64 systems have long.
constexpr Name kNames[] = {
    // canonical
    {"i8", TypeKind::kI8},
    {"u8", TypeKind::kU8},
    {"i16", TypeKind::kI16},
    {"u16", TypeKind::kU16},
    {"i32", TypeKind::kI32},
    {"u32", TypeKind::kU32},
    {"i64", TypeKind::kI64},
    {"u64", TypeKind::kU64},
    {"i128", TypeKind::kI128},
    {"u128", TypeKind::kU128},
    {"f32", TypeKind::kF32},
    {"f64", TypeKind::kF64},
    {"ld", TypeKind::kLongDouble},
    {"ptr", TypeKind::kPtr},
    {"c32", TypeKind::kComplexF32},
    {"c64", TypeKind::kComplexF64},
    {"cld", TypeKind::kComplexLongDouble},
    {"ci8", TypeKind::kComplexI8},
    {"cu8", TypeKind::kComplexU8},
    {"ci16", TypeKind::kComplexI16},
    {"cu16", TypeKind::kComplexU16},
    {"ci32", TypeKind::kComplexI32},
    {"cu32", TypeKind::kComplexU32},
    {"ci64", TypeKind::kComplexI64},
    {"cu64", TypeKind::kComplexU64},
    {"ci128", TypeKind::kComplexI128},
    {"cu128", TypeKind::kComplexU128},
    // aliases
    {"schar", TypeKind::kI8},
    {"uchar", TypeKind::kU8},
    {"bool", TypeKind::kU8},
    {"ushort", TypeKind::kU16},
    {"uint", TypeKind::kU32},
    {"ulong", TypeKind::kVoid, Modelled::kULong},
    {"int64", TypeKind::kI64},
    {"uint64", TypeKind::kU64},
    {"longdouble", TypeKind::kLongDouble},
    {"f80", TypeKind::kLongDouble},
    {"pointer", TypeKind::kPtr},
    // C's typedef names
    {"int8_t", TypeKind::kI8},
    {"uint8_t", TypeKind::kU8},
    {"int16_t", TypeKind::kI16},
    {"uint16_t", TypeKind::kU16},
    {"int32_t", TypeKind::kI32},
    {"uint32_t", TypeKind::kU32},
    {"int64_t", TypeKind::kI64},
    {"uint64_t", TypeKind::kU64},
    {"intmax_t", TypeKind::kI64},
    {"uintmax_t", TypeKind::kU64},
    {"__int128_t", TypeKind::kI128},
    {"__uint128_t", TypeKind::kU128},
    {"size_t", TypeKind::kU64},
    {"ssize_t", TypeKind::kI64},
    {"ptrdiff_t", TypeKind::kI64},
    {"intptr_t", TypeKind::kI64},
    {"uintptr_t", TypeKind::kU64},
    {"wchar_t", TypeKind::kVoid, Modelled::kWchar},
};

}  // namespace

std::optional<TypeKind> namedType(std::string_view name, Abi abi) noexcept {
  for (const Name& n : kNames) {
    if (name != n.name) continue;
    switch (n.modelled) {
      case Modelled::kNo: return n.kind;
      case Modelled::kULong: return cDataModel(abi).ulongKind;
      case Modelled::kWchar: return cDataModel(abi).wcharKind;
    }
  }
  return std::nullopt;
}

}  // namespace jitffi::internal
