/* SPDX-License-Identifier: MIT */
/* jitffi — the interpreted fallback's closure entry for x86-64 (SysV host).
 *
 * A closure trampoline jumps here with r10 = the closure object. Each entry point loads its
 * variant into r11d and joins the common body, which saves every argument register of both x86-64
 * conventions into a VarArgsFrame (lib/emit/emit_p.h; offsets checked in lib/emit/interp_p.h), calls
 *   jitffi_interp_closure(closure, variant, frame, result)
 * (C++: it reads the plan and calls the handler), loads the return registers from the result,
 * and returns. rsi, rdi and xmm6–xmm15 are restored as well, so the entry also honours Win64
 * callers (for which they are callee-saved).
 *
 * It calls the runtime's closure dispatcher (lib/runtime/closure.cpp), which reaches the plan
 * through the closure object.
 *
 * Frame (from rsp after the prologue): VarArgsFrame at 0 (272 bytes), result at 272 (96 bytes),
 * xmm6–15 saved at 368 (160 bytes); 528 bytes in all (rsp stays 16-aligned at the call).
 * Result layout: rax 0, rdx 8, vec[2][16] 16, x87[2][16] 48, x87Count 80.
 */
        .text
        .p2align 4
        .globl  jitffi_x64_closure_interp_cif
        .hidden jitffi_x64_closure_interp_cif
        .type   jitffi_x64_closure_interp_cif, @function
jitffi_x64_closure_interp_cif:          /* ctx is an ffi_cif, libffi handler shape */
        endbr64
        movl    $0, %r11d
        jmp     1f
        .size   jitffi_x64_closure_interp_cif, .-jitffi_x64_closure_interp_cif

        .p2align 4
        .globl  jitffi_x64_closure_interp_avalues
        .hidden jitffi_x64_closure_interp_avalues
        .type   jitffi_x64_closure_interp_avalues, @function
jitffi_x64_closure_interp_avalues:      /* ctx is a CallInterface, avalues handler */
        endbr64
        movl    $1, %r11d
        jmp     1f
        .size   jitffi_x64_closure_interp_avalues, .-jitffi_x64_closure_interp_avalues

        .p2align 4
        .globl  jitffi_x64_closure_interp_slots
        .hidden jitffi_x64_closure_interp_slots
        .type   jitffi_x64_closure_interp_slots, @function
jitffi_x64_closure_interp_slots:        /* ctx is a CallInterface, slots handler */
        endbr64
        movl    $2, %r11d
        jmp     1f
        .size   jitffi_x64_closure_interp_slots, .-jitffi_x64_closure_interp_slots

        .p2align 4
        .globl  jitffi_x64_closure_interp_go
        .hidden jitffi_x64_closure_interp_go
        .type   jitffi_x64_closure_interp_go, @function
jitffi_x64_closure_interp_go:           /* r10 is a libffi Go closure */
        endbr64
        movl    $3, %r11d
        jmp     1f
        .size   jitffi_x64_closure_interp_go, .-jitffi_x64_closure_interp_go

        .p2align 4
        .globl  jitffi_x64_closure_interp_avalues_w64h
        .hidden jitffi_x64_closure_interp_avalues_w64h
        .type   jitffi_x64_closure_interp_avalues_w64h, @function
jitffi_x64_closure_interp_avalues_w64h: /* ctx is a CallInterface, avalues handler compiled for Win64 (ms_abi) */
        endbr64
        movl    $4, %r11d
        jmp     1f
        .size   jitffi_x64_closure_interp_avalues_w64h, .-jitffi_x64_closure_interp_avalues_w64h

        .p2align 4
        .globl  jitffi_x64_closure_interp_slots_w64h
        .hidden jitffi_x64_closure_interp_slots_w64h
        .type   jitffi_x64_closure_interp_slots_w64h, @function
jitffi_x64_closure_interp_slots_w64h:   /* ctx is a CallInterface, slots handler compiled for Win64 (ms_abi) */
        endbr64
        movl    $5, %r11d
        jmp     1f
        .size   jitffi_x64_closure_interp_slots_w64h, .-jitffi_x64_closure_interp_slots_w64h

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
        subq    $528, %rsp
        movq    %rax, 0(%rsp)           /* gp[0] rax: the vector count of variadic calls */
        movq    %rcx, 8(%rsp)           /* gp[1] */
        movq    %rdx, 16(%rsp)          /* gp[2] */
        movq    %rsi, 48(%rsp)          /* gp[6] */
        movq    %rdi, 56(%rsp)          /* gp[7] */
        movq    %r8, 64(%rsp)           /* gp[8] */
        movq    %r9, 72(%rsp)           /* gp[9] */
        movups  %xmm0, 128(%rsp)
        movups  %xmm1, 144(%rsp)
        movups  %xmm2, 160(%rsp)
        movups  %xmm3, 176(%rsp)
        movups  %xmm4, 192(%rsp)
        movups  %xmm5, 208(%rsp)
        movups  %xmm6, 224(%rsp)
        movups  %xmm7, 240(%rsp)
        leaq    16(%rbp), %rax
        movq    %rax, 256(%rsp)         /* the caller's stack arguments */
        movups  %xmm8, 368(%rsp)        /* xmm6, xmm7 are in the frame already */
        movups  %xmm9, 384(%rsp)
        movups  %xmm10, 400(%rsp)
        movups  %xmm11, 416(%rsp)
        movups  %xmm12, 432(%rsp)
        movups  %xmm13, 448(%rsp)
        movups  %xmm14, 464(%rsp)
        movups  %xmm15, 480(%rsp)

        movq    %r10, %rdi              /* closure */
        movl    %r11d, %esi             /* variant */
        movq    %rsp, %rdx              /* frame */
        leaq    272(%rsp), %rcx         /* result */
        call    jitffi_interp_closure

        movl    352(%rsp), %ecx         /* x87Count */
        testl   %ecx, %ecx
        jz      2f
        cmpl    $2, %ecx
        jne     3f
        fldt    336(%rsp)               /* pushed first: ends in st1 */
3:      fldt    320(%rsp)               /* st0 */
2:
        movups  224(%rsp), %xmm6
        movups  240(%rsp), %xmm7
        movups  368(%rsp), %xmm8
        movups  384(%rsp), %xmm9
        movups  400(%rsp), %xmm10
        movups  416(%rsp), %xmm11
        movups  432(%rsp), %xmm12
        movups  448(%rsp), %xmm13
        movups  464(%rsp), %xmm14
        movups  480(%rsp), %xmm15
        movq    48(%rsp), %rsi
        movq    56(%rsp), %rdi
        movq    272(%rsp), %rax
        movq    280(%rsp), %rdx
        movups  288(%rsp), %xmm0
        movups  304(%rsp), %xmm1
        leave
        .cfi_def_cfa %rsp, 8
        ret
        .cfi_endproc
        .size   jitffi_x64_closure_interp_common, .-jitffi_x64_closure_interp_common

        .section .note.GNU-stack,"",@progbits
