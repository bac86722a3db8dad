/* SPDX-License-Identifier: MIT */
/* jitffi — the AArch64 static trampolines: closures without any code written at run time
 * (lib/runtime/static_trampolines_p.h; docs/design.md, "Memory").
 *
 * One block of identical trampolines in the library's own text, aligned to its size and alone in
 * its pages, so the runtime can map the library file's pages again, read+execute, as many times
 * as it needs blocks, each followed by private data pages. Trampoline i (at T = block + 16*i)
 * reads data slot i (at T + BLOCK: the closure object, then the entry):
 *
 *   bti  c                         ; a target of indirect calls (blr) under BTI
 *   ldr  x17, T + BLOCK            ; the closure object, where every closure entry expects it
 *   ldr  x16, T + BLOCK + 8        ; its entry
 *   br   x16                       ; x16: a branch a `bti c` at the entry accepts
 *
 * pc-relative literal loads with offsets fixed at assembly time (no relocation): the code works
 * at any address whose data pages follow it. The copy in the library's text itself is never run.
 * No instruction-cache maintenance is ever needed: the code is never written.
 */
#include "a64_asm_p.h"
#include "a64_static_tramp_p.h"

        .text
        .p2align 16
        .globl  jitffi_static_trampolines
        .hidden jitffi_static_trampolines
        .type   jitffi_static_trampolines, %function
jitffi_static_trampolines:
        .rept   JITFFI_STATIC_TRAMP_BLOCK / JITFFI_STATIC_TRAMP_STRIDE
1:      BTI_C
        ldr     x17, 1b+JITFFI_STATIC_TRAMP_BLOCK
        ldr     x16, 1b+JITFFI_STATIC_TRAMP_BLOCK+8
        br      x16
        .endr
        .size   jitffi_static_trampolines, .-jitffi_static_trampolines
        /* Nothing else in its pages. */
        .p2align 16

        GNU_PROPERTY_NOTE
        .section .note.GNU-stack,"",%progbits
