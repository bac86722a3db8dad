// SPDX-License-Identifier: MIT
// Windows arm64 classifier tables (lib/classify/aapcs64.cpp with the Windows rules). Each row: the C
// declaration, the signature, the expected plan text. Every row is checked against clang 14's
// assembly for aarch64-pc-windows-msvc by the test win-arm64_clang_oracle
// (tests/abi_oracle/asm_abi_oracle.cpp, no SDK needed): a caller of the declaration, generated from the row, is run symbolically up to its
// call (where is every argument?) and on to its return (where is the result taken from?). Where
// clang 14 departs from the convention's documentation the row follows the document and that test
// names the deviation. Text conventions as in aapcs64_rows.h. The structs, as C declares them:
//   S3 {char a, b, c;}  S12 {int a, b, c;}  B24 {long long a, b, c;}  A16 {__int128 x;}  E {}
//   H2 {float a, b;}  H3 {float a, b, c;}  H2d {double a, b;}  H4d {double a, b, c, d;}
#pragma once

#include "a64_variant_rows.h"
#include "plan_rows.h"

namespace jitffi::test {

// ---------------------------------------------------------------------------------------------
// Named arguments of a non-variadic function: AAPCS64's rules unchanged.
inline const PlanRow kWinArm64NamedRows[] = {
    {"void f(long long x8, char, short, char, int, S3, float, double)",
     "void(i64,i64,i64,i64,i64,i64,i64,i64, i8, i16, i8, i32, {i8,i8,i8}, f32, f64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct [sp+0]=0+1:s/8\n"
     "a9: direct [sp+8]=0+2:s/8\n"
     "a10: direct [sp+16]=0+1:s/8\n"
     "a11: direct [sp+24]=0+4:s/8\n"
     "a12: direct [sp+32]=0+3\n"
     "a13: direct v0=0+4\n"
     "a14: direct v1=0+8\n"
     "frame: stack=48 copy=0\n"},
    {"void f(double x8, float, H3, float, H2, float, double, float, H2d)",
     "void(f64,f64,f64,f64,f64,f64,f64,f64, f32, {f32,f32,f32}, f32, {f32,f32}, f32, f64, f32, {f64,f64})",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct v7=0+8\n"
     "a8: direct [sp+0]=0+4\n"
     "a9: direct [sp+8]=0+12\n"
     "a10: direct [sp+24]=0+4\n"
     "a11: direct [sp+32]=0+8\n"
     "a12: direct [sp+40]=0+4\n"
     "a13: direct [sp+48]=0+8\n"
     "a14: direct [sp+56]=0+4\n"
     "a15: direct [sp+64]=0+16\n"
     "frame: stack=80 copy=0\n"},
    {"void f(long long, __int128, long long)", "void(i64, i128, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x2=0+8 x3=8+8\n"
     "a2: direct x4=0+8\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Every argument of a variadic function on the imaginary stack: x0-x7, then the stack; no
// vector registers, HFAs as plain composites.
inline const PlanRow kWinArm64VariadicRows[] = {
    {"float f(int, ...) with (void*, B24, H2d)", "f32(i32, ..., ptr, {i64,i64,i64}, {f64,f64})",
     "ret: direct v0=0+4\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+8\n"
     "a2: indirect x2 copy+0\n"
     "a3: direct x3=0+8 x4=8+8\n"
     "frame: stack=0 copy=32 fixed=1\n"},
    {"void f(int, ...) with (int, __int128, int, A16, H3, double)",
     "void(i32, ..., i32, i128, i32, {i128}, {f32,f32,f32}, f64)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+4:s\n"
     "a2: direct x2=0+8 x3=8+8\n"
     "a3: direct x4=0+4:s\n"
     "a4: direct x6=0+8 x7=8+8\n"
     "a5: direct [sp+0]=0+12\n"
     "a6: direct [sp+16]=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"void f(int, ...) with (int x6, __int128, int, H3, S3)",
     "void(i32, ..., i32, i32, i32, i32, i32, i32, i128, i32, {f32,f32,f32}, {i8,i8,i8})",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+4:s\n"
     "a2: direct x2=0+4:s\n"
     "a3: direct x3=0+4:s\n"
     "a4: direct x4=0+4:s\n"
     "a5: direct x5=0+4:s\n"
     "a6: direct x6=0+4:s\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct [sp+16]=0+4:s/8\n"
     "a9: direct [sp+24]=0+12\n"
     "a10: direct [sp+40]=0+3\n"
     "frame: stack=48 copy=0 fixed=1\n"},
    {"void f(float, double, ...) with (double, H2)", "void(f32, f64, ..., f64, {f32,f32})",
     "ret: ignore\n"
     "a0: direct x0=0+4\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "frame: stack=0 copy=0 fixed=2\n"},
    {"void f(int, ...) with (int x6, H4d)",
     "void(i32, ..., i32, i32, i32, i32, i32, i32, {f64,f64,f64,f64})",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+4:s\n"
     "a2: direct x2=0+4:s\n"
     "a3: direct x3=0+4:s\n"
     "a4: direct x4=0+4:s\n"
     "a5: direct x5=0+4:s\n"
     "a6: direct x6=0+4:s\n"
     "a7: indirect x7 copy+0\n"
     "frame: stack=0 copy=32 fixed=1\n"},
    {"void f(int, ...) with (int x6, B24)",
     "void(i32, ..., i32, i32, i32, i32, i32, i32, {i64,i64,i64})",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+4:s\n"
     "a2: direct x2=0+4:s\n"
     "a3: direct x3=0+4:s\n"
     "a4: direct x4=0+4:s\n"
     "a5: direct x5=0+4:s\n"
     "a6: direct x6=0+4:s\n"
     "a7: indirect x7 copy+0\n"
     "frame: stack=0 copy=32 fixed=1\n"},
    {"void f(int, ...) with (int x6, __int128, int)",
     "void(i32, ..., i32, i32, i32, i32, i32, i32, i128, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+4:s\n"
     "a2: direct x2=0+4:s\n"
     "a3: direct x3=0+4:s\n"
     "a4: direct x4=0+4:s\n"
     "a5: direct x5=0+4:s\n"
     "a6: direct x6=0+4:s\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct [sp+16]=0+4:s/8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"H3 f(int, ...)", "{f32,f32,f32}(i32, ...)",
     "ret: direct v0=0+4 v1=4+4 v2=8+4\n"
     "a0: direct x0=0+4:s\n"
     "frame: stack=0 copy=0 fixed=1\n"},
};

// ---------------------------------------------------------------------------------------------
// A composite that reaches past x7 straddles x7 and the stack, as the documentation's
// imaginary stack and MSVC have it, named or variadic (every argument of a variadic function
// goes through the imaginary stack). clang 14's callers disagree (they leave x7 unused and put
// the whole struct at [sp+0], the next argument at [sp+16]: asm_abi_oracle's kDeviations names
// it for each row); its callee's va_arg reads the split, as
// tests/foreign's Windows straddle cases execute, while its callee of a named straddling struct
// reads it wholly from the stack.
inline const PlanRow kWinArm64VariadicSplitRows[] = {
    {"void f(int, ...) with (int x6, S12, int)",
     "void(i32, ..., i32, i32, i32, i32, i32, i32, {i32,i32,i32}, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+4:s\n"
     "a2: direct x2=0+4:s\n"
     "a3: direct x3=0+4:s\n"
     "a4: direct x4=0+4:s\n"
     "a5: direct x5=0+4:s\n"
     "a6: direct x6=0+4:s\n"
     "a7: direct x7=0+8 [sp+0]=8+4\n"
     "a8: direct [sp+8]=0+4:s/8\n"
     "frame: stack=16 copy=0 fixed=1\n"},
    {"void f(int x7, S12, ...) with (int)",
     "void(i32, i32, i32, i32, i32, i32, i32, {i32,i32,i32}, ..., i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+4:s\n"
     "a2: direct x2=0+4:s\n"
     "a3: direct x3=0+4:s\n"
     "a4: direct x4=0+4:s\n"
     "a5: direct x5=0+4:s\n"
     "a6: direct x6=0+4:s\n"
     "a7: direct x7=0+8 [sp+0]=8+4\n"
     "a8: direct [sp+8]=0+4:s/8\n"
     "frame: stack=16 copy=0 fixed=8\n"},
    {"void f(int x7, H2d, ...) with (double)",
     "void(i32, i32, i32, i32, i32, i32, i32, {f64,f64}, ..., f64)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+4:s\n"
     "a2: direct x2=0+4:s\n"
     "a3: direct x3=0+4:s\n"
     "a4: direct x4=0+4:s\n"
     "a5: direct x5=0+4:s\n"
     "a6: direct x6=0+4:s\n"
     "a7: direct x7=0+8 [sp+0]=8+8\n"
     "a8: direct [sp+8]=0+8\n"
     "frame: stack=16 copy=0 fixed=8\n"},
};

inline const PlanTable kWinArm64Tables[] = {
    {"Named", kWinArm64NamedRows},
    {"Variadic", kWinArm64VariadicRows},
    {"VariadicSplit", kWinArm64VariadicSplitRows},
    {"Misc", kA64VariantMiscRows},
};

}  // namespace jitffi::test
