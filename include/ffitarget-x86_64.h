/* SPDX-License-Identifier: MIT */
/* jitffi — target definitions for the libffi-compatible C API on x86-64 Unix (selected by
   <ffitarget.h>). Values and layouts match libffi's x86-64 port, so binaries built against
   libffi's headers work with jitffi's library and the other way round. */
#ifndef JITFFI_FFITARGET_X86_64_H
#define JITFFI_FFITARGET_X86_64_H

#ifndef LIBFFI_H
#error "include <ffi.h> instead of <ffitarget-x86_64.h>"
#endif

#ifndef X86_64
#define X86_64
#endif

#ifndef LIBFFI_ASM
typedef unsigned long ffi_arg;
typedef signed long ffi_sarg;

/* The ABIs a cif can use on x86-64 Unix. FFI_EFI64 is another name for FFI_WIN64. */
typedef enum ffi_abi {
  FFI_FIRST_ABI = 1,
  FFI_UNIX64 = 2,     /* System V AMD64 */
  FFI_WIN64 = 3,      /* Microsoft x64, long double as double */
  FFI_EFI64 = FFI_WIN64,
  FFI_GNUW64 = 4,     /* Microsoft x64 as gcc does it: 80-bit long double by reference */
  FFI_LAST_ABI = 5,
  FFI_DEFAULT_ABI = FFI_UNIX64
} ffi_abi;
#endif

#define FFI_CLOSURES 1
#define FFI_GO_CLOSURES 1
/* The closure trampoline at the start of ffi_closure (lib/emit/x64/x64_trampoline_p.h). */
#define FFI_TRAMPOLINE_SIZE 32
#define FFI_NATIVE_RAW_API 0
#define FFI_TARGET_HAS_COMPLEX_TYPE 1
#define FFI_TARGET_HAS_INT128 1
/* FFI_TYPE_VECTOR (libffi 3.8): vectors of 8 and 16 bytes under FFI_UNIX64; FFI_WIN64 and
   FFI_GNUW64, and wider vectors, are FFI_BAD_TYPEDEF, as in libffi. */
#define FFI_TARGET_HAS_VECTOR_TYPE 1

#endif
