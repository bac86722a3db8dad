// SPDX-License-Identifier: MIT
/* The closure benchmark's C side: the callers (bench_closure_callers.c) and the handlers
 * (bench_closure_handlers.c), for signatures b, c, e and f of bench_callees.h.
 *
 * A caller calls `fn` with fixed argument values and stores the result to r (as the C type). The
 * same caller calls the ordinary C function (bench_callee_*: the direct floor) and every
 * closure, so only the callee side differs. Each handler does the callee's arithmetic on the
 * arguments it is handed and reads every one of them.
 *
 * Everything lives in translation units of its own and is only reached through pointers. */
#ifndef JITFFI_BENCH_CLOSURES_H
#define JITFFI_BENCH_CLOSURES_H

#include <ffi.h>
#include <stdint.h>

#include "bench_callees.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The callers: noinline, reached only through a pointer. */
void bench_ccall_b(void* fn, void* r);
void bench_ccall_c(void* fn, void* r);
void bench_ccall_e(void* fn, void* r);
void bench_ccall_f(void* fn, void* r);

#if BENCH_WIN64
/* The same callers with an ms_abi call (the callers themselves have the host's convention): they
 * call bench_callee_w64_* (the Win64 floor) or a closure made for Abi::kWin64 / FFI_WIN64. The
 * handlers below serve both conventions. */
void bench_ccall_w64_b(void* fn, void* r);
void bench_ccall_w64_c(void* fn, void* r);
void bench_ccall_w64_e(void* fn, void* r);
void bench_ccall_w64_f(void* fn, void* r);
#endif

/* libffi's handler shape with libffi's ctx type (an ffi_cif): for closures made through the
 * C API, jitffi's and the system libffi's. Integral returns are written as a widened ffi_arg, as
 * libffi asks. */
void bench_hcif_b(ffi_cif* cif, void* ret, void** args, void* user);
void bench_hcif_c(ffi_cif* cif, void* ret, void** args, void* user);
void bench_hcif_e(ffi_cif* cif, void* ret, void** args, void* user);
void bench_hcif_f(ffi_cif* cif, void* ret, void** args, void* user);

/* The same bodies as jitffi::ClosureHandler (ctx is the CallInterface): RawClosure, avalues. */
void bench_hav_b(const void* ctx, void* ret, void** args, void* user);
void bench_hav_c(const void* ctx, void* ret, void** args, void* user);
void bench_hav_e(const void* ctx, void* ret, void** args, void* user);
void bench_hav_f(const void* ctx, void* ret, void** args, void* user);

/* jitffi::SlotsClosureHandler: args[i] is argument i's 8-byte slot (the value, or for the
 * structs of f a pointer to it). Returns are written as the C type. */
void bench_hslots_b(const void* ctx, void* ret, const uint64_t* args, void* user);
void bench_hslots_c(const void* ctx, void* ret, const uint64_t* args, void* user);
void bench_hslots_e(const void* ctx, void* ret, const uint64_t* args, void* user);
void bench_hslots_f(const void* ctx, void* ret, const uint64_t* args, void* user);

#ifdef __cplusplus
}
#endif

#endif
