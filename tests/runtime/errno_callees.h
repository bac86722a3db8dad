/* SPDX-License-Identifier: MIT */
/* Callees for the errno tests (errno_test.cpp), compiled by gcc: each reads errno as the caller
   left it and sets errno to a value made from that and its arguments, then returns a value made
   from its arguments. One per way a result comes back and an argument travels (narrow integers,
   vector registers, two-register structs, hidden result pointers, x87, stack arguments,
   by-reference copies, a variadic %al count), SysV and Microsoft x64 (ms_abi). The tests call
   each directly too: gcc's call is the oracle. */
#ifndef JITFFI_TEST_ERRNO_CALLEES_H
#define JITFFI_TEST_ERRNO_CALLEES_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct { double x, y; } ErrD2;
typedef struct { long a, b; } ErrI2;
typedef struct { long a, b, c, d; } ErrBig;

void err_void(int a, int b);
signed char err_i8(int a);
long err_mix(long a, double b, int c);
double err_f64(double a, double b);
ErrD2 err_d2(ErrD2 a, int k);
ErrI2 err_i2(long a, long b);
ErrBig err_big(long a);
long double err_ld(long double a);
long err_many(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9);
long err_bigarg(ErrBig b, int k);
double err_variadic(int n, ...);
/* Touches nothing: errno stays what the caller set. */
int err_untouched(int a);

#if defined(__x86_64__) && !defined(_WIN32)
#define ERR_MS __attribute__((ms_abi))
ERR_MS void err_w_void(int a, int b, int c, int d);
ERR_MS long err_w_mix(long a, double b, int c, long d, long e);
ERR_MS ErrBig err_w_big(long a);
ERR_MS double err_w_f64(double a, double b, double c);
#endif

#ifdef __cplusplus
}
#endif

#endif
