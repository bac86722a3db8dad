/* SPDX-License-Identifier: MIT */
/* jitffi — the x86-64 static trampolines: closures without any code written at run time
 * (lib/runtime/static_trampolines_p.h; docs/design.md, "Memory").
 *
 * One page of identical trampolines in the library's own text, page-aligned and alone on its
 * page, so the runtime can map the library file's page again, read+execute, as many times as it
 * needs blocks, each followed by a private data page. Trampoline i (at T = block + 32*i) reads
 * data slot i (at T + BLOCK: the closure object, then the entry):
 *
 *   endbr64                        ; an indirect-branch target under CET
 *   mov  r10, [T + BLOCK]          ; the closure object, where every closure entry expects it
 *   jmp  [T + BLOCK + 8]           ; its entry
 *
 * rip-relative with displacements fixed at assembly time (no relocation): the code works at any
 * address whose data page follows it. The copy in the library's text itself is never run.
 */
#include "x64_static_tramp_p.h"

        .text
        .p2align 12
        .globl  jitffi_static_trampolines
        .hidden jitffi_static_trampolines
        .type   jitffi_static_trampolines, @function
jitffi_static_trampolines:
        .rept   JITFFI_STATIC_TRAMP_BLOCK / JITFFI_STATIC_TRAMP_STRIDE
1:      endbr64
        movq    1b+JITFFI_STATIC_TRAMP_BLOCK(%rip), %r10
        jmpq    *1b+JITFFI_STATIC_TRAMP_BLOCK+8(%rip)
        .p2align 5, 0xcc
        .endr
        .size   jitffi_static_trampolines, .-jitffi_static_trampolines
        /* Nothing else on the page. */
        .p2align 12

        .section .note.GNU-stack,"",@progbits
