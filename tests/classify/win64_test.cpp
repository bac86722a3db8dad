// SPDX-License-Identifier: MIT
// Microsoft x64 classifier tables: Abi::kWin64 (libffi's FFI_WIN64: long double is double) and
// Abi::kGnuWin64 (FFI_GNUW64: gcc's 80-bit long double). Every expected plan was checked against
// the code gcc 12 generates for the C declaration with __attribute__((ms_abi)) (gcc -O2): where
// gcc's caller puts each byte of every argument (following by-reference pointers to their
// 16-byte-aligned copies), where gcc's callee (__builtin_ms_va_list for variadic ones) reads
// them, and where a gcc callee leaves the return value and a gcc caller reads it back (rax,
// xmm0, or the hidden result pointer, handed back in rax). The tables without long double are
// the same for both ABIs and run for both; long double has a table per ABI (for kWin64 gcc was
// given `double`, which is what FFI_WIN64's long double is). One caveat for re-checking: gcc on
// a SysV host gets va_arg wrong for a by-reference variadic argument under ms_abi (it reads the
// value inline, deciding "by reference" with the host ABI), so those callee checks read the
// pointer with va_arg(ap, T *), as a mingw gcc does; gcc's caller does pass a pointer.
//
// Conventions of the expected text (include/jitffi/plan.h): arguments take slots by position
// (rcx/xmm0, rdx/xmm1, r8/xmm2, r9/xmm3, then the stack at 32, 40, … after the 32-byte home
// area, which stack= always includes); narrow integers carry their extension mark (":s"/":z",
// widened to 8 bytes); by-reference arguments name the offset of their copy in the copy area
// (each copy 16-byte aligned, in argument order; an empty struct's copy takes 16 bytes);
// a variadic-part floating-point argument in slots 1–4 travels in both its xmm and its general
// register.
#include "plan_table.h"

