// SPDX-License-Identifier: MIT
// jitffi — C types: every libffi scalar, 128-bit integers, long double, complex, and structs
// (nested; arrays are written as repeated elements, as libffi does).
//
// A Type is a small immutable value (a kind plus, for structs, a shared pointer to the fields).
// Sizes, alignments and field offsets depend on the ABI only through `long double` (16 bytes on
// x86-64 SysV, gcc's Win64 and AAPCS64; 8 bytes, i.e. double, on Microsoft Win64 and Apple
// arm64); otherwise every ABI jitffi supports lays out structs by the same C rules.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "jitffi/abi.h"
#include "jitffi/export.h"

namespace jitffi {

enum class TypeKind : uint8_t {
  kVoid = 0,
  kI8,
  kU8,
  kI16,
  kU16,
  kI32,
  kU32,
  kI64,
  kU64,
  kI128,
  kU128,
  kF32,
  kF64,
  kLongDouble,
  kPtr,
  kComplexF32,
  kComplexF64,
  kComplexLongDouble,
  kStruct,
};
inline constexpr int kTypeKindCount = int(TypeKind::kStruct) + 1;

// How `long double` is laid out: the only ABI-dependent part of a layout.
enum class LongDoubleModel : uint8_t {
  kWide = 0,      // 16 bytes, 16-aligned (x87 80-bit in 16 bytes, or IEEE binary128)
  kAsDouble = 1,  // 8 bytes, 8-aligned
};
JITFFI_API LongDoubleModel longDoubleModel(Abi abi) noexcept;

struct Layout {
  uint64_t size = 0;
  uint32_t align = 1;
};

class JITFFI_API Type {
 public:
  Type() noexcept = default;  // void
  static Type scalar(TypeKind kind);  // kind must not be kStruct
  // A struct of the given fields, laid out by C rules. An empty field list is GNU C's empty
  // struct (size 0). Arrays: append the element N times (see arrayFields).
  static Type structOf(std::vector<Type> fields);
  // A struct whose size and alignment are given rather than computed (a C struct with trailing
  // padding or an over-aligned one; libffi lets callers set ffi_type.size this way). The given
  // layout must be at least the natural one and size a multiple of align: check with
  // validExplicitLayout() first.
  static Type structWithLayout(std::vector<Type> fields, Layout layout);
  static bool validExplicitLayout(const std::vector<Type>& fields, Layout layout);
  // True for structs made by structWithLayout.
  bool hasExplicitLayout() const noexcept;

  static Type void_() { return Type(); }
  static Type i8() { return scalar(TypeKind::kI8); }
  static Type u8() { return scalar(TypeKind::kU8); }
  static Type i16() { return scalar(TypeKind::kI16); }
  static Type u16() { return scalar(TypeKind::kU16); }
  static Type i32() { return scalar(TypeKind::kI32); }
  static Type u32() { return scalar(TypeKind::kU32); }
  static Type i64() { return scalar(TypeKind::kI64); }
  static Type u64() { return scalar(TypeKind::kU64); }
  static Type i128() { return scalar(TypeKind::kI128); }
  static Type u128() { return scalar(TypeKind::kU128); }
  static Type f32() { return scalar(TypeKind::kF32); }
  static Type f64() { return scalar(TypeKind::kF64); }
  static Type longDouble() { return scalar(TypeKind::kLongDouble); }
  static Type ptr() { return scalar(TypeKind::kPtr); }
  static Type complexF32() { return scalar(TypeKind::kComplexF32); }
  static Type complexF64() { return scalar(TypeKind::kComplexF64); }
  static Type complexLongDouble() { return scalar(TypeKind::kComplexLongDouble); }

  TypeKind kind() const noexcept { return kind_; }
  bool isVoid() const noexcept { return kind_ == TypeKind::kVoid; }
  bool isStruct() const noexcept { return kind_ == TypeKind::kStruct; }
  bool isComplex() const noexcept {
    return kind_ >= TypeKind::kComplexF32 && kind_ <= TypeKind::kComplexLongDouble;
  }
  bool isInteger() const noexcept { return kind_ >= TypeKind::kI8 && kind_ <= TypeKind::kU128; }
  bool isSignedInteger() const noexcept;
  bool isFloating() const noexcept {
    return kind_ == TypeKind::kF32 || kind_ == TypeKind::kF64 || kind_ == TypeKind::kLongDouble;
  }
  // Fields of a struct (empty for scalars).
  std::span<const Type> fields() const noexcept;
  // Nesting depth: 0 for scalars, 1 + max field depth for structs.
  uint32_t depth() const noexcept;

  Layout layout(LongDoubleModel model) const noexcept;
  Layout layout(Abi abi) const noexcept { return layout(longDoubleModel(abi)); }
  // Offsets of the fields of a struct (empty for scalars).
  std::span<const uint64_t> fieldOffsets(LongDoubleModel model) const noexcept;
  std::span<const uint64_t> fieldOffsets(Abi abi) const noexcept {
    return fieldOffsets(longDoubleModel(abi));
  }

  // Text form: "i32", "{f32,f32}", "{i8,{f64,ld}}"; an explicit layout is written after the
  // braces as "{i32}#16:8" (size 16, alignment 8).
  std::string toText() const;
  void appendText(std::string& out) const;

  // Structural equality.
  bool operator==(const Type& other) const noexcept;

 private:
  struct StructData;
  TypeKind kind_ = TypeKind::kVoid;
  std::shared_ptr<const StructData> struct_;
};

// Layout of a scalar kind (kStruct → {0,1}).
constexpr Layout scalarLayout(TypeKind kind, LongDoubleModel model) noexcept {
  const bool wide = model == LongDoubleModel::kWide;
  switch (kind) {
    case TypeKind::kVoid: return {0, 1};
    case TypeKind::kI8:
    case TypeKind::kU8: return {1, 1};
    case TypeKind::kI16:
    case TypeKind::kU16: return {2, 2};
    case TypeKind::kI32:
    case TypeKind::kU32:
    case TypeKind::kF32: return {4, 4};
    case TypeKind::kI64:
    case TypeKind::kU64:
    case TypeKind::kF64:
    case TypeKind::kPtr: return {8, 8};
    case TypeKind::kI128:
    case TypeKind::kU128: return {16, 16};
    case TypeKind::kLongDouble: return wide ? Layout{16, 16} : Layout{8, 8};
    case TypeKind::kComplexF32: return {8, 4};
    case TypeKind::kComplexF64: return {16, 8};
    case TypeKind::kComplexLongDouble: return wide ? Layout{32, 16} : Layout{16, 8};
    case TypeKind::kStruct: break;
  }
  return {0, 1};
}
// "i32", "ld", "c64", "{…}" for kStruct.
JITFFI_API const char* typeKindName(TypeKind kind) noexcept;

// Appends `count` copies of `element` to `fields`: how a C array member is described.
JITFFI_API void arrayFields(std::vector<Type>& fields, const Type& element, uint64_t count);

}  // namespace jitffi
