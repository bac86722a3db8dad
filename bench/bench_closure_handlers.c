/* SPDX-License-Identifier: MIT */
/* The closure handlers: the callee's arithmetic (bench_callees.c) on the arguments as each
 * handler shape hands them over, reading every argument.
 *
 * noipa (no inlining, cloning or identical-code folding): bench_hcif_* and bench_hav_* have
 * identical bodies, and gcc would otherwise fold one into a jump to the other, adding an
 * instruction and hiding one of them from callgrind's per-function costs, which instr_count
 * reads by these names. */
#include <string.h>

#include "bench_closures.h"

#define HANDLER __attribute__((noipa))

/* libffi's shape: args[i] points to argument i. */
#define AV(T, k) (*(const T*)args[k])
/* The slots shape: scalars in their 8-byte slot, the structs by pointer. */
#define SLOT_I32(k) ((int)args[k])
#define SLOT_I64(k) ((int64_t)args[k])
#define SLOT_PTR(k) ((void*)(uintptr_t)args[k])
static inline double slotF64(const uint64_t* args, int k) {
  double v;
  memcpy(&v, &args[k], sizeof v);
  return v;
}
static inline float slotF32(const uint64_t* args, int k) {
  float v;
  memcpy(&v, &args[k], sizeof v);
  return v;
}
#define SLOT_REF(T, k) (*(const T*)(uintptr_t)args[k])

/* The arithmetic of bench_callee_b, _c, _e and _f. */
#define SUM_B(a, b) ((a) + (b))
#define SUM_C(a, b, c, d) ((a) + (b) + (c) + (d))
#define SUM_E(a, b, p, c, d, e, f, g, h, i)                                                     \
  ((a) + (long)(b) + (long)(intptr_t)(p) + (long)(c) + (d) + (long)(e) + (f) + (g) + (h) + (i))

/* ---- libffi's shape (two ctx types, the same bodies) ----------------------------------------- */

#define BODY_AV_B *(ffi_arg*)ret = (ffi_arg)(ffi_sarg)SUM_B(AV(int, 0), AV(int, 1))
#define BODY_AV_C *(double*)ret = SUM_C(AV(double, 0), AV(double, 1), AV(double, 2), AV(double, 3))
#define BODY_AV_E                                                                             \
  *(ffi_arg*)ret = (ffi_arg)SUM_E(AV(int, 0), AV(double, 1), AV(void*, 2), AV(float, 3),      \
                                  AV(int64_t, 4), AV(double, 5), AV(int, 6), AV(int, 7),      \
                                  AV(int, 8), AV(int, 9))
#define BODY_AV_F                                                                             \
  const BenchD2* a = (const BenchD2*)args[0];                                                 \
  const BenchD2* b = (const BenchD2*)args[1];                                                 \
  BenchD2 r = {a->x + b->x, a->y + b->y};                                                     \
  *(BenchD2*)ret = r

HANDLER void bench_hcif_b(ffi_cif* cif, void* ret, void** args, void* user) {
  (void)cif, (void)user;
  BODY_AV_B;
}
HANDLER void bench_hcif_c(ffi_cif* cif, void* ret, void** args, void* user) {
  (void)cif, (void)user;
  BODY_AV_C;
}
HANDLER void bench_hcif_e(ffi_cif* cif, void* ret, void** args, void* user) {
  (void)cif, (void)user;
  BODY_AV_E;
}
/* Without SLP vectorization, as bench_callee_f (see there): all f handlers and the callee. */
__attribute__((optimize("no-tree-slp-vectorize")))
HANDLER void bench_hcif_f(ffi_cif* cif, void* ret, void** args, void* user) {
  (void)cif, (void)user;
  BODY_AV_F;
}

HANDLER void bench_hav_b(const void* ctx, void* ret, void** args, void* user) {
  (void)ctx, (void)user;
  BODY_AV_B;
}
HANDLER void bench_hav_c(const void* ctx, void* ret, void** args, void* user) {
  (void)ctx, (void)user;
  BODY_AV_C;
}
HANDLER void bench_hav_e(const void* ctx, void* ret, void** args, void* user) {
  (void)ctx, (void)user;
  BODY_AV_E;
}
__attribute__((optimize("no-tree-slp-vectorize")))
HANDLER void bench_hav_f(const void* ctx, void* ret, void** args, void* user) {
  (void)ctx, (void)user;
  BODY_AV_F;
}

/* ---- the slots shape ------------------------------------------------------------------------ */

HANDLER void bench_hslots_b(const void* ctx, void* ret, const uint64_t* args, void* user) {
  (void)ctx, (void)user;
  *(int*)ret = SUM_B(SLOT_I32(0), SLOT_I32(1));
}
HANDLER void bench_hslots_c(const void* ctx, void* ret, const uint64_t* args, void* user) {
  (void)ctx, (void)user;
  *(double*)ret = SUM_C(slotF64(args, 0), slotF64(args, 1), slotF64(args, 2), slotF64(args, 3));
}
HANDLER void bench_hslots_e(const void* ctx, void* ret, const uint64_t* args, void* user) {
  (void)ctx, (void)user;
  *(long*)ret = SUM_E(SLOT_I32(0), slotF64(args, 1), SLOT_PTR(2), slotF32(args, 3), SLOT_I64(4),
                      slotF64(args, 5), SLOT_I32(6), SLOT_I32(7), SLOT_I32(8), SLOT_I32(9));
}
__attribute__((optimize("no-tree-slp-vectorize")))
HANDLER void bench_hslots_f(const void* ctx, void* ret, const uint64_t* args, void* user) {
  (void)ctx, (void)user;
  const BenchD2* a = &SLOT_REF(BenchD2, 0);
  const BenchD2* b = &SLOT_REF(BenchD2, 1);
  BenchD2 r = {a->x + b->x, a->y + b->y};
  *(BenchD2*)ret = r;
}
