/* SPDX-License-Identifier: MIT */
/* The generated execution corpus: the data model shared by the generator (gen_corpus.cpp, C++),
 * the generated C (corpus_gen_*.c) and the harness (corpus_harness.cpp, C++).
 *
 * Every case i is one C function signature with
 *   callee_i   the real C function: hashes every meaningful byte of every argument (and the
 *              argument index) into a 64-bit value, stores it in corpus_last_hash, and builds its
 *              return value from that hash (every field of a struct return);
 *   direct_i   void direct_i(void* const* av, void* ret): calls callee_i directly (gcc's own call:
 *              the oracle) with the arguments *av[k], and stores the return value by ffi_call's
 *              rules (integral returns narrower than 8 bytes widened to 8);
 *   caller_i   void caller_i(void (*fp)(void), void* const* av, void* ret): the same call through
 *              a function pointer of the case's type (for closure tests: fp may be a closure);
 *   args       one argument image per argument (padding bytes are random garbage on purpose);
 *   ret_mask   which bytes of the return storage are meaningful (0xff) or padding (0x00).
 *
 * A corpus is described by one CorpusSet (NAME_set, NAME from gen_corpus --prefix). A Win64
 * corpus (gen_corpus --abi ms) has ms_abi callees, and its direct_i and caller_i make ms_abi
 * calls (they are themselves ordinary host functions: the harness calls them).
 *
 * This header is C and C++: the generator includes it to compute the expected hashes with the
 * very functions the callees use. */
#ifndef JITFFI_TESTS_CORPUS_H
#define JITFFI_TESTS_CORPUS_H

#include <stdint.h>
/* A leaf corpus (gen_corpus --leaf, CORPUS_LEAF defined where its callees and callers are
 * compiled for another system, tests/foreign): no C library, so no header of one and no call to
 * it; memcpy and memset are the compiler's builtins, inlined at the sizes the corpus uses. */
#ifdef CORPUS_LEAF
#define memcpy(d, s, n) __builtin_memcpy(d, s, n)
#define memset(d, c, n) __builtin_memset(d, c, n)
#else
#include <string.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Type kinds: the scalars in the order of jitffi::TypeKind (and the signature text names), then
 * a few vector shapes (SysV only: Win64 has no vectors), then structs. */
enum CorpusKind {
  CK_VOID = 0, CK_I8, CK_U8, CK_I16, CK_U16, CK_I32, CK_U32, CK_I64, CK_U64, CK_I128, CK_U128,
  CK_F32, CK_F64, CK_LD, CK_PTR, CK_C32, CK_C64, CK_CLD,
  CK_CI8, CK_CU8, CK_CI16, CK_CU16, CK_CI32, CK_CU32, CK_CI64, CK_CU64, CK_CI128, CK_CU128,
  CK_F32X2, CK_I16X4, CK_F32X4, CK_F64X2, CK_I32X4, CK_U8X16,
  CK_STRUCT,
  CK_COUNT
};
#define CK_FIRST_VECTOR CK_F32X2

/* The vector shapes' C types (GNU C vector_size). */
typedef float cm_f32x2 __attribute__((vector_size(8)));
typedef short cm_i16x4 __attribute__((vector_size(8)));
typedef float cm_f32x4 __attribute__((vector_size(16)));
typedef double cm_f64x2 __attribute__((vector_size(16)));
typedef int cm_i32x4 __attribute__((vector_size(16)));
typedef unsigned char cm_u8x16 __attribute__((vector_size(16)));

/* One type. Structs list their elements as libffi does: arrays expanded into repeated elements
 * (set->type_fields[first .. first+nfields) are indices into set->types). */
typedef struct CorpusType {
  uint8_t kind;      /* enum CorpusKind */
  uint8_t depth;     /* nesting depth: 0 for scalars */
  uint16_t nfields;  /* expanded element count (structs) */
  uint32_t first;    /* first element index in the set's type_fields */
  uint32_t size;     /* sizeof (checked against gcc by _Static_assert in the generated C) */
  uint32_t align;    /* _Alignof */
  uint32_t has_array;    /* 1 when the C struct (or a nested one) has an array member */
  const char* text;  /* signature text of the type, e.g. "{i8[5],f32}" */
  const char* cname; /* C name: "int", "S12" */
  const uint8_t* mask;  /* size entries: each byte's meaningful bits (0xff; a bit-field's; 0 for
                           padding); a record's is filled in by the set's init() */
  /* Records (jitffi's unions, packed, bit-field and explicitly laid-out structs; kind CK_STRUCT):
     record 1 for a struct, 2 for a union (0: a plain struct or no struct); pack as the text form
     says; per element its bit-field width or CORPUS_NO_BITS, its given offset or CORPUS_NO_AT
     (null when none has one). Their size, alignment and mask are the C compiler's. */
  uint8_t record;
  uint8_t pack;
  const uint32_t* bits;
  const uint32_t* at;
} CorpusType;
#define CORPUS_NO_BITS 0xffffffffu
#define CORPUS_NO_AT 0xffffffffu

