/* SPDX-License-Identifier: MIT */
/* Register capture for inputs_test.cpp on RISC-V 64 (the counterpart of capture_x64.S and
   capture_a64.S): a callee that records every argument register and the first 64 words of its
   stack arguments in inputs_captured, and returns fixed patterns in every return register.
   Called through jitffi's and the system libffi's ffi_call with the same cif description, it
   shows where each implementation puts each byte.
 *
 * inputs_captured (struct InputsCaptured in the test):
 *   0   gp[10]     a0-a7, t2 (the static chain), one unused
 *   80  count      unused on RISC-V
 *   96  vec[8][16] fa0-fa7 (64 bits each, the rest of each slot zero)
 *   224 stack[64]  the words from the stack pointer at entry on
 * Return registers: a0 0x1111..., a1 0x2222..., and every byte of fa0 0x33, fa1 0x44. */

        .bss
        .p2align 4
        .globl  inputs_captured
inputs_captured:
        .zero   224 + 512

        .text
        .globl  inputs_capture
        .type   inputs_capture, %function
        .p2align 2
inputs_capture:
        lla     t0, inputs_captured
        sd      a0, 0(t0)
        sd      a1, 8(t0)
        sd      a2, 16(t0)
        sd      a3, 24(t0)
        sd      a4, 32(t0)
        sd      a5, 40(t0)
        sd      a6, 48(t0)
        sd      a7, 56(t0)
        sd      t2, 64(t0)
        fsd     fa0, 96(t0)
        fsd     fa1, 112(t0)
        fsd     fa2, 128(t0)
        fsd     fa3, 144(t0)
        fsd     fa4, 160(t0)
        fsd     fa5, 176(t0)
        fsd     fa6, 192(t0)
        fsd     fa7, 208(t0)
        mv      t1, sp
        addi    t3, t0, 224
        li      t4, 64
1:      ld      t5, 0(t1)
        sd      t5, 0(t3)
        addi    t1, t1, 8
        addi    t3, t3, 8
        addi    t4, t4, -1
        bnez    t4, 1b
        li      a0, 0x1111111111111111
        li      a1, 0x2222222222222222
        li      t0, 0x3333333333333333
        fmv.d.x fa0, t0
        li      t0, 0x4444444444444444
        fmv.d.x fa1, t0
        ret
        .size   inputs_capture, .-inputs_capture

        .section .note.GNU-stack,"",%progbits
