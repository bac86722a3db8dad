/* SPDX-License-Identifier: MIT */
/* jitffi — the interpreted fallback's call routine for x86-64 (SysV host).
 *
 *   void jitffi_x64_invoke(struct InterpFrame* f, const struct InterpCall* c);
 *
 * Copies c->stackBytes bytes from the stack image (at JITFFI_IF_SIZE in f) to the outgoing
 * argument area, loads the argument registers of both x86-64 conventions (rdi rsi rdx rcx r8 r9,
 * xmm0-7), rax (the vector count) and the static chain (r10) from f->regs, calls f->fn, and
 * stores rax, rdx, xmm0, xmm1 and c->x87Count x87 values into f->ret. Everything ABI-specific
 * was decided by the plan; this routine is the same for every call. The slots are the ones
 * kX64Registers (x64_p.h) gives: a GP register's slot is its hardware number. Offsets:
 * ../interp_frame_p.h.
 */
#include "../interp_frame_p.h"

#define GP(n) JITFFI_REGS_GP+8*n
#define VEC(n) JITFFI_REGS_VEC+16*n
#define RET JITFFI_IF_RET

        .text
        .globl  jitffi_x64_invoke
        .hidden jitffi_x64_invoke
        .type   jitffi_x64_invoke, @function
        .p2align 4
jitffi_x64_invoke:
        .cfi_startproc
        endbr64
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        movq    %rsp, %rbp
        .cfi_def_cfa_register %rbp
        pushq   %rbx
        pushq   %r12
        .cfi_offset %rbx, -24
        .cfi_offset %r12, -32
        movq    %rdi, %rbx              /* rbx = frame, r12 = c (callee-saved across the call) */
        movq    %rsi, %r12

        movq    JITFFI_IC_STACK_BYTES(%r12), %rcx   /* a multiple of 16 */
        subq    %rcx, %rsp
        leaq    JITFFI_IF_SIZE(%rbx), %rsi          /* the stack image */
        movq    %rsp, %rdi
        cld
        rep movsb

        movdqu  VEC(0)(%rbx), %xmm0
        movdqu  VEC(1)(%rbx), %xmm1
        movdqu  VEC(2)(%rbx), %xmm2
        movdqu  VEC(3)(%rbx), %xmm3
        movdqu  VEC(4)(%rbx), %xmm4
        movdqu  VEC(5)(%rbx), %xmm5
        movdqu  VEC(6)(%rbx), %xmm6
        movdqu  VEC(7)(%rbx), %xmm7
        movq    GP(7)(%rbx), %rdi
        movq    GP(6)(%rbx), %rsi
        movq    GP(2)(%rbx), %rdx
        movq    GP(1)(%rbx), %rcx
        movq    GP(8)(%rbx), %r8
        movq    GP(9)(%rbx), %r9
        movq    GP(0)(%rbx), %rax       /* the vector-register count */
        movq    GP(10)(%rbx), %r10      /* the static chain (Go closures) */
        callq   *JITFFI_IF_FN(%rbx)

        movq    %rax, RET+JITFFI_RET_GP(%rbx)         /* ret.gp[0] */
        movq    %rdx, RET+JITFFI_RET_GP+8(%rbx)       /* ret.gp[1] */
        movdqu  %xmm0, RET+JITFFI_RET_VEC(%rbx)       /* ret.vec[0] */
        movdqu  %xmm1, RET+JITFFI_RET_VEC+16(%rbx)    /* ret.vec[1] */
        movl    JITFFI_IC_X87_COUNT(%r12), %ecx
        testl   %ecx, %ecx
        jz      1f
        fstpt   RET+JITFFI_RET_X87(%rbx)              /* ret.x87[0] = st0 */
        cmpl    $1, %ecx
        je      1f
        fstpt   RET+JITFFI_RET_X87+16(%rbx)           /* ret.x87[1] = what was st1 */
1:
        leaq    -16(%rbp), %rsp
        popq    %r12
        popq    %rbx
        popq    %rbp
        .cfi_def_cfa %rsp, 8
        ret
        .cfi_endproc
        .size   jitffi_x64_invoke, .-jitffi_x64_invoke

        .section .note.GNU-stack,"",@progbits
