// SPDX-License-Identifier: MIT
// jitffi — C types: every libffi scalar, 128-bit integers, long double, complex, structs and
// arrays (as struct members).
//
// A Type is a small immutable value: a kind plus, for structs and arrays, a shared pointer to an
// immutable node (the fields, or the element and the count) whose layout is computed once, when
// it is made. Copies share the node, so a description stays as small as it was written: an array
// `i8[65536]` is one node, not 65536 fields, and a struct used in many places is stored once.
// Every walk jitffi makes over a type to call with it (layouts, cache keys, classification) is
// linear in the number of nodes, never in the number of bytes or leaves it describes. (The text
// form writes a shared node out at each place it is used, as text has no sharing.)
//
// Sizes, alignments and field offsets depend on the ABI only through `long double` (16 bytes on
// x86-64 SysV, gcc's Win64 and AAPCS64; 8 bytes, i.e. double, on Microsoft Win64 and Apple
// arm64); otherwise every ABI jitffi supports lays out structs by the same C rules. Layout
// arithmetic saturates at kSizeSaturated, so no description wraps around to a small size;
// classification refuses values larger than kMaxValueSize (signature.h).
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
  kArray,  // a struct member: `count` elements of one type, laid out back to back
};
inline constexpr int kTypeKindCount = int(TypeKind::kArray) + 1;

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

// Sizes and offsets stop growing here: a layout this large stands for "too large" (anything over
// kMaxValueSize is refused anyway), and every sum or product of sizes stays far from overflow.
inline constexpr uint64_t kSizeSaturated = uint64_t(1) << 62;
// a + b and a * b of sizes, saturating at kSizeSaturated.
constexpr uint64_t saturatingAdd(uint64_t a, uint64_t b) noexcept {
  return a >= kSizeSaturated || b >= kSizeSaturated - a ? kSizeSaturated : a + b;
}
constexpr uint64_t saturatingMul(uint64_t a, uint64_t n) noexcept {
  return n != 0 && a >= kSizeSaturated / n ? (a == 0 ? 0 : kSizeSaturated) : a * n;
}

class JITFFI_API Type {
 public:
  Type() noexcept = default;  // void
  static Type scalar(TypeKind kind);  // kind must not be kStruct or kArray
  // A struct of the given fields, laid out by C rules. An empty field list is GNU C's empty
  // struct (size 0).
  static Type structOf(std::vector<Type> fields);
  // A struct whose size and alignment are given rather than computed: the caller's word stands,
  // as libffi takes a preset ffi_type.size. The fields keep their C offsets. This describes a C
  // struct with trailing padding or an over-aligned one, and also layouts the fields do not
  // fill consistently: CPython's ctypes describes `struct {char name[32]; int id;}` as size 36,
  // alignment 4 with the fields {ptr, i32}, and a union or a packed struct as a struct whose
  // fields reach past its size. Where classification looks at the fields (SysV x86-64 values
  // of at most 16 bytes) such a layout is placed as libffi places it; see flattenLeaves in
  // lib/classify and docs/design.md. The layout must satisfy validExplicitLayout().
  static Type structWithLayout(std::vector<Type> fields, Layout layout);
  // size at least 1 (0 is libffi's "compute it"), align a power of two.
  static bool validExplicitLayout(Layout layout) noexcept;
  // True for structs made by structWithLayout.
  bool hasExplicitLayout() const noexcept;
  // A C array member `element[count]` (count may be 0, GNU C's zero-length array). Arrays are
  // members of structs only: C passes no array by value.
  static Type arrayOf(Type element, uint64_t count);

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
  bool isArray() const noexcept { return kind_ == TypeKind::kArray; }
  // Structs and arrays.
  bool isAggregate() const noexcept { return node_ != nullptr; }
  bool isComplex() const noexcept {
    return kind_ >= TypeKind::kComplexF32 && kind_ <= TypeKind::kComplexLongDouble;
  }
  bool isInteger() const noexcept { return kind_ >= TypeKind::kI8 && kind_ <= TypeKind::kU128; }
  bool isSignedInteger() const noexcept;
  bool isFloating() const noexcept {
    return kind_ == TypeKind::kF32 || kind_ == TypeKind::kF64 || kind_ == TypeKind::kLongDouble;
  }
  // Fields of a struct (empty for anything else).
  std::span<const Type> fields() const noexcept;
  // The element type and the element count of an array (void and 0 for anything else).
  Type element() const noexcept;
  uint64_t arrayLength() const noexcept;
  // Nesting depth: 0 for scalars, 1 + max field depth for structs, 1 + element depth for arrays.
  uint32_t depth() const noexcept;
  // The node a struct or an array shares with its copies (null for scalars): equal pointers mean
  // the same description, which lets a walk visit a shared sub-type once.
  const void* identity() const noexcept { return node_.get(); }

  Layout layout(LongDoubleModel model) const noexcept;
  Layout layout(Abi abi) const noexcept { return layout(longDoubleModel(abi)); }
  // Offsets of the fields of a struct (empty for anything else).
  std::span<const uint64_t> fieldOffsets(LongDoubleModel model) const noexcept;
  std::span<const uint64_t> fieldOffsets(Abi abi) const noexcept {
    return fieldOffsets(longDoubleModel(abi));
  }

  // Text form: "i32", "{f32,f32}", "{i8,{f64,ld}}", arrays "{f32[3]}" (C's order: "i8[2][3]"
  // is two arrays of three); an explicit layout is written after the braces as "{i32}#16:8"
  // (size 16, alignment 8).
  std::string toText() const;
  void appendText(std::string& out) const;

  // Structural equality (an array is not equal to the same number of separate fields). Shared
  // nodes compare at once; separately built equal trees compare node by node.
  bool operator==(const Type& other) const noexcept;

 private:
  struct Node;
  TypeKind kind_ = TypeKind::kVoid;
  std::shared_ptr<const Node> node_;
};

// Layout of a scalar kind (kStruct, kArray → {0,1}).
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
    case TypeKind::kStruct:
    case TypeKind::kArray: break;
  }
  return {0, 1};
}
// "i32", "ld", "c64"; "{}" for kStruct, "[]" for kArray.
JITFFI_API const char* typeKindName(TypeKind kind) noexcept;

}  // namespace jitffi
