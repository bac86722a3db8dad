/* SPDX-License-Identifier: MIT */
/* jitffi — libffi's C API.
 *
 * Source- and binary-compatible with libffi 3.x on each architecture <ffitarget.h> describes
 * (x86-64 Unix, AArch64 Linux; for AArch64 on Apple platforms and Windows, where jitffi is not
 * built, the layouts only): the same types, layouts, enum values and functions. A cif is
 * prepared once (the signature is classified and compiled to a stub, cached per signature) and
 * every ffi_call runs that stub.
 *
 * Documented differences (all are inputs libffi 3.4 crashes on or silently accepts):
 *  - the Java raw API is given structs and complex numbers as pointers, as the raw API is
 *    (libffi aborts), and long double as two units;
 *  - a malformed type (unknown type code, NULL element list, cycles, absurd nesting) gets
 *    FFI_BAD_TYPEDEF instead of an abort;
 *  - ffi_prep_cif_var with nfixedargs > ntotalargs gets FFI_BAD_ARGTYPE.
 * FFI_TYPE_COMPLEX types may have integer parts (GNU C's _Complex int …), and FFI_TYPE_VECTOR
 * (libffi 3.8) describes a SIMD vector: its elements are its lanes, one scalar type repeated, and
 * ffi_prep_cif fills in its size and alignment. jitffi's extensions (jitffi_type_*, at the end)
 * describe unions, packed, bit-field and explicitly laid-out structs.
 */
#ifndef LIBFFI_H
#define LIBFFI_H

