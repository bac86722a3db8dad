/* SPDX-License-Identifier: MIT */
/* What a program compiled against <ffi.h> bakes in: the sizes and offsets of libffi's structs, the
 * ffi_abi values, the trampoline size and the other constants of ffitarget.h. layout_facts.c is
 * compiled twice, against the system libffi's headers and against jitffi's (each compile
 * static_asserts the values libffi documents for this architecture, REFERENCE.md); layout_test.c
 * then compares the two tables fact by fact. */
#ifndef JITFFI_TESTS_LAYOUT_FACTS_H
#define JITFFI_TESTS_LAYOUT_FACTS_H

#include <stddef.h>

typedef struct LayoutFact {
  const char* name;
  long value;
} LayoutFact;

/* The two tables, ending with a null name. */
const LayoutFact* layout_system_facts(void);
const LayoutFact* layout_jitffi_facts(void);

#ifdef LIBFFI_H /* the rest needs one of the two <ffi.h> */

#ifdef FFI_TARGET_HAS_COMPLEX_TYPE
#define LAYOUT_HAS_COMPLEX 1
#else
#define LAYOUT_HAS_COMPLEX 0
#endif
/* Whether the header has the complex types is compared, except on RISC-V 64: libffi 3.8's riscv
   header declares them (REFERENCE.md), as jitffi's does, but the oracle there is Debian 12's
   libffi 3.4.4, built from source (scripts/riscv64-deps.sh), whose riscv header does not. */
#if defined(__riscv)
#define LAYOUT_COMPLEX_FACT(X)
#if defined(LAYOUT_JITFFI)
_Static_assert(LAYOUT_HAS_COMPLEX == 1, "libffi 3.8's riscv header has the complex types");
#endif
#else
#define LAYOUT_COMPLEX_FACT(X) X(LAYOUT_HAS_COMPLEX)
#endif

/* The ffi_abi values each architecture's ffitarget.h names. */
#if defined(__x86_64__)
#define LAYOUT_ABI_FACTS(X) X(FFI_UNIX64) X(FFI_WIN64) X(FFI_EFI64) X(FFI_GNUW64)
_Static_assert(FFI_FIRST_ABI == 1 && FFI_UNIX64 == 2 && FFI_WIN64 == 3 && FFI_EFI64 == 3 && FFI_GNUW64 == 4 &&
                   FFI_LAST_ABI == 5 && FFI_DEFAULT_ABI == FFI_UNIX64,
               "libffi's x86-64 Unix ffi_abi values");
_Static_assert(FFI_TRAMPOLINE_SIZE == 32 && sizeof(ffi_closure) == 56 && offsetof(ffi_closure, cif) == 32,
               "libffi's x86-64 closure: a 32-byte trampoline, then cif, fun, user_data");
#elif defined(__aarch64__) && defined(__linux__)
#define LAYOUT_ABI_FACTS(X) X(FFI_SYSV) X(FFI_WIN64)
_Static_assert(FFI_FIRST_ABI == 0 && FFI_SYSV == 1 && FFI_WIN64 == 2 && FFI_LAST_ABI == 3 && FFI_DEFAULT_ABI == FFI_SYSV,
               "libffi's aarch64 ffi_abi values");
_Static_assert(FFI_TRAMPOLINE_SIZE == 24 && sizeof(ffi_closure) == 48 && offsetof(ffi_closure, cif) == 24 &&
                   offsetof(ffi_closure, fun) == 32 && offsetof(ffi_closure, user_data) == 40,
               "libffi's aarch64 Linux closure: a 24-byte trampoline, then cif, fun, user_data");
_Static_assert(FFI_GO_CLOSURES == 1, "libffi's aarch64 Linux has Go closures (static chain x18)");
#elif defined(__riscv) && __riscv_xlen == 64 && defined(__linux__)
#define LAYOUT_ABI_FACTS(X) X(FFI_SYSV)
_Static_assert(FFI_FIRST_ABI == 0 && FFI_SYSV == 1 && FFI_LAST_ABI == 5 && FFI_DEFAULT_ABI == FFI_SYSV,
               "libffi's riscv ffi_abi values (three unused between FFI_SYSV and FFI_LAST_ABI)");
_Static_assert(FFI_TRAMPOLINE_SIZE == 24 && sizeof(ffi_closure) == 48 && offsetof(ffi_closure, cif) == 24 &&
                   offsetof(ffi_closure, fun) == 32 && offsetof(ffi_closure, user_data) == 40,
               "libffi's riscv closure: a 24-byte trampoline, then cif, fun, user_data");
