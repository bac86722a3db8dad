/* SPDX-License-Identifier: MIT */
/* The qemu instruction counter's probe (instr_core.h): a straight-line function whose length is
 * known, measured as every method is. The counter must find exactly its length plus the `bl`
 * that calls it per call, or the counting run fails. jitffi_instr_probe_length is its length in
 * instructions, computed by the assembler from the function's bounds (AArch64 instructions are
 * 4 bytes). */

        .text
        .globl  jitffi_instr_probe
        .type   jitffi_instr_probe, %function
        .p2align 2
jitffi_instr_probe:
        hint    #34             /* bti c */
        .rept   29
        add     x9, x9, #1
        .endr
        ret
.Lprobe_end:
        .size   jitffi_instr_probe, .Lprobe_end - jitffi_instr_probe

        .section .rodata
        .globl  jitffi_instr_probe_length
        .type   jitffi_instr_probe_length, %object
        .p2align 2
jitffi_instr_probe_length:
        .word   (.Lprobe_end - jitffi_instr_probe) / 4
        .size   jitffi_instr_probe_length, 4

        .section .note.GNU-stack, "", %progbits
