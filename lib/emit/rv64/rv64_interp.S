/* SPDX-License-Identifier: MIT */
/* jitffi — the interpreted fallback's call routine for RISC-V 64 (LP64D, Linux).
 *
 *   void jitffi_rv64_invoke(struct InterpFrame* f, const struct InterpCall* c);
 *
 * Copies c->stackBytes bytes (a multiple of 16) from the stack image (at JITFFI_IF_SIZE in f) to
 * the outgoing argument area, loads the registers of the GP slots [0, c->gpLoads) and of the
 * vector slots [0, c->vecLoads) from f->regs (64 bits each: a float arrives NaN-boxed in its
 * slot), calls f->fn, and stores a0, a1, fa0 and fa1 into f->ret. Each register class is loaded
 * by jumping into its unrolled sequence of loads (last slot first) as many loads before its end
 * as there are slots to load: 4-byte instructions (norvc), fixed in place (norelax). Everything
 * ABI-specific was decided by the plan; this routine is the same for every call. The slots are
 * the ones kRv64Registers (rv64_p.h) gives, which rv64_host.cpp checks: a0-a7 in GP slots 0-7,
 * t2 (the static chain) in GP slot 8, fa0-fa7 in the vector slots 0-7; a0, a1 and fa0, fa1 in
 * the return slots. Offsets: ../interp_frame_p.h.
 *
 * ABI[riscv-psabi 1.0 "Integer Calling Convention"]: the stack arguments start at the stack
 * pointer at the call, which "shall be aligned to a 128-bit boundary upon procedure entry";
 * s0 and s1 are callee-saved ("Integer Register Convention"), so they keep the frame and f here.
 */
#include "../interp_frame_p.h"

#define GP(n) (JITFFI_REGS_GP+8*(n))
#define VEC(n) (JITFFI_REGS_VEC+16*(n))
#define RET_GP (JITFFI_IF_RET+JITFFI_RET_GP)
#define RET_VEC (JITFFI_IF_RET+JITFFI_RET_VEC)

        .text
        .globl  jitffi_rv64_invoke
        .hidden jitffi_rv64_invoke
        .type   jitffi_rv64_invoke, %function
        .p2align 2
        .option push
        .option norvc
        .option norelax
jitffi_rv64_invoke:
        .cfi_startproc
        addi    sp, sp, -32
        .cfi_def_cfa_offset 32
        sd      ra, 24(sp)
        sd      s0, 16(sp)
        sd      s1, 8(sp)
        .cfi_offset ra, -8
        .cfi_offset s0, -16
        .cfi_offset s1, -24
        addi    s0, sp, 32
        .cfi_def_cfa s0, 0
        mv      s1, a0                  /* s1 = frame (callee-saved across the call) */

        ld      t0, JITFFI_IC_STACK_BYTES(a1)   /* a multiple of 16 */
        beqz    t0, 2f
        addi    t1, s1, JITFFI_IF_SIZE          /* the stack image */
        sub     sp, sp, t0
        mv      t3, sp
1:      ld      t4, 0(t1)
        ld      t5, 8(t1)
        sd      t4, 0(t3)
        sd      t5, 8(t3)
        addi    t1, t1, 16
        addi    t3, t3, 16
        addi    t0, t0, -16
        bnez    t0, 1b
2:
        lwu     t0, JITFFI_IC_VEC_LOADS(a1)
        lwu     t1, JITFFI_IC_GP_LOADS(a1)     /* before a1 is loaded */
        beqz    t0, 4f
        slli    t0, t0, 2
3:      auipc   t3, 0
        sub     t3, t3, t0
        jalr    zero, 44(t3)            /* vecLoads loads before 4f (3b + 44) */
        fld     fa7, VEC(7)(s1)
        fld     fa6, VEC(6)(s1)
        fld     fa5, VEC(5)(s1)
        fld     fa4, VEC(4)(s1)
        fld     fa3, VEC(3)(s1)
        fld     fa2, VEC(2)(s1)
        fld     fa1, VEC(1)(s1)
        fld     fa0, VEC(0)(s1)
4:
        beqz    t1, 6f
        slli    t1, t1, 2
5:      auipc   t3, 0
        sub     t3, t3, t1
        jalr    zero, 48(t3)            /* gpLoads loads before 6f (5b + 48) */
        ld      t2, GP(8)(s1)           /* the static chain */
        ld      a7, GP(7)(s1)
        ld      a6, GP(6)(s1)
        ld      a5, GP(5)(s1)
        ld      a4, GP(4)(s1)
        ld      a3, GP(3)(s1)
        ld      a2, GP(2)(s1)
        ld      a1, GP(1)(s1)
        ld      a0, GP(0)(s1)
6:
        .if (4b - 3b) != 44 || (6b - 5b) != 48
        .error "the load sequences' ends are not where the jumps count from"
        .endif
        ld      t0, JITFFI_IF_FN(s1)
        jalr    t0

        sd      a0, RET_GP(s1)          /* ret.gp[0], ret.gp[1] */
        sd      a1, RET_GP+8(s1)
        fsd     fa0, RET_VEC(s1)        /* ret.vec[0], ret.vec[1] */
        fsd     fa1, RET_VEC+16(s1)
        addi    sp, s0, -32
        .cfi_def_cfa sp, 32
        ld      s1, 8(sp)
        ld      s0, 16(sp)
        ld      ra, 24(sp)
        .cfi_restore s1
        .cfi_restore s0
        .cfi_restore ra
        addi    sp, sp, 32
        .cfi_def_cfa_offset 0
        ret
        .cfi_endproc
        .size   jitffi_rv64_invoke, .-jitffi_rv64_invoke
        .option pop

        .section .note.GNU-stack,"",%progbits
