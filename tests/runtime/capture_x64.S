/* SPDX-License-Identifier: MIT */
/* Register capture for inputs_test.cpp: a callee that records every argument register and
   the first 64 words of its stack arguments in inputs_captured, and returns fixed patterns in
   every return register. Called through jitffi's and the system libffi's ffi_call with the same
   cif description, it shows where each implementation puts each byte.
 *
 * inputs_captured (struct InputsCaptured in the test; capture_a64.S is the AArch64 counterpart):
 *   0   gp[10]     SysV: rdi rsi rdx rcx r8 r9; Win64: rcx rdx r8 r9
 *   80  count      rax at entry (SysV: the vector register count in %al)
 *   96  vec[8][16] xmm0-xmm7 (Win64: xmm0-xmm3)
 *   224 stack[64]  the words above the return address (Win64: from the home area on)
 * Return registers: rax 0x1111..., rdx 0x2222..., xmm0 0x3333..., xmm1 0x4444... */

        .bss
        .p2align 4
        .globl  inputs_captured
inputs_captured:
        .zero   224 + 512

        .text

.macro  returns
        movabsq $0x1111111111111111, %rax
        movabsq $0x3333333333333333, %r11
        movq    %r11, %xmm0
        movabsq $0x4444444444444444, %r11
        movq    %r11, %xmm1
        movabsq $0x2222222222222222, %rdx
        ret
.endm

.macro  entry_common                      /* rax, xmm0-xmm3 (both conventions) */
        movq    %rax, 80(%r11)
        movdqu  %xmm0, 96(%r11)
        movdqu  %xmm1, 112(%r11)
        movdqu  %xmm2, 128(%r11)
        movdqu  %xmm3, 144(%r11)
.endm

.macro  stack_words
        xorl    %r10d, %r10d
1:      movq    8(%rsp,%r10,8), %rax
        movq    %rax, 224(%r11,%r10,8)
        incl    %r10d
        cmpl    $64, %r10d
        jne     1b
.endm

        .globl  inputs_capture
        .type   inputs_capture, @function
inputs_capture:
        leaq    inputs_captured(%rip), %r11
        movq    %rdi, 0(%r11)
        movq    %rsi, 8(%r11)
        movq    %rdx, 16(%r11)
        movq    %rcx, 24(%r11)
        movq    %r8, 32(%r11)
        movq    %r9, 40(%r11)
        entry_common
        movdqu  %xmm4, 160(%r11)
        movdqu  %xmm5, 176(%r11)
        movdqu  %xmm6, 192(%r11)
        movdqu  %xmm7, 208(%r11)
        stack_words
        returns
        .size   inputs_capture, .-inputs_capture

        .globl  inputs_capture_w64
        .type   inputs_capture_w64, @function
inputs_capture_w64:
        leaq    inputs_captured(%rip), %r11
        movq    %rcx, 0(%r11)
        movq    %rdx, 8(%r11)
        movq    %r8, 16(%r11)
        movq    %r9, 24(%r11)
        entry_common
        stack_words
        returns
        .size   inputs_capture_w64, .-inputs_capture_w64

        .section .note.GNU-stack,"",@progbits
