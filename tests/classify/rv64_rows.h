// SPDX-License-Identifier: MIT
// RISC-V 64 (LP64D, Linux) classifier tables. Each row: the C declaration, the signature, the
// expected plan text. Every row is checked mechanically against riscv64 gcc 12 by the ABI oracle
// (tests/abi_oracle: gcc's callers and callees, executed under qemu-riscv64) — where gcc's
// caller puts each meaningful byte of every argument, and how it widens narrow integers and
// NaN-boxes floats; where gcc's callee reads them (given exactly the bits the plan sets); where
// a gcc callee leaves the result and where a gcc caller reads it; rv64_test.cpp compares the
// classifier's text with the rows.
//
// Conventions of the expected text (include/jitffi/plan.h): registers by their psABI names (a0–a7
// are x10–x17, fa0–fa7 are f10–f17); narrow integers carry the extension the psABI requires of
// the caller (":s" for int and unsigned alike, ":z" for unsigned char and short), floats in FP
// registers ":n" (NaN-boxed); the hidden result pointer is a0 and nothing hands it back; there
// is no count register.
#pragma once

#include "plan_rows.h"

namespace jitffi::test {

// ---------------------------------------------------------------------------------------------
// Scalars as arguments: every kind (the integer and the hardware floating-point conventions).
inline const PlanRow kRv64ScalarArgRows[] = {
    {"void f(void)", "void()",
     "ret: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"void f(signed char)", "void(i8)",
     "ret: ignore\n"
     "a0: direct a0=0+1:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned char)", "void(u8)",
     "ret: ignore\n"
     "a0: direct a0=0+1:z\n"
     "frame: stack=0 copy=0\n"},
    {"void f(short)", "void(i16)",
     "ret: ignore\n"
     "a0: direct a0=0+2:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned short)", "void(u16)",
     "ret: ignore\n"
     "a0: direct a0=0+2:z\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int)", "void(i32)",
     "ret: ignore\n"
     "a0: direct a0=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned): sign-extended although unsigned", "void(u32)",
     "ret: ignore\n"
     "a0: direct a0=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long)", "void(i64)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned long)", "void(u64)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(void *)", "void(ptr)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(__int128)", "void(i128)",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned __int128)", "void(u128)",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(float): NaN-boxed in fa0", "void(f32)",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double)", "void(f64)",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long double): binary128 by the integer convention", "void(ld)",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(float _Complex)", "void(c32)",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n fa1=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double _Complex)", "void(c64)",
     "ret: ignore\n"
     "a0: direct fa0=0+8 fa1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long double _Complex): by reference", "void(cld)",
     "ret: ignore\n"
     "a0: indirect a0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(_Complex signed char)", "void(ci8)",
     "ret: ignore\n"
     "a0: direct a0=0+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(_Complex int)", "void(ci32)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(_Complex long)", "void(ci64)",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(_Complex __int128): by reference", "void(ci128)",
     "ret: ignore\n"
     "a0: indirect a0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(int, unsigned, short, unsigned char, long, float, double)",
     "void(i32, u32, i16, u8, i64, f32, f64)",
     "ret: ignore\n"
     "a0: direct a0=0+4:s\n"
     "a1: direct a1=0+4:s\n"
     "a2: direct a2=0+2:s\n"
     "a3: direct a3=0+1:z\n"
     "a4: direct a4=0+8\n"
     "a5: direct fa0=0+4:n\n"
     "a6: direct fa1=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(float, int, double, unsigned)", "void(f32, i32, f64, u32)",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n\n"
     "a1: direct a0=0+4:s\n"
     "a2: direct fa1=0+8\n"
     "a3: direct a1=0+4:s\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Scalars as results: a0/a1, fa0/fa1, by reference through a0.
inline const PlanRow kRv64ScalarReturnRows[] = {
    {"signed char f(void)", "i8()",
     "ret: direct a0=0+1:s\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned char f(void)", "u8()",
     "ret: direct a0=0+1:z\n"
     "frame: stack=0 copy=0\n"},
    {"short f(void)", "i16()",
     "ret: direct a0=0+2:s\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned short f(void)", "u16()",
     "ret: direct a0=0+2:z\n"
     "frame: stack=0 copy=0\n"},
    {"int f(void)", "i32()",
     "ret: direct a0=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned f(void): sign-extended although unsigned", "u32()",
     "ret: direct a0=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"long f(void)", "i64()",
     "ret: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void *f(void)", "ptr()",
     "ret: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"__int128 f(void)", "i128()",
     "ret: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned __int128 f(void)", "u128()",
     "ret: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"float f(void)", "f32()",
     "ret: direct fa0=0+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"double f(void)", "f64()",
     "ret: direct fa0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"long double f(void)", "ld()",
     "ret: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"float _Complex f(void)", "c32()",
     "ret: direct fa0=0+4:n fa1=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"double _Complex f(void)", "c64()",
     "ret: direct fa0=0+8 fa1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"long double _Complex f(int): by reference in a0, the argument in a1", "cld(i32)",
     "ret: indirect a0\n"
     "a0: direct a1=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex short f(void)", "ci16()",
     "ret: direct a0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex long f(void)", "ci64()",
     "ret: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex __int128 f(double): by reference", "ci128(f64)",
     "ret: indirect a0\n"
     "a0: direct fa0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned f(unsigned)", "u32(u32)",
     "ret: direct a0=0+4:s\n"
     "a0: direct a0=0+4:s\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Registers running out: the stack, the split between a7 and the stack, reals by the integer
// convention once fa0-fa7 are taken.
inline const PlanRow kRv64ExhaustionRows[] = {
    {"void f(long x8, int, unsigned char): on the stack, widened to 8 bytes",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, i32, u8)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8\n"
     "a8: direct [sp+0]=0+4:s/8\n"
     "a9: direct [sp+8]=0+1:z/8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x8, unsigned, short, unsigned short)",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, u32, i16, u16)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8\n"
     "a8: direct [sp+0]=0+4:s/8\n"
     "a9: direct [sp+8]=0+2:s/8\n"
     "a10: direct [sp+16]=0+2:z/8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long x7, __int128): split between a7 and the stack",
     "void(i64, i64, i64, i64, i64, i64, i64, i128)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8 [sp+0]=8+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x7, long double, float): split; the float still in fa0",
     "void(i64, i64, i64, i64, i64, i64, i64, ld, f32)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8 [sp+0]=8+8\n"
     "a8: direct fa0=0+4:n\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x8, int, __int128): 16-aligned on the stack",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, i32, i128)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8\n"
     "a8: direct [sp+0]=0+4:s/8\n"
     "a9: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long x8, int, long double)", "void(i64, i64, i64, i64, i64, i64, i64, i64, i32, ld)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8\n"
     "a8: direct [sp+0]=0+4:s/8\n"
     "a9: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"void f(float x9): the ninth in a0, upper bits undefined",
     "void(f32, f32, f32, f32, f32, f32, f32, f32, f32)",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n\n"
     "a1: direct fa1=0+4:n\n"
     "a2: direct fa2=0+4:n\n"
     "a3: direct fa3=0+4:n\n"
     "a4: direct fa4=0+4:n\n"
     "a5: direct fa5=0+4:n\n"
     "a6: direct fa6=0+4:n\n"
     "a7: direct fa7=0+4:n\n"
     "a8: direct a0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double x9, int)", "void(f64, f64, f64, f64, f64, f64, f64, f64, f64, i32)",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "a1: direct fa1=0+8\n"
     "a2: direct fa2=0+8\n"
     "a3: direct fa3=0+8\n"
     "a4: direct fa4=0+8\n"
     "a5: direct fa5=0+8\n"
     "a6: direct fa6=0+8\n"
     "a7: direct fa7=0+8\n"
     "a8: direct a0=0+8\n"
     "a9: direct a1=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double x8, long x8, float, double): on the stack",
     "void(f64, f64, f64, f64, f64, f64, f64, f64, i64, i64, i64, i64, i64, i64, i64, i64, f32, f64)",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "a1: direct fa1=0+8\n"
     "a2: direct fa2=0+8\n"
     "a3: direct fa3=0+8\n"
     "a4: direct fa4=0+8\n"
     "a5: direct fa5=0+8\n"
     "a6: direct fa6=0+8\n"
     "a7: direct fa7=0+8\n"
     "a8: direct a0=0+8\n"
     "a9: direct a1=0+8\n"
     "a10: direct a2=0+8\n"
     "a11: direct a3=0+8\n"
     "a12: direct a4=0+8\n"
     "a13: direct a5=0+8\n"
     "a14: direct a6=0+8\n"
     "a15: direct a7=0+8\n"
     "a16: direct [sp+0]=0+4\n"
     "a17: direct [sp+8]=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(double x7, double _Complex): one FP register left: a0, a1",
     "void(f64, f64, f64, f64, f64, f64, f64, c64)",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "a1: direct fa1=0+8\n"
     "a2: direct fa2=0+8\n"
     "a3: direct fa3=0+8\n"
     "a4: direct fa4=0+8\n"
     "a5: direct fa5=0+8\n"
     "a6: direct fa6=0+8\n"
     "a7: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double x7, float _Complex, float): one GPR, fa7 still free",
     "void(f64, f64, f64, f64, f64, f64, f64, c32, f32)",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "a1: direct fa1=0+8\n"
     "a2: direct fa2=0+8\n"
     "a3: direct fa3=0+8\n"
     "a4: direct fa4=0+8\n"
     "a5: direct fa5=0+8\n"
     "a6: direct fa6=0+8\n"
     "a7: direct a0=0+8\n"
     "a8: direct fa7=0+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double x7, struct { double a, b; }, double)",
     "void(f64, f64, f64, f64, f64, f64, f64, {f64,f64}, f64)",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "a1: direct fa1=0+8\n"
     "a2: direct fa2=0+8\n"
     "a3: direct fa3=0+8\n"
     "a4: direct fa4=0+8\n"
     "a5: direct fa5=0+8\n"
     "a6: direct fa6=0+8\n"
     "a7: direct a0=0+8 a1=8+8\n"
     "a8: direct fa7=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double x8, struct { float f; int i; })",
     "void(f64, f64, f64, f64, f64, f64, f64, f64, {f32,i32})",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "a1: direct fa1=0+8\n"
     "a2: direct fa2=0+8\n"
     "a3: direct fa3=0+8\n"
     "a4: direct fa4=0+8\n"
     "a5: direct fa5=0+8\n"
     "a6: direct fa6=0+8\n"
     "a7: direct fa7=0+8\n"
     "a8: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long x8, struct { double d; int i; }): no GPR: on the stack",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, {f64,i32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8\n"
     "a8: direct [sp+0]=0+16\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x8, struct { float f; }, struct { double a, b; }): FP registers still free",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, {f32}, {f64,f64})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8\n"
     "a8: direct fa0=0+4:n\n"
     "a9: direct fa1=0+8 fa2=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long x7, struct { long a, b; }): split",
     "void(i64, i64, i64, i64, i64, i64, i64, {i64,i64})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8 [sp+0]=8+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x7, struct { int a, b, c; }): 12 bytes split",
     "void(i64, i64, i64, i64, i64, i64, i64, {i32,i32,i32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8 [sp+0]=8+4\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x8, struct { char c[3]; }, struct { long a, b; })",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, {i8[3]}, {i64,i64})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8\n"
     "a8: direct [sp+0]=0+3\n"
     "a9: direct [sp+8]=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long x8, struct { double a, b, c; }): the copy's address on the stack",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, {f64,f64,f64})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8\n"
     "a8: indirect [sp+0] copy+0\n"
     "frame: stack=16 copy=32\n"},
    {"void f(long x8, float x9, double)",
     "void(i64, i64, i64, i64, i64, i64, i64, i64, f32, f32, f32, f32, f32, f32, f32, f32, f32, f64)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8\n"
     "a8: direct fa0=0+4:n\n"
     "a9: direct fa1=0+4:n\n"
     "a10: direct fa2=0+4:n\n"
     "a11: direct fa3=0+4:n\n"
     "a12: direct fa4=0+4:n\n"
     "a13: direct fa5=0+4:n\n"
     "a14: direct fa6=0+4:n\n"
     "a15: direct fa7=0+4:n\n"
     "a16: direct [sp+0]=0+4\n"
     "a17: direct [sp+8]=0+8\n"
     "frame: stack=16 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Structs: flattened for the hardware floating-point convention, else by the integer convention.
inline const PlanRow kRv64StructRows[] = {
    {"void f(struct { float f; })", "void({f32})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d; })", "void({f64})",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a, b; })", "void({f32,f32})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n fa1=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double a, b; })", "void({f64,f64})",
     "ret: ignore\n"
     "a0: direct fa0=0+8 fa1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f; double d; })", "void({f32,f64})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n fa1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d; float f; })", "void({f64,f32})",
     "ret: ignore\n"
     "a0: direct fa0=0+8 fa1=8+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int i; float f; })", "void({i32,f32})",
     "ret: ignore\n"
     "a0: direct a0=0+4 fa0=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f; long l; })", "void({f32,i64})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n a0=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { signed char c; double d; })", "void({i8,f64})",
     "ret: ignore\n"
     "a0: direct a0=0+1 fa0=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d; unsigned short s; })", "void({f64,u16})",
     "ret: ignore\n"
     "a0: direct fa0=0+8 a0=8+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { _Bool b; float f; })", "void({u8,f32})",
     "ret: ignore\n"
     "a0: direct a0=0+1 fa0=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d; void *p; }): a pointer is no integer field (gcc)",
     "void({f64,ptr})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int a, b; }): no real: the integer convention", "void({i32,i32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a, b, c; }): three fields", "void({f32,f32,f32})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f; int a, b; })", "void({f32,i32,i32})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f[2]; })", "void({f32[2]})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n fa1=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct { float f[1]; } a[2]; })", "void({{f32[1]}[2]})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n fa1=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d[1]; int i; })", "void({f64[1],i32})",
     "ret: ignore\n"
     "a0: direct fa0=0+8 a0=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f[3]; })", "void({f32[3]})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct {} e; float f; }): the empty struct is ignored", "void({{},f32})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct {} e[2]; float f; }): an array of empty structs too",
     "void({{}[2],f32})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f; float z[0]; }): a zero-length array is ignored",
     "void({f32,f32[0]})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n\n"
     "frame: stack=0 copy=0\n"},
    // gcc 12 ends the flattening at an array of no size (the psABI ignores zero-length arrays and,
    // in C, arrays of empty structs); the two rows above pass in fa0 by the struct's SFmode.
    {"void f(struct { struct {} e[2]; float a, b; }): gcc does not flatten it",
     "void({{}[2],f32,f32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a, b; float z[0]; }, struct { float f; int z[0]; int i; }): nor these",
     "void({f32,f32,f32[0]}, {f32,i32[0],i32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d; struct {} e[0]; }, struct { float _Complex c; float z[0]; }): by their "
     "DFmode and SCmode",
     "void({f64,{}[0]}, {c32,f32[0]})",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "a1: direct fa1=0+4:n fa2=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct { double d; } s; int i; })", "void({{f64},i32})",
     "ret: ignore\n"
     "a0: direct fa0=0+8 a0=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float _Complex c; })", "void({c32})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n fa1=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double _Complex c; })", "void({c64})",
     "ret: ignore\n"
     "a0: direct fa0=0+8 fa1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int i; float _Complex c; }): a complex number only as the first field (gcc)",
     "void({i32,c32})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { _Complex int c; })", "void({ci32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long double ld; }): wider than ABI_FLEN", "void({ld})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { __int128 i; })", "void({i128})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f; __int128 i; })", "void({f32,i128})",
     "ret: ignore\n"
     "a0: indirect a0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(struct { long a, b; })", "void({i64,i64})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long a; char c; })", "void({i64,i8})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[3]; })", "void({i8[3]})",
     "ret: ignore\n"
     "a0: direct a0=0+3\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short s[5]; })", "void({i16[5]})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long a, b, c; }): by reference", "void({i64,i64,i64})",
     "ret: ignore\n"
     "a0: indirect a0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(struct { char c[17]; })", "void({i8[17]})",
     "ret: ignore\n"
     "a0: indirect a0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(struct { double a, b, c; }, struct { float a, b; })", "void({f64,f64,f64}, {f32,f32})",
     "ret: ignore\n"
     "a0: indirect a0 copy+0\n"
     "a1: direct fa0=0+4:n fa1=4+4:n\n"
     "frame: stack=0 copy=32\n"},
    {"void f(struct {}, int): nothing passes for the empty struct", "void({}, i32)",
     "ret: ignore\n"
     "a0: ignore\n"
     "a1: direct a0=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct aligned(32) { double d; }): still one real (size plays no part)",
     "void({f64}#32:32)",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct aligned(16) { float a, b; })", "void({f32,f32}#16:16)",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n fa1=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct aligned(16) { long l; })", "void({i64}#16:16)",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, struct aligned(16) { long a, b; }): named: no even register",
     "void(i32, {i64,i64}#16:16)",
     "ret: ignore\n"
     "a0: direct a0=0+4:s\n"
     "a1: direct a1=0+8 a2=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(float __attribute__((vector_size(8))))", "void(f32x2)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int __attribute__((vector_size(16))))", "void(i32x4)",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(double __attribute__((vector_size(32)))): by reference", "void(f64x4)",
     "ret: ignore\n"
     "a0: indirect a0 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(struct { float __attribute__((vector_size(8))) v; })", "void({f32x2})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Structs as results: as a first named argument, else through a hidden pointer in a0.
inline const PlanRow kRv64StructReturnRows[] = {
    {"struct { float f; } f(void)", "{f32}()",
     "ret: direct fa0=0+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float a, b; } f(void)", "{f32,f32}()",
     "ret: direct fa0=0+4:n fa1=4+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double a, b; } f(void)", "{f64,f64}()",
     "ret: direct fa0=0+8 fa1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float f; int i; } f(void)", "{f32,i32}()",
     "ret: direct fa0=0+4:n a0=4+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char c; double d; } f(void)", "{i8,f64}()",
     "ret: direct a0=0+1 fa0=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long a, b; } f(void)", "{i64,i64}()",
     "ret: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { int a, b, c; } f(void)", "{i32,i32,i32}()",
     "ret: direct a0=0+8 a1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double d; void *p; } f(void)", "{f64,ptr}()",
     "ret: direct a0=0+8 a1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long a, b, c; } f(int, double): a0 holds the address, the int a1",
     "{i64,i64,i64}(i32, f64)",
     "ret: indirect a0\n"
     "a0: direct a1=0+4:s\n"
     "a1: direct fa0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double a, b, c; } f(long x8): the eighth long on the stack",
     "{f64,f64,f64}(i64, i64, i64, i64, i64, i64, i64, i64)",
     "ret: indirect a0\n"
     "a0: direct a1=0+8\n"
     "a1: direct a2=0+8\n"
     "a2: direct a3=0+8\n"
     "a3: direct a4=0+8\n"
     "a4: direct a5=0+8\n"
     "a5: direct a6=0+8\n"
     "a6: direct a7=0+8\n"
     "a7: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"struct aligned(32) { double d; } f(void): in fa0", "{f64}#32:32()",
     "ret: direct fa0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct {} f(int)", "{}(i32)",
     "ret: ignore\n"
     "a0: direct a0=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double _Complex c; } f(void)", "{c64}()",
     "ret: direct fa0=0+8 fa1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float a, b; } f(double x8, struct { float a, b; }): the argument by the integer "
     "convention",
     "{f32,f32}(f64, f64, f64, f64, f64, f64, f64, f64, {f32,f32})",
     "ret: direct fa0=0+4:n fa1=4+4:n\n"
     "a0: direct fa0=0+8\n"
     "a1: direct fa1=0+8\n"
     "a2: direct fa2=0+8\n"
     "a3: direct fa3=0+8\n"
     "a4: direct fa4=0+8\n"
     "a5: direct fa5=0+8\n"
     "a6: direct fa6=0+8\n"
     "a7: direct fa7=0+8\n"
     "a8: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Variadic arguments: the integer convention, 2xXLEN-aligned ones in an even register pair.
inline const PlanRow kRv64VariadicRows[] = {
    {"int printf(const char *, ...) with a double", "i32(ptr, ..., f64)",
     "ret: direct a0=0+4:s\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"int f(double, ...) with a double: the named one in fa0", "i32(f64, ..., f64)",
     "ret: direct a0=0+4:s\n"
     "a0: direct fa0=0+8\n"
     "a1: direct a0=0+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(void *, ...) with an __int128: a2, a3 (a1 skipped)", "void(ptr, ..., i128)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a2=0+8 a3=8+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(void *, int, ...) with an __int128: a2, a3", "void(ptr, i32, ..., i128)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+4:s\n"
     "a2: direct a2=0+8 a3=8+8\n"
     "frame: stack=0 copy=0 fixed=2\n"},
    {"void f(void *, int, int, ...) with a long double: a4, a5", "void(ptr, i32, i32, ..., ld)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+4:s\n"
     "a2: direct a2=0+4:s\n"
     "a3: direct a4=0+8 a5=8+8\n"
     "frame: stack=0 copy=0 fixed=3\n"},
    {"void f(void *, ...) with a long double and an int", "void(ptr, ..., ld, i32)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a2=0+8 a3=8+8\n"
     "a2: direct a4=0+4:s\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(long x7, ...) with an __int128 and a long: a7 left unused, both on the stack",
     "void(i64, i64, i64, i64, i64, i64, i64, ..., i128, i64)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct [sp+16]=0+8\n"
     "frame: stack=32 copy=0 fixed=7\n"},
    {"void f(long x6, ...) with an __int128 and a long",
     "void(i64, i64, i64, i64, i64, i64, ..., i128, i64)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8 a7=8+8\n"
     "a7: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0 fixed=6\n"},
    {"void f(long x7, ...) with a struct { long a, b; }: split (alignment 8)",
     "void(i64, i64, i64, i64, i64, i64, i64, ..., {i64,i64})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8 [sp+0]=8+8\n"
     "frame: stack=16 copy=0 fixed=7\n"},
    {"void f(void *, ...) with a struct { double a, b; }: not flattened",
     "void(ptr, ..., {f64,f64})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8 a2=8+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(void *, ...) with a struct { float a, b; }", "void(ptr, ..., {f32,f32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(void *, ...) with a struct { float f; int i; }", "void(ptr, ..., {f32,i32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(void *, ...) with a struct { double a, b, c; }: by reference",
     "void(ptr, ..., {f64,f64,f64})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: indirect a1 copy+0\n"
     "frame: stack=0 copy=32 fixed=1\n"},
    {"void f(void *, ...) with a struct aligned(32) { double d; }: by reference",
     "void(ptr, ..., {f64}#32:32)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: indirect a1 copy+0\n"
     "frame: stack=0 copy=32 fixed=1\n"},
    {"void f(void *, ...) with a struct aligned(16) { long l; }: an even pair",
     "void(ptr, ..., {i64}#16:16)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a2=0+8 a3=8+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(void *, ...) with a double _Complex", "void(ptr, ..., c64)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8 a2=8+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(void *, ...) with a float _Complex", "void(ptr, ..., c32)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(void *, ...) with an unsigned and an int", "void(ptr, ..., u32, i32)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+4:s\n"
     "a2: direct a2=0+4:s\n"
     "frame: stack=0 copy=0 fixed=1\n"},
    {"void f(void *, ...) with 9 doubles",
     "void(ptr, ..., f64, f64, f64, f64, f64, f64, f64, f64, f64)",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8\n"
     "a8: direct [sp+0]=0+8\n"
     "a9: direct [sp+8]=0+8\n"
     "frame: stack=16 copy=0 fixed=1\n"},
    {"double f(int, ...) with a long double and a double", "f64(i32, ..., ld, f64)",
     "ret: direct fa0=0+8\n"
     "a0: direct a0=0+4:s\n"
     "a1: direct a2=0+8 a3=8+8\n"
     "a2: direct a4=0+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
};

// ---------------------------------------------------------------------------------------------
// Records: unions by the integer convention (never flattened, not even inside a struct), packed
// and explicitly placed fields flattened where they lie, bit-fields as integers (zero-width ones
// ignored), records as results, out of registers, variadic and by reference.
inline const PlanRow kRv64RecordRows[] = {
    {"void f(union { float f; }, union { float a, b; }, union { struct { float a, b; } s; }): "
     "all-float unions in a0-a2",
     "void(union{f32}, union{f32,f32}, union{{f32,f32}})",
     "ret: ignore\n"
     "a0: direct a0=0+4\n"
     "a1: direct a1=0+4\n"
     "a2: direct a2=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(union { double d; long l; }, union { double d[2]; long l; }, union { double d[3]; float f; "
     "})",
     "void(union{f64,i64}, union{f64[2],i64}, union{f64[3],f32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8 a2=8+8\n"
     "a2: indirect a3 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(struct { float f; union { int i; } u; }, struct { union { float f; } u; float g; })",
     "void({f32,union{i32}}, {union{f32},f32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { union {} u; float f; int i; }, struct { double d; union {} u; }): an empty union "
     "ends flattening; the second by its DFmode",
     "void({union{},f32,i32}, {f64,union{}})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct fa0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d; union {} u; } __attribute__((packed))): aligned below DFmode",
     "void(packed{f64,union{}})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(packed { char c; float f; }, packed { char c; double d; }, #pragma pack(2) struct { char "
     "c; double d; }): misaligned reals flattened",
     "void(packed{i8,f32}, packed{i8,f64}, pack(2){i8,f64})",
     "ret: ignore\n"
     "a0: direct a0=0+1 fa0=1+4:n\n"
     "a1: direct a1=0+1 fa1=1+8\n"
     "a2: direct a2=0+1 fa2=2+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(packed { float a, b; }, packed { double d; int i; }, struct { packed { char c; float f; } "
     "p; })",
     "void(packed{f32,f32}, packed{f64,i32}, {packed{i8,f32}})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n fa1=4+4:n\n"
     "a1: direct fa2=0+8 a0=8+4\n"
     "a2: direct a1=0+1 fa3=1+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float f; int b : 8; }, struct { int b : 8; float f; }, struct { float a; int : "
     "0; float b; }, struct { unsigned a : 3, b : 5; })",
     "void({f32,i32:8}, {i32:8,f32}, {f32,i32:0,f32}, {u32:3,u32:5})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n a0=4+1\n"
     "a1: direct a1=0+1 fa1=4+4:n\n"
     "a2: direct fa2=0+4:n fa3=4+4:n\n"
     "a3: direct a2=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d; unsigned x : 12; }, struct { float f; long long x : 60; }, struct { "
     "float f; __int128 x : 60; }): the bytes of the bit-field",
     "void({f64,u32:12}, {f32,i64:60}, {f32,i128:60})",
     "ret: ignore\n"
     "a0: direct fa0=0+8 a0=8+2\n"
     "a1: direct fa1=0+4:n a1=8+8\n"
     "a2: direct fa2=0+4:n a2=4+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(packed { float f; unsigned x : 17; }, packed { unsigned x : 17; float f; }, struct { "
     "float f; __int128 x : 100; }): wider than XLEN, by reference",
     "void(packed{f32,u32:17}, packed{u32:17,f32}, {f32,i128:100})",
     "ret: ignore\n"
     "a0: direct fa0=0+4:n a0=4+3\n"
     "a1: direct a1=0+3 fa1=3+4:n\n"
     "a2: indirect a2 copy+0\n"
     "frame: stack=0 copy=32\n"},
    {"void f(packed { float f; __int128 x : 65; }, packed { __int128 x : 64; float f; }): a bit-field "
     "of more than XLEN bits is no integer field, one of 64 is",
     "void(packed{f32,i128:65}, packed{i128:64,f32})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+5\n"
     "a1: direct a2=0+8 fa0=8+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, union {}, int): the empty union passes nothing", "void(i32, union{}, i32)",
     "ret: ignore\n"
     "a0: direct a0=0+4:s\n"
     "a1: ignore\n"
     "a2: direct a1=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { double d[1]; union {} u; }, struct { struct { float f; union {} u; } s; union {} "
     "v; }): DFmode and SFmode through an array and a struct",
     "void({f64[1],union{}}, {{f32,union{}},union{}})",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "a1: direct fa1=0+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { float a; unsigned char p[4]; float b; }, struct { unsigned char p[1]; float f "
     "__attribute__((packed)); }, struct { char c; char p[2]; double d __attribute__((packed)); }): "
     "the filler's bytes are fields",
     "void({f32,f32@8}, {f32@1}, {i8,f64@3})",
     "ret: ignore\n"
     "a0: direct a0=0+8 a1=8+4\n"
     "a1: direct a2=0+1 fa0=1+4:n\n"
     "a2: direct a3=0+8 a4=8+3\n"
     "frame: stack=0 copy=0\n"},
    {"union { float a, b; } f(void)", "union{f32,f32}()",
     "ret: direct a0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"packed { char c; double d; } f(void)", "packed{i8,f64}()",
     "ret: direct a0=0+1 fa0=1+8\n"
     "frame: stack=0 copy=0\n"},
    {"packed { unsigned x : 17; float f; } f(void)", "packed{u32:17,f32}()",
     "ret: direct a0=0+3 fa0=3+4:n\n"
     "frame: stack=0 copy=0\n"},
    {"union { double d[2]; long l[3]; } f(int): a0 holds the address", "union{f64[2],i64[3]}(i32)",
     "ret: indirect a0\n"
     "a0: direct a1=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long x7, union { double d[2]; }): split between a7 and the stack",
     "void(i64, i64, i64, i64, i64, i64, i64, union{f64[2]})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8\n"
     "a2: direct a2=0+8\n"
     "a3: direct a3=0+8\n"
     "a4: direct a4=0+8\n"
     "a5: direct a5=0+8\n"
     "a6: direct a6=0+8\n"
     "a7: direct a7=0+8 [sp+0]=8+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(double x8, packed { char c; float f; }, long x7, struct { float f; int b : 8; }): out of "
     "registers, by the integer convention",
     "void(f64, f64, f64, f64, f64, f64, f64, f64, packed{i8,f32}, i64, i64, i64, i64, i64, i64, i64, "
     "{f32,i32:8})",
     "ret: ignore\n"
     "a0: direct fa0=0+8\n"
     "a1: direct fa1=0+8\n"
     "a2: direct fa2=0+8\n"
     "a3: direct fa3=0+8\n"
     "a4: direct fa4=0+8\n"
     "a5: direct fa5=0+8\n"
     "a6: direct fa6=0+8\n"
     "a7: direct fa7=0+8\n"
     "a8: direct a0=0+5\n"
     "a9: direct a1=0+8\n"
     "a10: direct a2=0+8\n"
     "a11: direct a3=0+8\n"
     "a12: direct a4=0+8\n"
     "a13: direct a5=0+8\n"
     "a14: direct a6=0+8\n"
     "a15: direct a7=0+8\n"
     "a16: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(void *, ...) with packed { char c; double d; }, union { float f; int i; } and union { "
     "__int128 i; float f; }: the integer convention, an even pair for the last",
     "void(ptr, ..., packed{i8,f64}, union{f32,i32}, union{i128,f32})",
     "ret: ignore\n"
     "a0: direct a0=0+8\n"
     "a1: direct a1=0+8 a2=8+1\n"
     "a2: direct a3=0+4\n"
     "a3: direct a4=0+8 a5=8+8\n"
     "frame: stack=0 copy=0 fixed=1\n"},
};

// Every table, for the test suites and the gcc oracle.
inline const PlanTable kRv64Tables[] = {
    {"ScalarArg", kRv64ScalarArgRows},
    {"ScalarReturn", kRv64ScalarReturnRows},
    {"Exhaustion", kRv64ExhaustionRows},
    {"Struct", kRv64StructRows},
    {"StructReturn", kRv64StructReturnRows},
    {"Variadic", kRv64VariadicRows},
    {"Record", kRv64RecordRows},
};

}  // namespace jitffi::test
