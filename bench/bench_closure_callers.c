/* SPDX-License-Identifier: MIT */
/* The C callers of the closure benchmark: what a C library does when it calls back through a
 * function pointer of a known type, with fixed argument values (immediates). The same caller
 * calls the ordinary C function (the direct floor) and every closure. noinline, in a
 * translation unit of its own, reached only through a function pointer. */
#include "bench_closures.h"

#define CALLER __attribute__((noinline, noclone))

CALLER void bench_ccall_b(void* fn, void* r) { *(int*)r = ((int (*)(int, int))fn)(11, 21); }

CALLER void bench_ccall_c(void* fn, void* r) {
  *(double*)r = ((double (*)(double, double, double, double))fn)(1.25, 2.5, 3.75, 5.0);
}

CALLER void bench_ccall_e(void* fn, void* r) {
  *(long*)r = ((long (*)(int, double, void*, float, int64_t, double, int, int, int, int))fn)(
      11, 2.5, (void*)(uintptr_t)0x3000, 2.0f, 5000000035LL, 7.5, 71, 81, 91, 101);
}

CALLER void bench_ccall_f(void* fn, void* r) {
  const BenchD2 a = {1.5, -2.25}, b = {3.0, -4.5};
  *(BenchD2*)r = ((BenchD2(*)(BenchD2, BenchD2))fn)(a, b);
}

/* ---- the same calls with the Microsoft x64 convention ---------------------------------------- */
#if BENCH_WIN64

CALLER void bench_ccall_w64_b(void* fn, void* r) {
  *(int*)r = ((BENCH_MSABI int (*)(int, int))fn)(11, 21);
}

CALLER void bench_ccall_w64_c(void* fn, void* r) {
  *(double*)r = ((BENCH_MSABI double (*)(double, double, double, double))fn)(1.25, 2.5, 3.75, 5.0);
}

CALLER void bench_ccall_w64_e(void* fn, void* r) {
  *(long*)r =
      ((BENCH_MSABI long (*)(int, double, void*, float, int64_t, double, int, int, int, int))fn)(
          11, 2.5, (void*)(uintptr_t)0x3000, 2.0f, 5000000035LL, 7.5, 71, 81, 91, 101);
}

/* The result is copied member by member (see bench_direct_w64_f): the callee or the closure
 * stores it in this frame, and a 16-byte reload over 8-byte stores would stall. */
__attribute__((optimize("no-tree-slp-vectorize")))
CALLER void bench_ccall_w64_f(void* fn, void* r) {
  const BenchD2 a = {1.5, -2.25}, b = {3.0, -4.5};
  const BenchD2 v = ((BENCH_MSABI BenchD2(*)(BenchD2, BenchD2))fn)(a, b);
  BenchD2* out = (BenchD2*)r;
  out->x = v.x;
  out->y = v.y;
}
#endif /* BENCH_WIN64 */
