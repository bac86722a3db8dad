// SPDX-License-Identifier: MIT
// Every spelling of a scalar type the text form reads, with the jitffi type it must read as
// under each ABI. Read by c_types_test (the parser against these rows) and gen_c_types_oracle
// (the C rows against each ABI's C compiler: sizes, alignments, signedness, kind).
#pragma once

#include "jitffi/abi.h"

namespace jitffi::test {

struct CSpelling {
  const char* text;
  // The C header that declares it: "" for C's keywords (and GNU C's built-in names), nullptr
  // for jitffi's own spellings, which are not C.
  const char* header;
  // The canonical jitffi type under each ABI, in Abi's order: sysv-x64, win64, gnuw64, aapcs64,
  // apple-arm64, win-arm64, rv64.
  const char* type[kAbiCount];
};

// Columns: sysv-x64, win64, gnuw64, aapcs64, apple-arm64, win-arm64, rv64.
#define JITFFI_SAME(t) {t, t, t, t, t, t, t}
inline constexpr CSpelling kCSpellings[] = {
    // C's keywords.
    {"void", "", JITFFI_SAME("void")},
    {"char", "", {"i8", "i8", "i8", "u8", "i8", "i8", "u8"}},
    {"signed char", "", JITFFI_SAME("i8")},
    {"char signed", "", JITFFI_SAME("i8")},
    {"unsigned char", "", JITFFI_SAME("u8")},
    {"short", "", JITFFI_SAME("i16")},
    {"short int", "", JITFFI_SAME("i16")},
    {"signed short", "", JITFFI_SAME("i16")},
    {"signed short int", "", JITFFI_SAME("i16")},
    {"unsigned short", "", JITFFI_SAME("u16")},
    {"unsigned short int", "", JITFFI_SAME("u16")},
    {"short unsigned", "", JITFFI_SAME("u16")},
    {"int", "", JITFFI_SAME("i32")},
    {"signed", "", JITFFI_SAME("i32")},
    {"signed int", "", JITFFI_SAME("i32")},
    {"unsigned", "", JITFFI_SAME("u32")},
    {"unsigned int", "", JITFFI_SAME("u32")},
    {"int unsigned", "", JITFFI_SAME("u32")},
    {"long", "", {"i64", "i32", "i32", "i64", "i64", "i32", "i64"}},
    {"long int", "", {"i64", "i32", "i32", "i64", "i64", "i32", "i64"}},
    {"signed long", "", {"i64", "i32", "i32", "i64", "i64", "i32", "i64"}},
    {"long signed int", "", {"i64", "i32", "i32", "i64", "i64", "i32", "i64"}},
    {"unsigned long", "", {"u64", "u32", "u32", "u64", "u64", "u32", "u64"}},
    {"unsigned long int", "", {"u64", "u32", "u32", "u64", "u64", "u32", "u64"}},
    {"long unsigned int", "", {"u64", "u32", "u32", "u64", "u64", "u32", "u64"}},
    {"long long", "", JITFFI_SAME("i64")},
    {"long long int", "", JITFFI_SAME("i64")},
    {"signed long long", "", JITFFI_SAME("i64")},
    {"long int long", "", JITFFI_SAME("i64")},
    {"unsigned long long", "", JITFFI_SAME("u64")},
    {"unsigned long long int", "", JITFFI_SAME("u64")},
    {"long long unsigned", "", JITFFI_SAME("u64")},
    {"__int128", "", JITFFI_SAME("i128")},
    {"signed __int128", "", JITFFI_SAME("i128")},
    {"unsigned __int128", "", JITFFI_SAME("u128")},
    {"_Bool", "", JITFFI_SAME("u8")},
    {"float", "", JITFFI_SAME("f32")},
    {"double", "", JITFFI_SAME("f64")},
    {"long double", "", JITFFI_SAME("ld")},
    {"double long", "", JITFFI_SAME("ld")},
    {"float _Complex", "", JITFFI_SAME("c32")},
    {"_Complex float", "", JITFFI_SAME("c32")},
    {"double _Complex", "", JITFFI_SAME("c64")},
    {"long double _Complex", "", JITFFI_SAME("cld")},
    // GNU C's complex integers (and gcc's _Complex __int128, which clang refuses).
    {"int _Complex", "", JITFFI_SAME("ci32")},
    {"_Complex unsigned char", "", JITFFI_SAME("cu8")},
    {"short _Complex", "", JITFFI_SAME("ci16")},
    {"_Complex long", "", {"ci64", "ci32", "ci32", "ci64", "ci64", "ci32", "ci64"}},
    {"_Complex unsigned long long", "", JITFFI_SAME("cu64")},
    // Qualifiers change nothing.
    {"const int", "", JITFFI_SAME("i32")},
    {"int const", "", JITFFI_SAME("i32")},
    {"volatile unsigned long", "", {"u64", "u32", "u32", "u64", "u64", "u32", "u64"}},
    {"const volatile char", "", {"i8", "i8", "i8", "u8", "i8", "i8", "u8"}},
    {"unsigned const long long", "", JITFFI_SAME("u64")},
    {"const double", "", JITFFI_SAME("f64")},
    // Pointers: any pointer is ptr.
    {"void*", "", JITFFI_SAME("ptr")},
    {"const void *", "", JITFFI_SAME("ptr")},
    {"char*", "", JITFFI_SAME("ptr")},
    {"const char*", "", JITFFI_SAME("ptr")},
    {"char const *", "", JITFFI_SAME("ptr")},
    {"const char * const", "", JITFFI_SAME("ptr")},
    {"const char *restrict", "", JITFFI_SAME("ptr")},
    {"char *__restrict", "", JITFFI_SAME("ptr")},
    {"char **", "", JITFFI_SAME("ptr")},
    {"unsigned char*", "", JITFFI_SAME("ptr")},
    {"int * volatile *", "", JITFFI_SAME("ptr")},
    {"unsigned long*", "", JITFFI_SAME("ptr")},
    {"long double *", "", JITFFI_SAME("ptr")},
    {"struct stat *", "", JITFFI_SAME("ptr")},
    {"const struct tm*", "", JITFFI_SAME("ptr")},
    {"union sigval *", "", JITFFI_SAME("ptr")},
    {"enum color *", "", JITFFI_SAME("ptr")},
    {"FILE *", "stdio.h", JITFFI_SAME("ptr")},
    {"size_t*", "stddef.h", JITFFI_SAME("ptr")},
    // C's typedef names.
    {"int8_t", "stdint.h", JITFFI_SAME("i8")},
    {"uint8_t", "stdint.h", JITFFI_SAME("u8")},
    {"int16_t", "stdint.h", JITFFI_SAME("i16")},
    {"uint16_t", "stdint.h", JITFFI_SAME("u16")},
    {"int32_t", "stdint.h", JITFFI_SAME("i32")},
    {"uint32_t", "stdint.h", JITFFI_SAME("u32")},
    {"int64_t", "stdint.h", JITFFI_SAME("i64")},
    {"uint64_t", "stdint.h", JITFFI_SAME("u64")},
    {"intmax_t", "stdint.h", JITFFI_SAME("i64")},
    {"uintmax_t", "stdint.h", JITFFI_SAME("u64")},
    {"intptr_t", "stdint.h", JITFFI_SAME("i64")},
    {"uintptr_t", "stdint.h", JITFFI_SAME("u64")},
    {"size_t", "stddef.h", JITFFI_SAME("u64")},
    {"const size_t", "stddef.h", JITFFI_SAME("u64")},
    {"ptrdiff_t", "stddef.h", JITFFI_SAME("i64")},
    {"wchar_t", "stddef.h", {"i32", "u16", "u16", "u32", "i32", "u16", "i32"}},
    {"ssize_t", "sys/types.h", JITFFI_SAME("i64")},
    {"bool", "stdbool.h", JITFFI_SAME("u8")},
    {"__int128_t", "", JITFFI_SAME("i128")},
    {"__uint128_t", "", JITFFI_SAME("u128")},
    // jitffi's names and aliases.
    {"i8", nullptr, JITFFI_SAME("i8")},
    {"u8", nullptr, JITFFI_SAME("u8")},
    {"i16", nullptr, JITFFI_SAME("i16")},
    {"u16", nullptr, JITFFI_SAME("u16")},
    {"i32", nullptr, JITFFI_SAME("i32")},
    {"u32", nullptr, JITFFI_SAME("u32")},
    {"i64", nullptr, JITFFI_SAME("i64")},
    {"u64", nullptr, JITFFI_SAME("u64")},
    {"i128", nullptr, JITFFI_SAME("i128")},
    {"u128", nullptr, JITFFI_SAME("u128")},
    {"f32", nullptr, JITFFI_SAME("f32")},
    {"f64", nullptr, JITFFI_SAME("f64")},
    {"ld", nullptr, JITFFI_SAME("ld")},
    {"ptr", nullptr, JITFFI_SAME("ptr")},
    {"c32", nullptr, JITFFI_SAME("c32")},
    {"c64", nullptr, JITFFI_SAME("c64")},
    {"cld", nullptr, JITFFI_SAME("cld")},
    {"schar", nullptr, JITFFI_SAME("i8")},
    {"uchar", nullptr, JITFFI_SAME("u8")},
    {"ushort", nullptr, JITFFI_SAME("u16")},
    {"uint", nullptr, JITFFI_SAME("u32")},
    {"ulong", nullptr, {"u64", "u32", "u32", "u64", "u64", "u32", "u64"}},
    {"int64", nullptr, JITFFI_SAME("i64")},
    {"uint64", nullptr, JITFFI_SAME("u64")},
    {"longdouble", nullptr, JITFFI_SAME("ld")},
    {"f80", nullptr, JITFFI_SAME("ld")},
    {"pointer", nullptr, JITFFI_SAME("ptr")},
    {"const i32", nullptr, JITFFI_SAME("i32")},
    {"i32*", nullptr, JITFFI_SAME("ptr")},
    {"f64 **", nullptr, JITFFI_SAME("ptr")},
    {"my_handle_t*", nullptr, JITFFI_SAME("ptr")},
};
#undef JITFFI_SAME

}  // namespace jitffi::test
