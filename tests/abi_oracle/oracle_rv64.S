/* SPDX-License-Identifier: MIT */
/* The ABI oracle's register routines for riscv64, LP64D (see oracle.h; offsets from OracleRegs,
 * OracleCapture and OracleReturn there). */

/* An OracleRegs at \base: a0–a7 at 0, fa0–fa7 (64 bits each) at 64. */
    .macro store_regs base
    sd a0, 0(\base)
    sd a1, 8(\base)
    sd a2, 16(\base)
    sd a3, 24(\base)
    sd a4, 32(\base)
    sd a5, 40(\base)
    sd a6, 48(\base)
    sd a7, 56(\base)
    fsd fa0, 64(\base)
    fsd fa1, 72(\base)
    fsd fa2, 80(\base)
    fsd fa3, 88(\base)
    fsd fa4, 96(\base)
    fsd fa5, 104(\base)
    fsd fa6, 112(\base)
    fsd fa7, 120(\base)
    .endm
    .macro load_regs base
    fld fa0, 64(\base)
    fld fa1, 72(\base)
    fld fa2, 80(\base)
    fld fa3, 88(\base)
    fld fa4, 96(\base)
    fld fa5, 104(\base)
    fld fa6, 112(\base)
    fld fa7, 120(\base)
    ld a0, 0(\base)
    ld a1, 8(\base)
    ld a2, 16(\base)
    ld a3, 24(\base)
    ld a4, 32(\base)
    ld a5, 40(\base)
    ld a6, 48(\base)
    ld a7, 56(\base)
    .endm

    .text

/* void oracle_capture(...): called by caller_i with the row's prototype. Records a0–a7,
 * fa0–fa7, the stack pointer and the first oracle_max_stack_bytes of the incoming stack area in
 * oracle_capture_buffer, lets oracle_capture_finish write a result passed by reference, and
 * returns with a0, a1 and fa0, fa1 loaded from oracle_ret_image (all 64 bits: a narrow value
 * there is as the harness widened it). */
    .globl oracle_capture
    .type oracle_capture, @function
    .p2align 2
oracle_capture:
    lla t0, oracle_capture_buffer
    store_regs t0
    sd sp, 128(t0)
    ld t1, oracle_max_stack_bytes
    addi t2, t0, 144
    mv t3, sp
1:  beqz t1, 2f
    ld t4, 0(t3)
    ld t5, 8(t3)
    sd t4, 0(t2)
    sd t5, 8(t2)
    addi t3, t3, 16
    addi t2, t2, 16
    addi t1, t1, -16
    j 1b
2:  addi sp, sp, -16
    sd ra, 8(sp)
    mv a0, t0
    call oracle_capture_finish
    lla t0, oracle_ret_image
    ld a0, 0(t0)
    ld a1, 8(t0)
    fld fa0, 16(t0)
    fld fa1, 24(t0)
    ld ra, 8(sp)
    addi sp, sp, 16
    ret
    .size oracle_capture, . - oracle_capture

/* void oracle_invoke(const OracleRegs* in, const void* stack, uint64_t stackBytes,
 *                    void (*fn)(void), OracleRegs* out):
 * copies stackBytes (a multiple of 16) from stack to a new outgoing area, loads a0–a7 and
 * fa0–fa7 from *in, calls fn, and stores a0–a7 and fa0–fa7 as fn left them in *out. */
    .globl oracle_invoke
    .type oracle_invoke, @function
    .p2align 2
oracle_invoke:
    addi sp, sp, -48
    sd ra, 40(sp)
    sd s0, 32(sp)
    sd s1, 24(sp)
    sd s2, 16(sp)
    sd s3, 8(sp)
    mv s0, sp
    mv s1, a0
    mv s2, a4
    mv s3, a3
    sub sp, sp, a2
    mv t0, sp
1:  beqz a2, 2f
    ld t1, 0(a1)
    ld t2, 8(a1)
    sd t1, 0(t0)
    sd t2, 8(t0)
    addi a1, a1, 16
    addi t0, t0, 16
    addi a2, a2, -16
    j 1b
2:  load_regs s1
    jalr s3
    store_regs s2
    mv sp, s0
    ld ra, 40(sp)
    ld s0, 32(sp)
    ld s1, 24(sp)
    ld s2, 16(sp)
    ld s3, 8(sp)
    addi sp, sp, 48
    ret
    .size oracle_invoke, . - oracle_invoke

    .section .note.GNU-stack, "", @progbits