namespace jitffi::test {
namespace {

// ---------------------------------------------------------------------------------------------
// Scalars as arguments: every kind, first in its slot and in later positions.
const PlanRow kScalarArgRows[] = {
    {"void f(void)", "void()",
     "ret: ignore\n"
     "frame: stack=32 copy=0\n"},
    {"void f(signed char)", "void(i8)",
     "ret: ignore\n"
     "a0: direct rcx=0+1:s\n"
     "frame: stack=32 copy=0\n"},
    {"void f(unsigned char)", "void(u8)",
     "ret: ignore\n"
     "a0: direct rcx=0+1:z\n"
     "frame: stack=32 copy=0\n"},
    {"void f(short)", "void(i16)",
     "ret: ignore\n"
     "a0: direct rcx=0+2:s\n"
     "frame: stack=32 copy=0\n"},
    {"void f(unsigned short)", "void(u16)",
     "ret: ignore\n"
     "a0: direct rcx=0+2:z\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int)", "void(i32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "frame: stack=32 copy=0\n"},
    {"void f(unsigned)", "void(u32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:z\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long long)", "void(i64)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(unsigned long long)", "void(u64)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(void *)", "void(ptr)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(__int128)", "void(i128)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(unsigned __int128)", "void(u128)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(float)", "void(f32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(double)", "void(f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(float _Complex)", "void(c32)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(double _Complex)", "void(c64)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(double, signed char)", "void(f64, i8)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct rdx=0+1:s\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, float)", "void(i32, f32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct xmm1=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, __int128)", "void(i32, i128)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: indirect rdx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(float, float _Complex)", "void(f32, c32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "a1: direct rdx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, int, unsigned short)", "void(i32, i32, u16)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct r8=0+2:z\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, int, int, unsigned char)", "void(i32, i32, i32, u8)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct r8=0+4:s\n"
     "a3: direct r9=0+1:z\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, int, double)", "void(i32, i32, f64)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct xmm2=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, int, int, float)", "void(i32, i32, i32, f32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct r8=0+4:s\n"
     "a3: direct xmm3=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long long, long long, unsigned __int128, double _Complex)", "void(i64, i64, u128, c64)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: indirect r8 copy+0\n"
     "a3: indirect r9 copy+16\n"
     "frame: stack=32 copy=32\n"},
};

// ---------------------------------------------------------------------------------------------
// Scalars as return values: integers in rax, float/double in xmm0, __int128 in all of xmm0,
// float _Complex (8 bytes) in rax, double _Complex through the hidden pointer.
const PlanRow kScalarReturnRows[] = {
    {"signed char f(void)", "i8()",
     "ret: direct rax=0+1:s\n"
     "frame: stack=32 copy=0\n"},
    {"unsigned char f(void)", "u8()",
     "ret: direct rax=0+1:z\n"
     "frame: stack=32 copy=0\n"},
    {"short f(void)", "i16()",
     "ret: direct rax=0+2:s\n"
     "frame: stack=32 copy=0\n"},
    {"unsigned short f(void)", "u16()",
     "ret: direct rax=0+2:z\n"
     "frame: stack=32 copy=0\n"},
    {"int f(void)", "i32()",
     "ret: direct rax=0+4:s\n"
     "frame: stack=32 copy=0\n"},
    {"unsigned f(void)", "u32()",
     "ret: direct rax=0+4:z\n"
     "frame: stack=32 copy=0\n"},
    {"long long f(void)", "i64()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"unsigned long long f(void)", "u64()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void *f(void)", "ptr()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"__int128 f(void)", "i128()",
     "ret: direct xmm0=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"unsigned __int128 f(void)", "u128()",
     "ret: direct xmm0=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"float f(void)", "f32()",
     "ret: direct xmm0=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"double f(void)", "f64()",
     "ret: direct xmm0=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"float _Complex f(void)", "c32()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"double _Complex f(void)", "c64()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"double _Complex f(int, double)", "c64(i32, f64)",
     "ret: indirect rcx ->rax\n"
     "a0: direct rdx=0+4:s\n"
     "a1: direct xmm2=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"__int128 f(__int128, __int128)", "i128(i128, i128)",
     "ret: direct xmm0=0+16\n"
     "a0: indirect rcx copy+0\n"
     "a1: indirect rdx copy+16\n"
     "frame: stack=32 copy=32\n"},
    {"float f(double)", "f32(f64)",
     "ret: direct xmm0=0+4\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"unsigned char f(unsigned char, unsigned char)", "u8(u8, u8)",
     "ret: direct rax=0+1:z\n"
     "a0: direct rcx=0+1:z\n"
     "a1: direct rdx=0+1:z\n"
     "frame: stack=32 copy=0\n"},
    {"float _Complex f(float _Complex, float)", "c32(c32, f32)",
     "ret: direct rax=0+8\n"
     "a0: direct rcx=0+8\n"
     "a1: direct xmm1=0+4\n"
     "frame: stack=32 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Positional slots: the n-th argument uses the n-th register of its class; from the fifth on,
// the stack at 32, 40, … (narrow integers widened to their 8-byte slot).
const PlanRow kPositionRows[] = {
    {"void f(int, double, long long, float)", "void(i32, f64, i64, f32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct r8=0+8\n"
     "a3: direct xmm3=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(double, int)", "void(f64, i32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct rdx=0+4:s\n"
     "frame: stack=32 copy=0\n"},
    {"void f(float, float, float, float)", "void(f32, f32, f32, f32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "a1: direct xmm1=0+4\n"
     "a2: direct xmm2=0+4\n"
     "a3: direct xmm3=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long long, long long, long long, long long)", "void(i64, i64, i64, i64)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(signed char, unsigned short, int, unsigned long long)", "void(i8, u16, i32, u64)",
     "ret: ignore\n"
     "a0: direct rcx=0+1:s\n"
     "a1: direct rdx=0+2:z\n"
     "a2: direct r8=0+4:s\n"
     "a3: direct r9=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(double, long long, double, long long)", "void(f64, i64, f64, i64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct r9=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(void *, float, void *, double)", "void(ptr, f32, ptr, f64)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct xmm1=0+4\n"
     "a2: direct r8=0+8\n"
     "a3: direct xmm3=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, int, int, int, int)", "void(i32, i32, i32, i32, i32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct r8=0+4:s\n"
     "a3: direct r9=0+4:s\n"
     "a4: direct [sp+32]=0+4:s/8\n"
     "frame: stack=48 copy=0\n"},
    {"void f(int, int, int, int, int, int)", "void(i32, i32, i32, i32, i32, i32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct r8=0+4:s\n"
     "a3: direct r9=0+4:s\n"
     "a4: direct [sp+32]=0+4:s/8\n"
     "a5: direct [sp+40]=0+4:s/8\n"
     "frame: stack=48 copy=0\n"},
    {"void f(long long (x7))", "void(i64, i64, i64, i64, i64, i64, i64)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "a4: direct [sp+32]=0+8\n"
     "a5: direct [sp+40]=0+8\n"
     "a6: direct [sp+48]=0+8\n"
     "frame: stack=64 copy=0\n"},
    {"void f(double (x6))", "void(f64, f64, f64, f64, f64, f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct [sp+32]=0+8\n"
     "a5: direct [sp+40]=0+8\n"
     "frame: stack=48 copy=0\n"},
    {"void f(float (x5))", "void(f32, f32, f32, f32, f32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "a1: direct xmm1=0+4\n"
     "a2: direct xmm2=0+4\n"
     "a3: direct xmm3=0+4\n"
     "a4: direct [sp+32]=0+4\n"
     "frame: stack=48 copy=0\n"},
    {"void f(long long (x4), signed char, unsigned char, short, unsigned short, unsigned)",
     "void(i64, i64, i64, i64, i8, u8, i16, u16, u32)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "a4: direct [sp+32]=0+1:s/8\n"
     "a5: direct [sp+40]=0+1:z/8\n"
     "a6: direct [sp+48]=0+2:s/8\n"
     "a7: direct [sp+56]=0+2:z/8\n"
     "a8: direct [sp+64]=0+4:z/8\n"
     "frame: stack=80 copy=0\n"},
    {"void f(double (x4), float, int, double, void *)",
     "void(f64, f64, f64, f64, f32, i32, f64, ptr)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct [sp+32]=0+4\n"
     "a5: direct [sp+40]=0+4:s/8\n"
     "a6: direct [sp+48]=0+8\n"
     "a7: direct [sp+56]=0+8\n"
     "frame: stack=64 copy=0\n"},
    {"int f(void *, double, int, float, long long, double, unsigned char)",
     "i32(ptr, f64, i32, f32, i64, f64, u8)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rcx=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct r8=0+4:s\n"
     "a3: direct xmm3=0+4\n"
     "a4: direct [sp+32]=0+8\n"
     "a5: direct [sp+40]=0+8\n"
     "a6: direct [sp+48]=0+1:z/8\n"
     "frame: stack=64 copy=0\n"},
    {"void f(long long (x4), float _Complex)", "void(i64, i64, i64, i64, c32)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "a4: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0\n"},
    {"double f(float, double, float, double, float, double, float, double)",
     "f64(f32, f64, f32, f64, f32, f64, f32, f64)",
     "ret: direct xmm0=0+8\n"
     "a0: direct xmm0=0+4\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+4\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct [sp+32]=0+4\n"
     "a5: direct [sp+40]=0+8\n"
     "a6: direct [sp+48]=0+4\n"
     "a7: direct [sp+56]=0+8\n"
     "frame: stack=64 copy=0\n"},
    {"void f(int (x12))", "void(i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct r8=0+4:s\n"
     "a3: direct r9=0+4:s\n"
     "a4: direct [sp+32]=0+4:s/8\n"
     "a5: direct [sp+40]=0+4:s/8\n"
     "a6: direct [sp+48]=0+4:s/8\n"
     "a7: direct [sp+56]=0+4:s/8\n"
     "a8: direct [sp+64]=0+4:s/8\n"
     "a9: direct [sp+72]=0+4:s/8\n"
     "a10: direct [sp+80]=0+4:s/8\n"
     "a11: direct [sp+88]=0+4:s/8\n"
     "frame: stack=96 copy=0\n"},
    {"long long f(int, unsigned, long long, unsigned long long, int, unsigned)",
     "i64(i32, u32, i64, u64, i32, u32)",
     "ret: direct rax=0+8\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4:z\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "a4: direct [sp+32]=0+4:s/8\n"
     "a5: direct [sp+40]=0+4:z/8\n"
     "frame: stack=48 copy=0\n"},
    {"float f(float, int, float, int, float)", "f32(f32, i32, f32, i32, f32)",
     "ret: direct xmm0=0+4\n"
     "a0: direct xmm0=0+4\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct xmm2=0+4\n"
     "a3: direct r9=0+4:s\n"
     "a4: direct [sp+32]=0+4\n"
     "frame: stack=48 copy=0\n"},
    {"void f(short, double, unsigned char, float, signed char, double)",
     "void(i16, f64, u8, f32, i8, f64)",
     "ret: ignore\n"
     "a0: direct rcx=0+2:s\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct r8=0+1:z\n"
     "a3: direct xmm3=0+4\n"
     "a4: direct [sp+32]=0+1:s/8\n"
     "a5: direct [sp+40]=0+8\n"
     "frame: stack=48 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Aggregates of 1, 2, 4 or 8 bytes: by value, as an integer of that size, in the slot's general
// register or stack slot — all-float structs too.
const PlanRow kSmallAggregateRows[] = {
    {"void f(struct { char a; })", "void({i8})",
     "ret: ignore\n"
     "a0: direct rcx=0+1\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { unsigned char a[2]; })", "void({u8[2]})",
     "ret: ignore\n"
     "a0: direct rcx=0+2\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { short a; })", "void({i16})",
     "ret: ignore\n"
     "a0: direct rcx=0+2\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { char a, b; })", "void({i8,i8})",
     "ret: ignore\n"
     "a0: direct rcx=0+2\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { char a[4]; })", "void({i8[4]})",
     "ret: ignore\n"
     "a0: direct rcx=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { short a, b; })", "void({i16,i16})",
     "ret: ignore\n"
     "a0: direct rcx=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { int a; })", "void({i32})",
     "ret: ignore\n"
     "a0: direct rcx=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { float a; })", "void({f32})",
     "ret: ignore\n"
     "a0: direct rcx=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { char a; short b; })", "void({i8,i16})",
     "ret: ignore\n"
     "a0: direct rcx=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { short a; char b; }) (4 bytes with tail padding)", "void({i16,i8})",
     "ret: ignore\n"
     "a0: direct rcx=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { char a, b; short c; })", "void({i8,i8,i16})",
     "ret: ignore\n"
     "a0: direct rcx=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { struct { char a; } x; struct { char a, b, c; } y; })",
     "void({{i8},{i8,i8,i8}})",
     "ret: ignore\n"
     "a0: direct rcx=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { int a, b; })", "void({i32,i32})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { float a, b; })", "void({f32,f32})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { double a; })", "void({f64})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { long long a; })", "void({i64})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { void *p; })", "void({ptr})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { char a; int b; })", "void({i8,i32})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { int a; char b; }) (8 bytes with tail padding)", "void({i32,i8})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { float a; int b; })", "void({f32,i32})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { short a[4]; })", "void({i16[4]})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { char a[8]; })", "void({i8[8]})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { struct { float a; } x, y; })", "void({{f32},{f32}})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { float _Complex z; })", "void({c32})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { struct {} e; int a; }) (the empty member has size 0)", "void({{},i32})",
     "ret: ignore\n"
     "a0: direct rcx=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(double, struct { float a; })", "void(f64, {f32})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct rdx=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(float, float, struct { double a; }, float)", "void(f32, f32, {f64}, f32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "a1: direct xmm1=0+4\n"
     "a2: direct r8=0+8\n"
     "a3: direct xmm3=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { char a, b; }, struct { int a; }, struct { double a; }, "
     "struct { float a, b; })",
     "void({i8,i8}, {i32}, {f64}, {f32,f32})",
     "ret: ignore\n"
     "a0: direct rcx=0+2\n"
     "a1: direct rdx=0+4\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long long (x4), struct { char a; })", "void(i64, i64, i64, i64, {i8})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "a4: direct [sp+32]=0+1\n"
     "frame: stack=48 copy=0\n"},
    {"void f(long long (x4), struct { short a; }, struct { float a; }, struct { double a; })",
     "void(i64, i64, i64, i64, {i16}, {f32}, {f64})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "a4: direct [sp+32]=0+2\n"
     "a5: direct [sp+40]=0+4\n"
     "a6: direct [sp+48]=0+8\n"
     "frame: stack=64 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Aggregates of any other size (3, 5–7, 9–64 bytes, and 0 for an empty struct): by reference to
// a caller-made, 16-byte-aligned copy; the pointer takes the slot (register or stack).
const PlanRow kReferenceAggregateRows[] = {
    {"void f(struct { char a[3]; })", "void({i8[3]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { char a, b, c; })", "void({i8,i8,i8})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { struct { char a, b, c; } s; })", "void({{i8,i8,i8}})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { char a[5]; })", "void({i8[5]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { short a[3]; })", "void({i16[3]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { char a; short b; char c; }) (6 bytes)", "void({i8,i16,i8})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { char a[7]; })", "void({i8[7]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { char a[9]; })", "void({i8[9]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { short a[5]; })", "void({i16[5]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { int a[3]; })", "void({i32[3]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { float a[3]; })", "void({f32[3]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { long long a, b; })", "void({i64,i64})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { double a, b; })", "void({f64,f64})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { float a[4]; })", "void({f32[4]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { long long a; char b; }) (16 bytes)", "void({i64,i8})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { double _Complex z; })", "void({c64})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct __attribute__((aligned(16))) { int a; }) (16 bytes)", "void({i32}#16:16)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { char a[17]; })", "void({i8[17]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=32\n"},
    {"void f(struct { long long a[3]; })", "void({i64[3]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=32\n"},
    {"void f(struct { double a[4]; })", "void({f64[4]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=32\n"},
    {"void f(struct { char a[33]; })", "void({i8[33]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=48\n"},
    {"void f(struct { long long a[5]; })", "void({i64[5]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=48\n"},
    {"void f(struct { long long a[6]; })", "void({i64[6]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=48\n"},
    {"void f(struct { char a[63]; })", "void({i8[63]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=64\n"},
    {"void f(struct { long long a[8]; })", "void({i64[8]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=64\n"},
    {"void f(struct {}) (size 0)", "void({})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(int, struct {}, int)", "void(i32, {}, i32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: indirect rdx copy+0\n"
     "a2: direct r8=0+4:s\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { char a[3]; }, struct { long long a[3]; }, struct { char a[9]; })",
     "void({i8[3]}, {i64[3]}, {i8[9]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "a1: indirect rdx copy+16\n"
     "a2: indirect r8 copy+48\n"
     "frame: stack=32 copy=64\n"},
    {"void f(int, struct { char a[3]; }, double, struct { double a, b; })",
     "void(i32, {i8[3]}, f64, {f64,f64})",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: indirect rdx copy+0\n"
     "a2: direct xmm2=0+8\n"
     "a3: indirect r9 copy+16\n"
     "frame: stack=32 copy=32\n"},
    {"void f(double, struct { double a, b; }, double)", "void(f64, {f64,f64}, f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: indirect rdx copy+0\n"
     "a2: direct xmm2=0+8\n"
     "frame: stack=32 copy=16\n"},
    {"void f(long long (x4), struct { long long a[3]; })", "void(i64, i64, i64, i64, {i64[3]})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "a4: indirect [sp+32] copy+0\n"
     "frame: stack=48 copy=32\n"},
    {"void f(struct { char a[3]; } (x6))",
     "void({i8[3]}, {i8[3]}, {i8[3]}, {i8[3]}, {i8[3]}, {i8[3]})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "a1: indirect rdx copy+16\n"
     "a2: indirect r8 copy+32\n"
     "a3: indirect r9 copy+48\n"
     "a4: indirect [sp+32] copy+64\n"
     "a5: indirect [sp+40] copy+80\n"
     "frame: stack=48 copy=96\n"},
    {"void f(__int128, struct { char a[3]; }, double _Complex, struct { char a[40]; }, __int128)",
     "void(i128, {i8[3]}, c64, {i8[40]}, i128)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "a1: indirect rdx copy+16\n"
     "a2: indirect r8 copy+32\n"
     "a3: indirect r9 copy+48\n"
     "a4: indirect [sp+32] copy+96\n"
     "frame: stack=48 copy=112\n"},
    {"void f(float (x4), struct { char a[5]; }, float, struct { int a[3]; })",
     "void(f32, f32, f32, f32, {i8[5]}, f32, {i32[3]})",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "a1: direct xmm1=0+4\n"
     "a2: direct xmm2=0+4\n"
     "a3: direct xmm3=0+4\n"
     "a4: indirect [sp+32] copy+0\n"
     "a5: direct [sp+40]=0+4\n"
     "a6: indirect [sp+48] copy+16\n"
     "frame: stack=64 copy=32\n"},
};

// ---------------------------------------------------------------------------------------------
// Aggregate returns: 1, 2, 4 or 8 bytes in rax (all-float structs too); other sizes through the
// hidden pointer in rcx (the arguments move up one slot), handed back in rax; an empty struct
// returns nothing.
const PlanRow kAggregateReturnRows[] = {
    {"struct { char a; } f(void)", "{i8}()",
     "ret: direct rax=0+1\n"
     "frame: stack=32 copy=0\n"},
    {"struct { short a; } f(void)", "{i16}()",
     "ret: direct rax=0+2\n"
     "frame: stack=32 copy=0\n"},
    {"struct { char a, b; } f(void)", "{i8,i8}()",
     "ret: direct rax=0+2\n"
     "frame: stack=32 copy=0\n"},
    {"struct { int a; } f(void)", "{i32}()",
     "ret: direct rax=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"struct { float a; } f(void)", "{f32}()",
     "ret: direct rax=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"struct { char a; short b; } f(void)", "{i8,i16}()",
     "ret: direct rax=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"struct { short a; char b; } f(void)", "{i16,i8}()",
     "ret: direct rax=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"struct { double a; } f(void)", "{f64}()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"struct { float a, b; } f(void)", "{f32,f32}()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"struct { int a, b; } f(void)", "{i32,i32}()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"struct { float _Complex z; } f(void)", "{c32}()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"struct { void *p; } f(void)", "{ptr}()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"struct { float a; } f(float)", "{f32}(f32)",
     "ret: direct rax=0+4\n"
     "a0: direct xmm0=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"struct { char a[3]; } f(void)", "{i8[3]}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"struct { char a[5]; } f(void)", "{i8[5]}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"struct { short a[3]; } f(void)", "{i16[3]}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"struct { char a[7]; } f(void)", "{i8[7]}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"struct { int a[3]; } f(void)", "{i32[3]}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"struct { long long a, b; } f(void)", "{i64,i64}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"struct { double a, b; } f(void)", "{f64,f64}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"struct { double _Complex z; } f(void)", "{c64}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"struct { long long a[3]; } f(void)", "{i64[3]}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"struct { char a[64]; } f(void)", "{i8[64]}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"struct { char a[3]; } f(int)", "{i8[3]}(i32)",
     "ret: indirect rcx ->rax\n"
     "a0: direct rdx=0+4:s\n"
     "frame: stack=32 copy=0\n"},
    {"struct { long long a, b; } f(long long (x4))", "{i64,i64}(i64, i64, i64, i64)",
     "ret: indirect rcx ->rax\n"
     "a0: direct rdx=0+8\n"
     "a1: direct r8=0+8\n"
     "a2: direct r9=0+8\n"
     "a3: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0\n"},
    {"struct { double a, b; } f(double, double, double)", "{f64,f64}(f64, f64, f64)",
     "ret: indirect rcx ->rax\n"
     "a0: direct xmm1=0+8\n"
     "a1: direct xmm2=0+8\n"
     "a2: direct xmm3=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"struct { double a[3]; } f(double (x4))", "{f64[3]}(f64, f64, f64, f64)",
     "ret: indirect rcx ->rax\n"
     "a0: direct xmm1=0+8\n"
     "a1: direct xmm2=0+8\n"
     "a2: direct xmm3=0+8\n"
     "a3: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0\n"},
    {"struct { char a[3]; } f(float, double, int)", "{i8[3]}(f32, f64, i32)",
     "ret: indirect rcx ->rax\n"
     "a0: direct xmm1=0+4\n"
     "a1: direct xmm2=0+8\n"
     "a2: direct r9=0+4:s\n"
     "frame: stack=32 copy=0\n"},
    {"struct { long long a[3]; } f(void *, struct { char a[5]; })", "{i64[3]}(ptr, {i8[5]})",
     "ret: indirect rcx ->rax\n"
     "a0: direct rdx=0+8\n"
     "a1: indirect r8 copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"struct { int a[3]; } f(int, int, int, struct { char a[9]; }, int)",
     "{i32[3]}(i32, i32, i32, {i8[9]}, i32)",
     "ret: indirect rcx ->rax\n"
     "a0: direct rdx=0+4:s\n"
     "a1: direct r8=0+4:s\n"
     "a2: direct r9=0+4:s\n"
     "a3: indirect [sp+32] copy+0\n"
     "a4: direct [sp+40]=0+4:s/8\n"
     "frame: stack=48 copy=16\n"},
    {"struct {} f(void)", "{}()",
     "ret: ignore\n"
     "frame: stack=32 copy=0\n"},
    {"struct {} f(int) (no hidden pointer: the int is in rcx)", "{}(i32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "frame: stack=32 copy=0\n"},
    {"struct {} f(double, int)", "{}(f64, i32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct rdx=0+4:s\n"
     "frame: stack=32 copy=0\n"},
    {"struct {} f(__int128)", "{}(i128)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
};

// ---------------------------------------------------------------------------------------------
// Variadic calls: a variadic-part double in slots 1–4 travels in both its xmm register and its
// general register (fixed doubles only in xmm); past slot 4 it is a plain stack slot.
const PlanRow kVariadicRows[] = {
    {"printf(fmt, 1.0): int printf(const char *, ...)", "i32(ptr, ..., f64)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rcx=0+8\n"
     "a1: direct xmm1=0+8 rdx=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"printf(fmt): int printf(const char *, ...)", "i32(ptr, ...)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"int f(const char *, ...) called with 3 doubles", "i32(ptr, ..., f64, f64, f64)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rcx=0+8\n"
     "a1: direct xmm1=0+8 rdx=0+8\n"
     "a2: direct xmm2=0+8 r8=0+8\n"
     "a3: direct xmm3=0+8 r9=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"int f(const char *, ...) called with 5 doubles", "i32(ptr, ..., f64, f64, f64, f64, f64)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rcx=0+8\n"
     "a1: direct xmm1=0+8 rdx=0+8\n"
     "a2: direct xmm2=0+8 r8=0+8\n"
     "a3: direct xmm3=0+8 r9=0+8\n"
     "a4: direct [sp+32]=0+8\n"
     "a5: direct [sp+40]=0+8\n"
     "frame: stack=48 copy=0 fixed=1\n"},
    {"int f(const char *, double, ...) called with (double)", "i32(ptr, f64, ..., f64)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rcx=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8 r8=0+8\n"
     "frame: stack=32 copy=0 fixed=2\n"},
    {"void f(double, ...) called with (double)", "void(f64, ..., f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8 rdx=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"void f(double, double, double, ...) called with (double)", "void(f64, f64, f64, ..., f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8 r9=0+8\n"
     "frame: stack=32 copy=0 fixed=3\n"},
    {"void f(int, int, int, int, ...) called with (double)", "void(i32, i32, i32, i32, ..., f64)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct r8=0+4:s\n"
     "a3: direct r9=0+4:s\n"
     "a4: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0 fixed=4\n"},
    {"int f(const char *, ...) called with (int, long long, void *)", "i32(ptr, ..., i32, i64, ptr)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"int f(const char *, ...) called with (unsigned, long long, unsigned long long)",
     "i32(ptr, ..., u32, i64, u64)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+4:z\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"int f(const char *, ...) called with 5 ints", "i32(ptr, ..., i32, i32, i32, i32, i32)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+4:s\n"
     "a2: direct r8=0+4:s\n"
     "a3: direct r9=0+4:s\n"
     "a4: direct [sp+32]=0+4:s/8\n"
     "a5: direct [sp+40]=0+4:s/8\n"
     "frame: stack=48 copy=0 fixed=1\n"},
    {"double f(int, ...) called with 4 doubles", "f64(i32, ..., f64, f64, f64, f64)",
     "ret: direct xmm0=0+8\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct xmm1=0+8 rdx=0+8\n"
     "a2: direct xmm2=0+8 r8=0+8\n"
     "a3: direct xmm3=0+8 r9=0+8\n"
     "a4: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0 fixed=1\n"},
    {"float f(void *, ...) called with (void *, double)", "f32(ptr, ..., ptr, f64)",
     "ret: direct xmm0=0+4\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct xmm2=0+8 r8=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"void f(int, ...) called with (struct { char a[3]; }, struct { double a, b; })",
     "void(i32, ..., {i8[3]}, {f64,f64})",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: indirect rdx copy+0\n"
     "a2: indirect r8 copy+16\n"
     "frame: stack=32 copy=32 fixed=1\n"},
    {"void f(int, ...) called with (__int128)", "void(i32, ..., i128)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: indirect rdx copy+0\n"
     "frame: stack=32 copy=16 fixed=1\n"},
    {"void f(int, ...) called with (double _Complex)", "void(i32, ..., c64)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: indirect rdx copy+0\n"
     "frame: stack=32 copy=16 fixed=1\n"},
    {"void f(int, ...) called with (float _Complex)", "void(i32, ..., c32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    // An aggregate is not a floating-point value: it travels only as an integer. (gcc's caller
    // also leaves a one-float struct, {f64} or {f32}, in the xmm register; clang's does not, and
    // gcc's callee reads the general register, which is all the plan promises.)
    {"void f(int, ...) called with (struct { double a; }) (an aggregate, not a double)",
     "void(i32, ..., {f64})",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"void f(int, ...) called with (struct { int a; })", "void(i32, ..., {i32})",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"struct { long long a[3]; } f(void *, ...) called with (double, int)",
     "{i64[3]}(ptr, ..., f64, i32)",
     "ret: indirect rcx ->rax\n"
     "a0: direct rdx=0+8\n"
     "a1: direct xmm2=0+8 r8=0+8\n"
     "a2: direct r9=0+4:s\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"void f(int, ...) called with (long long, struct { char a[5]; }, double, "
     "struct { long long a, b; }, int)",
     "void(i32, ..., i64, {i8[5]}, f64, {i64,i64}, i32)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+8\n"
     "a2: indirect r8 copy+0\n"
     "a3: direct xmm3=0+8 r9=0+8\n"
     "a4: indirect [sp+32] copy+16\n"
     "a5: direct [sp+40]=0+4:s/8\n"
     "frame: stack=48 copy=32 fixed=1\n"},
    {"void f(int, ...) called with (double, struct {}, double)", "void(i32, ..., f64, {}, f64)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct xmm1=0+8 rdx=0+8\n"
     "a2: indirect r8 copy+0\n"
     "a3: direct xmm3=0+8 r9=0+8\n"
     "frame: stack=32 copy=16 fixed=1\n"},
    {"void f(int, ...) called with (struct { float a; })", "void(i32, ..., {f32})",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+4\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"void f(int, ...) called with (struct { float a, b; })", "void(i32, ..., {f32,f32})",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct rdx=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"void f(void *, ...) called with (float _Complex, double)", "void(ptr, ..., c32, f64)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct xmm2=0+8 r8=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"struct { long long a[3]; } f(void *, ...) called with 3 doubles (the hidden pointer moves "
     "the third to the stack)",
     "{i64[3]}(ptr, ..., f64, f64, f64)",
     "ret: indirect rcx ->rax\n"
     "a0: direct rdx=0+8\n"
     "a1: direct xmm2=0+8 r8=0+8\n"
     "a2: direct xmm3=0+8 r9=0+8\n"
     "a3: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0 fixed=1\n"},
};

// ---------------------------------------------------------------------------------------------
// Long double under Abi::kWin64: it is double (8 bytes), so it travels like one.
const PlanRow kWin64LdRows[] = {
    {"void f(long double) (long double is double)", "void(ld)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"long double f(void)", "ld()",
     "ret: direct xmm0=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"long double f(long double, long double)", "ld(ld, ld)",
     "ret: direct xmm0=0+8\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, long double)", "void(i32, ld)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct xmm1=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"long double f(int, long double, double, long double)", "ld(i32, ld, f64, ld)",
     "ret: direct xmm0=0+8\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long double (x5))", "void(ld, ld, ld, ld, ld)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0\n"},
    {"void f(long double _Complex) (16 bytes)", "void(cld)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"long double _Complex f(void)", "cld()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"long double _Complex f(long double _Complex)", "cld(cld)",
     "ret: indirect rcx ->rax\n"
     "a0: indirect rdx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(struct { long double a; }) (8 bytes)", "void({ld})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"struct { long double a; } f(void)", "{ld}()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { long double a, b; })", "void({ld,ld})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"struct { long double a, b; } f(void)", "{ld,ld}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { char a; long double b; }) (16 bytes)", "void({i8,ld})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(int, ...) called with (long double)", "void(i32, ..., ld)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct xmm1=0+8 rdx=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
    {"void f(int, ...) called with 4 long doubles", "void(i32, ..., ld, ld, ld, ld)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: direct xmm1=0+8 rdx=0+8\n"
     "a2: direct xmm2=0+8 r8=0+8\n"
     "a3: direct xmm3=0+8 r9=0+8\n"
     "a4: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0 fixed=1\n"},
    {"long double f(void *, ...) called with (long double)", "ld(ptr, ..., ld)",
     "ret: direct xmm0=0+8\n"
     "a0: direct rcx=0+8\n"
     "a1: direct xmm1=0+8 rdx=0+8\n"
     "frame: stack=32 copy=0 fixed=1\n"},
};

// ---------------------------------------------------------------------------------------------
// Long double under Abi::kGnuWin64: gcc's 80-bit long double (16 bytes) is passed by reference
// and returned through the hidden pointer.
const PlanRow kGnuLdRows[] = {
    {"void f(long double) (80-bit)", "void(ld)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"long double f(void)", "ld()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"long double f(long double)", "ld(ld)",
     "ret: indirect rcx ->rax\n"
     "a0: indirect rdx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(int, long double, double)", "void(i32, ld, f64)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: indirect rdx copy+0\n"
     "a2: direct xmm2=0+8\n"
     "frame: stack=32 copy=16\n"},
    {"double f(long double, double)", "f64(ld, f64)",
     "ret: direct xmm0=0+8\n"
     "a0: indirect rcx copy+0\n"
     "a1: direct xmm1=0+8\n"
     "frame: stack=32 copy=16\n"},
    {"void f(long double (x6))", "void(ld, ld, ld, ld, ld, ld)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "a1: indirect rdx copy+16\n"
     "a2: indirect r8 copy+32\n"
     "a3: indirect r9 copy+48\n"
     "a4: indirect [sp+32] copy+64\n"
     "a5: indirect [sp+40] copy+80\n"
     "frame: stack=48 copy=96\n"},
    {"void f(long long (x4), long double)", "void(i64, i64, i64, i64, ld)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "a4: indirect [sp+32] copy+0\n"
     "frame: stack=48 copy=16\n"},
    {"long double f(int, int, int, long double)", "ld(i32, i32, i32, ld)",
     "ret: indirect rcx ->rax\n"
     "a0: direct rdx=0+4:s\n"
     "a1: direct r8=0+4:s\n"
     "a2: direct r9=0+4:s\n"
     "a3: indirect [sp+32] copy+0\n"
     "frame: stack=48 copy=16\n"},
    {"void f(long double _Complex) (32 bytes)", "void(cld)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=32\n"},
    {"long double _Complex f(void)", "cld()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"long double _Complex f(long double _Complex, long double)", "cld(cld, ld)",
     "ret: indirect rcx ->rax\n"
     "a0: indirect rdx copy+0\n"
     "a1: indirect r8 copy+32\n"
     "frame: stack=32 copy=48\n"},
    {"void f(struct { long double a; })", "void({ld})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"struct { long double a; } f(void)", "{ld}()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { char a; long double b; }) (32 bytes)", "void({i8,ld})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=32\n"},
    {"void f(int, ...) called with (long double)", "void(i32, ..., ld)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: indirect rdx copy+0\n"
     "frame: stack=32 copy=16 fixed=1\n"},
    {"void f(int, ...) called with (long double, double, long double)",
     "void(i32, ..., ld, f64, ld)",
     "ret: ignore\n"
     "a0: direct rcx=0+4:s\n"
     "a1: indirect rdx copy+0\n"
     "a2: direct xmm2=0+8 r8=0+8\n"
     "a3: indirect r9 copy+16\n"
     "frame: stack=32 copy=32 fixed=1\n"},
    {"long double f(void *, ...) called with (long double)", "ld(ptr, ..., ld)",
     "ret: indirect rcx ->rax\n"
     "a0: direct rdx=0+8\n"
     "a1: indirect r8 copy+0\n"
     "frame: stack=32 copy=16 fixed=1\n"},
};

// Tables shared by both ABIs: each row runs as kWin64 and as kGnuWin64.
class Win64Plan : public ::testing::TestWithParam<PlanRow> {};
TEST_P(Win64Plan, Win64) { expectPlan(GetParam(), Abi::kWin64); }
TEST_P(Win64Plan, GnuWin64) { expectPlan(GetParam(), Abi::kGnuWin64); }
INSTANTIATE_TEST_SUITE_P(ScalarArgs, Win64Plan, ::testing::ValuesIn(kScalarArgRows));
INSTANTIATE_TEST_SUITE_P(ScalarReturns, Win64Plan, ::testing::ValuesIn(kScalarReturnRows));
INSTANTIATE_TEST_SUITE_P(Positions, Win64Plan, ::testing::ValuesIn(kPositionRows));
INSTANTIATE_TEST_SUITE_P(SmallAggregates, Win64Plan, ::testing::ValuesIn(kSmallAggregateRows));
INSTANTIATE_TEST_SUITE_P(ReferenceAggregates, Win64Plan,
                         ::testing::ValuesIn(kReferenceAggregateRows));
INSTANTIATE_TEST_SUITE_P(AggregateReturns, Win64Plan, ::testing::ValuesIn(kAggregateReturnRows));
INSTANTIATE_TEST_SUITE_P(Variadic, Win64Plan, ::testing::ValuesIn(kVariadicRows));

// Records: by size alone, laid out as MSVC lays them out (bit-fields in units of their declared
// type; #pragma pack). Checked against gcc's ms_abi and ms_struct by the Win64 execution corpus.
const PlanRow kRecordRows[] = {
    {"void f(struct { unsigned a : 3, b : 5; signed char c; }) (MSVC: 8 bytes, by value)", "void({u32:3,u32:5,i8})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"
    },
    {"void f(struct { char c; int : 0; char d; }) (MSVC: 2 bytes; gcc: 5)", "void({i8,i32:0,i8})",
     "ret: ignore\n"
     "a0: direct rcx=0+2\n"
     "frame: stack=32 copy=0\n"
    },
    {"void f(struct { char a; short b : 9; char c : 7; int d : 17; }) (MSVC: 12 bytes, by reference)", "void({i8,i16:9,i8:7,i32:17})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "frame: stack=32 copy=16\n"
    },
    {"void f(#pragma pack(1) struct { char c; int i; }, #pragma pack(1) struct { char c; short s; char d; })", "void(packed{i8,i32}, packed{i8,i16,i8})",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "a1: direct rdx=0+4\n"
     "frame: stack=32 copy=16\n"
    },
    {"union { float f; int i; } f(union { double d; float f; }, union { char c[3]; short s; })", "union{f32,i32}(union{f64,f32}, union{{i8[3]},i16})",
     "ret: direct rax=0+4\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+4\n"
     "frame: stack=32 copy=0\n"
    },
    {"void f(struct { char c; char p[3]; int i; }) (8 bytes)", "void({i8,i32@4})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "frame: stack=32 copy=0\n"
    },
};
INSTANTIATE_TEST_SUITE_P(Records, Win64Plan, ::testing::ValuesIn(kRecordRows));

class Win64LongDouble : public ::testing::TestWithParam<PlanRow> {};
TEST_P(Win64LongDouble, Plan) { expectPlan(GetParam(), Abi::kWin64); }
INSTANTIATE_TEST_SUITE_P(Rows, Win64LongDouble, ::testing::ValuesIn(kWin64LdRows));

class GnuWin64LongDouble : public ::testing::TestWithParam<PlanRow> {};
TEST_P(GnuWin64LongDouble, Plan) { expectPlan(GetParam(), Abi::kGnuWin64); }
INSTANTIATE_TEST_SUITE_P(Rows, GnuWin64LongDouble, ::testing::ValuesIn(kGnuLdRows));

// ---------------------------------------------------------------------------------------------
// Errors (both ABIs): the variadic promotions (plan_table.h), and one past the register slots.
// Complex numbers of integer parts are aggregates of their size, as gcc's ms_abi passes them: 2,
// 4 or 8 bytes in an integer slot, 16 and 32 bytes by reference. (The Win64 corpus checks each
// against gcc and libffi.)
const PlanRow kComplexIntegerRows[] = {
    {"void f(_Complex signed char, _Complex unsigned char, _Complex short, _Complex unsigned short)", "void(ci8, cu8, ci16, cu16)",
     "ret: ignore\n"
     "a0: direct rcx=0+2\n"
     "a1: direct rdx=0+2\n"
     "a2: direct r8=0+4\n"
     "a3: direct r9=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"void f(_Complex int, _Complex unsigned, _Complex long long)", "void(ci32, cu32, ci64)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: indirect r8 copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"void f(_Complex __int128, _Complex unsigned __int128)", "void(ci128, cu128)",
     "ret: ignore\n"
     "a0: indirect rcx copy+0\n"
     "a1: indirect rdx copy+32\n"
     "frame: stack=32 copy=64\n"},
    {"void f(long (x5), _Complex long long, int)", "void(i64, i64, i64, i64, i64, cu64, i32)",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct r8=0+8\n"
     "a3: direct r9=0+8\n"
     "a4: direct [sp+32]=0+8\n"
     "a5: indirect [sp+40] copy+0\n"
     "a6: direct [sp+48]=0+4:s/8\n"
     "frame: stack=64 copy=16\n"},
    {"void f(struct { _Complex short a; float b; }, struct { char c; _Complex int z; })", "void({ci16,f32}, {i8,ci32})",
     "ret: ignore\n"
     "a0: direct rcx=0+8\n"
     "a1: indirect rdx copy+0\n"
     "frame: stack=32 copy=16\n"},
    {"_Complex signed char f(void)", "ci8()",
     "ret: direct rax=0+2\n"
     "frame: stack=32 copy=0\n"},
    {"_Complex unsigned short f(void)", "cu16()",
     "ret: direct rax=0+4\n"
     "frame: stack=32 copy=0\n"},
    {"_Complex int f(void)", "ci32()",
     "ret: direct rax=0+8\n"
     "frame: stack=32 copy=0\n"},
    {"_Complex long long f(void)", "ci64()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
    {"_Complex __int128 f(void)", "ci128()",
     "ret: indirect rcx ->rax\n"
     "frame: stack=32 copy=0\n"},
};

class Win64ComplexIntegers : public ::testing::TestWithParam<PlanRow> {};
TEST_P(Win64ComplexIntegers, Plan) { expectPlan(GetParam(), Abi::kWin64); }
INSTANTIATE_TEST_SUITE_P(Rows, Win64ComplexIntegers, ::testing::ValuesIn(kComplexIntegerRows));

const ErrorRow kErrorRows[] = {
    // Vectors, alone or in a struct: FFI_BAD_TYPEDEF, as libffi.
    {"void f(float (vector_size 16))", "void(f32x4)", Status::kBadTypedef},
    {"float (vector_size 8) f(void)", "f32x2()", Status::kBadTypedef},
    {"void f(struct { int i; float (vector_size 16) v; })", "void({i32,f32x4})", Status::kBadTypedef},
    {"f(a, b, c, d, 1LL, (unsigned short)1): unpromoted past the register slots",
     "void(i32, i32, i32, i32, ..., i64, u16)", Status::kBadArgType},
};

class Win64Errors : public ::testing::TestWithParam<ErrorRow> {};
TEST_P(Win64Errors, Win64) { expectError(GetParam(), Abi::kWin64); }
TEST_P(Win64Errors, GnuWin64) { expectError(GetParam(), Abi::kGnuWin64); }
INSTANTIATE_TEST_SUITE_P(Promotions, Win64Errors, ::testing::ValuesIn(kPromotionErrorRows));
INSTANTIATE_TEST_SUITE_P(Rows, Win64Errors, ::testing::ValuesIn(kErrorRows));

// The callee-saved vector registers, which the plan text does not print. ABI[win64 caller/callee
// saved registers]: XMM6–XMM15 are nonvolatile, all 16 bytes of each.
TEST(Win64Frame, PreservesWholeVectorRegisters) {
  auto sig = Signature::parse("void()");
  ASSERT_TRUE(sig.ok());
  for (Abi abi : {Abi::kWin64, Abi::kGnuWin64}) {
    auto plan = classify(*sig, abi);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->calleeSavedVec, 0xFFC0u);
    EXPECT_EQ(plan->calleeSavedVecBytes, 16);
  }
}

// libffi's FFI_WIN64 and FFI_GNUW64 take &ffi_type_void as an argument type and pass the one byte
// it has (ffi_type_void's size is 1), zero-extended, in the argument's slot; the next argument
// takes the next slot (observed against the system libffi; inputs_test's VoidArguments compares
// calls with it). The text form has no void arguments: a hand-built signature.
TEST(Win64ByHand, VoidArgumentTakesASlot) {
  const Signature sig(Type::i32(), {Type::void_(), Type::i32(), Type::i32(), Type::i32(), Type::void_()});
  for (Abi abi : {Abi::kWin64, Abi::kGnuWin64}) {
    auto plan = classify(sig, abi);
    ASSERT_TRUE(plan.ok()) << plan.error().toString();
    EXPECT_EQ(formatPlan(*plan),
              "ret: direct rax=0+4:s\n"
              "a0: direct rcx=0+1:z\n"
              "a1: direct rdx=0+4:s\n"
              "a2: direct r8=0+4:s\n"
              "a3: direct r9=0+4:s\n"
              "a4: direct [sp+32]=0+1:z/8\n"
              "frame: stack=48 copy=0\n")
        << abiName(abi);
  }
}

}  // namespace
}  // namespace jitffi::test