typedef void (*CorpusFn)(void);

struct CorpusSet;

enum CorpusOrigin { CO_RANDOM = 0, CO_FIXED = 1 };

typedef struct CorpusCase {
  uint32_t index;         /* case number (global) */
  uint8_t origin;         /* enum CorpusOrigin */
  uint8_t variadic;
  uint16_t nargs;         /* all arguments, fixed and variadic */
  uint16_t nfixed;        /* fixed parameters (== nargs unless variadic) */
  uint32_t ret_bytes;     /* bytes of return storage compared: 0 for void, else max(8, size) */
  const char* sig;        /* jitffi signature text, arrays written as [n] */
  const char* sig_flat;   /* the same with arrays expanded (as libffi describes them) */
  const char* proto;      /* C prototype, for messages */
  const uint32_t* types;  /* [0] = return type, [1 + k] = argument k (indices into set->types) */
  const void* const* args;       /* argument images, 16-aligned */
  const uint8_t* ret_mask;       /* ret_bytes entries */
  uint64_t expected_hash;        /* the hash callee_i must compute (from the generator's model) */
  uint8_t hash_predicted;        /* 0: a record's mask is the C compiler's, so the harness
                                    predicts the hash from the images (as callee_i folds them) */
  void (*direct)(void* const* av, void* ret);
  CorpusFn callee;
  void (*caller)(CorpusFn fp, void* const* av, void* ret);
  const struct CorpusSet* set;   /* the corpus the case belongs to (its type table) */
} CorpusCase;

/* One generated corpus: NAME_set, defined by the generated corpus_gen_table.c. */
typedef struct CorpusSet {
  const char* name;          /* gen_corpus --prefix */
  uint8_t ms_abi;            /* the callees are __attribute__((ms_abi)) (gen_corpus --abi ms) */
  uint8_t ld_as_double;      /* the C type of `ld` is double, of `cld` _Complex double; only the
                                cases with a long double are present (gen_corpus --ld-as-double) */
  uint32_t type_count;
  const CorpusType* types;
  const uint32_t* type_fields;
  const CorpusCase* const* parts;
  const uint32_t* part_sizes;
  uint32_t part_count;
  uint64_t seed;
  uint32_t random_count;     /* random signatures drawn (some left out by ld_as_double) */
  void (*init)(void);        /* fills in the records' masks (run before the cases) */
} CorpusSet;

/* Written by every callee: the hash of the arguments it received. */
extern volatile uint64_t corpus_last_hash;

/* ---- the functions the callees use (and the generator, to predict them) ------------------ */

/* The byte-level helpers stay out of line: the callees stay small and quick to compile, and they
 * still read every argument (its address is passed). */
#if defined(CORPUS_LEAF)
#define CM_OUTLINE static inline __attribute__((always_inline, unused)) /* a leaf calls nothing */
#elif defined(__GNUC__)
#define CM_OUTLINE static __attribute__((noinline, unused))
#else
#define CM_OUTLINE static inline
#endif

/* The callees: never inlined into their direct_i or specialised for it, so direct_i makes a real
 * call by the C ABI. */
#if defined(__GNUC__) && !defined(__clang__)
#define CM_CALLEE __attribute__((noipa))
#elif defined(__GNUC__)
#define CM_CALLEE __attribute__((noinline))
#else
#define CM_CALLEE
#endif

/* Starting value for case i. */
static inline uint64_t cm_seed(uint32_t i) {
  uint64_t h = 0xcbf29ce484222325ULL ^ ((uint64_t)i * 0x9e3779b97f4a7c15ULL);
#ifdef CORPUS_LEAF
  /* Opaque to the optimiser: a callee without arguments is not folded into a constant result
   * loaded from a literal pool (a relocation). */
  __asm__("" : "+r"(h));
#endif
  return h;
}
/* Mixes in an argument index (a bijection of h for a fixed index). */
static inline uint64_t cm_arg(uint64_t h, uint32_t i) {
  h ^= ((uint64_t)i + 1) * 0x9e3779b97f4a7c15ULL;
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 31);
}
/* Folds n bytes into h, one at a time (FNV-1a step: a bijection of h for each byte, so one wrong
 * byte anywhere always changes the result). */
