// SPDX-License-Identifier: MIT
// jitffi — C types: every libffi scalar, 128-bit integers, long double, complex numbers (of
// floating and of integer parts), SIMD vectors, structs and arrays (as struct members).
//
// A Type is a small immutable value: a kind plus, for structs and arrays, a shared pointer to an
// immutable node (the fields, or the element and the count) whose layout is computed once, when
// it is made. Copies share the node, so a description stays as small as it was written: an array
// `i8[65536]` is one node, not 65536 fields, and a struct used in many places is stored once.
// Every walk jitffi makes over a type to call with it (layouts, cache keys, classification) is
// linear in the number of nodes, never in the number of bytes or leaves it describes. (The text
// form writes a shared node out at each place it is used, as text has no sharing.)
//
// Sizes, alignments and field offsets depend on the ABI through `long double` (16 bytes on
// x86-64 SysV, gcc's Win64 and AAPCS64; 8 bytes, i.e. double, on Microsoft Win64 and Apple
// arm64) and through bit-fields (gcc's rules on SysV x86-64, AAPCS64 and Apple arm64, where
// AAPCS64 also lets a zero-width bit-field align the struct; Microsoft's on Win64 and gcc's
// Win64, as with gcc's -mms-bitfields); otherwise every ABI jitffi supports lays out structs by
// the same C rules. So every layout question names the ABI. Layout arithmetic saturates at
// kSizeSaturated, so no description wraps around to a small size; classification refuses values
// larger than kMaxValueSize (signature.h).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "jitffi/abi.h"
#include "jitffi/error.h"
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
  kComplexI8,  // GNU C's complex integers: _Complex signed char … _Complex unsigned __int128
  kComplexU8,
  kComplexI16,
  kComplexU16,
  kComplexI32,
  kComplexU32,
  kComplexI64,
  kComplexU64,
  kComplexI128,
  kComplexU128,
  kStruct,
  kArray,   // a struct member: `count` elements of one type, laid out back to back
  kVector,  // a SIMD vector (GNU C's vector_size): `count` lanes of one integer or floating type
};
inline constexpr int kTypeKindCount = int(TypeKind::kVector) + 1;

// How `long double` is laid out: the only ABI-dependent part of a layout.
enum class LongDoubleModel : uint8_t {
  kWide = 0,      // 16 bytes, 16-aligned (x87 80-bit in 16 bytes, or IEEE binary128)
  kAsDouble = 1,  // 8 bytes, 8-aligned
};
// Each ABI's long double (constexpr: ffi_prep_cif's struct hit builds a table from it).
constexpr LongDoubleModel longDoubleModel(Abi abi) noexcept {
  switch (abi) {
    case Abi::kWin64:  // ABI[win64 data types]: long double is double under Microsoft's compiler
    // ABI[apple-arm64 "Writing ARM64 code for Apple platforms"]: "The long double type is a
    // double precision IEEE754 binary floating-point type, which makes it identical to the
    // double type."
    case Abi::kApple64:
    // ABI[win-arm64 "Overview of ARM64 ABI conventions"]: Windows' data model, long double as
    // double (as on x64; clang's aarch64-pc-windows-msvc: sizeof(long double) == 8).
    case Abi::kWinArm64: return LongDoubleModel::kAsDouble;
    case Abi::kSysV64:    // x87 80-bit in 16 bytes
    case Abi::kGnuWin64:  // x87 80-bit in 16 bytes, as gcc's mingw-w64 has it
    case Abi::kAapcs64:   // ABI[aapcs64 2020Q2 8.1.1]: IEEE binary128
    case Abi::kRv64:      // ABI[riscv-psabi 1.0 "C/C++ type sizes"]: long double is binary128
      break;
  }
  return LongDoubleModel::kWide;
}

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

class Type;

// A member of a record (Type::record): a struct or union member that may be a bit-field or sit
// at an offset given by the caller.
struct Field;
// How a record is laid out.
struct RecordOptions {
  bool isUnion = false;  // every member at offset 0, the size the largest member's
  // 0: C's natural layout. 1: __attribute__((packed)) (every member aligned to 1 byte, bit-fields
  // packed bit by bit under gcc's rules). N = 2, 4, 8, 16: #pragma pack(N) (member alignments
  // capped at N). Packing never moves a zero-width bit-field, as in C.
  uint32_t pack = 0;
};

