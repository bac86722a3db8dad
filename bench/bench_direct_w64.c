/* SPDX-License-Identifier: MIT */
/* The Win64 floor: what gcc emits for a call through an ms_abi function pointer of a known
 * signature whose arguments come from libffi-style avalues and whose result goes to r (the
 * Microsoft x64 twin of bench_direct.c). The functions themselves have the host's convention, as
 * bench_direct_* do; only the call inside them is ms_abi. BenchD2 and BenchI3 arguments are
 * copied to the caller's frame and passed by reference, as the convention asks. noinline, in a
 * translation unit of its own, reached only through a function pointer. */
#include "bench_callees.h"

#define DIRECT __attribute__((noinline, noclone))

#define I32(k) (*(int*)av[k])
#define I64(k) (*(int64_t*)av[k])
#define F32(k) (*(float*)av[k])
#define F64(k) (*(double*)av[k])
#define PTR(k) (*(void**)av[k])

typedef BENCH_MSABI void (*FnA)(void);
typedef BENCH_MSABI int (*FnB)(int, int);
typedef BENCH_MSABI double (*FnC)(double, double, double, double);
typedef BENCH_MSABI int64_t (*FnD)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t);
typedef BENCH_MSABI long (*FnE)(int, double, void*, float, int64_t, double, int, int, int, int);
typedef BENCH_MSABI BenchD2 (*FnF)(BenchD2, BenchD2);
typedef BENCH_MSABI BenchI3 (*FnG)(BenchI3);
typedef BENCH_MSABI int64_t (*FnH)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                                   int64_t, int64_t, int64_t, int64_t, int64_t);

DIRECT void bench_direct_w64_a(void* fn, void** av, void* r) {
  (void)av;
  (void)r;
  ((FnA)fn)();
}

DIRECT void bench_direct_w64_b(void* fn, void** av, void* r) {
  *(int*)r = ((FnB)fn)(I32(0), I32(1));
}

DIRECT void bench_direct_w64_c(void* fn, void** av, void* r) {
  *(double*)r = ((FnC)fn)(F64(0), F64(1), F64(2), F64(3));
}

DIRECT void bench_direct_w64_d(void* fn, void** av, void* r) {
  *(int64_t*)r = ((FnD)fn)(I64(0), I64(1), I64(2), I64(3), I64(4), I64(5));
}

DIRECT void bench_direct_w64_e(void* fn, void** av, void* r) {
  *(long*)r = ((FnE)fn)(I32(0), F64(1), PTR(2), F32(3), I64(4), F64(5), I32(6), I32(7), I32(8),
                        I32(9));
}

/* f and g: the returned struct (in the caller's frame, where the callee stored it 8 bytes at a
 * time) is copied to r member by member, without SLP vectorization. gcc would otherwise copy it
 * with a 16-byte load over two 8-byte stores, a store-forwarding stall (~3 ns on the AMD EPYC
 * this was measured on) that only this floor would pay: jitffi hands r itself to the callee as
 * the result pointer, and nothing reads it back. */
__attribute__((optimize("no-tree-slp-vectorize")))
DIRECT void bench_direct_w64_f(void* fn, void** av, void* r) {
  const BenchD2 v = ((FnF)fn)(*(BenchD2*)av[0], *(BenchD2*)av[1]);
  BenchD2* out = (BenchD2*)r;
  out->x = v.x;
  out->y = v.y;
}

__attribute__((optimize("no-tree-slp-vectorize")))
DIRECT void bench_direct_w64_g(void* fn, void** av, void* r) {
  const BenchI3 v = ((FnG)fn)(*(BenchI3*)av[0]);
  BenchI3* out = (BenchI3*)r;
  out->a = v.a;
  out->b = v.b;
  out->c = v.c;
}

DIRECT void bench_direct_w64_h(void* fn, void** av, void* r) {
  *(int64_t*)r = ((FnH)fn)(I64(0), I64(1), I64(2), I64(3), I64(4), I64(5), I64(6), I64(7), I64(8),
                           I64(9), I64(10), I64(11));
}
