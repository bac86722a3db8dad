/* SPDX-License-Identifier: MIT */
/* jitffi — the interpreted fallback's closure entries for AArch64 (AAPCS64, Linux).
 *
 * A closure trampoline (a64_trampoline_p.h) branches to one of the entries below with x17 = the
 * closure object (`br x16`); a Go closure's caller calls its entry with x18 = the closure (the
 * static chain). Each entry moves the closure to x17, loads its own address into x9 and joins the
 * common body, which saves the argument registers into a VarArgsFrame (x0-x8 in GP slots 0-8,
 * q0-q7 in the vector slots: kA64Registers, a64_p.h), calls
 *   jitffi_interp_closure(closure, entry, frame, result)
 * (C++, lib/runtime/closure.cpp: it finds what the entry serves in a64_host.cpp's table, reaches
 * the plan through the closure object and calls the handler), loads the return registers x0, x1
 * and q0-q3 from the result (ReturnRegs), and returns. The callee-saved registers (x19-x29,
 * d8-d15) are the C++ code's to preserve: the handler convention is the closure's. x18 is not:
 * Linux code may use it as a temporary, while Apple's and Windows' callers keep their platform
 * register in it (CallPlan::platformRegReserved), so the body gives the caller back the x18 it
 * came with (for every closure: to a Linux caller, x18 is a temporary either way).
 *
 * Frame (from sp after the prologue): VarArgsFrame at 0, ReturnRegs at RESULT, the caller's x18
 * at X18, then the frame record (x29, x30) at FRAME; sp stays 16-aligned. Offsets:
 * ../interp_frame_p.h.
 */
#include "../interp_frame_p.h"
#include "a64_asm_p.h"

#define GP(n) (JITFFI_REGS_GP+8*(n))
#define VEC(n) (JITFFI_REGS_VEC+16*(n))
#define RESULT JITFFI_VA_SIZE
#define X18 (RESULT+JITFFI_RET_SIZE)
#define FRAME (X18+16)

/* An entry: the closure in x17 (from `reg`), x9 = its own address, then the common body. */
.macro INTERP_ENTRY name, reg=x17
        .p2align 4
        .globl  \name
        .hidden \name
        .type   \name, %function
\name:
        BTI_C
        .ifnc \reg, x17
        mov     x17, \reg
        .endif
        adr     x9, \name
        b       jitffi_a64_closure_interp_common
        .size   \name, .-\name
.endm

        .text
        INTERP_ENTRY jitffi_a64_closure_interp_cif           /* ctx is an ffi_cif, libffi handler shape */
        INTERP_ENTRY jitffi_a64_closure_interp_avalues       /* ctx is a CallInterface, avalues handler */
        INTERP_ENTRY jitffi_a64_closure_interp_slots         /* ctx is a CallInterface, slots handler */
        INTERP_ENTRY jitffi_a64_closure_interp_go, x18       /* x18 is a libffi Go closure */

        .p2align 4
        .type   jitffi_a64_closure_interp_common, %function
jitffi_a64_closure_interp_common:
        .cfi_startproc
        stp     x29, x30, [sp, #-16]!
        .cfi_def_cfa_offset 16
        .cfi_offset x29, -16
        .cfi_offset x30, -8
        mov     x29, sp
        .cfi_def_cfa_register x29
        sub     sp, sp, #FRAME
        stp     x0, x1, [sp, #GP(0)]
        stp     x2, x3, [sp, #GP(2)]
        stp     x4, x5, [sp, #GP(4)]
        stp     x6, x7, [sp, #GP(6)]
        str     x8, [sp, #GP(8)]        /* the indirect result location */
        str     x18, [sp, #X18]         /* the caller's x18, given back */
        stp     q0, q1, [sp, #VEC(0)]
        stp     q2, q3, [sp, #VEC(2)]
        stp     q4, q5, [sp, #VEC(4)]
        stp     q6, q7, [sp, #VEC(6)]
        add     x10, x29, #16
        str     x10, [sp, #JITFFI_VA_STACK]     /* the caller's stack arguments */

        mov     x0, x17                 /* closure */
        mov     x1, x9                  /* entry */
        mov     x2, sp                  /* frame */
        add     x3, sp, #RESULT         /* result */
        bl      jitffi_interp_closure

        ldp     x0, x1, [sp, #RESULT+JITFFI_RET_GP]
        ldp     q0, q1, [sp, #RESULT+JITFFI_RET_VEC]
        ldp     q2, q3, [sp, #RESULT+JITFFI_RET_VEC+32]
        ldr     x18, [sp, #X18]
        mov     sp, x29
        ldp     x29, x30, [sp], #16
        .cfi_restore x29
        .cfi_restore x30
        .cfi_def_cfa sp, 0
        ret
        .cfi_endproc
        .size   jitffi_a64_closure_interp_common, .-jitffi_a64_closure_interp_common

        GNU_PROPERTY_NOTE
        .section .note.GNU-stack,"",%progbits
