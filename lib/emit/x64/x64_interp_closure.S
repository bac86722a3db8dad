/* SPDX-License-Identifier: MIT */
/* jitffi — the interpreted fallback's closure entries for x86-64 (SysV host).
 *
 * A closure trampoline jumps to one of the entries below with r10 = the closure object. Each
 * entry loads its own address into r11 and joins the common body, which saves every argument
 * register of both x86-64 conventions into a VarArgsFrame (slots as in kX64Registers, x64_p.h),
 * calls
 *   jitffi_interp_closure(closure, entry, frame, result)
 * (C++, lib/runtime/closure.cpp: it finds what the entry serves in x64_host.cpp's table, reaches
 * the plan through the closure object and calls the handler), loads the return registers from the
 * result (ReturnRegs), and returns. rsi, rdi and xmm6–xmm15 are restored as well, so the entries
 * also honour Win64 callers (for which they are callee-saved).
 *
 * Frame (from rsp after the prologue): VarArgsFrame at 0, ReturnRegs at RESULT, xmm8–xmm15 at
 * SAVED (xmm6 and xmm7 are in the VarArgsFrame already); rsp stays 16-aligned at the call.
 * Offsets: ../interp_frame_p.h.
 */
#include "../interp_frame_p.h"

#define GP(n) JITFFI_REGS_GP+8*n
#define VEC(n) JITFFI_REGS_VEC+16*n
#define RESULT JITFFI_VA_SIZE
#define SAVED (RESULT+JITFFI_RET_SIZE)
#define FRAME (SAVED+8*16)

/* An entry: r11 = its own address, then the common body. */
.macro INTERP_ENTRY name
        .p2align 4
        .globl  \name
        .hidden \name
        .type   \name, @function
\name:
        endbr64
        leaq    \name(%rip), %r11
        jmp     1f
        .size   \name, .-\name
.endm

        .text
        INTERP_ENTRY jitffi_x64_closure_interp_cif           /* ctx is an ffi_cif, libffi handler shape */
        INTERP_ENTRY jitffi_x64_closure_interp_avalues       /* ctx is a CallInterface, avalues handler */
        INTERP_ENTRY jitffi_x64_closure_interp_slots         /* ctx is a CallInterface, slots handler */
        INTERP_ENTRY jitffi_x64_closure_interp_go            /* r10 is a libffi Go closure */
        INTERP_ENTRY jitffi_x64_closure_interp_avalues_w64h  /* the same, Win64 (ms_abi) handler */
        INTERP_ENTRY jitffi_x64_closure_interp_slots_w64h    /* the same, Win64 (ms_abi) handler */

        .p2align 4
        .type   jitffi_x64_closure_interp_common, @function
jitffi_x64_closure_interp_common:
1:
        .cfi_startproc
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        movq    %rsp, %rbp
        .cfi_def_cfa_register %rbp
        subq    $FRAME, %rsp
        movq    %rax, GP(0)(%rsp)       /* the vector count of variadic calls */
        movq    %rcx, GP(1)(%rsp)
        movq    %rdx, GP(2)(%rsp)
        movq    %rsi, GP(6)(%rsp)
        movq    %rdi, GP(7)(%rsp)
        movq    %r8, GP(8)(%rsp)
        movq    %r9, GP(9)(%rsp)
        movups  %xmm0, VEC(0)(%rsp)
        movups  %xmm1, VEC(1)(%rsp)
        movups  %xmm2, VEC(2)(%rsp)
        movups  %xmm3, VEC(3)(%rsp)
        movups  %xmm4, VEC(4)(%rsp)
        movups  %xmm5, VEC(5)(%rsp)
        movups  %xmm6, VEC(6)(%rsp)
        movups  %xmm7, VEC(7)(%rsp)
        leaq    16(%rbp), %rax
        movq    %rax, JITFFI_VA_STACK(%rsp)     /* the caller's stack arguments */
        movups  %xmm8, SAVED(%rsp)
        movups  %xmm9, SAVED+16(%rsp)
        movups  %xmm10, SAVED+32(%rsp)
        movups  %xmm11, SAVED+48(%rsp)
        movups  %xmm12, SAVED+64(%rsp)
        movups  %xmm13, SAVED+80(%rsp)
        movups  %xmm14, SAVED+96(%rsp)
        movups  %xmm15, SAVED+112(%rsp)

        movq    %r10, %rdi              /* closure */
        movq    %r11, %rsi              /* entry */
        movq    %rsp, %rdx              /* frame */
        leaq    RESULT(%rsp), %rcx      /* result */
        call    jitffi_interp_closure

        movl    RESULT+JITFFI_RET_X87_COUNT(%rsp), %ecx
        testl   %ecx, %ecx
        jz      2f
        cmpl    $2, %ecx
        jne     3f
        fldt    RESULT+JITFFI_RET_X87+16(%rsp)  /* pushed first: ends in st1 */
3:      fldt    RESULT+JITFFI_RET_X87(%rsp)     /* st0 */
2:
        movups  VEC(6)(%rsp), %xmm6
        movups  VEC(7)(%rsp), %xmm7
        movups  SAVED(%rsp), %xmm8
        movups  SAVED+16(%rsp), %xmm9
        movups  SAVED+32(%rsp), %xmm10
        movups  SAVED+48(%rsp), %xmm11
        movups  SAVED+64(%rsp), %xmm12
        movups  SAVED+80(%rsp), %xmm13
        movups  SAVED+96(%rsp), %xmm14
        movups  SAVED+112(%rsp), %xmm15
        movq    GP(6)(%rsp), %rsi
        movq    GP(7)(%rsp), %rdi
        movq    RESULT+JITFFI_RET_GP(%rsp), %rax
        movq    RESULT+JITFFI_RET_GP+8(%rsp), %rdx
        movups  RESULT+JITFFI_RET_VEC(%rsp), %xmm0
        movups  RESULT+JITFFI_RET_VEC+16(%rsp), %xmm1
        leave
        .cfi_def_cfa %rsp, 8
        ret
        .cfi_endproc
        .size   jitffi_x64_closure_interp_common, .-jitffi_x64_closure_interp_common

        .section .note.GNU-stack,"",@progbits
