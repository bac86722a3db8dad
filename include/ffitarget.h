/* SPDX-License-Identifier: MIT */
/* jitffi — target definitions for the libffi-compatible C API: the header of the architecture
   being compiled for (its ffi_abi values, ffi_arg, FFI_TRAMPOLINE_SIZE, …), as libffi has them
   for that architecture. */
#ifndef JITFFI_FFITARGET_H
#define JITFFI_FFITARGET_H

#ifndef LIBFFI_H
#error "include <ffi.h> instead of <ffitarget.h>"
#endif

#if defined(__x86_64__) && !defined(_WIN32)
#include "ffitarget-x86_64.h"
#elif defined(__aarch64__) && (defined(__linux__) || defined(__APPLE__) || defined(_WIN32))
#include "ffitarget-aarch64.h"
#elif defined(__riscv) && __riscv_xlen == 64 && defined(__linux__)
#include "ffitarget-riscv64.h"
#else
#error "jitffi's libffi API has no target definitions for this architecture yet"
#endif

#endif