_Static_assert(FFI_GO_CLOSURES == 1, "libffi's riscv has Go closures (static chain t2)");
_Static_assert(sizeof(ffi_cif) == 40 && offsetof(ffi_cif, riscv_nfixedargs) == 32 &&
                   offsetof(ffi_cif, riscv_unused) == 36,
               "libffi's riscv ffi_cif: riscv_nfixedargs and riscv_unused after flags");
#else
#error "layout_facts.h: no libffi facts for this architecture"
#endif
#if defined(__riscv)
_Static_assert(sizeof(ffi_type) == 24 && sizeof(ffi_arg) == 8, "libffi's ffi_type on LP64 Linux");
#else
_Static_assert(sizeof(ffi_type) == 24 && sizeof(ffi_cif) == 32 && sizeof(ffi_arg) == 8,
               "libffi's ffi_type and ffi_cif on LP64 Linux");
#endif

#define LAYOUT_FACT(e) {#e, (long)(e)},
#define LAYOUT_FACTS(X)                                                                                   \
  X(sizeof(ffi_type)) X(_Alignof(ffi_type)) X(offsetof(ffi_type, size)) X(offsetof(ffi_type, alignment))  \
  X(offsetof(ffi_type, type)) X(offsetof(ffi_type, elements))                                             \
  X(sizeof(ffi_cif)) X(_Alignof(ffi_cif)) X(sizeof(ffi_abi)) X(offsetof(ffi_cif, abi))                    \
  X(offsetof(ffi_cif, nargs)) X(offsetof(ffi_cif, arg_types)) X(offsetof(ffi_cif, rtype))                 \
  X(offsetof(ffi_cif, bytes)) X(offsetof(ffi_cif, flags))                                                  \
  X(sizeof(ffi_closure)) X(_Alignof(ffi_closure)) X(offsetof(ffi_closure, cif))                           \
  X(offsetof(ffi_closure, fun)) X(offsetof(ffi_closure, user_data))                                       \
  X(sizeof(ffi_raw_closure)) X(offsetof(ffi_raw_closure, cif)) X(offsetof(ffi_raw_closure, translate_args)) \
  X(offsetof(ffi_raw_closure, this_closure)) X(offsetof(ffi_raw_closure, fun))                            \
  X(offsetof(ffi_raw_closure, user_data)) X(sizeof(ffi_java_raw_closure))                                 \
  X(sizeof(ffi_go_closure)) X(offsetof(ffi_go_closure, tramp)) X(offsetof(ffi_go_closure, cif))           \
  X(offsetof(ffi_go_closure, fun))                                                                        \
  X(sizeof(ffi_arg)) X(sizeof(ffi_sarg)) X((ffi_sarg)-1 < 0) X((ffi_arg)-1 > 0) X(sizeof(ffi_raw))        \
  X(sizeof(ffi_java_raw)) X(FFI_SIZEOF_ARG) X(FFI_SIZEOF_JAVA_RAW)                                        \
  X(FFI_TRAMPOLINE_SIZE) X(FFI_CLOSURES) X(FFI_GO_CLOSURES) X(FFI_NATIVE_RAW_API) LAYOUT_COMPLEX_FACT(X)  \
  X(FFI_FIRST_ABI) X(FFI_DEFAULT_ABI) X(FFI_LAST_ABI) LAYOUT_ABI_FACTS(X)                                 \
  X(FFI_OK) X(FFI_BAD_TYPEDEF) X(FFI_BAD_ABI) X(FFI_BAD_ARGTYPE) X(sizeof(ffi_status))                    \
  X(FFI_TYPE_VOID) X(FFI_TYPE_INT) X(FFI_TYPE_FLOAT) X(FFI_TYPE_DOUBLE) X(FFI_TYPE_LONGDOUBLE)            \
  X(FFI_TYPE_UINT8) X(FFI_TYPE_SINT8) X(FFI_TYPE_UINT16) X(FFI_TYPE_SINT16) X(FFI_TYPE_UINT32)            \
  X(FFI_TYPE_SINT32) X(FFI_TYPE_UINT64) X(FFI_TYPE_SINT64) X(FFI_TYPE_STRUCT) X(FFI_TYPE_POINTER)         \
  X(FFI_TYPE_COMPLEX)

#endif /* LIBFFI_H */

#endif /* JITFFI_TESTS_LAYOUT_FACTS_H */
