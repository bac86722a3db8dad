/* SPDX-License-Identifier: MIT */
/* jitffi — the interpreted fallback's call routine for AArch64 (AAPCS64, Linux).
 *
 *   void jitffi_a64_invoke(struct InterpFrame* f, const struct InterpCall* c);
 *
 * Copies c->stackBytes bytes (a multiple of 16) from the stack image (at JITFFI_IF_SIZE in f) to
 * the outgoing argument area, loads x0-x7, x8 (the indirect result location), x18 (the static
 * chain; only for a call that passes one, c->gpLoads past its slot: never where Apple's and
 * Windows' conventions reserve x18, and the callee gets it as this routine's caller had it) and
 * q0-q7 from f->regs, calls f->fn, and stores x0, x1 and q0-q3 into f->ret.
 * Everything ABI-specific was decided by the plan; this routine is the same for every call. The slots are the ones kA64Registers
 * (a64_p.h) gives, which a64_host.cpp checks: x0-x8 in GP slots 0-8, x18 in GP slot 9, v0-v7 in
 * the vector slots 0-7; x0, x1 and v0-v3 in the return slots. Offsets: ../interp_frame_p.h.
 */
#include "../interp_frame_p.h"
#include "a64_asm_p.h"

#define GP(n) (JITFFI_REGS_GP+8*(n))
#define VEC(n) (JITFFI_REGS_VEC+16*(n))
#define RET_GP (JITFFI_IF_RET+JITFFI_RET_GP)
#define RET_VEC (JITFFI_IF_RET+JITFFI_RET_VEC)

        .text
        .globl  jitffi_a64_invoke
        .hidden jitffi_a64_invoke
        .type   jitffi_a64_invoke, %function
        .p2align 4
jitffi_a64_invoke:
        .cfi_startproc
        BTI_C                           /* called through HostRoutines::invoke */
        stp     x29, x30, [sp, #-32]!
        .cfi_def_cfa_offset 32
        .cfi_offset x29, -32
        .cfi_offset x30, -24
        mov     x29, sp
        .cfi_def_cfa_register x29
        str     x19, [sp, #16]
        .cfi_offset x19, -16
        mov     x19, x0                 /* x19 = frame (callee-saved across the call) */

        ldr     x9, [x1, #JITFFI_IC_STACK_BYTES]    /* a multiple of 16 */
        add     x10, x19, #JITFFI_IF_SIZE           /* the stack image */
        sub     sp, sp, x9
        mov     x11, sp
        cbz     x9, 2f
1:      ldp     x12, x13, [x10], #16
        stp     x12, x13, [x11], #16
        subs    x9, x9, #16
        b.ne    1b
2:
        ldr     w15, [x1, #JITFFI_IC_GP_LOADS]      /* before x1 is loaded */
        ldp     q0, q1, [x19, #VEC(0)]
        ldp     q2, q3, [x19, #VEC(2)]
        ldp     q4, q5, [x19, #VEC(4)]
        ldp     q6, q7, [x19, #VEC(6)]
        ldp     x0, x1, [x19, #GP(0)]
        ldp     x2, x3, [x19, #GP(2)]
        ldp     x4, x5, [x19, #GP(4)]
        ldp     x6, x7, [x19, #GP(6)]
        cmp     w15, #9
        b.ls    3f
        ldr     x18, [x19, #GP(9)]      /* the static chain x18 in slot 9 */
3:      ldr     x8, [x19, #GP(8)]       /* the indirect result location in slot 8 */
        ldr     x16, [x19, #JITFFI_IF_FN]
        blr     x16

        stp     x0, x1, [x19, #RET_GP]          /* ret.gp[0], ret.gp[1] */
        stp     q0, q1, [x19, #RET_VEC]         /* ret.vec[0], ret.vec[1] */
        stp     q2, q3, [x19, #RET_VEC+32]      /* ret.vec[2], ret.vec[3] */
        mov     sp, x29
        ldr     x19, [sp, #16]
        ldp     x29, x30, [sp], #32
        .cfi_restore x19
        .cfi_restore x29
        .cfi_restore x30
        .cfi_def_cfa sp, 0
        ret
        .cfi_endproc
        .size   jitffi_a64_invoke, .-jitffi_a64_invoke

        GNU_PROPERTY_NOTE
        .section .note.GNU-stack,"",%progbits