class JITFFI_API Type {
 public:
  Type() noexcept = default;  // void
  static Type scalar(TypeKind kind);  // kind must not be kStruct, kArray or kVector
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
  // A struct or union whose members may be bit-fields or sit at given offsets, laid out as each
  // ABI's C compiler lays out the C declaration (see Field and RecordOptions; the layout of
  // every ABI is computed here, once). Errors (kBadTypedef, with the member's number): a
  // bit-field whose type is no integer or narrower than its width, a bit-field or a given
  // offset in a union, a given offset before the end of the member before it (under any ABI),
  // a pack other than 0 or a power of two up to 16, a void member.
  static Result<Type> record(std::vector<Field> fields, RecordOptions options = {});
  // Shorthands for records that cannot be wrong: a union of the members, a packed struct
  // (pack 1: __attribute__((packed)); pack must be valid as in RecordOptions).
  static Type unionOf(std::vector<Type> members);
  static Type packedStructOf(std::vector<Type> fields, uint32_t pack = 1);
  // True for types made by record(), unionOf() and packedStructOf(); containsRecord(): this type
  // or a member at any depth.
  bool isRecord() const noexcept;
  bool containsRecord() const noexcept;
  bool isUnion() const noexcept;
  uint32_t pack() const noexcept;  // RecordOptions::pack (0 for anything else)
  bool hasBitFields() const noexcept;  // a bit-field among this struct's own members
  // A record member's bit-field width (Field::kNoBits for an ordinary member, and for the
  // members of anything else) and its given offset (Field::kNextOffset when it has none).
  uint32_t fieldBits(size_t i) const noexcept;
  uint64_t fieldGivenOffset(size_t i) const noexcept;
  // True for structs made by structWithLayout.
  bool hasExplicitLayout() const noexcept;
  // A C array member `element[count]` (count may be 0, GNU C's zero-length array). Arrays are
  // members of structs only: C passes no array by value.
  static Type arrayOf(Type element, uint64_t count);
  // A SIMD vector of `count` lanes of `element` (GNU C's `element __attribute__((vector_size(
  // count * sizeof(element))))`, __m128, float32x4_t): validVector() must hold. Its size is the
  // lanes' and its alignment its size, at most 16 (x86-64 aligns 32- and 64-byte vectors to their
  // size, which only matters where jitffi refuses them; see vectorLayout).
  static Type vectorOf(Type element, uint32_t count);
  // The element is an integer of at most 8 bytes, f32 or f64; count a power of two with a total
  // size of 8, 16, 32 or 64 bytes.
  static bool validVector(const Type& element, uint64_t count) noexcept;

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
  // The complex type of an integer kind (kI8 … kU128) or of f32, f64, long double.
  static Type complexOf(TypeKind part);

  TypeKind kind() const noexcept { return kind_; }
  bool isVoid() const noexcept { return kind_ == TypeKind::kVoid; }
  bool isStruct() const noexcept { return kind_ == TypeKind::kStruct; }
  bool isArray() const noexcept { return kind_ == TypeKind::kArray; }
  bool isVector() const noexcept { return kind_ == TypeKind::kVector; }
  // Structs, arrays and vectors (the kinds with a node).
  bool isAggregate() const noexcept { return node_ != nullptr; }
  bool isComplex() const noexcept {
    return kind_ >= TypeKind::kComplexF32 && kind_ <= TypeKind::kComplexU128;
  }
  bool isInteger() const noexcept { return kind_ >= TypeKind::kI8 && kind_ <= TypeKind::kU128; }
  bool isSignedInteger() const noexcept;
  bool isFloating() const noexcept {
    return kind_ == TypeKind::kF32 || kind_ == TypeKind::kF64 || kind_ == TypeKind::kLongDouble;
  }
  // Fields of a struct (empty for anything else).
  std::span<const Type> fields() const noexcept;
  // The element type and the element count of an array or a vector (void and 0 for anything
  // else).
  Type element() const noexcept;
  uint64_t arrayLength() const noexcept;
  // The size of the largest vector in this type, itself or a member at any depth (0: none).
  uint32_t largestVector() const noexcept;
  // Nesting depth: 0 for scalars, 1 + max field depth for structs, 1 + element depth for arrays.
  uint32_t depth() const noexcept;
  // The node a struct or an array shares with its copies (null for scalars): equal pointers mean
  // the same description, which lets a walk visit a shared sub-type once.
  const void* identity() const noexcept { return node_.get(); }

  Layout layout(Abi abi) const noexcept;
  // Offsets of the fields of a struct (empty for anything else), in bytes: for a bit-field, the
  // byte that holds its first bit.
  std::span<const uint64_t> fieldOffsets(Abi abi) const noexcept;
  // The offset of field i's first bit from the struct's start (8 × its byte offset for an
  // ordinary member).
  uint64_t fieldBitOffset(size_t i, Abi abi) const noexcept;

