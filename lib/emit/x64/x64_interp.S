/* SPDX-License-Identifier: MIT */
/* jitffi — the interpreted fallback's machine-dependent part for x86-64 (SysV host).
 *
 *   void jitffi_x64_invoke(struct InterpFrame* f);
 *
 * Copies f->stackBytes bytes from f->stack to the outgoing argument area, loads the argument
 * registers of both x86-64 conventions (rdi rsi rdx rcx r8 r9 rax, xmm0-7) and the static chain
 * (r10) from the frame,
 * calls f->fn, and stores rax, rdx, xmm0, xmm1 and f->x87Count x87 values back into the frame.
 * Everything ABI-specific was decided by the plan; this routine is the same for every call.
 * Frame layout: lib/emit/interp_p.h (offsets checked there with static_assert).
 */
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
        movq    %rdi, %rbx              /* rbx = frame (callee-saved across the call) */

        movq    272(%rbx), %rcx         /* stackBytes, a multiple of 16 */
        subq    %rcx, %rsp
        movq    264(%rbx), %rsi         /* stack image */
        movq    %rsp, %rdi
        cld
        rep movsb

        movdqu  128(%rbx), %xmm0
        movdqu  144(%rbx), %xmm1
        movdqu  160(%rbx), %xmm2
        movdqu  176(%rbx), %xmm3
        movdqu  192(%rbx), %xmm4
        movdqu  208(%rbx), %xmm5
        movdqu  224(%rbx), %xmm6
        movdqu  240(%rbx), %xmm7
        movq    56(%rbx), %rdi          /* gp[7] */
        movq    48(%rbx), %rsi          /* gp[6] */
        movq    16(%rbx), %rdx          /* gp[2] */
        movq    8(%rbx), %rcx           /* gp[1] */
        movq    64(%rbx), %r8           /* gp[8] */
        movq    72(%rbx), %r9           /* gp[9] */
        movq    0(%rbx), %rax           /* gp[0]: the vector-register count */
        movq    80(%rbx), %r10          /* gp[10]: the static chain (Go closures) */
        callq   *256(%rbx)              /* fn */

        movq    %rax, 280(%rbx)         /* retRax */
        movq    %rdx, 288(%rbx)         /* retRdx */
        movdqu  %xmm0, 304(%rbx)        /* retVec[0] */
        movdqu  %xmm1, 320(%rbx)        /* retVec[1] */
        movl    368(%rbx), %ecx         /* x87Count */
        testl   %ecx, %ecx
        jz      1f
        fstpt   336(%rbx)               /* retX87[0] = st0 */
        cmpl    $1, %ecx
        je      1f
        fstpt   352(%rbx)               /* retX87[1] = what was st1 */
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
