/* SPDX-License-Identifier: MIT */
/* Callee-saved register checks for the corpus's closure paths (corpus_harness.cpp).
 *
 * corpus_regcheck_sysv and corpus_regcheck_win64 stand in for a function pointer: a generated C
 * caller calls one of them with a case's arguments, and it forwards the call, untouched, to
 * corpus_regcheck_target (a closure). Around the call it loads the ABI's callee-saved registers
 * with the values in corpus_regcheck_canary, and afterwards stores what the callee left in them to
 * corpus_regcheck_after (the harness compares), together with the stack pointer before and after
 * (corpus_regcheck_sp). Then it restores the caller's own values and returns to the caller with
 * the return registers (rax, rdx, xmm0, xmm1, st0, st1) as the callee left them.
 *
 * Forwarding: the thunk pops its return address and calls the target, whose return address then
 * sits exactly where the caller's was, so the target sees the caller's stack arguments (and the
 * stack alignment) unchanged. Only r11 is used as scratch: it is neither an argument nor a return
 * register in either convention.
 *
 * The callee-saved registers (RegFile order: rbx rbp r12 r13 r14 r15 rsi rdi, then xmm6-xmm15):
 *   SysV x86-64: rbx, rbp, r12-r15 (rsi and rdi carry arguments: left alone);
 *   Win64:       rbx, rbp, rdi, rsi, r12-r15, xmm6-xmm15.
 *
 * The state is global: the corpus runs on one thread. */

        .bss
        .p2align 4
        .globl  corpus_regcheck_canary
        .hidden corpus_regcheck_canary
corpus_regcheck_canary:                 /* RegFile: 8 GP registers, 10 vector registers */
        .zero   224
        .globl  corpus_regcheck_after
        .hidden corpus_regcheck_after
corpus_regcheck_after:
        .zero   224
saved:
        .zero   224
        .globl  corpus_regcheck_target
        .hidden corpus_regcheck_target
corpus_regcheck_target:
        .zero   8
        .globl  corpus_regcheck_sp
        .hidden corpus_regcheck_sp
corpus_regcheck_sp:                    /* before the call, after it */
        .zero   16
return_address:
        .zero   8

        .text

/* Stores the set's GP registers (win: with rsi and rdi) to the RegFile at r11; load_gp loads
   them from it; store_vec and load_vec do the same for xmm6-xmm15. */
.macro  store_gp win
        movq    %rbx, 0(%r11)
        movq    %rbp, 8(%r11)
        movq    %r12, 16(%r11)
        movq    %r13, 24(%r11)
        movq    %r14, 32(%r11)
        movq    %r15, 40(%r11)
.if \win
        movq    %rsi, 48(%r11)
        movq    %rdi, 56(%r11)
.endif
.endm

.macro  load_gp win
        movq    0(%r11), %rbx
        movq    8(%r11), %rbp
        movq    16(%r11), %r12
        movq    24(%r11), %r13
        movq    32(%r11), %r14
        movq    40(%r11), %r15
.if \win
        movq    48(%r11), %rsi
        movq    56(%r11), %rdi
.endif
.endm

.macro  store_vec
        movdqu  %xmm6, 64(%r11)
        movdqu  %xmm7, 80(%r11)
        movdqu  %xmm8, 96(%r11)
        movdqu  %xmm9, 112(%r11)
        movdqu  %xmm10, 128(%r11)
        movdqu  %xmm11, 144(%r11)
        movdqu  %xmm12, 160(%r11)
        movdqu  %xmm13, 176(%r11)
        movdqu  %xmm14, 192(%r11)
        movdqu  %xmm15, 208(%r11)
.endm

.macro  load_vec
        movdqu  64(%r11), %xmm6
        movdqu  80(%r11), %xmm7
        movdqu  96(%r11), %xmm8
        movdqu  112(%r11), %xmm9
        movdqu  128(%r11), %xmm10
        movdqu  144(%r11), %xmm11
        movdqu  160(%r11), %xmm12
        movdqu  176(%r11), %xmm13
        movdqu  192(%r11), %xmm14
        movdqu  208(%r11), %xmm15
.endm

.macro  thunk name, win
        .p2align 4
        .globl  \name
        .hidden \name
        .type   \name, @function
\name:
        endbr64
        popq    %r11
        movq    %r11, return_address(%rip)
        movq    %rsp, corpus_regcheck_sp(%rip)
        leaq    saved(%rip), %r11
        store_gp \win
.if \win
        store_vec
.endif
        leaq    corpus_regcheck_canary(%rip), %r11
        load_gp \win
.if \win
        load_vec
.endif
        call    *corpus_regcheck_target(%rip)
        leaq    corpus_regcheck_after(%rip), %r11
        store_gp \win
.if \win
        store_vec
.endif
        movq    %rsp, corpus_regcheck_sp+8(%rip)
        leaq    saved(%rip), %r11
        load_gp \win
.if \win
        load_vec
.endif
        pushq   return_address(%rip)
        ret
        .size   \name, .-\name
.endm

        thunk   corpus_regcheck_sysv, 0
        thunk   corpus_regcheck_win64, 1

/* corpus_w64_scribble_home stands in for a Win64 (ms_abi) closure handler: it fills the 32-byte
   home area its caller must reserve above the return address (the callee owns it) with 0x5c bytes,
   then jumps, arguments untouched, to the real handler at corpus_w64_handler_target. An entry
   that kept anything of its own there (the args array, say) hands the handler wrong arguments.
   rax is neither an argument register nor callee-saved in the Win64 convention. */
        .bss
        .p2align 3
        .globl  corpus_w64_handler_target
        .hidden corpus_w64_handler_target
corpus_w64_handler_target:
        .zero   8

        .text
        .p2align 4
        .globl  corpus_w64_scribble_home
        .hidden corpus_w64_scribble_home
        .type   corpus_w64_scribble_home, @function
corpus_w64_scribble_home:
        movabsq $0x5c5c5c5c5c5c5c5c, %rax
        movq    %rax, 8(%rsp)
        movq    %rax, 16(%rsp)
        movq    %rax, 24(%rsp)
        movq    %rax, 32(%rsp)
        jmp     *corpus_w64_handler_target(%rip)
        .size   corpus_w64_scribble_home, .-corpus_w64_scribble_home

        .section .note.GNU-stack,"",@progbits
