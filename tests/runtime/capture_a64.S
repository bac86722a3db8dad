/* SPDX-License-Identifier: MIT */
/* Register capture for inputs_test.cpp on AArch64 (the counterpart of capture_x64.S): a callee
   that records every argument register and the first 64 words of its stack arguments in
   inputs_captured, and returns fixed patterns in every return register. Called through jitffi's
   and the system libffi's ffi_call with the same cif description, it shows where each
   implementation puts each byte.
 *
 * inputs_captured (struct InputsCaptured in the test):
 *   0   gp[10]     x0-x7, x8 (the indirect result location), x18 (the static chain)
 *   80  count      unused on AArch64
 *   96  vec[8][16] q0-q7
 *   224 stack[64]  the words from the stack pointer at entry on
 * Return registers: x0 0x1111..., x1 0x2222..., and every byte of v0 0x33, v1 0x44, v2 0x55,
 * v3 0x66. */

        .bss
        .p2align 4
        .globl  inputs_captured
inputs_captured:
        .zero   224 + 512

        .text
.macro  pattern vreg, byte
        movi    \vreg\().16b, #\byte
.endm

        .globl  inputs_capture
        .type   inputs_capture, %function
        .p2align 2
inputs_capture:
        hint    #34                     /* bti c: called through function pointers */
        adrp    x9, inputs_captured
        add     x9, x9, :lo12:inputs_captured
        stp     x0, x1, [x9, #0]
        stp     x2, x3, [x9, #16]
        stp     x4, x5, [x9, #32]
        stp     x6, x7, [x9, #48]
        stp     x8, x18, [x9, #64]
        stp     q0, q1, [x9, #96]
        stp     q2, q3, [x9, #128]
        stp     q4, q5, [x9, #160]
        stp     q6, q7, [x9, #192]
        mov     x10, sp
        add     x11, x9, #224
        mov     x12, #64
1:      ldr     x13, [x10], #8
        str     x13, [x11], #8
        subs    x12, x12, #1
        b.ne    1b
        mov     x0, #0x1111111111111111
        mov     x1, #0x2222222222222222
        pattern v0, 0x33
        pattern v1, 0x44
        pattern v2, 0x55
        pattern v3, 0x66
        ret
        .size   inputs_capture, .-inputs_capture

        .section .note.GNU-stack,"",%progbits
