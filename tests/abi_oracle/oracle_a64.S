/* SPDX-License-Identifier: MIT */
/* The ABI oracle's register routines for aarch64 (see oracle.h; offsets from OracleRegs,
 * OracleCapture and OracleReturn there). */

/* An OracleRegs at \base: x0–x8 at 0, q0–q7 at 80. */
    .macro store_regs base
    stp x0, x1, [\base, #0]
    stp x2, x3, [\base, #16]
    stp x4, x5, [\base, #32]
    stp x6, x7, [\base, #48]
    str x8, [\base, #64]
    stp q0, q1, [\base, #80]
    stp q2, q3, [\base, #112]
    stp q4, q5, [\base, #144]
    stp q6, q7, [\base, #176]
    .endm
    .macro load_regs base
    ldp q0, q1, [\base, #80]
    ldp q2, q3, [\base, #112]
    ldp q4, q5, [\base, #144]
    ldp q6, q7, [\base, #176]
    ldp x0, x1, [\base, #0]
    ldp x2, x3, [\base, #16]
    ldp x4, x5, [\base, #32]
    ldp x6, x7, [\base, #48]
    ldr x8, [\base, #64]
    .endm

    .text

/* void oracle_capture(...): called by caller_i with the row's prototype. Records x0–x8, q0–q7,
 * the stack pointer and the first oracle_max_stack_bytes of the incoming stack area in
 * oracle_capture_buffer, lets oracle_capture_finish write a result passed by reference, and
 * returns with x0–x1 and q0–q3 loaded from oracle_ret_image. */
    .globl oracle_capture
    .type oracle_capture, %function
    .p2align 2
oracle_capture:
    adrp x9, oracle_capture_buffer
    add x9, x9, :lo12:oracle_capture_buffer
    store_regs x9
    mov x10, sp
    str x10, [x9, #208]
    adrp x11, oracle_max_stack_bytes
    ldr x11, [x11, :lo12:oracle_max_stack_bytes]
    add x12, x9, #224
1:  cbz x11, 2f
    ldp x13, x14, [x10], #16
    stp x13, x14, [x12], #16
    sub x11, x11, #16
    b 1b
2:  stp x29, x30, [sp, #-16]!
    mov x29, sp
    mov x0, x9
    bl oracle_capture_finish
    adrp x9, oracle_ret_image
    add x9, x9, :lo12:oracle_ret_image
    ldp x0, x1, [x9, #0]
    ldp q0, q1, [x9, #16]
    ldp q2, q3, [x9, #48]
    ldp x29, x30, [sp], #16
    ret
    .size oracle_capture, . - oracle_capture

/* void oracle_invoke(const OracleRegs* in, const void* stack, uint64_t stackBytes,
 *                    void (*fn)(void), OracleRegs* out):
 * copies stackBytes (a multiple of 16) from stack to a new outgoing area, loads x0–x8 and q0–q7
 * from *in, calls fn, and stores x0–x8 and q0–q7 as fn left them in *out. */
    .globl oracle_invoke
    .type oracle_invoke, %function
    .p2align 2
oracle_invoke:
    stp x29, x30, [sp, #-48]!
    mov x29, sp
    stp x19, x20, [sp, #16]
    str x21, [sp, #32]
    mov x19, x0
    mov x20, x4
    mov x21, x3
    sub sp, sp, x2
    mov x10, sp
1:  cbz x2, 2f
    ldp x11, x12, [x1], #16
    stp x11, x12, [x10], #16
    sub x2, x2, #16
    b 1b
2:  load_regs x19
    blr x21
    store_regs x20
    mov sp, x29
    ldp x19, x20, [sp, #16]
    ldr x21, [sp, #32]
    ldp x29, x30, [sp], #48
    ret
    .size oracle_invoke, . - oracle_invoke

    .section .note.GNU-stack, "", %progbits
