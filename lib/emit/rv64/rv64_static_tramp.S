/* SPDX-License-Identifier: MIT */
/* jitffi — the RISC-V 64 static trampolines: closures without any code written at run time
 * (lib/runtime/static_trampolines_p.h; docs/design.md, "Memory").
 *
 * One block of identical trampolines in the library's own text, aligned to its size and alone in
 * its page, so the runtime can map the library file's page again, read+execute, as many times as
 * it needs blocks, each followed by a private data page. Trampoline i (at T = block + 16*i) reads
 * data slot i (at T + BLOCK: the closure object, then the entry):
 *
 *   auipc t0, BLOCK >> 12          ; t0 = T + BLOCK
 *   ld    t1, 0(t0)                ; the closure object, where every closure entry expects it
 *   ld    t0, 8(t0)                ; its entry
 *   jr    t0
 *
 * pc-relative with offsets fixed at assembly time (no relocation): the code works at any address
 * whose data page follows it. Uncompressed (.option norvc), so every trampoline is 16 bytes. The
 * static chain t2 is left alone (Go closures). The copy in the library's text itself is never
 * run. No instruction-cache maintenance is ever needed: the code is never written.
 */
#include "rv64_static_tramp_p.h"

        .text
        .option push
        .option norvc
        .p2align 12
        .globl  jitffi_static_trampolines
        .hidden jitffi_static_trampolines
        .type   jitffi_static_trampolines, %function
jitffi_static_trampolines:
        .rept   JITFFI_STATIC_TRAMP_BLOCK / JITFFI_STATIC_TRAMP_STRIDE
        auipc   t0, JITFFI_STATIC_TRAMP_BLOCK >> 12
        ld      t1, 0(t0)
        ld      t0, 8(t0)
        jr      t0
        .endr
        .size   jitffi_static_trampolines, .-jitffi_static_trampolines
        /* Nothing else in its page. */
        .p2align 12
        .option pop

        .section .note.GNU-stack,"",%progbits
