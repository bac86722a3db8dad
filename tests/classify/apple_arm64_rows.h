// SPDX-License-Identifier: MIT
// Apple arm64 classifier tables (lib/classify/aapcs64.cpp with the Apple rules). Each row: the C
// declaration, the signature, the expected plan text. Every row is checked against clang 14's
// assembly for arm64-apple-darwin by the test apple-arm64_clang_oracle (tests/abi_oracle/asm_abi_oracle.cpp, no
// SDK needed): a caller of the declaration, generated from the row, is run symbolically up to its
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
// Named arguments on the stack (x0-x7 or v0-v7 used up): at their natural size and alignment;
// composites other than HFAs in 8-byte granules as in AAPCS64.
inline const PlanRow kAppleArm64NamedStackRows[] = {
    {"void f(long x8, char, short, char, int, S3, float, double)",
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
     "a8: direct [sp+0]=0+1\n"
     "a9: direct [sp+2]=0+2\n"
     "a10: direct [sp+4]=0+1\n"
     "a11: direct [sp+8]=0+4\n"
     "a12: direct [sp+16]=0+3\n"
     "a13: direct v0=0+4\n"
     "a14: direct v1=0+8\n"
     "frame: stack=32 copy=0\n"},
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
     "a9: direct [sp+4]=0+12\n"
     "a10: direct [sp+16]=0+4\n"
     "a11: direct [sp+20]=0+8\n"
     "a12: direct [sp+28]=0+4\n"
     "a13: direct [sp+32]=0+8\n"
     "a14: direct [sp+40]=0+4\n"
     "a15: direct [sp+48]=0+16\n"
     "frame: stack=64 copy=0\n"},
    {"void f(long x8, char, __int128, char, A16, short, long, char, S3)",
     "void(i64,i64,i64,i64,i64,i64,i64,i64, i8, i128, i8, {i128}, i16, i64, i8, {i8,i8,i8})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct [sp+0]=0+1\n"
     "a9: direct [sp+16]=0+16\n"
     "a10: direct [sp+32]=0+1\n"
     "a11: direct [sp+48]=0+16\n"
     "a12: direct [sp+64]=0+2\n"
     "a13: direct [sp+72]=0+8\n"
     "a14: direct [sp+80]=0+1\n"
     "a15: direct [sp+88]=0+3\n"
     "frame: stack=96 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// 16-aligned values in integer registers start at any register (no C.10).
inline const PlanRow kAppleArm64OddPairsRows[] = {
    {"void f(long, __int128, long)", "void(i64, i128, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8 x2=8+8\n"
     "a2: direct x3=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long, A16, long)", "void(i64, {i128}, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8 x2=8+8\n"
     "a2: direct x3=0+8\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Variadic arguments: on the stack, 8-byte slots, whatever registers are free.
inline const PlanRow kAppleArm64VariadicRows[] = {
    {"float f(int, ...) with (void*, B24, H2d)", "f32(i32, ..., ptr, {i64,i64,i64}, {f64,f64})",
     "ret: direct v0=0+4\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct [sp+0]=0+8\n"
     "a2: indirect [sp+8] copy+0\n"
     "a3: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=32 fixed=1\n"},
    {"void f(int, ...) with (int, double, S12, H2, B24, H4d, __int128)",
     "void(i32, ..., i32, f64, {i32,i32,i32}, {f32,f32}, {i64,i64,i64}, {f64,f64,f64,f64}, i128)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct [sp+0]=0+4:s/8\n"
     "a2: direct [sp+8]=0+8\n"
     "a3: direct [sp+16]=0+12\n"
     "a4: direct [sp+32]=0+8\n"
     "a5: indirect [sp+40] copy+0\n"
     "a6: direct [sp+48]=0+32\n"
     "a7: direct [sp+80]=0+16\n"
     "frame: stack=96 copy=32 fixed=1\n"},
    {"void f(int, ...) with (int, __int128, int, A16, H3, double)",
     "void(i32, ..., i32, i128, i32, {i128}, {f32,f32,f32}, f64)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct [sp+0]=0+4:s/8\n"
     "a2: direct [sp+16]=0+16\n"
     "a3: direct [sp+32]=0+4:s/8\n"
     "a4: direct [sp+48]=0+16\n"
     "a5: direct [sp+64]=0+12\n"
     "a6: direct [sp+80]=0+8\n"
     "frame: stack=96 copy=0 fixed=1\n"},
    {"void f(float, double, ...) with (double, H2)", "void(f32, f64, ..., f64, {f32,f32})",
     "ret: ignore\n"
     "a0: direct v0=0+4\n"
     "a1: direct v1=0+8\n"
     "a2: direct [sp+0]=0+8\n"
     "a3: direct [sp+8]=0+8\n"
     "frame: stack=16 copy=0 fixed=2\n"},
    {"void f(int, ...) with (int x6, __int128, int, H3, S3)",
     "void(i32, ..., i32, i32, i32, i32, i32, i32, i128, i32, {f32,f32,f32}, {i8,i8,i8})",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct [sp+0]=0+4:s/8\n"
     "a2: direct [sp+8]=0+4:s/8\n"
     "a3: direct [sp+16]=0+4:s/8\n"
     "a4: direct [sp+24]=0+4:s/8\n"
     "a5: direct [sp+32]=0+4:s/8\n"
     "a6: direct [sp+40]=0+4:s/8\n"
     "a7: direct [sp+48]=0+16\n"
     "a8: direct [sp+64]=0+4:s/8\n"
     "a9: direct [sp+72]=0+12\n"
     "a10: direct [sp+88]=0+3\n"
     "frame: stack=96 copy=0 fixed=1\n"},
};

inline const PlanTable kAppleArm64Tables[] = {
    {"NamedStack", kAppleArm64NamedStackRows},
    {"OddPairs", kAppleArm64OddPairsRows},
    {"Variadic", kAppleArm64VariadicRows},
    {"Misc", kA64VariantMiscRows},
};

}  // namespace jitffi::test
