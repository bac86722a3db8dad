// SPDX-License-Identifier: MIT
// jitffi — function signatures and their compact text form.
//
// Grammar (whitespace is ignored between tokens; docs/signatures.md has every name):
//
//   signature := type '(' [ params ] ')'
//   params    := type { ',' type } [ ',' '...' { ',' type } ]
//              | '...' { ',' type }
//   type      := words { '*' { qualifier } }
//              | '{' [ member { ',' member } ] '}' [ '#' size [ ':' align ] ]
//              | [ 'packed' | 'pack' '(' n ')' ] [ 'union' ] '{' [ member { ',' member } ] '}'
//   member    := type { '[' count ']' }          (an array member, dimensions in C's order:
//                                                 "i8[2][3]" is two arrays of three i8)
//                [ ':' bits | '@' offset ]       (a bit-field, or a member at a given offset)
//   words     := one name, or C's type keywords (C11 6.7.2's combinations in any order:
//                "unsigned long int", "long double _Complex"), or struct|union|enum and a tag;
//                qualifiers (const, volatile, restrict, __restrict, __restrict__) anywhere
//                among them are read and ignored
//   name      := a jitffi name: void i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 ld ptr
//                c32 c64 cld ci8 cu8 ci16 cu16 ci32 cu32 ci64 cu64 ci128 cu128; an alias
//                (schar, uint, ulong, f80, ...); a C typedef name (int32_t, size_t, ssize_t,
//                intptr_t, wchar_t, ...); a vector; before '*', any identifier
//   vector    := lane 'x' count, one word ("f32x4", "i8x16"): lane an integer of at most 8
//                bytes or a floating type by its name (i8 … u64, f32, f64, or an alias)
//
// c32, c64 and cld are the complex numbers of f32, f64 and ld parts (_Complex float …); ci8 …
// cu128 those of integer parts (GNU C's _Complex signed char … _Complex unsigned __int128, also
// read as C's keywords, "_Complex int"). A vector is GNU C's `lane __attribute__((vector_size(N)))`
// with N = count × sizeof(lane) one of 8, 16, 32, 64 (__m64, __m128, __m256, __m512,
// float32x4_t): count lanes of one type, aligned to its size up to 16 bytes (Type::vectorOf).
//
// Any type followed by '*' is `ptr` ("const char*", "FILE *", "struct stat*", "i32**"): the text
// form does not track what a pointer points to. A struct, union or enum tag by value is an error
// (a struct is written with its members). Parameter names are not part of the text form.
//
// C's names mean what the ABI's C compiler makes of them, which is why parsing takes the ABI the
// signature is for: `long` and `unsigned long` (`ulong`) are i64/u64 under LP64 (sysv-x64,
// aapcs64, apple-arm64) and i32/u32 under Windows' LLP64 (win64, gnuw64); plain `char` is u8
// under aapcs64 and i8 elsewhere; `wchar_t` varies too; `long double` is `ld`, laid out as the
// ABI says (type.h). The text is printed with jitffi's names: "unsigned long" read for win64
// prints as u32.
//
// Records (Type::record): "{u32:3,u32:5,i8}" has bit-fields (u32:0 a zero-width one),
// "packed{i8,i32}" is __attribute__((packed)), "pack(2){...}" #pragma pack(2), "union{f32,i32}"
// a union, "{i8,i32@8}" a member at offset 8; laid out as each ABI's C compiler lays them out
// (docs/signatures.md, "Records").
//
// A struct's layout is computed by C rules unless given after '#' (see Type::structWithLayout):
// size at least 1, align (default 1) a power of two of at most 4096. Array counts may be any
// 64-bit number; a value whose size is over kMaxValueSize is refused when it is classified, and
// parsing costs the same for "i8[2]" and "i8[4294967296]".
//
// `void` as the only parameter means an empty parameter list ("f(void)"); it is no argument
// type in the text form. (A Signature built in C++ may have void arguments, as libffi's C API
// allows &ffi_type_void as an argument type; docs/design.md, "What libffi accepts".)
//
// Variadic signatures: the types before '...' are the fixed parameters; the types after it are
// the variadic arguments of one particular call (as with libffi's ffi_prep_cif_var). Example:
// "i32(ptr, ..., f64, i32)" is printf("%f %d", 1.0, 2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jitffi/abi.h"
#include "jitffi/error.h"
#include "jitffi/export.h"
#include "jitffi/type.h"

namespace jitffi {

struct JITFFI_API Signature {
  Type ret;
  std::vector<Type> args;
  bool variadic = false;
  uint32_t fixedCount = 0;  // number of fixed parameters; equals args.size() unless variadic

  Signature() = default;
  Signature(Type r, std::vector<Type> a)
      : ret(std::move(r)), args(std::move(a)), fixedCount(uint32_t(args.size())) {}
  static Signature makeVariadic(Type r, std::vector<Type> a, uint32_t fixedCount) {
    Signature s(std::move(r), std::move(a));
    s.variadic = true;
    s.fixedCount = fixedCount;
    return s;
  }

  // Parse the text form, reading C's names as the C compiler of `abi` does (long, char and
  // wchar_t differ between ABIs, see above): pass the ABI the signature will be classified for.
  // Errors are kParseError with "at position N: expected X, found Y" (N counted from 0).
  static Result<Signature> parse(std::string_view text, Abi abi = hostAbi());
  // Parse a single type ("{i32,f64}", "unsigned long").
  static Result<Type> parseType(std::string_view text, Abi abi = hostAbi());
  std::string toText() const;

  bool operator==(const Signature& other) const noexcept;
};

// Limits shared by the parser, the C API and the classifiers (larger inputs get an error, not a
// crash): the most arguments in one call, the deepest nesting of structs and arrays, the largest
// value passed by value, the largest outgoing argument area plus copy area of one call (all
// arguments together; 1024 by-value 16 MiB arguments would need 16 GiB of stack).
inline constexpr uint32_t kMaxArgs = 1024;
inline constexpr uint32_t kMaxDepth = 64;
inline constexpr uint64_t kMaxValueSize = uint64_t(1) << 24;
inline constexpr uint64_t kMaxFrameSize = uint64_t(1) << 30;

}  // namespace jitffi
