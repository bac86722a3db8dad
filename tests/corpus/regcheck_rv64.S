/* SPDX-License-Identifier: MIT */
/* Callee-saved register checks for the corpus's closure paths on RISC-V 64 (corpus_harness.cpp;
 * the counterpart of regcheck_x64.S and regcheck_a64.S).
 *
 * corpus_regcheck_rv64 stands in for a function pointer: a generated C caller calls it with a
 * case's arguments, and it forwards the call, untouched, to corpus_regcheck_target (a closure).
 * Around the call it loads the callee-saved registers with the values in corpus_regcheck_canary,
 * and afterwards stores what the callee left in them to corpus_regcheck_after (the harness
 * compares), together with the stack pointer before and after (corpus_regcheck_sp). Then it
 * restores the caller's own values and returns to the caller with the return registers (a0, a1,
 * fa0, fa1) as the callee left them.
 *
 * Forwarding: the thunk keeps its return address (ra) in memory and moves neither the stack
 * pointer nor an argument register (a0-a7, fa0-fa7) nor the static chain (t2), so the target sees
 * the caller's register and stack arguments unchanged. Only t0 is used as scratch.
 *
 * The callee-saved registers (RegFile order): s0-s11, then fs0-fs11 (ABI[riscv-psabi 1.0
 * "Integer Register Convention", "Floating-point Register Convention"]: s0-s11 and, under LP64D,
 * the 64 bits of fs0-fs11).
 *
 * The state is global: the corpus runs on one thread. */

        .bss
        .p2align 4
        .globl  corpus_regcheck_canary
        .hidden corpus_regcheck_canary
corpus_regcheck_canary:                 /* RegFile: 12 GP slots (s0-s11), 12 FP (fs0-fs11) */
        .zero   192
        .globl  corpus_regcheck_after
        .hidden corpus_regcheck_after
corpus_regcheck_after:
        .zero   192
saved:
        .zero   192
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

/* Stores the callee-saved registers to the RegFile at t0; load_set loads them from it. */
.macro  store_set
        sd      s0, 0(t0)
        sd      s1, 8(t0)
        sd      s2, 16(t0)
        sd      s3, 24(t0)
        sd      s4, 32(t0)
        sd      s5, 40(t0)
        sd      s6, 48(t0)
        sd      s7, 56(t0)
        sd      s8, 64(t0)
        sd      s9, 72(t0)
        sd      s10, 80(t0)
        sd      s11, 88(t0)
        fsd     fs0, 96(t0)
        fsd     fs1, 104(t0)
        fsd     fs2, 112(t0)
        fsd     fs3, 120(t0)
        fsd     fs4, 128(t0)
        fsd     fs5, 136(t0)
        fsd     fs6, 144(t0)
        fsd     fs7, 152(t0)
        fsd     fs8, 160(t0)
        fsd     fs9, 168(t0)
        fsd     fs10, 176(t0)
        fsd     fs11, 184(t0)
.endm

.macro  load_set
        ld      s0, 0(t0)
        ld      s1, 8(t0)
        ld      s2, 16(t0)
        ld      s3, 24(t0)
        ld      s4, 32(t0)
        ld      s5, 40(t0)
        ld      s6, 48(t0)
        ld      s7, 56(t0)
        ld      s8, 64(t0)
        ld      s9, 72(t0)
        ld      s10, 80(t0)
        ld      s11, 88(t0)
        fld     fs0, 96(t0)
        fld     fs1, 104(t0)
        fld     fs2, 112(t0)
        fld     fs3, 120(t0)
        fld     fs4, 128(t0)
        fld     fs5, 136(t0)
        fld     fs6, 144(t0)
        fld     fs7, 152(t0)
        fld     fs8, 160(t0)
        fld     fs9, 168(t0)
        fld     fs10, 176(t0)
        fld     fs11, 184(t0)
.endm

        .p2align 2
        .globl  corpus_regcheck_rv64
        .hidden corpus_regcheck_rv64
        .type   corpus_regcheck_rv64, %function
corpus_regcheck_rv64:
        lla     t0, return_address
        sd      ra, 0(t0)
        lla     t0, corpus_regcheck_sp
        sd      sp, 0(t0)
        lla     t0, saved
        store_set
        lla     t0, corpus_regcheck_canary
        load_set
        lla     t0, corpus_regcheck_target
        ld      t0, 0(t0)
        jalr    t0
        lla     t0, corpus_regcheck_after
        store_set
        lla     t0, corpus_regcheck_sp
        sd      sp, 8(t0)
        lla     t0, saved
        load_set
        lla     t0, return_address
        ld      ra, 0(t0)
        ret
        .size   corpus_regcheck_rv64, .-corpus_regcheck_rv64

        .section .note.GNU-stack,"",%progbits
