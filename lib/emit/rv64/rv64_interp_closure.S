/* SPDX-License-Identifier: MIT */
/* jitffi — the interpreted fallback's closure entries for RISC-V 64 (LP64D, Linux).
 *
 * A closure trampoline (rv64_trampoline_p.h, or a static one: rv64_static_tramp.S) jumps to one
 * of the entries below with t1 = the closure object; a Go closure's caller calls its entry with
 * t2 = the closure (the static chain). Each entry moves the closure to t1, loads its own address
 * into t0 and joins the common body, which saves the argument registers into a VarArgsFrame
 * (a0-a7 in GP slots 0-7, fa0-fa7 in the vector slots: kRv64Registers, rv64_p.h), calls
 *   jitffi_interp_closure(closure, entry, frame, result)
 * (C++, lib/runtime/closure.cpp: it finds what the entry serves in rv64_host.cpp's table, reaches
 * the plan through the closure object and calls the handler), loads the return registers a0, a1
 * and fa0, fa1 from the result (ReturnRegs), and returns. The callee-saved registers (s0-s11,
 * fs0-fs11) are the C++ code's to preserve: the handler convention is the closure's.
 *
 * Frame (from sp after the prologue): VarArgsFrame at 0, ReturnRegs at RESULT, then s0 and ra at
 * SAVE; sp stays 16-aligned (ABI[riscv-psabi 1.0 "Integer Calling Convention"]: "The stack
 * pointer shall be aligned to a 128-bit boundary upon procedure entry"). The caller's stack
 * arguments start at the caller's sp, this frame's CFA. Offsets: ../interp_frame_p.h.
 */
#include "../interp_frame_p.h"

#define GP(n) (JITFFI_REGS_GP+8*(n))
#define VEC(n) (JITFFI_REGS_VEC+16*(n))
#define RESULT JITFFI_VA_SIZE
#define SAVE (RESULT+JITFFI_RET_SIZE)
#define FRAME (SAVE+16)

/* An entry: the closure in t1 (from `reg`), t0 = its own address, then the common body. */
.macro INTERP_ENTRY name, reg=t1
        .p2align 2
        .globl  \name
        .hidden \name
        .type   \name, %function
\name:
        .ifnc \reg, t1
        mv      t1, \reg
        .endif
        lla     t0, \name
        j       jitffi_rv64_closure_interp_common
        .size   \name, .-\name
.endm

        .text
        INTERP_ENTRY jitffi_rv64_closure_interp_cif           /* ctx is an ffi_cif, libffi handler shape */
        INTERP_ENTRY jitffi_rv64_closure_interp_avalues       /* ctx is a CallInterface, avalues handler */
        INTERP_ENTRY jitffi_rv64_closure_interp_slots         /* ctx is a CallInterface, slots handler */
        INTERP_ENTRY jitffi_rv64_closure_interp_go, t2        /* t2 is a libffi Go closure */

        .p2align 2
        .type   jitffi_rv64_closure_interp_common, %function
jitffi_rv64_closure_interp_common:
        .cfi_startproc
        addi    sp, sp, -FRAME
        .cfi_def_cfa_offset FRAME
        sd      ra, SAVE+8(sp)
        sd      s0, SAVE(sp)
        .cfi_offset ra, -8
        .cfi_offset s0, -16
        addi    s0, sp, FRAME
        .cfi_def_cfa s0, 0
        sd      a0, GP(0)(sp)
        sd      a1, GP(1)(sp)
        sd      a2, GP(2)(sp)
        sd      a3, GP(3)(sp)
        sd      a4, GP(4)(sp)
        sd      a5, GP(5)(sp)
        sd      a6, GP(6)(sp)
        sd      a7, GP(7)(sp)
        fsd     fa0, VEC(0)(sp)
        fsd     fa1, VEC(1)(sp)
        fsd     fa2, VEC(2)(sp)
        fsd     fa3, VEC(3)(sp)
        fsd     fa4, VEC(4)(sp)
        fsd     fa5, VEC(5)(sp)
        fsd     fa6, VEC(6)(sp)
        fsd     fa7, VEC(7)(sp)
        sd      s0, JITFFI_VA_STACK(sp)         /* the caller's stack arguments */

        mv      a0, t1                  /* closure */
        mv      a1, t0                  /* entry */
        mv      a2, sp                  /* frame */
        addi    a3, sp, RESULT          /* result */
        call    jitffi_interp_closure

        ld      a0, RESULT+JITFFI_RET_GP(sp)
        ld      a1, RESULT+JITFFI_RET_GP+8(sp)
        fld     fa0, RESULT+JITFFI_RET_VEC(sp)
        fld     fa1, RESULT+JITFFI_RET_VEC+16(sp)
        ld      ra, SAVE+8(sp)
        ld      s0, SAVE(sp)
        .cfi_def_cfa sp, FRAME
        .cfi_restore ra
        .cfi_restore s0
        addi    sp, sp, FRAME
        .cfi_def_cfa_offset 0
        ret
        .cfi_endproc
        .size   jitffi_rv64_closure_interp_common, .-jitffi_rv64_closure_interp_common

        .section .note.GNU-stack,"",%progbits
