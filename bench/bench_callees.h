// SPDX-License-Identifier: MIT
/* The benchmark's real callees (bench_callees.c) and the direct-call floor (bench_direct.c), and
 * their Microsoft x64 twins (bench_callees_w64.c, bench_direct_w64.c): the same arithmetic in
 * gcc's __attribute__((ms_abi)) functions, for the Win64 measurements.
 *
 * Each lives in its own translation unit and is only ever reached through a function pointer,
 * so no caller can inline or specialize it. */
#ifndef JITFFI_BENCH_CALLEES_H
#define JITFFI_BENCH_CALLEES_H

#include <stdint.h>

/* Where the host also runs Microsoft x64 code (an x86-64 SysV host: gcc's ms_abi, as for
 * JITFFI_HAS_WIN64_HANDLERS in <jitffi/closure.h>), every signature is measured a second time
 * with that convention; elsewhere only with the host's. */
#if defined(__x86_64__) && !defined(_WIN32)
#define BENCH_WIN64 1
#else
#define BENCH_WIN64 0
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  double x, y;
} BenchD2;

typedef struct {
  int64_t a, b, c;
} BenchI3;

/* Incremented by bench_callee_a (so a call of `void(void)` is observable). */
extern unsigned bench_a_calls;

void bench_callee_a(void);
int bench_callee_b(int, int);
double bench_callee_c(double, double, double, double);
int64_t bench_callee_d(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t);
long bench_callee_e(int, double, void*, float, int64_t, double, int, int, int, int);
BenchD2 bench_callee_f(BenchD2, BenchD2);
BenchI3 bench_callee_g(BenchI3);
int64_t bench_callee_h(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                       int64_t, int64_t, int64_t, int64_t);

/* The floor: a direct C call through `fn` with the arguments loaded from libffi-style avalues
 * and the result stored to r (as the C type, not widened). */
void bench_direct_a(void* fn, void** av, void* r);
void bench_direct_b(void* fn, void** av, void* r);
void bench_direct_c(void* fn, void** av, void* r);
void bench_direct_d(void* fn, void** av, void* r);
void bench_direct_e(void* fn, void** av, void* r);
void bench_direct_f(void* fn, void** av, void* r);
void bench_direct_g(void* fn, void** av, void* r);
void bench_direct_h(void* fn, void** av, void* r);

/* ---- Microsoft x64 ------------------------------------------------------------------------ */
#if BENCH_WIN64

#define BENCH_MSABI __attribute__((ms_abi))

/* The same functions with the Microsoft x64 convention (bench_callee_w64_a increments
 * bench_a_calls as well). BenchD2 and BenchI3 are passed and returned by reference to a copy. */
BENCH_MSABI void bench_callee_w64_a(void);
BENCH_MSABI int bench_callee_w64_b(int, int);
BENCH_MSABI double bench_callee_w64_c(double, double, double, double);
BENCH_MSABI int64_t bench_callee_w64_d(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t);
BENCH_MSABI long bench_callee_w64_e(int, double, void*, float, int64_t, double, int, int, int, int);
BENCH_MSABI BenchD2 bench_callee_w64_f(BenchD2, BenchD2);
BENCH_MSABI BenchI3 bench_callee_w64_g(BenchI3);
BENCH_MSABI int64_t bench_callee_w64_h(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                                       int64_t, int64_t, int64_t, int64_t, int64_t, int64_t);

/* The Win64 floor: ordinary (host-convention) functions, like bench_direct_*, calling the
 * ms_abi function `fn` with the arguments loaded from libffi-style avalues (what gcc emits for a
 * call through an ms_abi function pointer of a known type). */
void bench_direct_w64_a(void* fn, void** av, void* r);
void bench_direct_w64_b(void* fn, void** av, void* r);
void bench_direct_w64_c(void* fn, void** av, void* r);
void bench_direct_w64_d(void* fn, void** av, void* r);
void bench_direct_w64_e(void* fn, void** av, void* r);
void bench_direct_w64_f(void* fn, void** av, void* r);
void bench_direct_w64_g(void* fn, void** av, void* r);
void bench_direct_w64_h(void* fn, void** av, void* r);

#endif /* BENCH_WIN64 */

#ifdef __cplusplus
}
#endif

#endif
