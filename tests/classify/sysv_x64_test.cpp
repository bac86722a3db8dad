// SPDX-License-Identifier: MIT
// SysV x86-64 classifier tables (psABI 3.2.3). Every expected plan was checked against the code
// gcc 12 generates for the C declaration (gcc -O2): where gcc's caller puts each byte of every
// argument (and %al for variadic calls), where gcc's callee reads them, and where a gcc callee
// leaves the return value and a gcc caller reads it back.
//
// Conventions of the expected text (include/jitffi/plan.h): narrow integers carry their
// extension mark (":s"/":z", widened to 8 bytes); "count=rax:N" (%al) is set for variadic calls
// and, on purpose (libffi does the same), for fixed calls that use vector registers.
#include <string>
#include <vector>

#include "../../lib/classify/classify_p.h"
#include "plan_table.h"

namespace jitffi::test {
namespace {

// ---------------------------------------------------------------------------------------------
// Scalars as arguments: every kind, with its extension mark.
const PlanRow kScalarArgRows[] = {
    {"void f(void)", "void()",
     "ret: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"void f(signed char)", "void(i8)",
     "ret: ignore\n"
     "a0: direct rdi=0+1:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned char)", "void(u8)",
     "ret: ignore\n"
     "a0: direct rdi=0+1:z\n"
     "frame: stack=0 copy=0\n"},
    {"void f(short)", "void(i16)",
     "ret: ignore\n"
     "a0: direct rdi=0+2:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned short)", "void(u16)",
     "ret: ignore\n"
     "a0: direct rdi=0+2:z\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int)", "void(i32)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned)", "void(u32)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:z\n"
     "frame: stack=0 copy=0\n"},
    {"void f(long)", "void(i64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned long)", "void(u64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(void *)", "void(ptr)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(__int128)", "void(i128)",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(unsigned __int128)", "void(u128)",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(float)", "void(f32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(double)", "void(f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(long double)", "void(ld)",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+16\n"
     "frame: stack=16 copy=0\n"},
    {"void f(float _Complex)", "void(c32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(double _Complex)", "void(c64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(long double _Complex)", "void(cld)",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+32\n"
     "frame: stack=32 copy=0\n"},
    {"void f(signed char, unsigned char, short, unsigned short, int, unsigned)",
     "void(i8, u8, i16, u16, i32, u32)",
     "ret: ignore\n"
     "a0: direct rdi=0+1:s\n"
     "a1: direct rsi=0+1:z\n"
     "a2: direct rdx=0+2:s\n"
     "a3: direct rcx=0+2:z\n"
     "a4: direct r8=0+4:s\n"
     "a5: direct r9=0+4:z\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, double, void *, float, long)", "void(i32, f64, ptr, f32, i64)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct xmm0=0+8\n"
     "a2: direct rsi=0+8\n"
     "a3: direct xmm1=0+4\n"
     "a4: direct rdx=0+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(long double, int, long double, double)", "void(ld, i32, ld, f64)",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+16\n"
     "a1: direct rdi=0+4:s\n"
     "a2: direct [sp+16]=0+16\n"
     "a3: direct xmm0=0+8\n"
     "frame: stack=32 copy=0 count=rax:1\n"},
    {"void f(int, __int128, int)", "void(i32, i128, i32)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct rsi=0+8 rdx=8+8\n"
     "a2: direct rcx=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(float _Complex, double _Complex, float)", "void(c32, c64, f32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8 xmm2=8+8\n"
     "a2: direct xmm3=0+4\n"
     "frame: stack=0 copy=0 count=rax:4\n"},
    {"void f(long, long double _Complex, long)", "void(i64, cld, i64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct [sp+0]=0+32\n"
     "a2: direct rsi=0+8\n"
     "frame: stack=32 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Scalars as return values.
const PlanRow kScalarReturnRows[] = {
    {"signed char f(void)", "i8()",
     "ret: direct rax=0+1:s\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned char f(void)", "u8()",
     "ret: direct rax=0+1:z\n"
     "frame: stack=0 copy=0\n"},
    {"short f(void)", "i16()",
     "ret: direct rax=0+2:s\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned short f(void)", "u16()",
     "ret: direct rax=0+2:z\n"
     "frame: stack=0 copy=0\n"},
    {"int f(void)", "i32()",
     "ret: direct rax=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned f(void)", "u32()",
     "ret: direct rax=0+4:z\n"
     "frame: stack=0 copy=0\n"},
    {"long f(void)", "i64()",
     "ret: direct rax=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned long f(void)", "u64()",
     "ret: direct rax=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void *f(void)", "ptr()",
     "ret: direct rax=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"__int128 f(void)", "i128()",
     "ret: direct rax=0+8 rdx=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"unsigned __int128 f(void)", "u128()",
     "ret: direct rax=0+8 rdx=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"float f(void)", "f32()",
     "ret: direct xmm0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"double f(void)", "f64()",
     "ret: direct xmm0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"long double f(void)", "ld()",
     "ret: direct st0=0+10\n"
     "frame: stack=0 copy=0\n"},
    {"float _Complex f(void)", "c32()",
     "ret: direct xmm0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"double _Complex f(void)", "c64()",
     "ret: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"long double _Complex f(void)", "cld()",
     "ret: direct st0=0+10 st1=16+10\n"
     "frame: stack=0 copy=0\n"},
    {"double f(double, double)", "f64(f64, f64)",
     "ret: direct xmm0=0+8\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"long double f(long double, long double)", "ld(ld, ld)",
     "ret: direct st0=0+10\n"
     "a0: direct [sp+0]=0+16\n"
     "a1: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"__int128 f(__int128, __int128)", "i128(i128, i128)",
     "ret: direct rax=0+8 rdx=8+8\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "a1: direct rdx=0+8 rcx=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"long double _Complex f(long double _Complex)", "cld(cld)",
     "ret: direct st0=0+10 st1=16+10\n"
     "a0: direct [sp+0]=0+32\n"
     "frame: stack=32 copy=0\n"},
    {"short f(signed char, unsigned short)", "i16(i8, u16)",
     "ret: direct rax=0+2:s\n"
     "a0: direct rdi=0+1:s\n"
     "a1: direct rsi=0+2:z\n"
     "frame: stack=0 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Register exhaustion: six general registers, eight vector registers, then the stack.
const PlanRow kExhaustionRows[] = {
    {"void f(long a, long b, long c, long d, long e, long f, long g)",
     "void(i64, i64, i64, i64, i64, i64, i64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(int, int, int, int, int, int, int, int)",
     "void(i32, i32, i32, i32, i32, i32, i32, i32)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct rsi=0+4:s\n"
     "a2: direct rdx=0+4:s\n"
     "a3: direct rcx=0+4:s\n"
     "a4: direct r8=0+4:s\n"
     "a5: direct r9=0+4:s\n"
     "a6: direct [sp+0]=0+4:s/8\n"
     "a7: direct [sp+8]=0+4:s/8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x6, signed char, unsigned short, unsigned char, int, unsigned)",
     "void(i64, i64, i64, i64, i64, i64, i8, u16, u8, i32, u32)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+1:s/8\n"
     "a7: direct [sp+8]=0+2:z/8\n"
     "a8: direct [sp+16]=0+1:z/8\n"
     "a9: direct [sp+24]=0+4:s/8\n"
     "a10: direct [sp+32]=0+4:z/8\n"
     "frame: stack=48 copy=0\n"},
    {"void f(double x9)", "void(f64, f64, f64, f64, f64, f64, f64, f64, f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct xmm4=0+8\n"
     "a5: direct xmm5=0+8\n"
     "a6: direct xmm6=0+8\n"
     "a7: direct xmm7=0+8\n"
     "a8: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0 count=rax:8\n"},
    {"void f(float x10)", "void(f32, f32, f32, f32, f32, f32, f32, f32, f32, f32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "a1: direct xmm1=0+4\n"
     "a2: direct xmm2=0+4\n"
     "a3: direct xmm3=0+4\n"
     "a4: direct xmm4=0+4\n"
     "a5: direct xmm5=0+4\n"
     "a6: direct xmm6=0+4\n"
     "a7: direct xmm7=0+4\n"
     "a8: direct [sp+0]=0+4\n"
     "a9: direct [sp+8]=0+4\n"
     "frame: stack=16 copy=0 count=rax:8\n"},
    // __int128 with one general register left: the whole value goes to the stack (16-aligned)
    // and the last register is still taken by the next argument.
    {"void f(long x5, __int128, long)", "void(i64, i64, i64, i64, i64, i128, i64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct [sp+0]=0+16\n"
     "a6: direct r9=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x6, int, __int128)", "void(i64, i64, i64, i64, i64, i64, i32, i128)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+4:s/8\n"
     "a7: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long x6, __int128, int)", "void(i64, i64, i64, i64, i64, i64, i128, i32)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+16\n"
     "a7: direct [sp+16]=0+4:s/8\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long x7, long double)", "void(i64, i64, i64, i64, i64, i64, i64, ld)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+8\n"
     "a7: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    // A struct needing two general registers when one is left goes to the stack; the next
    // (smaller) argument still gets the register.
    {"void f(long x5, struct { long a, b; }, int)", "void(i64, i64, i64, i64, i64, {i64,i64}, i32)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct [sp+0]=0+16\n"
     "a6: direct r9=0+4:s\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x5, struct { int a, b, c; }, signed char)",
     "void(i64, i64, i64, i64, i64, {i32,i32,i32}, i8)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct [sp+0]=0+12\n"
     "a6: direct r9=0+1:s\n"
     "frame: stack=16 copy=0\n"},
    {"void f(double x7, struct { double a, b; }, double)",
     "void(f64, f64, f64, f64, f64, f64, f64, {f64,f64}, f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct xmm4=0+8\n"
     "a5: direct xmm5=0+8\n"
     "a6: direct xmm6=0+8\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct xmm7=0+8\n"
     "frame: stack=16 copy=0 count=rax:8\n"},
    {"void f(double x7, struct { float a, b, c; }, float)",
     "void(f64, f64, f64, f64, f64, f64, f64, {f32,f32,f32}, f32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct xmm4=0+8\n"
     "a5: direct xmm5=0+8\n"
     "a6: direct xmm6=0+8\n"
     "a7: direct [sp+0]=0+12\n"
     "a8: direct xmm7=0+4\n"
     "frame: stack=16 copy=0 count=rax:8\n"},
    // Mixed INTEGER/SSE structs: either class running out sends the whole struct to the stack.
    {"void f(long x6, struct { long i; double d; }, double)",
     "void(i64, i64, i64, i64, i64, i64, {i64,f64}, f64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+16\n"
     "a7: direct xmm0=0+8\n"
     "frame: stack=16 copy=0 count=rax:1\n"},
    {"void f(double x8, struct { long i; double d; }, long)",
     "void(f64, f64, f64, f64, f64, f64, f64, f64, {i64,f64}, i64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct xmm4=0+8\n"
     "a5: direct xmm5=0+8\n"
     "a6: direct xmm6=0+8\n"
     "a7: direct xmm7=0+8\n"
     "a8: direct [sp+0]=0+16\n"
     "a9: direct rdi=0+8\n"
     "frame: stack=16 copy=0 count=rax:8\n"},
    {"void f(long x5, double x7, struct { double d; long i; })",
     "void(i64, i64, i64, i64, i64, f64, f64, f64, f64, f64, f64, f64, {f64,i64})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct xmm0=0+8\n"
     "a6: direct xmm1=0+8\n"
     "a7: direct xmm2=0+8\n"
     "a8: direct xmm3=0+8\n"
     "a9: direct xmm4=0+8\n"
     "a10: direct xmm5=0+8\n"
     "a11: direct xmm6=0+8\n"
     "a12: direct xmm7=0+8 r9=8+8\n"
     "frame: stack=0 copy=0 count=rax:8\n"},
    // Interleaved int/double, both sequences running out.
    {"void f(int, double, int, double, ... 9 of each)",
     "void(i32, f64, i32, f64, i32, f64, i32, f64, i32, f64, i32, f64, i32, f64, i32, f64, i32, "
     "f64)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct xmm0=0+8\n"
     "a2: direct rsi=0+4:s\n"
     "a3: direct xmm1=0+8\n"
     "a4: direct rdx=0+4:s\n"
     "a5: direct xmm2=0+8\n"
     "a6: direct rcx=0+4:s\n"
     "a7: direct xmm3=0+8\n"
     "a8: direct r8=0+4:s\n"
     "a9: direct xmm4=0+8\n"
     "a10: direct r9=0+4:s\n"
     "a11: direct xmm5=0+8\n"
     "a12: direct [sp+0]=0+4:s/8\n"
     "a13: direct xmm6=0+8\n"
     "a14: direct [sp+8]=0+4:s/8\n"
     "a15: direct xmm7=0+8\n"
     "a16: direct [sp+16]=0+4:s/8\n"
     "a17: direct [sp+24]=0+8\n"
     "frame: stack=32 copy=0 count=rax:8\n"},
    {"void f(long x6, struct { char a, b, c; }, float)",
     "void(i64, i64, i64, i64, i64, i64, {i8,i8,i8}, f32)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+3\n"
     "a7: direct xmm0=0+4\n"
     "frame: stack=16 copy=0 count=rax:1\n"},
    {"void f(long x5, __int128, struct { int i; float f; })",
     "void(i64, i64, i64, i64, i64, i128, {i32,f32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct [sp+0]=0+16\n"
     "a6: direct r9=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x6, double x8, int, double, struct { double a, b; }, signed char)",
     "void(i64, i64, i64, i64, i64, i64, f64, f64, f64, f64, f64, f64, f64, f64, i32, f64, "
     "{f64,f64}, i8)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct xmm0=0+8\n"
     "a7: direct xmm1=0+8\n"
     "a8: direct xmm2=0+8\n"
     "a9: direct xmm3=0+8\n"
     "a10: direct xmm4=0+8\n"
     "a11: direct xmm5=0+8\n"
     "a12: direct xmm6=0+8\n"
     "a13: direct xmm7=0+8\n"
     "a14: direct [sp+0]=0+4:s/8\n"
     "a15: direct [sp+8]=0+8\n"
     "a16: direct [sp+16]=0+16\n"
     "a17: direct [sp+32]=0+1:s/8\n"
     "frame: stack=48 copy=0 count=rax:8\n"},
    {"void f(double x7, double _Complex, double)",
     "void(f64, f64, f64, f64, f64, f64, f64, c64, f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct xmm4=0+8\n"
     "a5: direct xmm5=0+8\n"
     "a6: direct xmm6=0+8\n"
     "a7: direct [sp+0]=0+16\n"
     "a8: direct xmm7=0+8\n"
     "frame: stack=16 copy=0 count=rax:8\n"},
    {"void f(double x8, float _Complex, struct { double d; })",
     "void(f64, f64, f64, f64, f64, f64, f64, f64, c32, {f64})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct xmm4=0+8\n"
     "a5: direct xmm5=0+8\n"
     "a6: direct xmm6=0+8\n"
     "a7: direct xmm7=0+8\n"
     "a8: direct [sp+0]=0+8\n"
     "a9: direct [sp+8]=0+8\n"
     "frame: stack=16 copy=0 count=rax:8\n"},
    {"void f(long x5, struct { __int128 i; }, long)", "void(i64, i64, i64, i64, i64, {i128}, i64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct [sp+0]=0+16\n"
     "a6: direct r9=0+8\n"
     "frame: stack=16 copy=0\n"},
    // A 16-byte struct whose second eightbyte is padding only (NO_CLASS) needs one register, so
    // it still fits when one is left.
    {"void f(long x5, struct __attribute__((aligned(16))) { int i; }, long)",
     "void(i64, i64, i64, i64, i64, {i32}#16:16, i64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    {"void f(double x7, struct __attribute__((aligned(16))) { double d; }, double)",
     "void(f64, f64, f64, f64, f64, f64, f64, {f64}#16:16, f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct xmm4=0+8\n"
     "a5: direct xmm5=0+8\n"
     "a6: direct xmm6=0+8\n"
     "a7: direct xmm7=0+8\n"
     "a8: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0 count=rax:8\n"},
    // The hidden result pointer takes %rdi: the sixth integer argument goes to the stack.
    {"struct { long a, b, c; } f(long x6)", "{i64,i64,i64}(i64, i64, i64, i64, i64, i64)",
     "ret: indirect rdi ->rax\n"
     "a0: direct rsi=0+8\n"
     "a1: direct rdx=0+8\n"
     "a2: direct rcx=0+8\n"
     "a3: direct r8=0+8\n"
     "a4: direct r9=0+8\n"
     "a5: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Structs of at most 16 bytes as arguments: every eightbyte class combination.
const PlanRow kSmallStructRows[] = {
    // chars: 1..16 bytes
    {"void f(struct { char a; })", "void({i8})",
     "ret: ignore\n"
     "a0: direct rdi=0+1\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char a, b; })", "void({i8,i8})",
     "ret: ignore\n"
     "a0: direct rdi=0+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char a, b, c; })", "void({i8,i8,i8})",
     "ret: ignore\n"
     "a0: direct rdi=0+3\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[4]; })", "void({i8[4]})",
     "ret: ignore\n"
     "a0: direct rdi=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[5]; })", "void({i8[5]})",
     "ret: ignore\n"
     "a0: direct rdi=0+5\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[6]; })", "void({i8[6]})",
     "ret: ignore\n"
     "a0: direct rdi=0+6\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[7]; })", "void({i8[7]})",
     "ret: ignore\n"
     "a0: direct rdi=0+7\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[8]; })", "void({i8[8]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[9]; })", "void({i8[9]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+1\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[10]; })", "void({i8[10]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[11]; })", "void({i8[11]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+3\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[12]; })", "void({i8[12]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[13]; })", "void({i8[13]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+5\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[14]; })", "void({i8[14]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+6\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[15]; })", "void({i8[15]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+7\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[16]; })", "void({i8[16]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"},
    // shorts, ints, longs, pointers
    {"void f(struct { short a; })", "void({i16})",
     "ret: ignore\n"
     "a0: direct rdi=0+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short a, b, c; })", "void({i16,i16,i16})",
     "ret: ignore\n"
     "a0: direct rdi=0+6\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { unsigned short s[5]; })", "void({u16[5]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+2\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short s[7]; })", "void({i16[7]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+6\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short s[8]; })", "void({i16[8]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short s; char c; })", "void({i16,i8})",
     "ret: ignore\n"
     "a0: direct rdi=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int a; })", "void({i32})",
     "ret: ignore\n"
     "a0: direct rdi=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int a, b; })", "void({i32,i32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int a, b, c; })", "void({i32,i32,i32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { unsigned u[4]; })", "void({u32[4]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int i; char c; })", "void({i32,i8})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char a; int i; char b; })", "void({i8,i32,i8})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long l; char c; })", "void({i64,i8})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { long a; })", "void({i64})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { void *p, *q; })", "void({ptr,ptr})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"},
    // floats and doubles
    {"void f(struct { float a; })", "void({f32})",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float a, b; })", "void({f32,f32})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float a, b, c; })", "void({f32,f32,f32})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+4\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(struct { float f[4]; })", "void({f32[4]})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(struct { double a; })", "void({f64})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { double a, b; })", "void({f64,f64})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(struct { double d; float f; })", "void({f64,f32})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(struct { float a, b; double d; })", "void({f32,f32,f64})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    // mixed INTEGER and SSE eightbytes, both orders
    {"void f(struct { long i; double d; })", "void({i64,f64})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { double d; long i; })", "void({f64,i64})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 rdi=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float f; int i; })", "void({f32,i32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { int i; float f; })", "void({i32,f32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[5]; float f; })", "void({i8[5],f32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { char a, b, c, d, e; float f; })", "void({i8,i8,i8,i8,i8,f32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float f; char c[5]; })", "void({f32,i8[5]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c; double d; })", "void({i8,f64})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { double d; char c; })", "void({f64,i8})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 rdi=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float a, b; int i; })", "void({f32,f32,i32})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 rdi=8+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { int a, b; float f; })", "void({i32,i32,f32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float f; int i; double d; })", "void({f32,i32,f64})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { long l; float f; })", "void({i64,f32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float f; long l; })", "void({f32,i64})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 rdi=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { short s; float f; })", "void({i16,f32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char a, b, c; float f; })", "void({i8,i8,i8,f32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { short s[3]; float f; })", "void({i16[3],f32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float f; short s[3]; })", "void({f32,i16[3]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, struct { double d; long i; }, float, struct { long i; double d; })",
     "void(i32, {f64,i64}, f32, {i64,f64})",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct xmm0=0+8 rsi=8+8\n"
     "a2: direct xmm1=0+4\n"
     "a3: direct rdx=0+8 xmm2=8+8\n"
     "frame: stack=0 copy=0 count=rax:3\n"},
    // nested structs and arrays of structs
    {"void f(struct { struct { int i; float f; } s; double d; })", "void({{i32,f32},f64})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { struct { float a; } x; struct { float b; } y; })", "void({{f32},{f32}})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { char a; struct { short s; char c; } n; int i; })",
     "void({i8,{i16,i8},i32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct { double d; } a; struct { long l; } b; })", "void({{f64},{i64}})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 rdi=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { struct { struct { float f; } x; } y; })", "void({{{f32}}})",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { struct { float a, b; } x, y; })", "void({{f32,f32},{f32,f32}})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(struct { struct { char c; } a; struct { float x, y; } b; })",
     "void({{i8},{f32,f32}})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float f[3]; })", "void({f32[3]})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+4\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(struct { double d[2]; })", "void({f64[2]})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(struct { int i[3]; })", "void({i32[3]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct { char c; float f; } e[2]; })", "void({{i8,f32}[2]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct { float x, y; } e[2]; })", "void({{f32,f32}[2]})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    // complex members
    {"void f(struct { float _Complex c; })", "void({c32})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float _Complex a, b; })", "void({c32,c32})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(struct { double _Complex c; })", "void({c64})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(struct { int i; float _Complex c; })", "void({i32,c32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 xmm0=8+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float _Complex c; char x; })", "void({c32,i8})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 rdi=8+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float f; float _Complex c; })", "void({f32,c32})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 xmm1=8+4\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    // __int128 and long double members
    {"void f(struct { __int128 i; })", "void({i128})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, struct { long double x; })", "void(i32, {ld})",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct [sp+0]=0+16\n"
     "frame: stack=16 copy=0\n"},
    // empty structs (GNU C): size 0, pass nothing, take no register or stack slot
    {"void f(struct {})", "void({})",
     "ret: ignore\n"
     "a0: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"void f(int, struct {}, int)", "void(i32, {}, i32)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: ignore\n"
     "a2: direct rsi=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct {} e; })", "void({{}})",
     "ret: ignore\n"
     "a0: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct {} e; double d; })", "void({{},f64})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(struct { float a; struct {} e; float b; })", "void({f32,{},f32})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(long x6, struct {}, long)", "void(i64, i64, i64, i64, i64, i64, {}, i64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: ignore\n"
     "a7: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0\n"},
    // over-aligned structs (explicit layout = __attribute__((aligned(16)))): the padding
    // eightbyte has no class and takes no register
    {"void f(struct __attribute__((aligned(16))) { int i; })", "void({i32}#16:16)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct __attribute__((aligned(16))) { float f; }, int)", "void({f32}#16:16, i32)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct rdi=0+4:s\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"void f(double x9, struct __attribute__((aligned(16))) { double a, b; })",
     "void(f64, f64, f64, f64, f64, f64, f64, f64, f64, {f64,f64}#16:16)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct xmm4=0+8\n"
     "a5: direct xmm5=0+8\n"
     "a6: direct xmm6=0+8\n"
     "a7: direct xmm7=0+8\n"
     "a8: direct [sp+0]=0+8\n"
     "a9: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0 count=rax:8\n"},
};

// ---------------------------------------------------------------------------------------------
// Structs over 16 bytes (class MEMORY): copied to the stack, eightbyte- or 16-byte-aligned.
const PlanRow kLargeStructRows[] = {
    {"void f(struct { char c[17]; })", "void({i8[17]})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+17\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { long a, b, c; })", "void({i64,i64,i64})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+24\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { double a, b, c; })", "void({f64,f64,f64})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+24\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { int i[5]; })", "void({i32[5]})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+20\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { float f[5]; })", "void({f32[5]})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+20\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, struct { long l[3]; }, int)", "void(i32, {i64[3]}, i32)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct [sp+0]=0+24\n"
     "a2: direct rsi=0+4:s\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { long l[3]; }, struct { double d[3]; })", "void({i64[3]}, {f64[3]})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+24\n"
     "a1: direct [sp+24]=0+24\n"
     "frame: stack=48 copy=0\n"},
    {"void f(struct { char c[17]; }, struct { char c[17]; })", "void({i8[17]}, {i8[17]})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+17\n"
     "a1: direct [sp+24]=0+17\n"
     "frame: stack=48 copy=0\n"},
    {"void f(long x7, struct { long l[3]; })", "void(i64, i64, i64, i64, i64, i64, i64, {i64[3]})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+8\n"
     "a7: direct [sp+8]=0+24\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { char c[100]; })", "void({i8[100]})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+100\n"
     "frame: stack=112 copy=0\n"},
    {"void f(struct { double _Complex c; double d; })", "void({c64,f64})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+24\n"
     "frame: stack=32 copy=0\n"},
    {"void f(struct { long double _Complex c; })", "void({cld})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+32\n"
     "frame: stack=32 copy=0\n"},
    // 16-byte alignment on the stack: long double, __int128 and structs containing them
    {"void f(struct { long double x; int i; })", "void({ld,i32})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+32\n"
     "frame: stack=32 copy=0\n"},
    {"void f(long x6, int, struct { long double x; int i; })",
     "void(i64, i64, i64, i64, i64, i64, i32, {ld,i32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+4:s/8\n"
     "a7: direct [sp+16]=0+32\n"
     "frame: stack=48 copy=0\n"},
    {"void f(long x6, int, struct { __int128 i; })",
     "void(i64, i64, i64, i64, i64, i64, i32, {i128})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+4:s/8\n"
     "a7: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, struct { char c; __int128 i; })", "void(i32, {i8,i128})",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct [sp+0]=0+32\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int x7, struct { char c; __int128 i; })",
     "void(i32, i32, i32, i32, i32, i32, i32, {i8,i128})",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct rsi=0+4:s\n"
     "a2: direct rdx=0+4:s\n"
     "a3: direct rcx=0+4:s\n"
     "a4: direct r8=0+4:s\n"
     "a5: direct r9=0+4:s\n"
     "a6: direct [sp+0]=0+4:s/8\n"
     "a7: direct [sp+16]=0+32\n"
     "frame: stack=48 copy=0\n"},
    {"void f(int, struct { long double x; }, int)", "void(i32, {ld}, i32)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct [sp+0]=0+16\n"
     "a2: direct rsi=0+4:s\n"
     "frame: stack=16 copy=0\n"},
    {"void f(long x6, int, struct { long double x; })",
     "void(i64, i64, i64, i64, i64, i64, i32, {ld})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+4:s/8\n"
     "a7: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    {"void f(int, long double _Complex, double)", "void(i32, cld, f64)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct [sp+0]=0+32\n"
     "a2: direct xmm0=0+8\n"
     "frame: stack=32 copy=0 count=rax:1\n"},
    {"void f(long x6, int, struct __attribute__((aligned(16))) { int i; })",
     "void(i64, i64, i64, i64, i64, i64, i32, {i32}#16:16)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+4:s/8\n"
     "a7: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0\n"},
    // 32-byte alignment is more than the 16 the stack pointer has at the call.
    {"void f(long x6, int, struct __attribute__((aligned(32))) { double d; })",
     "void(i64, i64, i64, i64, i64, i64, i32, {f64}#32:32)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+4:s/8\n"
     "a7: direct [sp+32]=0+32\n"
     "frame: stack=64 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Returns of every size class: %rax/%rdx, %xmm0/%xmm1, split, x87, and the hidden pointer.
const PlanRow kStructReturnRows[] = {
    {"struct {} f(void)", "{}()",
     "ret: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"struct {} f(struct {})", "{}({})",
     "ret: ignore\n"
     "a0: ignore\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char a; } f(void)", "{i8}()",
     "ret: direct rax=0+1\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char a, b, c; } f(struct { char a, b, c; })", "{i8,i8,i8}({i8,i8,i8})",
     "ret: direct rax=0+3\n"
     "a0: direct rdi=0+3\n"
     "frame: stack=0 copy=0\n"},
    {"struct { short a, b, c; } f(void)", "{i16,i16,i16}()",
     "ret: direct rax=0+6\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char c[7]; } f(void)", "{i8[7]}()",
     "ret: direct rax=0+7\n"
     "frame: stack=0 copy=0\n"},
    {"struct { int a, b; } f(void)", "{i32,i32}()",
     "ret: direct rax=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { int a, b, c; } f(void)", "{i32,i32,i32}()",
     "ret: direct rax=0+8 rdx=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long a, b; } f(void)", "{i64,i64}()",
     "ret: direct rax=0+8 rdx=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char c[9]; } f(void)", "{i8[9]}()",
     "ret: direct rax=0+8 rdx=8+1\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char c[15]; } f(void)", "{i8[15]}()",
     "ret: direct rax=0+8 rdx=8+7\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float a; } f(void)", "{f32}()",
     "ret: direct xmm0=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float a, b; } f(void)", "{f32,f32}()",
     "ret: direct xmm0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float a, b, c; } f(void)", "{f32,f32,f32}()",
     "ret: direct xmm0=0+8 xmm1=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double a, b; } f(void)", "{f64,f64}()",
     "ret: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float f[4]; } f(void)", "{f32[4]}()",
     "ret: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long i; double d; } f(void)", "{i64,f64}()",
     "ret: direct rax=0+8 xmm0=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double d; long i; } f(void)", "{f64,i64}()",
     "ret: direct xmm0=0+8 rax=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long i; double d; } f(struct { double d; long i; })", "{i64,f64}({f64,i64})",
     "ret: direct rax=0+8 xmm0=8+8\n"
     "a0: direct xmm0=0+8 rdi=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"struct { float f; int i; } f(void)", "{f32,i32}()",
     "ret: direct rax=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { int i; float f; } f(void)", "{i32,f32}()",
     "ret: direct rax=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char c[5]; float f; } f(void)", "{i8[5],f32}()",
     "ret: direct rax=0+8 xmm0=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char c; double d; } f(void)", "{i8,f64}()",
     "ret: direct rax=0+8 xmm0=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double d; char c; } f(void)", "{f64,i8}()",
     "ret: direct xmm0=0+8 rax=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float a, b; int i; } f(void)", "{f32,f32,i32}()",
     "ret: direct xmm0=0+8 rax=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { int a, b; float f; } f(void)", "{i32,i32,f32}()",
     "ret: direct rax=0+8 xmm0=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { struct { double d; } a; struct { long l; } b; } f(void)", "{{f64},{i64}}()",
     "ret: direct xmm0=0+8 rax=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float _Complex c; } f(void)", "{c32}()",
     "ret: direct xmm0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double _Complex c; } f(void)", "{c64}()",
     "ret: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float _Complex c; char x; } f(void)", "{c32,i8}()",
     "ret: direct xmm0=0+8 rax=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { __int128 i; } f(void)", "{i128}()",
     "ret: direct rax=0+8 rdx=8+8\n"
     "frame: stack=0 copy=0\n"},
    // struct { long double } is X87 + X87UP: returned in %st0 (but passed in memory).
    {"struct { long double x; } f(void)", "{ld}()",
     "ret: direct st0=0+10\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long double x; } f(struct { long double x; })", "{ld}({ld})",
     "ret: direct st0=0+10\n"
     "a0: direct [sp+0]=0+16\n"
     "frame: stack=16 copy=0\n"},
    {"struct __attribute__((aligned(16))) { int i; } f(void)", "{i32}#16:16()",
     "ret: direct rax=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct __attribute__((aligned(16))) { float f; } f(void)", "{f32}#16:16()",
     "ret: direct xmm0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct __attribute__((aligned(16))) { double d; } f(void)", "{f64}#16:16()",
     "ret: direct xmm0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct __attribute__((aligned(32))) { int i; } f(void)", "{i32}#32:32()",
     "ret: indirect rdi ->rax\n"
     "frame: stack=0 copy=0\n"},
    // MEMORY: the caller passes the result address in %rdi; the callee hands it back in %rax.
    {"struct { long a, b, c; } f(void)", "{i64,i64,i64}()",
     "ret: indirect rdi ->rax\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long l[3]; } f(int, long, double)", "{i64[3]}(i32, i64, f64)",
     "ret: indirect rdi ->rax\n"
     "a0: direct rsi=0+4:s\n"
     "a1: direct rdx=0+8\n"
     "a2: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"struct { double d[3]; } f(double)", "{f64[3]}(f64)",
     "ret: indirect rdi ->rax\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"},
    {"struct { char c[17]; } f(void *)", "{i8[17]}(ptr)",
     "ret: indirect rdi ->rax\n"
     "a0: direct rsi=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long double x; int i; } f(void)", "{ld,i32}()",
     "ret: indirect rdi ->rax\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long double x, y; } f(void)", "{ld,ld}()",
     "ret: indirect rdi ->rax\n"
     "frame: stack=0 copy=0\n"},
    {"struct { long double _Complex c; } f(void)", "{cld}()",
     "ret: indirect rdi ->rax\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float f[5]; } f(struct { float f[5]; })", "{f32[5]}({f32[5]})",
     "ret: indirect rdi ->rax\n"
     "a0: direct [sp+0]=0+20\n"
     "frame: stack=32 copy=0\n"},
    {"struct { long l[3]; } f(long, struct { long l[3]; }, long x5)",
     "{i64[3]}(i64, {i64[3]}, i64, i64, i64, i64, i64)",
     "ret: indirect rdi ->rax\n"
     "a0: direct rsi=0+8\n"
     "a1: direct [sp+0]=0+24\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+24]=0+8\n"
     "frame: stack=32 copy=0\n"},
};

// ---------------------------------------------------------------------------------------------
// Variadic calls: the fixed/variadic split and %al = number of vector registers used.
// Arrays as members: of structs, of arrays, of empty structs, of length 0 (GNU C) — each row
// checked against gcc 12 -O2. An array of empty structs is skipped whole, whatever its length.
const PlanRow kArrayRows[] = {
    {"void f(struct { struct {} e[1000]; int i; })", "void({{}[1000],i32})",
     "ret: ignore\n"
     "a0: direct rdi=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { struct { struct {} e[65536]; } s[65536]; }, int)", "void({{{}[65536]}[65536]}, i32)",
     "ret: ignore\n"
     "a0: ignore\n"
     "a1: direct rdi=0+4:s\n"
     "frame: stack=0 copy=0\n"},
    {"struct { struct { float x, y; } p[2]; } f(void)", "{{f32,f32}[2]}()",
     "ret: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { struct { char c; } s[3]; float f; } f(void)", "{{i8}[3],f32}()",
     "ret: direct rax=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { int i; struct {} e[5]; float f; } f(void)", "{i32,{}[5],f32}()",
     "ret: direct rax=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { struct { short s[3]; } a[2]; } f(void)", "{{i16[3]}[2]}()",
     "ret: direct rax=0+8 rdx=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { char c; int i[0]; } f(void)  (size 4)", "{i8,i32[0]}()",
     "ret: direct rax=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"struct { double d[1]; long l[1]; } f(void)", "{f64[1],i64[1]}()",
     "ret: direct xmm0=0+8 rax=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float f[3]; int i[1]; } f(void)", "{f32[3],i32[1]}()",
     "ret: direct xmm0=0+8 rax=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(struct { char c[2][3]; }, struct { double d[2][1]; })", "void({i8[2][3]}, {f64[2][1]})",
     "ret: ignore\n"
     "a0: direct rdi=0+6\n"
     "a1: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"int f(struct { long double ld[0]; char c; } (size 16), int)", "i32({ld[0],i8}, i32)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+4:s\n"
     "frame: stack=0 copy=0\n"},
};

const PlanRow kVariadicRows[] = {
    {"printf(fmt, 1.0, 2): int printf(const char *, ...)", "i32(ptr, ..., f64, i32)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rdi=0+8\n"
     "a1: direct xmm0=0+8\n"
     "a2: direct rsi=0+4:s\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:1\n"},
    {"printf(fmt): int printf(const char *, ...)", "i32(ptr, ...)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rdi=0+8\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:0\n"},
    {"int f(const char *, ...) called with (int, long, void *, unsigned)",
     "i32(ptr, ..., i32, i64, ptr, u32)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+4:s\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+4:z\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:0\n"},
    {"void f(void *, ...) called with 9 doubles",
     "void(ptr, ..., f64, f64, f64, f64, f64, f64, f64, f64, f64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct xmm0=0+8\n"
     "a2: direct xmm1=0+8\n"
     "a3: direct xmm2=0+8\n"
     "a4: direct xmm3=0+8\n"
     "a5: direct xmm4=0+8\n"
     "a6: direct xmm5=0+8\n"
     "a7: direct xmm6=0+8\n"
     "a8: direct xmm7=0+8\n"
     "a9: direct [sp+0]=0+8\n"
     "frame: stack=16 copy=0 fixed=1 count=rax:8\n"},
    {"int f(const char *, ...) called with (long double)", "i32(ptr, ..., ld)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rdi=0+8\n"
     "a1: direct [sp+0]=0+16\n"
     "frame: stack=16 copy=0 fixed=1 count=rax:0\n"},
    {"void f(int, ...) called with (struct { double a, b; }, struct { long a, b, c; })",
     "void(i32, ..., {f64,f64}, {i64,i64,i64})",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct xmm0=0+8 xmm1=8+8\n"
     "a2: direct [sp+0]=0+24\n"
     "frame: stack=32 copy=0 fixed=1 count=rax:2\n"},
    {"void f(int, ...) called with (__int128)", "void(i32, ..., i128)",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct rsi=0+8 rdx=8+8\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:0\n"},
    {"double f(double, ...) called with (double)", "f64(f64, ..., f64)",
     "ret: direct xmm0=0+8\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:2\n"},
    {"void f(void *, ...) called with (double _Complex)", "void(ptr, ..., c64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:2\n"},
    {"struct { long l[3]; } f(void *, ...) called with (int)", "{i64[3]}(ptr, ..., i32)",
     "ret: indirect rdi ->rax\n"
     "a0: direct rsi=0+8\n"
     "a1: direct rdx=0+4:s\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:0\n"},
    {"int f(const char *, ...) called with 7 ints",
     "i32(ptr, ..., i32, i32, i32, i32, i32, i32, i32)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+4:s\n"
     "a2: direct rdx=0+4:s\n"
     "a3: direct rcx=0+4:s\n"
     "a4: direct r8=0+4:s\n"
     "a5: direct r9=0+4:s\n"
     "a6: direct [sp+0]=0+4:s/8\n"
     "a7: direct [sp+8]=0+4:s/8\n"
     "frame: stack=16 copy=0 fixed=1 count=rax:0\n"},
    {"void f(void *, double, ...) called with (double, struct { float a, b; }, int)",
     "void(ptr, f64, ..., f64, {f32,f32}, i32)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct xmm0=0+8\n"
     "a2: direct xmm1=0+8\n"
     "a3: direct xmm2=0+8\n"
     "a4: direct rsi=0+4:s\n"
     "frame: stack=0 copy=0 fixed=2 count=rax:3\n"},
    {"void f(int, ...) called with (struct { int i; float f; }, struct { float f; int i; })",
     "void(i32, ..., {i32,f32}, {f32,i32})",
     "ret: ignore\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:0\n"},
    {"void f(void *, ...) called with (struct { char c[5]; float f; })",
     "void(ptr, ..., {i8[5],f32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8 xmm0=8+4\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:1\n"},
    // Only the variadic part is promoted: a fixed float or char parameter is fine.
    {"void f(float, ...) called with (double)", "void(f32, ..., f64)",
     "ret: ignore\n"
     "a0: direct xmm0=0+4\n"
     "a1: direct xmm1=0+8\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:2\n"},
    {"int f(signed char, int, ...) called with (int)", "i32(i8, i32, ..., i32)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rdi=0+1:s\n"
     "a1: direct rsi=0+4:s\n"
     "a2: direct rdx=0+4:s\n"
     "frame: stack=0 copy=0 fixed=2 count=rax:0\n"},
    {"void f(long x6, ...) called with (int, double, long double)",
     "void(i64, i64, i64, i64, i64, i64, ..., i32, f64, ld)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct r9=0+8\n"
     "a6: direct [sp+0]=0+4:s/8\n"
     "a7: direct xmm0=0+8\n"
     "a8: direct [sp+16]=0+16\n"
     "frame: stack=32 copy=0 fixed=6 count=rax:1\n"},
};

// Complex numbers of integer parts: "a struct of two T" (ABI[sysv-x64 3.2.3]), INTEGER eightbytes;
// _Complex __int128 is 32 bytes, MEMORY. (The corpus checks each against gcc and libffi.)
const PlanRow kComplexIntegerRows[] = {
    {"void f(_Complex signed char, _Complex unsigned char, _Complex short, _Complex unsigned short)", "void(ci8, cu8, ci16, cu16)",
     "ret: ignore\n"
     "a0: direct rdi=0+2\n"
     "a1: direct rsi=0+2\n"
     "a2: direct rdx=0+4\n"
     "a3: direct rcx=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"void f(_Complex int, _Complex unsigned, _Complex long long)", "void(ci32, cu32, ci64)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8 rcx=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"void f(_Complex __int128, _Complex unsigned __int128)", "void(ci128, cu128)",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+32\n"
     "a1: direct [sp+32]=0+32\n"
     "frame: stack=64 copy=0\n"},
    {"void f(long (x5), _Complex long long, int)", "void(i64, i64, i64, i64, i64, cu64, i32)",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8\n"
     "a2: direct rdx=0+8\n"
     "a3: direct rcx=0+8\n"
     "a4: direct r8=0+8\n"
     "a5: direct [sp+0]=0+16\n"
     "a6: direct r9=0+4:s\n"
     "frame: stack=16 copy=0\n"},
    {"void f(struct { _Complex short a; float b; }, struct { char c; _Complex int z; })", "void({ci16,f32}, {i8,ci32})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct rsi=0+8 rdx=8+4\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex signed char f(void)", "ci8()",
     "ret: direct rax=0+2\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex unsigned short f(void)", "cu16()",
     "ret: direct rax=0+4\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex int f(void)", "ci32()",
     "ret: direct rax=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex long long f(void)", "ci64()",
     "ret: direct rax=0+8 rdx=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"_Complex __int128 f(void)", "ci128()",
     "ret: indirect rdi ->rax\n"
     "frame: stack=0 copy=0\n"},
};

// Vectors: __m64-like 8-byte vectors are SSE, 16-byte ones SSE + SSEUP in one whole xmm register,
// alone or as a struct's only eightbytes. (The corpus checks each against gcc.)
const PlanRow kVectorRows[] = {
    {"void f(float (vector_size 8), short (vector_size 8))", "void(f32x2, i16x4)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"},
    {"void f(float (vector_size 16), double (vector_size 16), char (vector_size 16))", "void(f32x4, f64x2, i8x16)",
     "ret: ignore\n"
     "a0: direct xmm0=0+16\n"
     "a1: direct xmm1=0+16\n"
     "a2: direct xmm2=0+16\n"
     "frame: stack=0 copy=0 count=rax:3\n"},
    {"void f(double (x7), float (vector_size 16), float (vector_size 16), float (vector_size 8))", "void(f64, f64, f64, f64, f64, f64, f64, f32x4, f32x4, f32x2)",
     "ret: ignore\n"
     "a0: direct xmm0=0+8\n"
     "a1: direct xmm1=0+8\n"
     "a2: direct xmm2=0+8\n"
     "a3: direct xmm3=0+8\n"
     "a4: direct xmm4=0+8\n"
     "a5: direct xmm5=0+8\n"
     "a6: direct xmm6=0+8\n"
     "a7: direct xmm7=0+16\n"
     "a8: direct [sp+0]=0+16\n"
     "a9: direct [sp+16]=0+8\n"
     "frame: stack=32 copy=0 count=rax:8\n"},
    {"void f(struct { float (vector_size 16) v; }, struct { float (vector_size 8) a, b; })", "void({f32x4}, {f32x2,f32x2})",
     "ret: ignore\n"
     "a0: direct xmm0=0+16\n"
     "a1: direct xmm1=0+8 xmm2=8+8\n"
     "frame: stack=0 copy=0 count=rax:3\n"},
    {"void f(struct { short (vector_size 8) v; int i; }, struct { char c; float (vector_size 16) v; })", "void({i16x4,i32}, {i8,f32x4})",
     "ret: ignore\n"
     "a0: direct xmm0=0+8 rdi=8+8\n"
     "a1: direct [sp+0]=0+32\n"
     "frame: stack=32 copy=0 count=rax:1\n"},
    {"float (vector_size 16) f(void)", "f32x4()",
     "ret: direct xmm0=0+16\n"
     "frame: stack=0 copy=0\n"},
    {"float (vector_size 8) f(void)", "f32x2()",
     "ret: direct xmm0=0+8\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float (vector_size 16) v; } f(void)", "{f32x4}()",
     "ret: direct xmm0=0+16\n"
     "frame: stack=0 copy=0\n"},
    {"struct { float (vector_size 8) a, b; } f(void)", "{f32x2,f32x2}()",
     "ret: direct xmm0=0+8 xmm1=8+8\n"
     "frame: stack=0 copy=0\n"},
    {"int f(int, ...) called with (float (vector_size 16), double (vector_size 16))", "i32(i32, ..., f32x4, f64x2)",
     "ret: direct rax=0+4:s\n"
     "a0: direct rdi=0+4:s\n"
     "a1: direct xmm0=0+16\n"
     "a2: direct xmm1=0+16\n"
     "frame: stack=0 copy=0 fixed=1 count=rax:2\n"},
};

// 32- and 64-byte vectors, alone or in a struct: refused (see refuseWideVectors).
const ErrorRow kWideVectorRows[] = {
    {"void f(float (vector_size 32))", "void(f32x8)", Status::kBadTypedef},
    {"double (vector_size 64) f(void)", "f64x8()", Status::kBadTypedef},
    {"void f(struct { int i; long (vector_size 32) v; })", "void({i32,i64x4})", Status::kBadTypedef},
};

class SysVScalarArgs : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVScalarArgs, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVScalarArgs, ::testing::ValuesIn(kScalarArgRows));

class SysVScalarReturns : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVScalarReturns, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVScalarReturns, ::testing::ValuesIn(kScalarReturnRows));

class SysVExhaustion : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVExhaustion, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVExhaustion, ::testing::ValuesIn(kExhaustionRows));

class SysVSmallStructs : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVSmallStructs, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVSmallStructs, ::testing::ValuesIn(kSmallStructRows));

class SysVLargeStructs : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVLargeStructs, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVLargeStructs, ::testing::ValuesIn(kLargeStructRows));

class SysVStructReturns : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVStructReturns, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVStructReturns, ::testing::ValuesIn(kStructReturnRows));

class SysVArrays : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVArrays, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVArrays, ::testing::ValuesIn(kArrayRows));

class SysVVariadic : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVVariadic, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVVariadic, ::testing::ValuesIn(kVariadicRows));

