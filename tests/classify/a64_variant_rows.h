// SPDX-License-Identifier: MIT
// The rows the Apple and Windows arm64 classifier tables share (apple_arm64_rows.h,
// win_arm64_rows.h list them as their "Misc" table): where neither variant changes AAPCS64's
// rules but the conventions say something of their own — the caller's (Apple) and the callee's
// extension of narrow integers, long double as a double, GNU C's empty struct. Each row is checked
// against clang 14's assembly for both targets (apple-arm64_clang_oracle, win-arm64_clang_oracle).
// Structs as in those tables.
#pragma once

#include "plan_rows.h"

namespace jitffi::test {

// ---------------------------------------------------------------------------------------------
// Results (narrow integers extended, a large struct through x8), long double (a double), GNU
// C's empty struct, by-reference and HFA arguments.
inline const PlanRow kA64VariantMiscRows[] = {
    {"unsigned short f(unsigned char, unsigned short, signed char, short)", "u16(u8, u16, i8, i16)",
     "ret: direct x0=0+2:z\n"
     "a0: direct x0=0+1:z\n"
     "a1: direct x1=0+2:z\n"
     "a2: direct x2=0+1:s\n"
     "a3: direct x3=0+2:s\n"
     "frame: stack=0 copy=0\n"},
    {"B24 f(B24, H4d, void*, float)", "{i64,i64,i64}({i64,i64,i64}, {f64,f64,f64,f64}, ptr, f32)",
     "ret: indirect x8\n"
     "a0: indirect x0 copy+0\n"
     "a1: direct v0=0+8 v1=8+8 v2=16+8 v3=24+8\n"
     "a2: direct x1=0+8\n"
     "a3: direct v4=0+4\n"
     "frame: stack=0 copy=32\n"},
    {"char f(char)", "i8(i8)",
     "ret: direct x0=0+1:s\n"
     "a0: direct x0=0+1:s\n"
     "frame: stack=0 copy=0\n"},
    {"long double f(long double, long double)", "ld(ld, ld)",
     "ret: direct v0=0+8\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, E, int)", "void(i32, {}, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: ignore\n"
     "a2: direct x1=0+4:s\n"
     "frame: stack=0 copy=0\n"},
};

}  // namespace jitffi::test
