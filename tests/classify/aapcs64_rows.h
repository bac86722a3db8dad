// SPDX-License-Identifier: MIT
// AAPCS64 (Linux) classifier tables. Each row: the C declaration, the signature, the expected plan
// text. Every row is checked mechanically against aarch64 gcc 12 by the ABI oracle
// (tests/abi_oracle: gcc's callers and callees, executed under qemu-aarch64) — where gcc's
// caller puts each meaningful byte of every argument, where gcc's callee reads it, where a gcc
// callee leaves the result and where a gcc caller reads it; aapcs64_test.cpp compares the
// classifier's text with the rows.
//
// Conventions of the expected text (include/jitffi/plan.h): registers are x0–x30 and v0–v31; a
// piece in a v register sits in its low bytes (s, d or q); narrow integers carry their
// extension mark (":s"/":z", widened to 8 bytes) although AAPCS64 callees extend them
// themselves (lib/classify/aapcs64.cpp says why); the hidden result pointer is x8 and nothing
// hands it back; there is no count register.
#pragma once

#include "plan_rows.h"

namespace jitffi::test {

// ---------------------------------------------------------------------------------------------
// Scalars as arguments: every kind (C.1, C.9, C.10/C.11).
inline const PlanRow kAapcs64ScalarArgRows[] = {
    {"void f(void)", "void()",
     "ret: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"void f(signed char)", "void(i8)",
     "ret: ignore\n"
     "a0: direct x0=0+1:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned char)", "void(u8)",
     "ret: ignore\n"
     "a0: direct x0=0+1:z\n"
     "frame: stack=0 copy=0\n"},
    {"void f(short)", "void(i16)",
     "ret: ignore\n"
     "a0: direct x0=0+2:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned short)", "void(u16)",
     "ret: ignore\n"
     "a0: direct x0=0+2:z\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int)", "void(i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned)", "void(u32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:z\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long)", "void(i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned long)", "void(u64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(void *)", "void(ptr)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(__int128)", "void(i128)",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned __int128)", "void(u128)",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(float)", "void(f32)",
     "ret: ignore\n"
     "a0: direct v0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double)", "void(f64)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long double)", "void(ld)",
     "ret: ignore\n"
     "a0: direct v0=0+16\n"
     "frame: stack=0 copy=0\n"},
    {"void f(float _Complex)", "void(c32)",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double _Complex)", "void(c64)",
     "ret: ignore\n"
     "a0: direct v0=0+8 v1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long double _Complex)", "void(cld)",
     "ret: ignore\n"
     "a0: direct v0=0+16 v1=16+16\n"
     "frame: stack=0 copy=0\n"},
    {"void f(signed char, unsigned char, short, unsigned short, int, unsigned, long, void *)",
     "void(i8, u8, i16, u16, i32, u32, i64, ptr)",
     "ret: ignore\n"
     "a0: direct x0=0+1:s\n"
     "a1: direct x1=0+1:z\n"
     "a2: direct x2=0+2:s\n"
     "a3: direct x3=0+2:z\n"
     "a4: direct x4=0+4:s\n"
     "a5: direct x5=0+4:z\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, double, void *, float, long)", "void(i32, f64, ptr, f32, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct v0=0+8\n"
     "a2: direct x1=0+8\n"
     "a3: direct v1=0+4\n"
     "a4: direct x2=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long double, int, long double, double)", "void(ld, i32, ld, f64)",
     "ret: ignore\n"
     "a0: direct v0=0+16\n"
     "a1: direct x0=0+4:s\n"
     "a2: direct v1=0+16\n"
     "a3: direct v2=0+8\n"
     "frame: stack=0 copy=0\n"},
    // C.10: __int128 starts at an even register; x1 stays unused and the next int takes x4.
    {"void f(int, __int128, int)", "void(i32, i128, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x2=0+8 x3=8+8\n"
     "a2: direct x4=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    // Complex numbers are HFAs of two members.
    {"void f(float _Complex, double _Complex, float)", "void(c32, c64, f32)",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4\n"
     "a1: direct v2=0+8 v3=8+8\n"
     "a2: direct v4=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long, long double _Complex, long)", "void(i64, cld, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct v0=0+16 v1=16+16\n"
     "a2: direct x1=0+8\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Scalars as results (6.5: the registers of the first argument).
inline const PlanRow kAapcs64ScalarReturnRows[] = {
    {"signed char f(void)", "i8()",
     "ret: direct x0=0+1:s\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned char f(void)", "u8()",
     "ret: direct x0=0+1:z\n"
     "frame: stack=0 copy=0\n"},
    {"short f(void)", "i16()",
     "ret: direct x0=0+2:s\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned short f(void)", "u16()",
     "ret: direct x0=0+2:z\n"
     "frame: stack=0 copy=0\n"},
    {"int f(void)", "i32()",
     "ret: direct x0=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned f(void)", "u32()",
     "ret: direct x0=0+4:z\n"
     "frame: stack=0 copy=0\n"},
    {"long f(void)", "i64()",
     "ret: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned long f(void)", "u64()",
     "ret: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void * f(void)", "ptr()",
     "ret: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"__int128 f(void)", "i128()",
     "ret: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned __int128 f(void)", "u128()",
     "ret: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"float f(void)", "f32()",
     "ret: direct v0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"double f(void)", "f64()",
     "ret: direct v0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"long double f(void)", "ld()",
     "ret: direct v0=0+16\n"
     "frame: stack=0 copy=0\n"},
    {"float _Complex f(void)", "c32()",
     "ret: direct v0=0+4 v1=4+4\n"
     "frame: stack=0 copy=0\n"},
    {"double _Complex f(void)", "c64()",
     "ret: direct v0=0+8 v1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"long double _Complex f(void)", "cld()",
     "ret: direct v0=0+16 v1=16+16\n"
     "frame: stack=0 copy=0\n"},
    {"double f(double, double)", "f64(f64, f64)",
     "ret: direct v0=0+8\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"long double f(long double, long double)", "ld(ld, ld)",
     "ret: direct v0=0+16\n"
     "a0: direct v0=0+16\n"
     "a1: direct v1=0+16\n"
     "frame: stack=0 copy=0\n"},
    {"__int128 f(__int128, __int128)", "i128(i128, i128)",
     "ret: direct x0=0+8 x1=8+8\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "a1: direct x2=0+8 x3=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"short f(signed char, unsigned short)", "i16(i8, u16)",
     "ret: direct x0=0+2:s\n"
     "a0: direct x0=0+1:s\n"
     "a1: direct x1=0+2:z\n"
     "frame: stack=0 copy=0\n"},
    {"long double _Complex f(int, long double _Complex)", "cld(i32, cld)",
     "ret: direct v0=0+16 v1=16+16\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct v0=0+16 v1=16+16\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Register exhaustion: eight x registers and eight v registers, each closed by its own rules
// (C.3, C.13), then the stack (C.14–C.17).
inline const PlanRow kAapcs64ExhaustionRows[] = {
    {"void f(long x9)", "void(i64, i64, i64, i64, i64, i64, i64, i64, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(int x10)", "void(i32, i32, i32, i32, i32, i32, i32, i32, i32, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+4:s\n"
     "a2: direct x2=0+4:s\n"
     "a3: direct x3=0+4:s\n"
     "a4: direct x4=0+4:s\n"
     "a5: direct x5=0+4:s\n"
     "a6: direct x6=0+4:s\n"
     "a7: direct x7=0+4:s\n"
     "a8: direct [sp+0]=0+4:s/8\n"
     "a9: direct [sp+8]=0+4:s/8\n"
     "frame: stack=16 copy=0\n"},
    // C.16: narrow integers take whole 8-byte slots.
    {"void f(long x8, signed char, unsigned short, unsigned char, int, unsigned)",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, i8, u16, u8, i32, u32)",
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
     "a9: direct [sp+8]=0+2:z/8\n"
     "a10: direct [sp+16]=0+1:z/8\n"
     "a11: direct [sp+24]=0+4:s/8\n"
     "a12: direct [sp+32]=0+4:z/8\n"
     "frame: stack=48 copy=0\n"},
    {"void f(double x9)", "void(f64, f64, f64, f64, f64, f64, f64, f64, f64)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct v7=0+8\n"
     "a8: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    // C.5: a float on the stack takes an 8-byte slot.
    {"void f(float x10)", "void(f32, f32, f32, f32, f32, f32, f32, f32, f32, f32)",
     "ret: ignore\n"
     "a0: direct v0=0+4\n"
     "a1: direct v1=0+4\n"
     "a2: direct v2=0+4\n"
     "a3: direct v3=0+4\n"
     "a4: direct v4=0+4\n"
     "a5: direct v5=0+4\n"
     "a6: direct v6=0+4\n"
     "a7: direct v7=0+4\n"
     "a8: direct [sp+0]=0+4\n"
     "a9: direct [sp+8]=0+4\n"
     "frame: stack=16 copy=0\n"},
    // C.4: a long double on the stack is 16-aligned.
    {"void f(long double x9, double)", "void(ld, ld, ld, ld, ld, ld, ld, ld, f64, ld)",
     "ret: ignore\n"
     "a0: direct v0=0+16\n"
     "a1: direct v1=0+16\n"
     "a2: direct v2=0+16\n"
     "a3: direct v3=0+16\n"
     "a4: direct v4=0+16\n"
     "a5: direct v5=0+16\n"
     "a6: direct v6=0+16\n"
     "a7: direct v7=0+16\n"
     "a8: direct [sp+0]=0+8\n"
     "a9: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    // The two register files run out independently.
    {"void f(double x8, float, int, double)",
     "void(f64, f64, f64, f64, f64, f64, f64, f64, f32, i32, f64)",
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
     "a9: direct x0=0+4:s\n"
     "a10: direct [sp+8]=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x8, float, double)", "void(i64, i64, i64, i64, i64, i64, i64, i64, f32, f64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct v0=0+4\n"
     "a9: direct v1=0+8\n"
     "frame: stack=0 copy=0\n"},
    // C.10 and C.11: the pair takes x6 and x7 (x5 stays unused); C.13 then sends the next long to
    // the stack.
    {"void f(long x5, __int128, long)", "void(i64, i64, i64, i64, i64, i128, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x6=0+8 x7=8+8\n"
     "a6: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    // C.10 rounds NGRN from 7 to 8, so the pair goes to the stack (16-aligned) and x7 stays
    // unused.
    {"void f(long x7, __int128, long)", "void(i64, i64, i64, i64, i64, i64, i64, i128, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct [sp+16]=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long x6, __int128, __int128)", "void(i64, i64, i64, i64, i64, i64, i128, i128)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8 x7=8+8\n"
     "a7: direct [sp+0]=0+16\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x8, int, __int128)", "void(i64, i64, i64, i64, i64, i64, i64, i64, i32, i128)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct [sp+0]=0+4:s/8\n"
     "a9: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long x8, __int128, int)", "void(i64, i64, i64, i64, i64, i64, i64, i64, i128, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct [sp+0]=0+16\n"
     "a9: direct [sp+16]=0+4:s/8\n"
     "frame: stack=32 copy=0\n"},
    // C.3: an HFA that does not fit goes wholly to the stack and closes the v registers (NSRN
    // becomes 8), so the double after it goes to the stack too.
    {"void f(double x7, struct { double a, b; }, double)",
     "void(f64, f64, f64, f64, f64, f64, f64, {f64,f64}, f64)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct [sp+16]=0+8\n"
     "frame: stack=32 copy=0\n"},
    // C.3: the HFA's stack size is rounded up to 16.
    {"void f(double x7, struct { float a, b, c; }, float)",
     "void(f64, f64, f64, f64, f64, f64, f64, {f32,f32,f32}, f32)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct [sp+0]=0+12\n"
     "a8: direct [sp+16]=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(double x6, struct { double a, b, c; }, double)",
     "void(f64, f64, f64, f64, f64, f64, {f64,f64,f64}, f64)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct [sp+0]=0+24\n"
     "a7: direct [sp+24]=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(double x7, struct { long double a, b; }, double)",
     "void(f64, f64, f64, f64, f64, f64, f64, {ld,ld}, f64)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct [sp+0]=0+32\n"
     "a8: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0\n"},
    // C.4: an HFA of long doubles on the stack is 16-aligned.
    {"void f(double x8, double, struct { long double a, b; })",
     "void(f64, f64, f64, f64, f64, f64, f64, f64, f64, {ld,ld})",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct v7=0+8\n"
     "a8: direct [sp+0]=0+8\n"
     "a9: direct [sp+16]=0+32\n"
     "frame: stack=48 copy=0\n"},
    // An over-aligned struct of two doubles is still an HFA (no padding); on the stack its natural
    // alignment (8) counts, not the attribute's.
    {"void f(double x9, struct __attribute__((aligned(16))) { double a, b; })",
     "void(f64, f64, f64, f64, f64, f64, f64, f64, f64, {f64,f64}#16:16)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct v7=0+8\n"
     "a8: direct [sp+0]=0+8\n"
     "a9: direct [sp+8]=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"void f(double x7, double _Complex, double)",
     "void(f64, f64, f64, f64, f64, f64, f64, c64, f64)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct [sp+16]=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(double x6, float _Complex, float _Complex, float)",
     "void(f64, f64, f64, f64, f64, f64, c32, c32, f32)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+4 v7=4+4\n"
     "a7: direct [sp+0]=0+8\n"
     "a8: direct [sp+8]=0+4\n"
     "frame: stack=16 copy=0\n"},
    // C.12 fails for a 16-byte struct with one register left; C.13 closes the x registers (NGRN
    // becomes 8), so the int after it goes to the stack too.
    {"void f(long x7, struct { long a, b; }, int)",
     "void(i64, i64, i64, i64, i64, i64, i64, {i64,i64}, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct [sp+16]=0+4:s/8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long x7, struct { int a, b, c; }, signed char)",
     "void(i64, i64, i64, i64, i64, i64, i64, {i32,i32,i32}, i8)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct [sp+0]=0+12\n"
     "a8: direct [sp+16]=0+1:s/8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long x7, struct { char a, b, c; }, long)",
     "void(i64, i64, i64, i64, i64, i64, i64, {i8,i8,i8}, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+3\n"
     "a8: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    // A struct of mixed integer and floating-point members is no HFA: x registers.
    {"void f(long x6, struct { long i; double d; }, double)",
     "void(i64, i64, i64, i64, i64, i64, {i64,f64}, f64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8 x7=8+8\n"
     "a7: direct v0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double x8, struct { double d; long i; }, long)",
     "void(f64, f64, f64, f64, f64, f64, f64, f64, {f64,i64}, i64)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct v7=0+8\n"
     "a8: direct x0=0+8 x1=8+8\n"
     "a9: direct x2=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, double, ... 9 of each)",
     "void(i32, f64, i32, f64, i32, f64, i32, f64, i32, f64, i32, f64, i32, f64, i32, f64, i32, "
     "f64)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct v0=0+8\n"
     "a2: direct x1=0+4:s\n"
     "a3: direct v1=0+8\n"
     "a4: direct x2=0+4:s\n"
     "a5: direct v2=0+8\n"
     "a6: direct x3=0+4:s\n"
     "a7: direct v3=0+8\n"
     "a8: direct x4=0+4:s\n"
     "a9: direct v4=0+8\n"
     "a10: direct x5=0+4:s\n"
     "a11: direct v5=0+8\n"
     "a12: direct x6=0+4:s\n"
     "a13: direct v6=0+8\n"
     "a14: direct x7=0+4:s\n"
     "a15: direct v7=0+8\n"
     "a16: direct [sp+0]=0+4:s/8\n"
     "a17: direct [sp+8]=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x8, struct { char a, b, c; }, float)",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, {i8,i8,i8}, f32)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct [sp+0]=0+3\n"
     "a9: direct v0=0+4\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x5, __int128, struct { int i; float f; })",
     "void(i64, i64, i64, i64, i64, i128, {i32,f32})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x6=0+8 x7=8+8\n"
     "a6: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    // C.10 also applies to a struct with a 16-aligned member.
    {"void f(long x7, struct { __int128 i; }, long)",
     "void(i64, i64, i64, i64, i64, i64, i64, {i128}, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct [sp+16]=0+8\n"
     "frame: stack=32 copy=0\n"},
    // C.14: a 16-aligned struct on the stack is 16-aligned.
    {"void f(long x8, int, struct { __int128 i; })",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, i32, {i128})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct [sp+0]=0+4:s/8\n"
     "a9: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    // 5.8: the natural alignment ignores an alignment given to the whole struct: 8-aligned on the
    // stack.
    {"void f(long x8, int, struct __attribute__((aligned(16))) { long a, b; })",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, i32, {i64,i64}#16:16)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct [sp+0]=0+4:s/8\n"
     "a9: direct [sp+8]=0+16\n"
     "frame: stack=32 copy=0\n"},
    // x8 carries the result address: all of x0–x7 stay argument registers.
    {"struct { long a, b, c; } f(long x8)", "{i64,i64,i64}(i64, i64, i64, i64, i64, i64, i64, i64)",
     "ret: indirect x8\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Composites of at most 16 bytes (C.12) and HFAs (C.2, any size up to four members): every shape.
inline const PlanRow kAapcs64SmallStructRows[] = {
    {"void f(struct { char a; })", "void({i8})",
     "ret: ignore\n"
     "a0: direct x0=0+1\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char a, b; })", "void({i8,i8})",
     "ret: ignore\n"
     "a0: direct x0=0+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char a, b, c; })", "void({i8,i8,i8})",
     "ret: ignore\n"
     "a0: direct x0=0+3\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[4]; })", "void({i8[4]})",
     "ret: ignore\n"
     "a0: direct x0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[5]; })", "void({i8[5]})",
     "ret: ignore\n"
     "a0: direct x0=0+5\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[6]; })", "void({i8[6]})",
     "ret: ignore\n"
     "a0: direct x0=0+6\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[7]; })", "void({i8[7]})",
     "ret: ignore\n"
     "a0: direct x0=0+7\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[8]; })", "void({i8[8]})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[9]; })", "void({i8[9]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+1\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[10]; })", "void({i8[10]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[11]; })", "void({i8[11]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+3\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[12]; })", "void({i8[12]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[13]; })", "void({i8[13]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+5\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[14]; })", "void({i8[14]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+6\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[15]; })", "void({i8[15]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+7\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[16]; })", "void({i8[16]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short a; })", "void({i16})",
     "ret: ignore\n"
     "a0: direct x0=0+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short a, b, c; })", "void({i16,i16,i16})",
     "ret: ignore\n"
     "a0: direct x0=0+6\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { unsigned short s[5]; })", "void({u16[5]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short s[7]; })", "void({i16[7]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+6\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short s[8]; })", "void({i16[8]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short s; char c; })", "void({i16,i8})",
     "ret: ignore\n"
     "a0: direct x0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int a; })", "void({i32})",
     "ret: ignore\n"
     "a0: direct x0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int a, b; })", "void({i32,i32})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int a, b, c; })", "void({i32,i32,i32})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { unsigned u[4]; })", "void({u32[4]})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int i; char c; })", "void({i32,i8})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char a; int i; char b; })", "void({i8,i32,i8})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long l; char c; })", "void({i64,i8})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long a; })", "void({i64})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { void *p, *q; })", "void({ptr,ptr})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int i; float f; })", "void({i32,f32})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f; int i; })", "void({f32,i32})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d; long l; })", "void({f64,i64})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long l; double d; })", "void({i64,f64})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a, b; int i; })", "void({f32,f32,i32})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c; float f; })", "void({i8,f32})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d; char c; })", "void({f64,i8})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f; double d; })", "void({f32,f64})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d; float f; })", "void({f64,f32})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a; int i; float b; })", "void({f32,i32,f32})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float _Complex c; int i; })", "void({c32,i32})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a; })", "void({f32})",
     "ret: ignore\n"
     "a0: direct v0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a, b; })", "void({f32,f32})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a, b, c; })", "void({f32,f32,f32})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4 v2=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f[4]; })", "void({f32[4]})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4 v2=8+4 v3=12+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double a; })", "void({f64})",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double a, b; })", "void({f64,f64})",
     "ret: ignore\n"
     "a0: direct v0=0+8 v1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double a, b, c; })", "void({f64,f64,f64})",
     "ret: ignore\n"
     "a0: direct v0=0+8 v1=8+8 v2=16+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d[4]; })", "void({f64[4]})",
     "ret: ignore\n"
     "a0: direct v0=0+8 v1=8+8 v2=16+8 v3=24+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long double a; })", "void({ld})",
     "ret: ignore\n"
     "a0: direct v0=0+16\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long double a, b; })", "void({ld,ld})",
     "ret: ignore\n"
     "a0: direct v0=0+16 v1=16+16\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long double a, b, c; })", "void({ld,ld,ld})",
     "ret: ignore\n"
     "a0: direct v0=0+16 v1=16+16 v2=32+16\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long double l[4]; })", "void({ld[4]})",
     "ret: ignore\n"
     "a0: direct v0=0+16 v1=16+16 v2=32+16 v3=48+16\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct { float a, b; } s; float c; })", "void({{f32,f32},f32})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4 v2=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct { double d; } a, b; })", "void({{f64},{f64}})",
     "ret: ignore\n"
     "a0: direct v0=0+8 v1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a; struct { float b; struct { float c; } t; } s; })",
     "void({f32,{f32,{f32}}})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4 v2=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct { float f[2]; } a, b; })", "void({{f32[2]},{f32[2]}})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4 v2=8+4 v3=12+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float _Complex a, b; })", "void({c32,c32})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4 v2=8+4 v3=12+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double _Complex c; })", "void({c64})",
     "ret: ignore\n"
     "a0: direct v0=0+8 v1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float _Complex c; float f; })", "void({c32,f32})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4 v2=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long double _Complex c; })", "void({cld})",
     "ret: ignore\n"
     "a0: direct v0=0+16 v1=16+16\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double _Complex a, b; })", "void({c64,c64})",
     "ret: ignore\n"
     "a0: direct v0=0+8 v1=8+8 v2=16+8 v3=24+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a; struct {} e; float b; })", "void({f32,{},f32})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4\n"
     "frame: stack=0 copy=0\n"},
    // Five members: no HFA, and over 16 bytes: by reference (B.4).
    {"void f(struct { float f[5]; })", "void({f32[5]})",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(struct { double _Complex a, b; double c; })", "void({c64,c64,f64})",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "frame: stack=0 copy=48\n"},
    // Padding makes a struct of floats no HFA: x registers, and no even-register rule (natural
    // alignment 4).
    {"void f(struct __attribute__((aligned(16))) { float a, b; })", "void({f32,f32}#16:16)",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct __attribute__((aligned(16))) { double d; })", "void({f64}#16:16)",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct __attribute__((aligned(16))) { float f[4]; }, "
     "struct __attribute__((aligned(16))) { double a, b; })",
     "void({f32[4]}#16:16, {f64,f64}#16:16)",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4 v2=8+4 v3=12+4\n"
     "a1: direct v4=0+8 v5=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, struct { struct __attribute__((aligned(16))) { double d; } s; })",
     "void(i32, {{f64}#16:16})",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x2=0+8 x3=8+8\n"
     "frame: stack=0 copy=0\n"},
    // abi-aa issue 206's three cases: V (no padding) is an HFA; U (padded to 32) and T (a
    // 16-aligned member) are not, and go by reference.
    {"void f(struct __attribute__((aligned(16))) { double a, b, c, d; })",
     "void({f64,f64,f64,f64}#32:16)",
     "ret: ignore\n"
     "a0: direct v0=0+8 v1=8+8 v2=16+8 v3=24+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct __attribute__((aligned(16))) { double a, b, c; })", "void({f64,f64,f64}#32:16)",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(struct { double a; struct __attribute__((aligned(16))) { double c; } t; })",
     "void({f64,{f64}#16:16})",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    // 5.8: an alignment given to the whole struct is no member alignment: no even-register rule.
    {"void f(int, struct __attribute__((aligned(16))) { long a, b; }, int)",
     "void(i32, {i64,i64}#16:16, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+8 x2=8+8\n"
     "a2: direct x3=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, struct { __int128 i; }, int)", "void(i32, {i128}, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x2=0+8 x3=8+8\n"
     "a2: direct x4=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    // A member's alignment counts: 16, so C.10 applies.
    {"void f(int, struct { struct __attribute__((aligned(16))) { int i; } s; }, int)",
     "void(i32, {{i32}#16:16}, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x2=0+8 x3=8+8\n"
     "a2: direct x4=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    // GNU C's empty structs (size 0) pass nothing.
    {"void f(struct {})", "void({})",
     "ret: ignore\n"
     "a0: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, struct {}, int)", "void(i32, {}, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: ignore\n"
     "a2: direct x1=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long x8, struct {}, long)", "void(i64, i64, i64, i64, i64, i64, i64, i64, {}, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: ignore\n"
     "a9: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(struct { struct {} e; })", "void({{}})",
     "ret: ignore\n"
     "a0: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c; struct {} e; })", "void({i8,{}})",
     "ret: ignore\n"
     "a0: direct x0=0+1\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Composites over 16 bytes (B.4): by reference to a caller-made copy.
inline const PlanRow kAapcs64LargeStructRows[] = {
    {"void f(struct { long a, b, c; })", "void({i64,i64,i64})",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(struct { char c[17]; })", "void({i8[17]})",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(struct { double d[5]; })", "void({f64[5]})",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "frame: stack=0 copy=48\n"},
    {"void f(struct { long l[3]; }, struct { long l[3]; })", "void({i64[3]}, {i64[3]})",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "a1: indirect x1 copy+32\n"
     "frame: stack=0 copy=64\n"},
    // The pointer to the copy goes to the stack when the x registers are used up.
    {"void f(long x8, struct { long a, b, c; })",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, {i64,i64,i64})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: indirect [sp+0] copy+0\n"
     "frame: stack=16 copy=32\n"},
    {"void f(long x7, struct { long a, b, c; }, long)",
     "void(i64, i64, i64, i64, i64, i64, i64, {i64,i64,i64}, i64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: indirect x7 copy+0\n"
     "a8: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=32\n"},
    {"void f(struct { long double l; long i; })", "void({ld,i64})",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    // A 32-byte HFA is no large struct: v registers.
    {"void f(struct { char c[100]; }, int, struct { double a, b, c, d; }, double)",
     "void({i8[100]}, i32, {f64,f64,f64,f64}, f64)",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "a1: direct x1=0+4:s\n"
     "a2: direct v0=0+8 v1=8+8 v2=16+8 v3=24+8\n"
     "a3: direct v4=0+8\n"
     "frame: stack=0 copy=112\n"},
    {"void f(struct { int i; double d; char c; }, float, struct { float f[6]; })",
     "void({i32,f64,i8}, f32, {f32[6]})",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "a1: direct v0=0+4\n"
     "a2: indirect x1 copy+32\n"
     "frame: stack=0 copy=64\n"},
};

// ---------------------------------------------------------------------------------------------
// Composite results: x0/x1, v0–v3 for HFAs, x8 for the rest.
inline const PlanRow kAapcs64StructReturnRows[] = {
    {"struct { char a; } f(void)", "{i8}()",
     "ret: direct x0=0+1\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char a, b, c; } f(void)", "{i8,i8,i8}()",
     "ret: direct x0=0+3\n"
     "frame: stack=0 copy=0\n"},
    {"struct { int a, b; } f(void)", "{i32,i32}()",
     "ret: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { int a, b, c; } f(void)", "{i32,i32,i32}()",
     "ret: direct x0=0+8 x1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long a, b; } f(void)", "{i64,i64}()",
     "ret: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { void *p, *q; } f(void)", "{ptr,ptr}()",
     "ret: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long l; double d; } f(void)", "{i64,f64}()",
     "ret: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float f; double d; } f(void)", "{f32,f64}()",
     "ret: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { __int128 i;; } f(void)", "{i128}()",
     "ret: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float a; } f(void)", "{f32}()",
     "ret: direct v0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float a, b; } f(void)", "{f32,f32}()",
     "ret: direct v0=0+4 v1=4+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float a, b, c; } f(void)", "{f32,f32,f32}()",
     "ret: direct v0=0+4 v1=4+4 v2=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float f[4]; } f(void)", "{f32[4]}()",
     "ret: direct v0=0+4 v1=4+4 v2=8+4 v3=12+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double d[4]; } f(void)", "{f64[4]}()",
     "ret: direct v0=0+8 v1=8+8 v2=16+8 v3=24+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long double a, b; } f(void)", "{ld,ld}()",
     "ret: direct v0=0+16 v1=16+16\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long double l[4]; } f(void)", "{ld[4]}()",
     "ret: direct v0=0+16 v1=16+16 v2=32+16 v3=48+16\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double _Complex a, b; } f(void)", "{c64,c64}()",
     "ret: direct v0=0+8 v1=8+8 v2=16+8 v3=24+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long a, b, c; } f(void)", "{i64,i64,i64}()",
     "ret: indirect x8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char c[17]; } f(void)", "{i8[17]}()",
     "ret: indirect x8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double d[5]; } f(void)", "{f64[5]}()",
     "ret: indirect x8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char c[16]; } f(void)", "{i8[16]}()",
     "ret: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct {} f(void)", "{}()",
     "ret: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"struct __attribute__((aligned(16))) { float a, b; } f(void)", "{f32,f32}#16:16()",
     "ret: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double d[4]; } f(double, struct { double d[4]; })", "{f64[4]}(f64, {f64[4]})",
     "ret: direct v0=0+8 v1=8+8 v2=16+8 v3=24+8\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8 v2=8+8 v3=16+8 v4=24+8\n"
     "frame: stack=0 copy=0\n"},
    // The result address in x8, the argument's copy in x0.
    {"struct { long l[3]; } f(struct { long l[3]; })", "{i64[3]}({i64[3]})",
     "ret: indirect x8\n"
     "a0: indirect x0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"struct { float a, b; } f(int, float)", "{f32,f32}(i32, f32)",
     "ret: direct v0=0+4 v1=4+4\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct v0=0+4\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Variadic calls: anonymous arguments follow the same rules as named ones on Linux.
inline const PlanRow kAapcs64VariadicRows[] = {
    // Variadic arguments are passed exactly like named ones (Linux).
    {"printf(fmt, 1.0, 2)", "i32(ptr, ..., f64, i32)",
     "ret: direct x0=0+4:s\n"
     "a0: direct x0=0+8\n"
     "a1: direct v0=0+8\n"
     "a2: direct x1=0+4:s\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"printf(fmt, 1L x8)", "i32(ptr, ..., i64, i64, i64, i64, i64, i64, i64, i64)",
     "ret: direct x0=0+4:s\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0 fixed=1\n"},
    {"printf(fmt, 1.0 x9)", "i32(ptr, ..., f64, f64, f64, f64, f64, f64, f64, f64, f64)",
     "ret: direct x0=0+4:s\n"
     "a0: direct x0=0+8\n"
     "a1: direct v0=0+8\n"
     "a2: direct v1=0+8\n"
     "a3: direct v2=0+8\n"
     "a4: direct v3=0+8\n"
     "a5: direct v4=0+8\n"
     "a6: direct v5=0+8\n"
     "a7: direct v6=0+8\n"
     "a8: direct v7=0+8\n"
     "a9: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0 fixed=1\n"},
    {"void f(int, ...) with struct { float a, b; }", "void(i32, ..., {f32,f32})",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct v0=0+4 v1=4+4\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(int, ...) with long double", "void(i32, ..., ld)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct v0=0+16\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(int, ...) with __int128", "void(i32, ..., i128)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x2=0+8 x3=8+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(int, ...) with struct { long a, b, c; }", "void(i32, ..., {i64,i64,i64})",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: indirect x1 copy+0\n"
     "frame: stack=0 copy=32 fixed=1\n"},
    {"void f(int, ...) with struct { char a, b, c; }, double _Complex",
     "void(i32, ..., {i8,i8,i8}, c64)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x1=0+3\n"
     "a2: direct v0=0+8 v1=8+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(int, ...) with double x8, long double, double",
     "void(i32, ..., f64, f64, f64, f64, f64, f64, f64, f64, ld, f64)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct v0=0+8\n"
     "a2: direct v1=0+8\n"
     "a3: direct v2=0+8\n"
     "a4: direct v3=0+8\n"
     "a5: direct v4=0+8\n"
     "a6: direct v5=0+8\n"
     "a7: direct v6=0+8\n"
     "a8: direct v7=0+8\n"
     "a9: direct [sp+0]=0+16\n"
     "a10: direct [sp+16]=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"void f(long x7, ...) with __int128", "void(i64, i64, i64, i64, i64, i64, i64, ..., i128)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct [sp+0]=0+16\n"
     "frame: stack=16 copy=0 fixed=7\n"},
    {"void f(double, ...) with struct { double d[4]; }, struct { double a, b; }",
     "void(f64, ..., {f64[4]}, {f64,f64})",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8 v2=8+8 v3=16+8 v4=24+8\n"
     "a2: direct v5=0+8 v6=8+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(int, double, ...) with int, double", "void(i32, f64, ..., i32, f64)",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct v0=0+8\n"
     "a2: direct x1=0+4:s\n"
     "a3: direct v1=0+8\n"
     "frame: stack=0 copy=0 fixed=2\n"},
};

// ---------------------------------------------------------------------------------------------
// Stack overflow with mixed alignments.
inline const PlanRow kAapcs64MixedStackRows[] = {
    // Every stack rule in one call: 8-byte slots, 16-aligned quad-precision values, HFAs and
    // __int128.
    {"void f(long x8, double x8, signed char, long double, int, struct { char a, b, c; }, "
     "struct { float a, b, c; }, float, __int128, struct { long double l; }, struct { int a, b, "
     "c; }, unsigned short, float _Complex, struct { long double a, b; })",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, f64, f64, f64, f64, f64, f64, f64, f64, i8, "
     "ld, i32, {i8,i8,i8}, {f32,f32,f32}, f32, i128, {ld}, {i32,i32,i32}, u16, c32, {ld,ld})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct v0=0+8\n"
     "a9: direct v1=0+8\n"
     "a10: direct v2=0+8\n"
     "a11: direct v3=0+8\n"
     "a12: direct v4=0+8\n"
     "a13: direct v5=0+8\n"
     "a14: direct v6=0+8\n"
     "a15: direct v7=0+8\n"
     "a16: direct [sp+0]=0+1:s/8\n"
     "a17: direct [sp+16]=0+16\n"
     "a18: direct [sp+32]=0+4:s/8\n"
     "a19: direct [sp+40]=0+3\n"
     "a20: direct [sp+48]=0+12\n"
     "a21: direct [sp+64]=0+4\n"
     "a22: direct [sp+80]=0+16\n"
     "a23: direct [sp+96]=0+16\n"
     "a24: direct [sp+112]=0+12\n"
     "a25: direct [sp+128]=0+2:z/8\n"
     "a26: direct [sp+136]=0+8\n"
     "a27: direct [sp+144]=0+32\n"
     "frame: stack=176 copy=0\n"},
    {"void f(long x8, double x8, int, struct { __int128 i; }, float, struct { double a, b; }, "
     "struct __attribute__((aligned(16))) { long a, b; }, long double)",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, f64, f64, f64, f64, f64, f64, f64, f64, i32, "
     "{i128}, f32, {f64,f64}, {i64,i64}#16:16, ld)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct v0=0+8\n"
     "a9: direct v1=0+8\n"
     "a10: direct v2=0+8\n"
     "a11: direct v3=0+8\n"
     "a12: direct v4=0+8\n"
     "a13: direct v5=0+8\n"
     "a14: direct v6=0+8\n"
     "a15: direct v7=0+8\n"
     "a16: direct [sp+0]=0+4:s/8\n"
     "a17: direct [sp+16]=0+16\n"
     "a18: direct [sp+32]=0+4\n"
     "a19: direct [sp+40]=0+16\n"
     "a20: direct [sp+56]=0+16\n"
     "a21: direct [sp+80]=0+16\n"
     "frame: stack=96 copy=0\n"},
    {"void f(long x8, double x8, struct { long l[3]; }, float, struct { char c[9]; }, "
     "double _Complex, short)",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, f64, f64, f64, f64, f64, f64, f64, f64, "
     "{i64[3]}, f32, {i8[9]}, c64, i16)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct x7=0+8\n"
     "a8: direct v0=0+8\n"
     "a9: direct v1=0+8\n"
     "a10: direct v2=0+8\n"
     "a11: direct v3=0+8\n"
     "a12: direct v4=0+8\n"
     "a13: direct v5=0+8\n"
     "a14: direct v6=0+8\n"
     "a15: direct v7=0+8\n"
     "a16: indirect [sp+0] copy+0\n"
     "a17: direct [sp+8]=0+4\n"
     "a18: direct [sp+16]=0+9\n"
     "a19: direct [sp+32]=0+16\n"
     "a20: direct [sp+48]=0+2:s/8\n"
     "frame: stack=64 copy=32\n"},
};

// Complex numbers of integer parts (composites of two integers, no HFA: general registers, by
// reference over 16 bytes) and vectors: 8- and 16-byte Short Vector Types in v registers (C.1,
// C.4 on the stack), HVAs of up to four vectors of one size (gcc compares short vectors by size,
// not by lanes), 32- and 64-byte GNU C vectors by reference.
inline const PlanRow kAapcs64VectorAndComplexIntegerRows[] = {
    {"void f(_Complex signed char, _Complex unsigned char, _Complex short, _Complex unsigned short)", "void(ci8, cu8, ci16, cu16)",
     "ret: ignore\n"
     "a0: direct x0=0+2\n"
     "a1: direct x1=0+2\n"
     "a2: direct x2=0+4\n"
     "a3: direct x3=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(_Complex int, _Complex unsigned, _Complex long long)", "void(ci32, cu32, ci64)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8 x3=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(_Complex __int128, _Complex unsigned __int128)", "void(ci128, cu128)",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "a1: indirect x1 copy+32\n"
     "frame: stack=0 copy=64\n"},
    {"void f(long (x7), _Complex long long, int)", "void(i64, i64, i64, i64, i64, i64, i64, cu64, i32)",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8\n"
     "a2: direct x2=0+8\n"
     "a3: direct x3=0+8\n"
     "a4: direct x4=0+8\n"
     "a5: direct x5=0+8\n"
     "a6: direct x6=0+8\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct [sp+16]=0+4:s/8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { _Complex short a; float b; }, struct { char c; _Complex int z; })", "void({ci16,f32}, {i8,ci32})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8 x2=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex signed char f(void)", "ci8()",
     "ret: direct x0=0+2\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex unsigned short f(void)", "cu16()",
     "ret: direct x0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex int f(void)", "ci32()",
     "ret: direct x0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex long long f(void)", "ci64()",
     "ret: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex __int128 f(_Complex __int128)", "ci128(ci128)",
     "ret: indirect x8\n"
     "a0: indirect x0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(float (vector_size 8), short (vector_size 8), float (vector_size 16), double (vector_size 16), char (vector_size 16))", "void(f32x2, i16x4, f32x4, f64x2, i8x16)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+16\n"
     "a3: direct v3=0+16\n"
     "a4: direct v4=0+16\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double (x7), float (vector_size 16), float (vector_size 16), float (vector_size 8))", "void(f64, f64, f64, f64, f64, f64, f64, f32x4, f32x4, f32x2)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct v7=0+16\n"
     "a8: direct [sp+0]=0+16\n"
     "a9: direct [sp+16]=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(float (vector_size 32), double (vector_size 64))", "void(f32x8, f64x8)",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "a1: indirect x1 copy+32\n"
     "frame: stack=0 copy=96\n"},
    {"void f(struct { float (vector_size 16) a, b, c, d; })", "void({f32x4,f32x4,f32x4,f32x4})",
     "ret: ignore\n"
     "a0: direct v0=0+16 v1=16+16 v2=32+16 v3=48+16\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float (vector_size 8) a, b; }, struct { char (vector_size 16) a; float (vector_size 16) b; })", "void({f32x2,f32x2}, {i8x16,f32x4})",
     "ret: ignore\n"
     "a0: direct v0=0+8 v1=8+8\n"
     "a1: direct v2=0+16 v3=16+16\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float (vector_size 16) a; float (vector_size 8) b; }, struct { float (vector_size 16) a; float b; })", "void({f32x4,f32x2}, {f32x4,f32})",
     "ret: ignore\n"
     "a0: indirect x0 copy+0\n"
     "a1: indirect x1 copy+32\n"
     "frame: stack=0 copy=64\n"},
    {"void f(double (x7), struct { float (vector_size 16) a, b; }, double)", "void(f64, f64, f64, f64, f64, f64, f64, {f32x4,f32x4}, f64)",
     "ret: ignore\n"
     "a0: direct v0=0+8\n"
     "a1: direct v1=0+8\n"
     "a2: direct v2=0+8\n"
     "a3: direct v3=0+8\n"
     "a4: direct v4=0+8\n"
     "a5: direct v5=0+8\n"
     "a6: direct v6=0+8\n"
     "a7: direct [sp+0]=0+32\n"
     "a8: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0\n"},
    {"void f(struct { float (vector_size 8) v[3]; }, struct { float (vector_size 16) a, b, c, d, e; })", "void({f32x2[3]}, {f32x4,f32x4,f32x4,f32x4,f32x4})",
     "ret: ignore\n"
     "a0: direct v0=0+8 v1=8+8 v2=16+8\n"
     "a1: indirect x0 copy+0\n"
     "frame: stack=0 copy=80\n"},
    {"float (vector_size 16) f(void)", "f32x4()",
     "ret: direct v0=0+16\n"
     "frame: stack=0 copy=0\n"},
    {"short (vector_size 8) f(void)", "i16x4()",
     "ret: direct v0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"float (vector_size 32) f(void)", "f32x8()",
     "ret: indirect x8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double (vector_size 16) a, b, c; } f(void)", "{f64x2,f64x2,f64x2}()",
     "ret: direct v0=0+16 v1=16+16 v2=32+16\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float (vector_size 16) a; int b; } f(void)", "{f32x4,i32}()",
     "ret: indirect x8\n"
     "frame: stack=0 copy=0\n"},
    {"int f(int, ...) called with (float (vector_size 16), _Complex int, double (vector_size 16))", "i32(i32, ..., f32x4, ci32, f64x2)",
     "ret: direct x0=0+4:s\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct v0=0+16\n"
     "a2: direct x1=0+8\n"
     "a3: direct v1=0+16\n"
     "frame: stack=0 copy=0 fixed=1\n"},
};

// Every table, for the test suites and the gcc oracle.
// Records: HFAs of unions (their largest member's members), packed HFAs, bit-fields as integers
// (a zero-width one dropped), the natural alignment of packed members and of bit-fields' types.
inline const PlanRow kAapcs64RecordRows[] = {
    {"void f(struct { unsigned a : 3, b : 5; signed char c; }, struct { char c; int : 0; }) (AAPCS64: the zero-width bit-field aligns the struct)", "void({u32:3,u32:5,i8}, {i8,i32:0})",
     "ret: ignore\n"
     "a0: direct x0=0+4\n"
     "a1: direct x1=0+4\n"
     "frame: stack=0 copy=0\n"
    },
    {"void f(struct { float a; int : 0; float b; }) (an HFA: C drops the zero-width bit-field)", "void({f32,i32:0,f32})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4\n"
     "frame: stack=0 copy=0\n"
    },
    {"void f(struct { float f; int b : 8; }, struct { long long a : 60; int b : 10; })", "void({f32,i32:8}, {i64:60,i32:10})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+8 x2=8+8\n"
     "frame: stack=0 copy=0\n"
    },
    {"void f(int, struct { __int128 x : 100; signed char c : 4; } __attribute__((packed))) (a bit-field's type aligns it: x2, x3)", "void(i32, packed{i128:100,i8:4})",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: direct x2=0+8 x3=8+5\n"
     "frame: stack=0 copy=0\n"
    },
    {"void f(union { float f; float a[2]; }, union { double d; struct { double a, b; } s; }) (HFAs of their largest member)", "void(union{f32,{f32,f32}}, union{f64,{f64,f64}})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4\n"
     "a1: direct v2=0+8 v3=8+8\n"
     "frame: stack=0 copy=0\n"
    },
    {"void f(union { float f; double d; }, union { float f; int i; }) (no HFA)", "void(union{f32,f64}, union{f32,i32})",
     "ret: ignore\n"
     "a0: direct x0=0+8\n"
     "a1: direct x1=0+4\n"
     "frame: stack=0 copy=0\n"
    },
    {"union { struct { float a, b; } s; float v[2]; } f(union { struct { float a, b, c; } s; double d[2]; })", "union{{f32,f32},{f32[2]}}(union{{f32,f32,f32},{f64[2]}})",
     "ret: direct v0=0+4 v1=4+4\n"
     "a0: direct x0=0+8 x1=8+8\n"
     "frame: stack=0 copy=0\n"
    },
    {"void f(struct { float a, b; } __attribute__((packed)), struct { char c; double d; } __attribute__((packed)))", "void(packed{f32,f32}, packed{i8,f64})",
     "ret: ignore\n"
     "a0: direct v0=0+4 v1=4+4\n"
     "a1: direct x0=0+8 x1=8+1\n"
     "frame: stack=0 copy=0\n"
    },
    {"void f(int, #pragma pack(8) struct { char c; __int128 i; }, #pragma pack(4) struct { double d; int i; }) (copy; a composite of 12 bytes)", "void(i32, pack(8){i8,i128}, pack(4){f64,i32})",
     "ret: ignore\n"
     "a0: direct x0=0+4:s\n"
     "a1: indirect x1 copy+0\n"
     "a2: direct x2=0+8 x3=8+4\n"
     "frame: stack=0 copy=32\n"
    },
    {"struct { float a; unsigned char p[4]; float b; } f(that struct) (the filler: no HFA)", "{f32,f32@8}({f32,f32@8})",
     "ret: direct x0=0+8 x1=8+4\n"
     "a0: direct x0=0+8 x1=8+4\n"
     "frame: stack=0 copy=0\n"
    },
    {"void f(struct { char c; char p[2]; double d __attribute__((packed)); })", "void({i8,f64@3})",
     "ret: ignore\n"
     "a0: direct x0=0+8 x1=8+3\n"
     "frame: stack=0 copy=0\n"
    },
};

inline const PlanTable kAapcs64Tables[] = {
    {"ScalarArg", kAapcs64ScalarArgRows},
    {"ScalarReturn", kAapcs64ScalarReturnRows},
    {"Exhaustion", kAapcs64ExhaustionRows},
    {"SmallStruct", kAapcs64SmallStructRows},
    {"LargeStruct", kAapcs64LargeStructRows},
    {"StructReturn", kAapcs64StructReturnRows},
    {"Variadic", kAapcs64VariadicRows},
    {"MixedStack", kAapcs64MixedStackRows},
    {"VectorAndComplexInteger", kAapcs64VectorAndComplexIntegerRows},
    {"Record", kAapcs64RecordRows},
};

}  // namespace jitffi::test