// ---------------------------------------------------------------------------------------------
// Errors: the variadic promotions (plan_table.h).
class SysVErrors : public ::testing::TestWithParam<ErrorRow> {};
TEST_P(SysVErrors, Status) { expectError(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVErrors, ::testing::ValuesIn(kPromotionErrorRows));
INSTANTIATE_TEST_SUITE_P(WideVectors, SysVErrors, ::testing::ValuesIn(kWideVectorRows));

class SysVComplexIntegers : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVComplexIntegers, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVComplexIntegers, ::testing::ValuesIn(kComplexIntegerRows));

class SysVVectors : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVVectors, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVVectors, ::testing::ValuesIn(kVectorRows));

// Records (Type::record): bit-fields are INTEGER by the eightbytes their bits touch, union members
// merge per eightbyte, a member off its alignment sends the value to memory (ABI[sysv-x64 3.2.3]
// step 1), a filler before a member at a given offset is INTEGER. Checked against gcc by the
// execution corpus (tests/corpus, the same shapes called and returned through every path).
const PlanRow kRecordRows[] = {
    {"void f(struct { unsigned a : 3, b : 5; signed char c; })", "void({u32:3,u32:5,i8})",
     "ret: ignore\n"
     "a0: direct rdi=0+4\n"
     "frame: stack=0 copy=0\n"
    },
    {"void f(struct { float f; int b : 8; }, struct { double d; unsigned char b : 3; })", "void({f32,i32:8}, {f64,u8:3})",
     "ret: ignore\n"
     "a0: direct rdi=0+8\n"
     "a1: direct xmm0=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"
    },
    {"void f(struct { long long a : 33, b : 33; }) (two eightbytes of bits)", "void({u64:33,u64:33})",
     "ret: ignore\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"
    },
    {"void f(union { float f; int i; }, union { double d; float f; }, union { struct { float a, b; } s; double d; })", "void(union{f32,i32}, union{f64,f32}, union{{f32,f32},f64})",
     "ret: ignore\n"
     "a0: direct rdi=0+4\n"
     "a1: direct xmm0=0+8\n"
     "a2: direct xmm1=0+8\n"
     "frame: stack=0 copy=0 count=rax:2\n"
    },
    {"union { __int128 i; double d; } f(union { __int128 i; double d; })", "union{i128,f64}(union{i128,f64})",
     "ret: direct rax=0+8 rdx=8+8\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"
    },
    {"union { long double x; int i; } f(union { long double x; int i; }) (X87UP after INTEGER: memory)", "union{ld,i32}(union{ld,i32})",
     "ret: indirect rdi ->rax\n"
     "a0: direct [sp+0]=0+16\n"
     "frame: stack=16 copy=0\n"
    },
    {"void f(struct { char c; int i; } __attribute__((packed)) (unaligned: memory), struct { int a, b; } __attribute__((packed)))", "void(packed{i8,i32}, packed{i32,i32})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+5\n"
     "a1: direct rdi=0+8\n"
     "frame: stack=16 copy=0\n"
    },
    {"struct { float a, b; } __attribute__((packed)) f(struct { float a, b; } __attribute__((packed)))", "packed{f32,f32}(packed{f32,f32})",
     "ret: direct xmm0=0+8\n"
     "a0: direct xmm0=0+8\n"
     "frame: stack=0 copy=0 count=rax:1\n"
    },
    {"#pragma pack(2) struct { char c; int i; } f(that struct) (unaligned: memory, returned through rdi)", "pack(2){i8,i32}(pack(2){i8,i32})",
     "ret: indirect rdi ->rax\n"
     "a0: direct [sp+0]=0+6\n"
     "frame: stack=16 copy=0\n"
    },
    {"void f(struct { char c; char p[2]; double d __attribute__((packed)); }, #pragma pack(4) struct { char c; double d; }, #pragma pack(2) struct { short a; float f; short b; })", "void({i8,f64@3}, pack(4){i8,f64}, pack(2){i16,f32,i16})",
     "ret: ignore\n"
     "a0: direct [sp+0]=0+11\n"
     "a1: direct [sp+16]=0+12\n"
     "a2: direct [sp+32]=0+8\n"
     "frame: stack=48 copy=0\n"
    },
    {"struct { float a; unsigned char p[4]; float b; } f(that struct) (the filler is INTEGER)", "{f32,f32@8}({f32,f32@8})",
     "ret: direct rax=0+8 xmm0=8+4\n"
     "a0: direct rdi=0+8 xmm0=8+4\n"
     "frame: stack=0 copy=0 count=rax:1\n"
    },
    {"int g(union { long double x; long long i[2]; }) (INTEGER wins over X87 and X87UP)", "i32(union{ld,i64[2]})",
     "ret: direct rax=0+4:s\n"
     "a0: direct rdi=0+8 rsi=8+8\n"
     "frame: stack=0 copy=0\n"
    },
};