  // Text form: "i32", "{f32,f32}", "{i8,{f64,ld}}", arrays "{f32[3]}" (C's order: "i8[2][3]"
  // is two arrays of three); an explicit layout is written after the braces as "{i32}#16:8"
  // (size 16, alignment 8); a vector as its element and lane count, "f32x4"; records as
  // "union{f32,i32}", "packed{i8,i32}", "pack(2){i8,i32}", "{u32:3,u32:5,i8}", "{i8,i32@8}".
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

struct Field {
  static constexpr uint32_t kNoBits = ~uint32_t(0);
  static constexpr uint64_t kNextOffset = ~uint64_t(0);
  Type type;
  // A bit-field's width in bits (C's `type : bits`; 0 is a zero-width bit-field, which holds no
  // value and starts the next member at a new unit of its type); kNoBits for an ordinary member.
  uint32_t bits = kNoBits;
  // The member's offset in bytes from the struct's start, for explicitly laid-out structs;
  // kNextOffset: after the member before it, by the layout rules. A member given an offset that
  // is no multiple of its (packed) alignment is a packed member of the C struct (it adds nothing
  // to the struct's alignment). The bytes between it and the member before it (which is no
  // bit-field) are a filler, as C can only write such a gap: an `unsigned char` array member,
  // which the ABIs classify as such (INTEGER on SysV x86-64, no homogeneous aggregate on AAPCS64).
  uint64_t offset = kNextOffset;

  Field(Type t) : type(std::move(t)) {}  // NOLINT: an ordinary member converts implicitly
  static Field bitField(Type t, uint32_t bits) {
    Field f(std::move(t));
    f.bits = bits;
    return f;
  }
  static Field at(Type t, uint64_t offset) {
    Field f(std::move(t));
    f.offset = offset;
    return f;
  }
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
    case TypeKind::kComplexI8:
    case TypeKind::kComplexU8: return {2, 1};
    case TypeKind::kComplexI16:
    case TypeKind::kComplexU16: return {4, 2};
    case TypeKind::kComplexI32:
    case TypeKind::kComplexU32: return {8, 4};
    case TypeKind::kComplexI64:
    case TypeKind::kComplexU64: return {16, 8};
    case TypeKind::kComplexI128:
    case TypeKind::kComplexU128: return {32, 16};
    case TypeKind::kStruct:
    case TypeKind::kArray:
    case TypeKind::kVector: break;
  }
  return {0, 1};
}
// The kind of each part of a complex kind (kF32 for kComplexF32, kI32 for kComplexI32, …).
constexpr TypeKind complexPart(TypeKind kind) noexcept {
  switch (kind) {
    case TypeKind::kComplexF32: return TypeKind::kF32;
    case TypeKind::kComplexF64: return TypeKind::kF64;
    case TypeKind::kComplexLongDouble: return TypeKind::kLongDouble;
    default:  // the integer parts run in the order of the integer kinds
      return TypeKind(int(TypeKind::kI8) + int(kind) - int(TypeKind::kComplexI8));
  }
}
// The complex kind of a part kind (kComplexI32 for kI32, kComplexF32 for kF32, …); kVoid for a
// kind that is no complex number's part.
constexpr TypeKind complexKind(TypeKind part) noexcept {
  switch (part) {
    case TypeKind::kF32: return TypeKind::kComplexF32;
    case TypeKind::kF64: return TypeKind::kComplexF64;
    case TypeKind::kLongDouble: return TypeKind::kComplexLongDouble;
    default:
      if (part >= TypeKind::kI8 && part <= TypeKind::kU128) {
        return TypeKind(int(TypeKind::kComplexI8) + int(part) - int(TypeKind::kI8));
      }
      return TypeKind::kVoid;
  }
}
// A vector's layout: `size` bytes aligned to min(size, 16). AArch64 (gcc, clang) aligns every
// vector so, and libffi 3.8 computes it so; x86-64 compilers align 32- and 64-byte vectors to
// their size, and jitffi refuses those there (sysv_x64.cpp).
constexpr Layout vectorLayout(uint64_t size) noexcept { return {size, uint32_t(size < 16 ? size : 16)}; }
// "i32", "ld", "c64", "ci32"; "{}" for kStruct, "[]" for kArray, "x" for kVector.
JITFFI_API const char* typeKindName(TypeKind kind) noexcept;

}  // namespace jitffi
