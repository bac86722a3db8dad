/* SPDX-License-Identifier: MIT */
/* C types whose libffi descriptions (as CPython's ctypes 3.11 writes them) preset the size and
   alignment: the same declarations in C (inputs_callees.c, compiled by the C compiler: the oracle)
   and in C++ (inputs_test.cpp). Each X(NAME, KIND, MEMBERS) is `KIND NAME { MEMBERS }`. */
#ifndef JITFFI_TESTS_INPUTS_SHAPES_H
#define JITFFI_TESTS_INPUTS_SHAPES_H

#include <stdint.h>

struct InputsChars20 {
  char a[20];
};

/* Shapes libffi passes as gcc does (the gcc-compiled callees and callers are the oracle). */
#define INPUTS_GCC_SHAPES(X)                   \
  X(N32, struct, char name[32]; int id;)      \
  X(C20, struct, char a[20];)                 \
  X(C1000, struct, char a[1000];)             \
  X(S10, struct, short s[10];)                \
  X(F5, struct, float f[5];)                  \
  X(D8C20, struct, double d; struct InputsChars20 h;) \
  X(UID, union, int a; double b;)             \
  X(BF, struct, int a : 3; int b : 5;)        \
  X(I2X2, struct, int a[2][2];)               \
  X(C10I, struct, char c[10]; int d;)

#define INPUTS_DECLARE(NAME, KIND, MEMBERS) KIND Inputs##NAME { MEMBERS };
INPUTS_GCC_SHAPES(INPUTS_DECLARE)

#ifdef __cplusplus
extern "C" {
#endif

/* FNV-1a over bytes: what the callees and the closure handlers report of a value. */
static inline uint64_t inputsHash(const void* p, uint64_t n, uint64_t h) {
  const unsigned char* b = (const unsigned char*)p;
  for (uint64_t i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

/* Per shape: a callee taking it between two ints, a callee returning it (bytes seed + 7i), a
   caller of a function pointer of each kind (the closures' oracle). */
#define INPUTS_PROTOTYPES(NAME, KIND, MEMBERS)                                                  \
  uint64_t inputs_take_##NAME(int k, KIND Inputs##NAME v, int m);                               \
  KIND Inputs##NAME inputs_make_##NAME(unsigned seed);                                          \
  uint64_t inputs_call_take_##NAME(uint64_t (*fp)(int, KIND Inputs##NAME, int), unsigned seed); \
  uint64_t inputs_call_make_##NAME(KIND Inputs##NAME (*fp)(unsigned), unsigned seed);
INPUTS_GCC_SHAPES(INPUTS_PROTOTYPES)

/* Huge descriptions. */
struct InputsBig24 {
  unsigned char b[1 << 24];
};
struct InputsFlat {
  unsigned char b[100000];
};
uint64_t inputs_hash_big24(struct InputsBig24 v);
uint64_t inputs_hash_flat(int k, struct InputsFlat v);
/* int f(struct { struct { struct {} e[65536]; } s[65536]; }, int x): a GNU C struct of 2^32 empty
   structs (size 0, passes nothing), then an int; returns 3x. (C++ has no size-0 structs: the
   callee as a function pointer.) */
extern void (*const inputs_empty_then_int)(void);
/* The sum of (i + 1) * v_i over n variadic int64_t arguments v_0 … v_{n-1}: a call of many
   arguments, whose stub is larger than the buffer stubs are first assembled into. */
int64_t inputs_weighted_sum(int n, ...);

/* void arguments. */
int inputs_int_double(int a, double d);
int inputs_call_int_double(int (*fp)(int, double), int a, double d);
int inputs_call_void(int (*fp)(void));
#if defined(__x86_64__)
__attribute__((ms_abi)) int inputs_w64_byte_int_int(unsigned char v, int a, int b);
#endif

#ifdef __cplusplus
}
#endif

#endif
