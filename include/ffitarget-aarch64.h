/* SPDX-License-Identifier: MIT */
/* jitffi — target definitions for the libffi-compatible C API on AArch64 Linux (selected by
   <ffitarget.h>). Values and layouts match libffi's aarch64 port on Linux (ffi_cif 32 bytes,
   ffi_closure 48 bytes with cif at 24), so binaries built against libffi's headers work with
   jitffi's library and the other way round. */
#ifndef JITFFI_FFITARGET_AARCH64_H
#define JITFFI_FFITARGET_AARCH64_H

#ifndef LIBFFI_H
#error "include <ffi.h> instead of <ffitarget-aarch64.h>"
#endif

#ifndef LIBFFI_ASM
typedef unsigned long ffi_arg;
typedef signed long ffi_sarg;

/* The ABIs a cif can use on AArch64 Linux. FFI_WIN64 is Windows on Arm's convention (variadic
   arguments in general registers, long double as double): libffi's headers accept it
   everywhere and libffi ignores it on Linux; jitffi calls and makes closures with it. */
typedef enum ffi_abi {
  FFI_FIRST_ABI = 0,
  FFI_SYSV = 1,       /* AAPCS64 */
  FFI_WIN64 = 2,      /* Windows on Arm (AAPCS64 with Microsoft's variadic rules) */
  FFI_LAST_ABI = 3,
  FFI_DEFAULT_ABI = FFI_SYSV
} ffi_abi;
#endif

#define FFI_CLOSURES 1
/* Go closures: the closure travels in the static-chain register, x18. */
#define FFI_GO_CLOSURES 1
/* The closure trampoline at the start of ffi_closure (lib/emit/a64/a64_trampoline_p.h); the
   closure's fields follow it. */
#define FFI_TRAMPOLINE_SIZE 24
#define FFI_TRAMPOLINE_CLOSURE_OFFSET FFI_TRAMPOLINE_SIZE
#define FFI_NATIVE_RAW_API 0
#define FFI_TARGET_HAS_COMPLEX_TYPE 1
#define FFI_TARGET_HAS_INT128 1

#endif