CM_OUTLINE uint64_t cm_h(uint64_t h, const void* p, unsigned n) {
  const unsigned char* b = (const unsigned char*)p;
  for (unsigned i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ULL;
  return h;
}
/* Folds the meaningful bits of n bytes into h: each byte with a non-zero mask, masked, in address
 * order (a record's bytes; for 0xff masks the same as cm_h over those bytes). */
CM_OUTLINE uint64_t cm_hm(uint64_t h, const void* p, const uint8_t* mask, unsigned n) {
  const unsigned char* b = (const unsigned char*)p;
  for (unsigned i = 0; i < n; ++i) {
    if (mask[i]) h = (h ^ (b[i] & mask[i])) * 0x100000001b3ULL;
  }
  return h;
}
/* A record's mask: n meaningful bytes at offset o, or the bits set in the n bytes at p. */
CM_OUTLINE void cm_mark(uint8_t* mask, unsigned o, unsigned n) { memset(mask + o, 0xff, n); }
CM_OUTLINE void cm_or(uint8_t* mask, const void* p, unsigned n) {
  for (unsigned i = 0; i < n; ++i) mask[i] |= ((const unsigned char*)p)[i];
}
/* splitmix64: the return value's fields are drawn from the hash with this. */
CM_OUTLINE uint64_t cm_next(uint64_t* s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
/* Setters for return fields: deterministic, finite, normal floating values. */
CM_OUTLINE void cm_set_u(void* p, unsigned n, uint64_t x) { memcpy(p, &x, n); }
CM_OUTLINE void cm_set_f32(void* p, uint64_t x) {
  uint32_t bits = (uint32_t)((x >> 63) << 31) | (uint32_t)((119 + ((x >> 23) & 15)) << 23) |
                  (uint32_t)(x & 0x7fffff);
  memcpy(p, &bits, 4);
}
CM_OUTLINE void cm_set_f64(void* p, uint64_t x) {
  uint64_t bits = ((x >> 63) << 63) | ((uint64_t)(1007 + ((x >> 52) & 31)) << 52) |
                  (x & 0xfffffffffffffULL);
  memcpy(p, &bits, 8);
}
/* long double as the compiler including this header has it (the generator is built by the
 * same compiler as the callees): CM_LD_BYTES meaningful bytes of its 16.
 *   x86-64: x87 80-bit extended: 64-bit significand with the explicit integer bit, 15-bit
 *           exponent, sign (10 bytes; the other 6 are padding);
 *   AArch64, RISC-V 64: IEEE binary128: 112-bit significand, 15-bit exponent, sign (all 16
 *           bytes). */
#if defined(CORPUS_LEAF)
/* A leaf corpus has no long double (a double on the systems it is compiled for). */
#elif __LDBL_MANT_DIG__ == 64
#define CM_LD_BYTES 10
#elif __LDBL_MANT_DIG__ == 113
#define CM_LD_BYTES 16
#else
#error "corpus.h: long double is neither x87 extended nor binary128"
#endif
/* Writes the meaningful bytes only. */
#ifdef CM_LD_BYTES
CM_OUTLINE void cm_set_ld(void* p, uint64_t x) {
  const uint16_t se = (uint16_t)(((x & 0x80) ? 0x8000u : 0u) | (16375u + (unsigned)((x >> 8) & 15)));
#if CM_LD_BYTES == 10
  uint64_t mant = x | (1ULL << 63);
  memcpy(p, &mant, 8);
  memcpy((unsigned char*)p + 8, &se, 2);
#else
  const uint64_t lo = x * 0x9e3779b97f4a7c15ULL;                       /* significand bits 0-63 */
  const uint64_t hi = ((uint64_t)se << 48) | (x & 0xffffffffffffULL);  /* bits 64-111, exponent, sign */
  memcpy(p, &lo, 8);
  memcpy((unsigned char*)p + 8, &hi, 8);
#endif
}
#endif

#ifdef __cplusplus
}
#endif

#endif /* JITFFI_TESTS_CORPUS_H */
