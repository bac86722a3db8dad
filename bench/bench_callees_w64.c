/* SPDX-License-Identifier: MIT */
/* The real callees with the Microsoft x64 convention (gcc's ms_abi): the arithmetic of
 * bench_callees.c, each noinline and only called through pointers. */
#include "bench_callees.h"

#define CALLEE __attribute__((noinline, noclone)) BENCH_MSABI

CALLEE void bench_callee_w64_a(void) { bench_a_calls++; }

CALLEE int bench_callee_w64_b(int a, int b) { return a + b; }

CALLEE double bench_callee_w64_c(double a, double b, double c, double d) { return a + b + c + d; }

CALLEE int64_t bench_callee_w64_d(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                                  int64_t f) {
  return a + b + c + d + e + f;
}

CALLEE long bench_callee_w64_e(int a, double b, void* p, float c, int64_t d, double e, int f,
                               int g, int h, int i) {
  return a + (long)b + (long)(intptr_t)p + (long)c + d + (long)e + f + g + h + i;
}

/* Without SLP vectorization, as bench_callee_f (see there). */
__attribute__((optimize("no-tree-slp-vectorize")))
CALLEE BenchD2 bench_callee_w64_f(BenchD2 a, BenchD2 b) {
  BenchD2 r = {a.x + b.x, a.y + b.y};
  return r;
}

CALLEE BenchI3 bench_callee_w64_g(BenchI3 s) {
  BenchI3 r = {s.a + 1, s.b + 2, s.c + 3};
  return r;
}

CALLEE int64_t bench_callee_w64_h(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                                  int64_t f, int64_t g, int64_t h, int64_t i, int64_t j,
                                  int64_t k, int64_t l) {
  return a + b + c + d + e + f + g + h + i + j + k + l;
}
