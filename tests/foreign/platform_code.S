/* SPDX-License-Identifier: MIT */
/* Apple and Windows arm64 code written by hand (foreign_test.cpp, platform_reg_test.cpp): what a
 * caller or callee of those conventions does that clang's code cannot show.
 *
 *   uint64_t foreign_image_call(void (*fn)(), const uint64_t regs[9], const void* stack,
 *                               uint64_t stackBytes, uint64_t* x18, uint64_t result[6]);
 *     A caller built from a register image: calls fn with x0-x8 loaded from regs (x8: where a
 *     result returned in memory goes) and the stackBytes bytes (a multiple of 16) at stack as its
 *     stack arguments, with x18 holding *x18 (the platform register such a caller keeps: its TEB
 *     on Windows), stores in *x18 what x18 holds when fn returns, in result the registers a
 *     result comes back in (x0, x1, d0-d3), and returns fn's x0. Whoever builds the image
 *     decides the placement (foreign_test.cpp builds Windows' imaginary stack from Microsoft's
 *     document, where clang 14's callers deviate from it).
 *
 *   void foreign_with_x18(void (*thunk)(void*), void* ctx, uint64_t x18);
 *     Calls thunk(ctx) with x18 = x18: the platform register as an Apple or Windows caller
 *     holds it, for C++ code that calls through jitffi (platform_reg_test.cpp).
 *
 *   uint64_t foreign_x18_seen(void);
 *     A callee that returns the x18 it was called with.
 *
 *   void foreign_x18_clobbering_handler(const void* ctx, void* ret, void** args, void* user);
 *     A closure handler of the Linux convention, where x18 is a temporary any function may
 *     change: it writes x18 and returns (*(uint64_t*)ret = *(uint64_t*)args[0]).
 *
 * The caller's own x18 (a Linux temporary) is restored by the first two on return. */
#include "../../lib/emit/a64/a64_asm_p.h"

        .text

        .p2align 4
        .globl  foreign_image_call
        .hidden foreign_image_call
        .type   foreign_image_call, %function
foreign_image_call:
        .cfi_startproc
        BTI_C
        stp     x29, x30, [sp, #-48]!
        .cfi_def_cfa_offset 48
        .cfi_offset x29, -48
        .cfi_offset x30, -40
        mov     x29, sp
        .cfi_def_cfa_register x29
        stp     x19, x20, [sp, #16]
        .cfi_offset x19, -32
        .cfi_offset x20, -24
        str     x21, [sp, #32]
        .cfi_offset x21, -16
        mov     x19, x4                 /* where x18 comes from and goes back to */
        mov     x20, x18                /* this caller's own x18 */
        mov     x21, x5                 /* result */
        mov     x16, x0                 /* fn */
        mov     x9, x1                  /* regs */
        sub     sp, sp, x3
        mov     x10, sp
        cbz     x3, 2f
1:      ldp     x11, x12, [x2], #16
        stp     x11, x12, [x10], #16
        subs    x3, x3, #16
        b.ne    1b
2:      ldr     x18, [x19]
        ldp     x0, x1, [x9]
        ldp     x2, x3, [x9, #16]
        ldp     x4, x5, [x9, #32]
        ldp     x6, x7, [x9, #48]
        ldr     x8, [x9, #64]
        blr     x16
        str     x18, [x19]
        mov     x18, x20
        stp     x0, x1, [x21]
        stp     d0, d1, [x21, #16]
        stp     d2, d3, [x21, #32]
        mov     sp, x29
        ldp     x19, x20, [sp, #16]
        ldr     x21, [sp, #32]
        ldp     x29, x30, [sp], #48
        .cfi_restore x19
        .cfi_restore x20
        .cfi_restore x21
        .cfi_restore x29
        .cfi_restore x30
        .cfi_def_cfa sp, 0
        ret
        .cfi_endproc
        .size   foreign_image_call, .-foreign_image_call

        .p2align 4
        .globl  foreign_with_x18
        .hidden foreign_with_x18
        .type   foreign_with_x18, %function
foreign_with_x18:
        .cfi_startproc
        BTI_C
        stp     x29, x30, [sp, #-32]!
        .cfi_def_cfa_offset 32
        .cfi_offset x29, -32
        .cfi_offset x30, -24
        mov     x29, sp
        str     x19, [sp, #16]
        .cfi_offset x19, -16
        mov     x19, x18
        mov     x18, x2
        mov     x16, x0
        mov     x0, x1
        blr     x16
        mov     x18, x19
        ldr     x19, [sp, #16]
        ldp     x29, x30, [sp], #32
        .cfi_restore x19
        .cfi_restore x29
        .cfi_restore x30
        .cfi_def_cfa_offset 0
        ret
        .cfi_endproc
        .size   foreign_with_x18, .-foreign_with_x18

        .p2align 4
        .globl  foreign_x18_seen
        .hidden foreign_x18_seen
        .type   foreign_x18_seen, %function
foreign_x18_seen:
        BTI_C
        mov     x0, x18
        ret
        .size   foreign_x18_seen, .-foreign_x18_seen

        .p2align 4
        .globl  foreign_x18_clobbering_handler
        .hidden foreign_x18_clobbering_handler
        .type   foreign_x18_clobbering_handler, %function
foreign_x18_clobbering_handler:
        BTI_C
        ldr     x9, [x2]
        ldr     x9, [x9]
        str     x9, [x1]
        mov     x18, #0x0bad
        ret
        .size   foreign_x18_clobbering_handler, .-foreign_x18_clobbering_handler

        GNU_PROPERTY_NOTE
        .section .note.GNU-stack,"",%progbits