#ifdef __cplusplus
extern "C" {
#endif

#include <ffitarget.h>

#ifndef LIBFFI_ASM

#include <stddef.h>
#include <limits.h>

#if defined(__GNUC__)
#define FFI_JITFFI_EXPORT __attribute__((visibility("default")))
#define FFI_DEPRECATED __attribute__((deprecated))
#else
#define FFI_JITFFI_EXPORT
#define FFI_DEPRECATED
#endif
#define FFI_API FFI_JITFFI_EXPORT
#define FFI_EXTERN extern FFI_JITFFI_EXPORT

/* ---- types ------------------------------------------------------------------------------ */

#define FFI_TYPE_VOID 0
#define FFI_TYPE_INT 1
#define FFI_TYPE_FLOAT 2
#define FFI_TYPE_DOUBLE 3
#define FFI_TYPE_LONGDOUBLE 4
#define FFI_TYPE_UINT8 5
#define FFI_TYPE_SINT8 6
#define FFI_TYPE_UINT16 7
#define FFI_TYPE_SINT16 8
#define FFI_TYPE_UINT32 9
#define FFI_TYPE_SINT32 10
#define FFI_TYPE_UINT64 11
#define FFI_TYPE_SINT64 12
#define FFI_TYPE_STRUCT 13
#define FFI_TYPE_POINTER 14
#define FFI_TYPE_COMPLEX 15
#define FFI_TYPE_UINT128 16
#define FFI_TYPE_SINT128 17
#define FFI_TYPE_VECTOR 18
#define FFI_TYPE_LAST FFI_TYPE_VECTOR

typedef struct _ffi_type {
  size_t size;
  unsigned short alignment;
  unsigned short type;
  struct _ffi_type **elements;
} ffi_type;

/* The predefined types (each a 24-byte data object). */
FFI_EXTERN ffi_type ffi_type_void;
FFI_EXTERN ffi_type ffi_type_uint8;
FFI_EXTERN ffi_type ffi_type_sint8;
FFI_EXTERN ffi_type ffi_type_uint16;
FFI_EXTERN ffi_type ffi_type_sint16;
FFI_EXTERN ffi_type ffi_type_uint32;
FFI_EXTERN ffi_type ffi_type_sint32;
FFI_EXTERN ffi_type ffi_type_uint64;
FFI_EXTERN ffi_type ffi_type_sint64;
FFI_EXTERN ffi_type ffi_type_float;
FFI_EXTERN ffi_type ffi_type_double;
FFI_EXTERN ffi_type ffi_type_longdouble;
FFI_EXTERN ffi_type ffi_type_pointer;
#ifdef FFI_TARGET_HAS_COMPLEX_TYPE
FFI_EXTERN ffi_type ffi_type_complex_float;
FFI_EXTERN ffi_type ffi_type_complex_double;
FFI_EXTERN ffi_type ffi_type_complex_longdouble;
#endif
FFI_EXTERN ffi_type ffi_type_uint128;
FFI_EXTERN ffi_type ffi_type_sint128;

/* C's named integer types, by size on this target (long: 64 bits under LP64, 32 under Windows'
   LLP64). */
#define ffi_type_uchar ffi_type_uint8
#define ffi_type_schar ffi_type_sint8
#define ffi_type_ushort ffi_type_uint16
#define ffi_type_sshort ffi_type_sint16
#define ffi_type_uint ffi_type_uint32
#define ffi_type_sint ffi_type_sint32
#if LONG_MAX == 2147483647
#define ffi_type_ulong ffi_type_uint32
#define ffi_type_slong ffi_type_sint32
#else
#define ffi_type_ulong ffi_type_uint64
#define ffi_type_slong ffi_type_sint64
#endif

/* ---- status, cif ---------------------------------------------------------------------- */

typedef enum {
  FFI_OK = 0,
  FFI_BAD_TYPEDEF,
  FFI_BAD_ABI,
  FFI_BAD_ARGTYPE
} ffi_status;

typedef struct {
  ffi_abi abi;
  unsigned nargs;
  ffi_type **arg_types;
  ffi_type *rtype;
  unsigned bytes; /* private to the implementation (with flags: the prepared stub) */
  unsigned flags;
#ifdef FFI_EXTRA_CIF_FIELDS
  FFI_EXTRA_CIF_FIELDS; /* the architecture's (<ffitarget.h>): libffi's layout there */
#endif
} ffi_cif;

/* ---- versions and facts --------------------------------------------------------------- */

/* The libffi API level this library implements: FFI_VERSION_STRING, FFI_VERSION_NUMBER (a header
   the build generates from one CMake variable, installed next to this one). */
#include <ffiversion.h>
FFI_API const char *ffi_get_version(void);
FFI_API unsigned long ffi_get_version_number(void);
FFI_API unsigned int ffi_get_default_abi(void);
FFI_API size_t ffi_get_closure_size(void);

#define FFI_64_BIT_MAX 9223372036854775807
#define FFI_SIZEOF_ARG 8
#define FFI_SIZEOF_JAVA_RAW FFI_SIZEOF_ARG

/* ---- calls ---------------------------------------------------------------------------- */

FFI_API ffi_status ffi_prep_cif(ffi_cif *cif, ffi_abi abi, unsigned int nargs, ffi_type *rtype,
                                ffi_type **atypes);
FFI_API ffi_status ffi_prep_cif_var(ffi_cif *cif, ffi_abi abi, unsigned int nfixedargs,
                                    unsigned int ntotalargs, ffi_type *rtype, ffi_type **atypes);
/* Calls fn with the arguments avalue[i] (each a pointer to its value). rvalue receives the
   return value; integral returns narrower than ffi_arg are widened to an ffi_arg. rvalue may
   be NULL to discard the return value. */
FFI_API void ffi_call(ffi_cif *cif, void (*fn)(void), void *rvalue, void **avalue);
/* jitffi's extension (not in libffi; exported from the drop-in libffi.so.8 under the version
   node JITFFI_0.1): ffi_call with the calling thread's errno set to errno_before just before fn
   runs, returning errno as fn left it — read by the generated code right after fn returns,
   before anything else can change it. For APIs that report errors through errno: pass 0 to
   detect them (strtol), or the current errno to leave it as it is. The value travels in and out
   by value, so nothing is kept across the call and no pointer can be NULL; the caller stores
   the result where it wants it (thread-safe: each thread's own errno). On a cif whose
   preparation failed, nothing is called and errno_before is returned. */
#define JITFFI_HAS_CALL_ERRNO 1
FFI_API int jitffi_call_errno(ffi_cif *cif, void (*fn)(void), void *rvalue, void **avalue, int errno_before);
/* Fills in the size and alignment of struct_type and, if offsets is not NULL, the offset of
   each element. */
FFI_API ffi_status ffi_get_struct_offsets(ffi_abi abi, ffi_type *struct_type, size_t *offsets);

/* Casts a function pointer to the type ffi_call takes, and back to data. */
#define FFI_FN(f) ((void (*)(void))(f))
#define FFI_CL(f) ((void *)(f))

/* ---- call plans ----------------------------------------------------------------------- */

/* A reusable call: for jitffi, a handle on the cif's compiled stub. Allocate once per cif (the
   cif must outlive it), invoke any number of times from any number of threads, free once.
   ffi_call_plan_alloc returns NULL only when out of memory; ffi_call_plan_size is the bytes the
   handle occupies (0 for NULL). */
typedef struct ffi_call_plan ffi_call_plan;
FFI_API ffi_call_plan *ffi_call_plan_alloc(ffi_cif *cif);
FFI_API void ffi_call_plan_invoke(ffi_call_plan *plan, void (*fn)(void), void *rvalue, void **avalue);
FFI_API void ffi_call_plan_free(ffi_call_plan *plan);
FFI_API size_t ffi_call_plan_size(ffi_call_plan *plan);

/* ---- the raw API ---------------------------------------------------------------------- */

/* Arguments packed in 8-byte units: integers narrower than 8 bytes widened into one unit,
   floats and doubles copied into one, wider values in as many units as they need, and structs
   and complex numbers as a pointer to the value. */
typedef union {
  ffi_sarg sint;
  ffi_arg uint;
  float flt;
  char data[FFI_SIZEOF_ARG];
  void *ptr;
} ffi_raw;
/* The Java flavour: the same units, but 64-bit integers and doubles take two. */
typedef ffi_raw ffi_java_raw;

FFI_API void ffi_raw_call(ffi_cif *cif, void (*fn)(void), void *rvalue, ffi_raw *avalue);
FFI_API void ffi_ptrarray_to_raw(ffi_cif *cif, void **args, ffi_raw *raw);
FFI_API void ffi_raw_to_ptrarray(ffi_cif *cif, ffi_raw *raw, void **args);
FFI_API size_t ffi_raw_size(ffi_cif *cif);

FFI_API void ffi_java_raw_call(ffi_cif *cif, void (*fn)(void), void *rvalue,
                               ffi_java_raw *avalue) FFI_DEPRECATED;
FFI_API void ffi_java_ptrarray_to_raw(ffi_cif *cif, void **args, ffi_java_raw *raw) FFI_DEPRECATED;
FFI_API void ffi_java_raw_to_ptrarray(ffi_cif *cif, ffi_java_raw *raw, void **args) FFI_DEPRECATED;
FFI_API size_t ffi_java_raw_size(ffi_cif *cif) FFI_DEPRECATED;

/* ---- closures ------------------------------------------------------------------------- */

/* A closure: FFI_TRAMPOLINE_SIZE bytes of code (executed at the code address that
   ffi_closure_alloc hands out), then the fields the entry code reads. */
typedef struct {
  union {
    char tramp[FFI_TRAMPOLINE_SIZE];
    void *ftramp;
  };
  ffi_cif *cif;
  void (*fun)(ffi_cif *, void *, void **, void *);
  void *user_data;
} ffi_closure
#if defined(__GNUC__)
    __attribute__((aligned(8)))
#endif
    ;

/* Allocates a closure of `size` bytes (at least sizeof(ffi_closure)). Returns the writable
   address; *code receives the address to call. */
FFI_API void *ffi_closure_alloc(size_t size, void **code);
FFI_API void ffi_closure_free(void *closure);
/* Makes `codeloc` (from ffi_closure_alloc) call fun(cif, ret, args, user_data). */
FFI_API ffi_status ffi_prep_closure_loc(ffi_closure *closure, ffi_cif *cif,
                                        void (*fun)(ffi_cif *, void *, void **, void *),
                                        void *user_data, void *codeloc);
/* Deprecated: as ffi_prep_closure_loc with codeloc = closure. */
FFI_API ffi_status ffi_prep_closure(ffi_closure *closure, ffi_cif *cif,
                                    void (*fun)(ffi_cif *, void *, void **, void *),
                                    void *user_data) FFI_DEPRECATED;

/* Raw closures: the handler gets the arguments packed as by ffi_ptrarray_to_raw. The layout
   overlays ffi_closure: translate_args and this_closure sit where fun and user_data are. */
typedef struct {
  char tramp[FFI_TRAMPOLINE_SIZE];
  ffi_cif *cif;
  void (*translate_args)(ffi_cif *, void *, void **, void *);
  void *this_closure;
  void (*fun)(ffi_cif *, void *, ffi_raw *, void *);
  void *user_data;
} ffi_raw_closure;

typedef struct {
  char tramp[FFI_TRAMPOLINE_SIZE];
  ffi_cif *cif;
  void (*translate_args)(ffi_cif *, void *, void **, void *);
  void *this_closure;
  void (*fun)(ffi_cif *, void *, ffi_java_raw *, void *);
  void *user_data;
} ffi_java_raw_closure;

FFI_API ffi_status ffi_prep_raw_closure(ffi_raw_closure *closure, ffi_cif *cif,
                                        void (*fun)(ffi_cif *, void *, ffi_raw *, void *),
                                        void *user_data);
FFI_API ffi_status ffi_prep_raw_closure_loc(ffi_raw_closure *closure, ffi_cif *cif,
                                            void (*fun)(ffi_cif *, void *, ffi_raw *, void *),
                                            void *user_data, void *codeloc);
FFI_API ffi_status ffi_prep_java_raw_closure(ffi_java_raw_closure *closure, ffi_cif *cif,
                                             void (*fun)(ffi_cif *, void *, ffi_java_raw *, void *),
                                             void *user_data) FFI_DEPRECATED;
FFI_API ffi_status ffi_prep_java_raw_closure_loc(ffi_java_raw_closure *closure, ffi_cif *cif,
                                                 void (*fun)(ffi_cif *, void *, ffi_java_raw *, void *),
                                                 void *user_data, void *codeloc) FFI_DEPRECATED;

/* ---- Go closures ---------------------------------------------------------------------- */

#if defined(FFI_GO_CLOSURES) && FFI_GO_CLOSURES

/* A closure whose data pointer travels in the static-chain register (r10 on x86-64, x18 on
   AArch64): tramp is the code to call with that register = the closure; fun gets the closure
   itself as its last argument. */
typedef struct {
  void *tramp;
  ffi_cif *cif;
  void (*fun)(ffi_cif *, void *, void **, void *);
} ffi_go_closure;

FFI_API ffi_status ffi_prep_go_closure(ffi_go_closure *closure, ffi_cif *cif,
                                       void (*fun)(ffi_cif *, void *, void **, void *));
/* ffi_call with the static-chain register = closure. */
FFI_API void ffi_call_go(ffi_cif *cif, void (*fn)(void), void *rvalue, void **avalue, void *closure);
#endif /* FFI_GO_CLOSURES */

/* ---- jitffi extensions: unions, packed, bit-field and explicitly laid-out structs --------- */

/* libffi has no way to describe these; jitffi's constructors make ffi_types for them that
   ffi_prep_cif, ffi_prep_cif_var, ffi_call, closures, the raw API and ffi_get_struct_offsets
   accept, alone or as elements of other types. Each lays out as the C compiler of the cif's ABI
   lays out the declaration (bit-fields by gcc's rules on x86-64 Unix and AArch64, by MSVC's on
   FFI_WIN64 and FFI_GNUW64) and passes as that ABI passes it (on x86-64 Unix a struct with a
   member off its alignment goes in memory, as gcc passes it). The elements (a NULL-terminated
   array, as for FFI_TYPE_STRUCT, read when the type is made: later changes to them are not
   seen) may be any ffi_type ffi_prep_cif accepts, including these. On success *out is a new
   ffi_type of type code JITFFI_TYPE_RECORD whose size and alignment are those of the default
   ABI; free it with jitffi_type_free once no cif uses it. On bad input (*out untouched):
   FFI_BAD_TYPEDEF — a NULL or empty element list, an element ffi_prep_cif would refuse, a
   bit-field whose type is no integer or narrower than its width, an offset inside the element
   before it, a pack that is no power of two up to 16. Out of memory: FFI_BAD_ABI (*out untouched).
   Symbol version JITFFI_0.1. */
#define JITFFI_TYPE_RECORD 0x4a46
#define JITFFI_NOT_BITFIELD ((unsigned)-1) /* bit_widths[i]: element i is an ordinary member */
#define JITFFI_NEXT_OFFSET ((size_t)-1)    /* offsets[i]: element i follows the one before it */

/* union { elements }, packed as jitffi_type_struct_packed says (0: not packed). */
FFI_API ffi_status jitffi_type_union(ffi_type **out, ffi_type **elements, unsigned pack);
/* A packed struct: pack 1 is __attribute__((packed)), 2, 4, 8 or 16 #pragma pack(N). */
FFI_API ffi_status jitffi_type_struct_packed(ffi_type **out, ffi_type **elements, unsigned pack);
/* A struct with bit-fields: element i is a bit-field of bit_widths[i] bits (0: a zero-width
   bit-field) of its integer type, or an ordinary member (JITFFI_NOT_BITFIELD); pack as above, 0
   for none. */
FFI_API ffi_status jitffi_type_bitfield_struct(ffi_type **out, ffi_type **elements,
                                               const unsigned *bit_widths, unsigned pack);
/* A struct with members at given byte offsets: offsets[i] (or JITFFI_NEXT_OFFSET: after element
   i-1 by the layout rules); an element at an offset off its alignment is a packed member. */
FFI_API ffi_status jitffi_type_struct_at(ffi_type **out, ffi_type **elements, const size_t *offsets,
                                         unsigned pack);
/* Frees a type made by the functions above (NULL: nothing). */
FFI_API void jitffi_type_free(ffi_type *type);

#endif /* !LIBFFI_ASM */

#ifdef __cplusplus
}
#endif

#endif /* LIBFFI_H */
