/* SPDX-License-Identifier: MIT */
/* Callee-saved register checks for the corpus's closure paths on AArch64 (corpus_harness.cpp;
 * the counterpart of regcheck_x64.S).
 *
 * corpus_regcheck_aapcs64 stands in for a function pointer: a generated C caller calls it with a
 * case's arguments, and it forwards the call, untouched, to corpus_regcheck_target (a closure).
 * Around the call it loads the callee-saved registers with the values in corpus_regcheck_canary,
 * and afterwards stores what the callee left in them to corpus_regcheck_after (the harness
 * compares), together with the stack pointer before and after (corpus_regcheck_sp). Then it
 * restores the caller's own values and returns to the caller with the return registers (x0, x1,
 * v0-v3) as the callee left them.
 *
 * Forwarding: the thunk keeps its return address (x30) in memory and moves neither the stack
 * pointer nor an argument register (x0-x8, v0-v7), so the target sees the caller's register and
 * stack arguments unchanged. Only x16 and x17 (IP0, IP1: neither argument nor return registers)
 * are used as scratch.
 *
 * The callee-saved registers (RegFile order): x19-x29, then d8-d15 (ABI[aapcs64 2020Q2 6.1.1,
 * 6.1.2]: only the low 64 bits of v8-v15 are preserved).
 *
 * The state is global: the corpus runs on one thread. */

        .bss
        .p2align 4
        .globl  corpus_regcheck_canary
        .hidden corpus_regcheck_canary
corpus_regcheck_canary:                 /* RegFile: 12 GP slots (x19-x29), 8 d registers */
        .zero   160
        .globl  corpus_regcheck_after
        .hidden corpus_regcheck_after
corpus_regcheck_after:
        .zero   160
saved:
        .zero   160
        .globl  corpus_regcheck_target
        .hidden corpus_regcheck_target
corpus_regcheck_target:
        .zero   8
        .globl  corpus_regcheck_sp
        .hidden corpus_regcheck_sp
corpus_regcheck_sp:                     /* before the call, after it */
        .zero   16
return_address:
        .zero   8

        .text

/* x16 = the address of `sym`. */
.macro  address sym
        adrp    x16, \sym
        add     x16, x16, :lo12:\sym
.endm

/* Stores the callee-saved registers to the RegFile at x16; load_set loads them from it. */
.macro  store_set
        stp     x19, x20, [x16, #0]
        stp     x21, x22, [x16, #16]
        stp     x23, x24, [x16, #32]
        stp     x25, x26, [x16, #48]
        stp     x27, x28, [x16, #64]
        str     x29, [x16, #80]
        stp     d8, d9, [x16, #96]
        stp     d10, d11, [x16, #112]
        stp     d12, d13, [x16, #128]
        stp     d14, d15, [x16, #144]
.endm

.macro  load_set
        ldp     x19, x20, [x16, #0]
        ldp     x21, x22, [x16, #16]
        ldp     x23, x24, [x16, #32]
        ldp     x25, x26, [x16, #48]
        ldp     x27, x28, [x16, #64]
        ldr     x29, [x16, #80]
        ldp     d8, d9, [x16, #96]
        ldp     d10, d11, [x16, #112]
        ldp     d12, d13, [x16, #128]
        ldp     d14, d15, [x16, #144]
.endm

        .p2align 4
        .globl  corpus_regcheck_aapcs64
        .hidden corpus_regcheck_aapcs64
        .type   corpus_regcheck_aapcs64, %function
corpus_regcheck_aapcs64:
        hint    #34                     /* bti c: called through function pointers */
        address return_address
        str     x30, [x16]
        address corpus_regcheck_sp
        mov     x17, sp
        str     x17, [x16]
        address saved
        store_set
        address corpus_regcheck_canary
        load_set
        address corpus_regcheck_target
        ldr     x16, [x16]
        blr     x16
        address corpus_regcheck_after
        store_set
        address corpus_regcheck_sp
        mov     x17, sp
        str     x17, [x16, #8]
        address saved
        load_set
        address return_address
        ldr     x30, [x16]
        ret
        .size   corpus_regcheck_aapcs64, .-corpus_regcheck_aapcs64

        .section .note.GNU-stack,"",%progbits