class SysVRecords : public ::testing::TestWithParam<PlanRow> {};
TEST_P(SysVRecords, Plan) { expectPlan(GetParam(), Abi::kSysV64); }
INSTANTIATE_TEST_SUITE_P(Rows, SysVRecords, ::testing::ValuesIn(kRecordRows));

// libffi accepts &ffi_type_void as an argument type (Ruby-FFI's Closure.new(:int, [:void]) relies
// on it): libffi 3.4's ffi_call passes nothing for it and gives it no register, so the next
// argument takes %rdi (observed against the system libffi; inputs_test's VoidArguments compares
// calls and closures with it). The text form has no void arguments: a hand-built signature.
TEST(SysVByHand, VoidArgumentPassesNothing) {
  const Signature sig(Type::i32(), {Type::void_(), Type::i32(), Type::void_(), Type::f64()});
  auto plan = classify(sig, Abi::kSysV64);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  EXPECT_EQ(formatPlan(*plan),
            "ret: direct rax=0+4:s\n"
            "a0: ignore\n"
            "a1: direct rdi=0+4:s\n"
            "a2: ignore\n"
            "a3: direct xmm0=0+8\n"
            "frame: stack=0 copy=0 count=rax:1\n");
  // A variadic void is refused, as libffi's ffi_prep_cif_var refuses it (FFI_BAD_ARGTYPE).
  auto variadic = classify(Signature::makeVariadic(Type::i32(), {Type::i32(), Type::void_()}, 1), Abi::kSysV64);
  ASSERT_FALSE(variadic.ok());
  EXPECT_EQ(variadic.error().status(), Status::kBadArgType) << variadic.error().toString();
}

