/* SPDX-License-Identifier: MIT */
/* jitffi — target definitions for the libffi-compatible C API on RISC-V 64 Linux (LP64D; selected
   by <ffitarget.h>). Values and layouts match libffi's riscv port (ffi_cif 40 bytes with
   riscv_nfixedargs and riscv_unused, ffi_closure 48 bytes with cif at 24), so binaries built
   against libffi's headers work with jitffi's library and the other way round. */
#ifndef JITFFI_FFITARGET_RISCV64_H
#define JITFFI_FFITARGET_RISCV64_H

#ifndef LIBFFI_H
#error "include <ffi.h> instead of <ffitarget-riscv64.h>"
#endif

#ifndef LIBFFI_ASM
typedef unsigned long ffi_arg;
typedef signed long ffi_sarg;

/* The ABIs a cif can use on RISC-V 64 Linux: FFI_SYSV is the psABI's calling convention of the
   ABI the library was built for (LP64D). libffi keeps three more values for the other
   floating-point ABIs of its port; jitffi refuses them (FFI_BAD_ABI). */
typedef enum ffi_abi {
  FFI_FIRST_ABI = 0,
  FFI_SYSV = 1,
  FFI_UNUSED_1 = 2,
  FFI_UNUSED_2 = 3,
  FFI_UNUSED_3 = 4,
  FFI_LAST_ABI = 5,
  FFI_DEFAULT_ABI = FFI_SYSV
} ffi_abi;
#endif

/* libffi's riscv cif carries the number of fixed arguments of a variadic call (and a spare
   word): jitffi keeps the fields, for the layout. */
#define FFI_EXTRA_CIF_FIELDS unsigned riscv_nfixedargs; unsigned riscv_unused

#define FFI_CLOSURES 1
/* Go closures: the closure travels in the static-chain register, t2. */
#define FFI_GO_CLOSURES 1
/* The closure trampoline at the start of ffi_closure (lib/emit/rv64/rv64_trampoline_p.h); the
   closure's fields follow it. */
#define FFI_TRAMPOLINE_SIZE 24
#define FFI_TRAMPOLINE_CLOSURE_OFFSET FFI_TRAMPOLINE_SIZE
#define FFI_NATIVE_RAW_API 0
#define FFI_TARGET_HAS_COMPLEX_TYPE 1
#define FFI_TARGET_HAS_INT128 1

#endif
