/* SPDX-License-Identifier: MIT */
/* The floor: what a C compiler emits for a call of a known signature whose arguments come from
 * libffi-style avalues (an array of pointers to the values) and whose result goes to r.
 * noinline, in a translation unit of its own, reached only through a function pointer. */
#include "bench_callees.h"

#define DIRECT __attribute__((noinline, noclone))

#define I32(k) (*(int*)av[k])
#define I64(k) (*(int64_t*)av[k])
#define F32(k) (*(float*)av[k])
#define F64(k) (*(double*)av[k])
#define PTR(k) (*(void**)av[k])

DIRECT void bench_direct_a(void* fn, void** av, void* r) {
  (void)av;
  (void)r;
  ((void (*)(void))fn)();
}

DIRECT void bench_direct_b(void* fn, void** av, void* r) {
  *(int*)r = ((int (*)(int, int))fn)(I32(0), I32(1));
}

DIRECT void bench_direct_c(void* fn, void** av, void* r) {
  *(double*)r = ((double (*)(double, double, double, double))fn)(F64(0), F64(1), F64(2), F64(3));
}

DIRECT void bench_direct_d(void* fn, void** av, void* r) {
  *(int64_t*)r = ((int64_t(*)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t))fn)(
      I64(0), I64(1), I64(2), I64(3), I64(4), I64(5));
}

DIRECT void bench_direct_e(void* fn, void** av, void* r) {
  *(long*)r = ((long (*)(int, double, void*, float, int64_t, double, int, int, int, int))fn)(
      I32(0), F64(1), PTR(2), F32(3), I64(4), F64(5), I32(6), I32(7), I32(8), I32(9));
}

DIRECT void bench_direct_f(void* fn, void** av, void* r) {
  *(BenchD2*)r = ((BenchD2(*)(BenchD2, BenchD2))fn)(*(BenchD2*)av[0], *(BenchD2*)av[1]);
}

DIRECT void bench_direct_g(void* fn, void** av, void* r) {
  *(BenchI3*)r = ((BenchI3(*)(BenchI3))fn)(*(BenchI3*)av[0]);
}

DIRECT void bench_direct_h(void* fn, void** av, void* r) {
  *(int64_t*)r = ((int64_t(*)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                              int64_t, int64_t, int64_t, int64_t, int64_t))fn)(
      I64(0), I64(1), I64(2), I64(3), I64(4), I64(5), I64(6), I64(7), I64(8), I64(9), I64(10),
      I64(11));
}