// Signatures of one-eightbyte scalars are placed from a table (classifySysV64's byTable); every
// other one, and every one with byTable false, value by value. The two must agree: every such
// kind as the result and in every position, past the registers of both classes, fixed and
// variadic, and with one value the table does not take (which sends the whole signature to the
// general path).
TEST(SysVByHand, TablePlacementEqualsTheGeneralPath) {
  const Type kinds[] = {Type::i8(),  Type::u8(),  Type::i16(), Type::u16(), Type::i32(), Type::u32(),
                        Type::i64(), Type::u64(), Type::f32(), Type::f64(), Type::ptr()};
  const Type others[] = {Type::void_(), Type::i128(), Type::longDouble(), Type::structOf({Type::f32(), Type::f32()})};
  constexpr size_t kKinds = sizeof kinds / sizeof kinds[0];
  uint64_t state = 1;
  auto next = [&state](uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  for (int round = 0; round < 4000; ++round) {
    const size_t count = next(20);
    std::vector<Type> args;
    for (size_t i = 0; i < count; ++i) args.push_back(kinds[next(kKinds)]);
    if (count > 0 && round % 8 == 7) args[next(count)] = others[next(4)];
    const Type ret = round % 5 == 0 ? Type::void_() : kinds[next(kKinds)];
    const Signature sig = round % 3 == 0 && count > 0
                              ? Signature::makeVariadic(ret, args, uint32_t(next(count + 1)))
                              : Signature(ret, args);
    auto table = internal::classifySysV64(sig, true);
    auto general = internal::classifySysV64(sig, false);
    ASSERT_EQ(table.ok(), general.ok()) << sig.toText();
    if (!table.ok()) continue;
    EXPECT_EQ(formatPlan(*table), formatPlan(*general)) << sig.toText();
    EXPECT_TRUE(*table == *general) << sig.toText();
  }
}

// `levels` structs wrapped around an int: {{...{i32}...}}.
Type nestedStruct(uint32_t levels) {
  Type t = Type::i32();
  for (uint32_t i = 0; i < levels; ++i) t = Type::structOf({t});
  return t;
}

std::string nestedText(uint32_t levels) {
  return std::string(levels, '{') + "i32" + std::string(levels, '}');
}

TEST(SysVErrorsByHand, NestingDeeperThanMaxDepthIsBadTypedef) {
  // As an argument.
  {
    const Signature sig(Type::void_(), {nestedStruct(kMaxDepth + 1)});
    auto plan = classify(sig, Abi::kSysV64);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().status(), Status::kBadTypedef) << plan.error().toString();
    EXPECT_FALSE(plan.error().message().empty());
  }
  // As the return value.
  {
    const Signature sig(nestedStruct(kMaxDepth + 1), {});
    auto plan = classify(sig, Abi::kSysV64);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().status(), Status::kBadTypedef) << plan.error().toString();
  }
  // The text parser stops at the same depth, with a parse error.
  auto parsed = Signature::parse("void(" + nestedText(kMaxDepth + 1) + ")");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().status(), Status::kParseError);
}

// Exactly kMaxDepth levels is fine: a 4-byte INTEGER struct in %rdi (checked against gcc).
TEST(SysVErrorsByHand, NestingOfExactlyMaxDepthClassifies) {
  auto sig = Signature::parse("void(" + nestedText(kMaxDepth) + ")");
  ASSERT_TRUE(sig.ok()) << sig.error().toString();
  EXPECT_EQ(*sig, Signature(Type::void_(), {nestedStruct(kMaxDepth)}));
  auto plan = classify(*sig, Abi::kSysV64);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  EXPECT_EQ(formatPlan(*plan),
            "ret: ignore\n"
            "a0: direct rdi=0+4\n"
            "frame: stack=0 copy=0\n");
}

}  // namespace
}  // namespace jitffi::test
