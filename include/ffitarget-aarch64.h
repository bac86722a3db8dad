/* SPDX-License-Identifier: MIT */
/* jitffi — target definitions for the libffi-compatible C API on AArch64 (selected by
   <ffitarget.h>). Values and layouts match libffi's aarch64 port, so binaries built against
   libffi's headers work with jitffi's library and the other way round:
     Linux    ffi_cif 32 bytes; a 24-byte trampoline, ffi_closure 48 bytes with cif at 24; Go
              closures (static chain x18)
     Apple    ffi_cif 40 bytes (+ aarch64_nfixedargs); FFI_TRAMPOLINE_SIZE 16 — libffi's closures
              there hold two pointers into a table of prebuilt trampolines instead of code
              (jitffi's ffi_closure keeps the name tramp for those 16 bytes) — ffi_closure 40
              bytes with cif at 16; no Go closures (x18 is reserved)
     Windows  ffi_cif 40 bytes (+ is_variadic); a 24-byte trampoline, ffi_closure 48 bytes;
              FFI_DEFAULT_ABI is FFI_WIN64; ffi_arg is unsigned long long (long has 32 bits);
              no Go closures (x18 points to the TEB), no complex types
   jitffi itself is built for Linux only: on Apple and Windows these are the layouts a program
   compiled against <ffi.h> there bakes in (tests/dropin/layout_a64_platforms.c). */
#ifndef JITFFI_FFITARGET_AARCH64_H
#define JITFFI_FFITARGET_AARCH64_H

#ifndef LIBFFI_H
#error "include <ffi.h> instead of <ffitarget-aarch64.h>"
#endif

#ifndef LIBFFI_ASM
#ifdef _WIN32
typedef unsigned long long ffi_arg;
typedef signed long long ffi_sarg;
#else
typedef unsigned long ffi_arg;
typedef signed long ffi_sarg;
#endif

/* The ABIs a cif can use on AArch64. FFI_WIN64 is Windows on Arm's convention (variadic
   arguments in general registers, long double as double): libffi's headers accept it
   everywhere and libffi ignores it on Linux; jitffi calls and makes closures with it. */
typedef enum ffi_abi {
  FFI_FIRST_ABI = 0,
  FFI_SYSV = 1,       /* AAPCS64 (Apple's variant on Apple platforms) */
  FFI_WIN64 = 2,      /* Windows on Arm (AAPCS64 with Microsoft's variadic rules) */
  FFI_LAST_ABI = 3,
#ifdef _WIN32
  FFI_DEFAULT_ABI = FFI_WIN64
#else
  FFI_DEFAULT_ABI = FFI_SYSV
#endif
} ffi_abi;
#endif

/* The fields libffi's ffi_cif has after flags on these platforms (<ffi.h> appends them). */
#if defined(__APPLE__)
#define FFI_EXTRA_CIF_FIELDS unsigned aarch64_nfixedargs
#elif defined(_WIN32)
#define FFI_EXTRA_CIF_FIELDS unsigned is_variadic
#endif

#define FFI_CLOSURES 1
#if !defined(__APPLE__) && !defined(_WIN32)
/* Go closures: the closure travels in the static-chain register, x18 (which Apple and Windows
   reserve: no Go closures there). */
#define FFI_GO_CLOSURES 1
#endif
#if defined(__APPLE__)
/* libffi's trampoline-table closure: two pointers where the trampoline would be. */
#define FFI_TRAMPOLINE_SIZE 16
#else
/* The closure trampoline at the start of ffi_closure (lib/emit/a64/a64_trampoline_p.h); the
   closure's fields follow it. */
#define FFI_TRAMPOLINE_SIZE 24
#endif
#define FFI_TRAMPOLINE_CLOSURE_OFFSET FFI_TRAMPOLINE_SIZE
#define FFI_NATIVE_RAW_API 0
#ifndef _WIN32
#define FFI_TARGET_HAS_COMPLEX_TYPE 1
#endif
#define FFI_TARGET_HAS_INT128 1

#endif
