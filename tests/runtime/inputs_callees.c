/* SPDX-License-Identifier: MIT */
/* The C compiler's side of inputs_test.cpp and cpp_api_test.cpp: callees and callers of the
   shapes in inputs_shapes.h, of huge values and of the signatures libffi describes with void
   arguments. */
#include "inputs_shapes.h"

#include <stdarg.h>
#include <string.h>

#define INPUTS_DEFINE(NAME, KIND, MEMBERS)                                                         \
  uint64_t inputs_take_##NAME(int k, KIND Inputs##NAME v, int m) {                                 \
    return inputsHash(&v, sizeof v, 14695981039346656037ull) ^ ((uint64_t)k << 32) ^ (uint64_t)m; \
  }                                                                                                \
  KIND Inputs##NAME inputs_make_##NAME(unsigned seed) {                                            \
    KIND Inputs##NAME v;                                                                           \
    unsigned char* b = (unsigned char*)&v;                                                         \
    for (unsigned i = 0; i < sizeof v; ++i) b[i] = (unsigned char)(seed + 7 * i);                  \
    return v;                                                                                      \
  }                                                                                                \
  uint64_t inputs_call_take_##NAME(uint64_t (*fp)(int, KIND Inputs##NAME, int), unsigned seed) {   \
    return fp(11, inputs_make_##NAME(seed), 22);                                                   \
  }                                                                                                \
  uint64_t inputs_call_make_##NAME(KIND Inputs##NAME (*fp)(unsigned), unsigned seed) {             \
    KIND Inputs##NAME v = fp(seed);                                                                \
    return inputsHash(&v, sizeof v, 14695981039346656037ull);                                     \
  }
INPUTS_GCC_SHAPES(INPUTS_DEFINE)

uint64_t inputs_hash_big24(struct InputsBig24 v) { return inputsHash(v.b, sizeof v.b, 14695981039346656037ull); }

uint64_t inputs_hash_flat(int k, struct InputsFlat v) {
  return inputsHash(v.b, sizeof v.b, 14695981039346656037ull) ^ (uint64_t)k;
}

struct InputsE0 {};
struct InputsE1 {
  struct InputsE0 e[65536];
};
struct InputsE2 {
  struct InputsE1 s[65536];
};
static int emptyThenInt(struct InputsE2 e, int x) {
  (void)e;
  return x * 3;
}
void (*const inputs_empty_then_int)(void) = (void (*)(void))emptyThenInt;

int64_t inputs_weighted_sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int64_t sum = 0;
  for (int i = 0; i < n; ++i) sum += (int64_t)(i + 1) * va_arg(ap, int64_t);
  va_end(ap);
  return sum;
}

int inputs_int_double(int a, double d) { return a * 10 + (int)d; }
int inputs_call_int_double(int (*fp)(int, double), int a, double d) { return fp(a, d); }
int inputs_call_void(int (*fp)(void)) { return fp(); }
#if defined(__x86_64__)
__attribute__((ms_abi)) int inputs_w64_byte_int_int(unsigned char v, int a, int b) { return v * 10000 + a * 100 + b; }
#endif
