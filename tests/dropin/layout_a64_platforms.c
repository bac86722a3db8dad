/* SPDX-License-Identifier: MIT */
/* libffi's C layouts for AArch64 on Apple platforms and on Windows, as jitffi's <ffi.h> gives them
 * to a program compiled there (jitffi is not built for those systems: the headers are). Compiled
 * with `clang --target=arm64-apple-darwin` and `--target=aarch64-pc-windows-msvc`, -fsyntax-only,
 * freestanding (clang's own <stddef.h> and <limits.h>, no SDK): every fact is a static assertion
 * of libffi 3.8's values (REFERENCE.md, "libffi's surface on the other architectures"). */
#include <ffi.h>
#include <stddef.h>

#if !defined(__aarch64__) || !(defined(__APPLE__) || defined(_WIN32))
#error "layout_a64_platforms.c: compile for arm64-apple-darwin or aarch64-pc-windows-msvc"
#endif

_Static_assert(FFI_FIRST_ABI == 0 && FFI_SYSV == 1 && FFI_WIN64 == 2 && FFI_LAST_ABI == 3,
               "libffi's aarch64 ffi_abi values");
_Static_assert(sizeof(ffi_type) == 24 && offsetof(ffi_type, alignment) == 8 && offsetof(ffi_type, type) == 10 &&
                   offsetof(ffi_type, elements) == 16,
               "ffi_type: 24 bytes everywhere");
_Static_assert(sizeof(ffi_arg) == 8 && sizeof(ffi_sarg) == 8 && (ffi_sarg)-1 < 0 && (ffi_arg)-1 > 0,
               "ffi_arg: 8 bytes everywhere");
_Static_assert(sizeof(ffi_cif) == 40 && offsetof(ffi_cif, abi) == 0 && offsetof(ffi_cif, nargs) == 4 &&
                   offsetof(ffi_cif, arg_types) == 8 && offsetof(ffi_cif, rtype) == 16 &&
                   offsetof(ffi_cif, bytes) == 24 && offsetof(ffi_cif, flags) == 28,
               "ffi_cif: 40 bytes, one unsigned after flags");
_Static_assert(FFI_CLOSURES == 1 && FFI_TRAMPOLINE_CLOSURE_OFFSET == FFI_TRAMPOLINE_SIZE, "closures");
_Static_assert(offsetof(ffi_raw_closure, cif) == offsetof(ffi_closure, cif) &&
                   offsetof(ffi_java_raw_closure, cif) == offsetof(ffi_closure, cif),
               "the raw closures overlay ffi_closure");
#ifdef FFI_GO_CLOSURES
#error "no Go closures on Apple platforms and Windows (x18 is reserved)"
#endif

/* ffi_type_ulong and ffi_type_slong name the ffi_type of long's size (32 bits under Windows'
   LLP64, 64 on Apple platforms): each expands to a name pasted after is_ below. */
#define LAYOUT_CAT(a, b) a##b
#define LAYOUT_PASTE(a, b) LAYOUT_CAT(a, b)
enum { is_ffi_type_uint32 = 32, is_ffi_type_sint32 = 32, is_ffi_type_uint64 = 64, is_ffi_type_sint64 = 64 };
_Static_assert(LAYOUT_PASTE(is_, ffi_type_ulong) == 8 * sizeof(long) &&
                   LAYOUT_PASTE(is_, ffi_type_slong) == 8 * sizeof(long),
               "ffi_type_ulong and ffi_type_slong: long's size");

#if defined(__APPLE__)
_Static_assert(offsetof(ffi_cif, aarch64_nfixedargs) == 32, "Apple's ffi_cif: aarch64_nfixedargs after flags");
_Static_assert(FFI_DEFAULT_ABI == FFI_SYSV, "Apple's default ABI");
_Static_assert(FFI_TRAMPOLINE_SIZE == 16 && sizeof(ffi_closure) == 40 && offsetof(ffi_closure, cif) == 16 &&
                   offsetof(ffi_closure, fun) == 24 && offsetof(ffi_closure, user_data) == 32,
               "Apple's closure: two pointers of the trampoline table, then cif, fun, user_data");
#ifndef FFI_TARGET_HAS_COMPLEX_TYPE
#error "Apple's libffi has complex types"
#endif
_Static_assert(sizeof(long) == 8, "LP64");
#else /* _WIN32 */
_Static_assert(offsetof(ffi_cif, is_variadic) == 32, "Windows' ffi_cif: is_variadic after flags");
_Static_assert(FFI_DEFAULT_ABI == FFI_WIN64, "Windows' default ABI");
_Static_assert(FFI_TRAMPOLINE_SIZE == 24 && sizeof(ffi_closure) == 48 && offsetof(ffi_closure, cif) == 24 &&
                   offsetof(ffi_closure, fun) == 32 && offsetof(ffi_closure, user_data) == 40,
               "Windows' closure: a 24-byte trampoline, then cif, fun, user_data");
#ifdef FFI_TARGET_HAS_COMPLEX_TYPE
#error "Windows' libffi has no complex types"
#endif
_Static_assert(sizeof(long) == 4, "LLP64");
#endif
