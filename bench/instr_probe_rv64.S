/* SPDX-License-Identifier: MIT */
/* The qemu instruction counter's probe (instr_core.h) on RISC-V 64, as instr_probe_a64.S on
 * AArch64: a straight-line function whose length is known, measured as every method is. The
 * counter must find exactly its length plus the call (a jalr) per call, or the counting run
 * fails. Compressed instructions are off here, so every instruction is 4 bytes and
 * jitffi_instr_probe_length, computed by the assembler from the function's bounds, is its length
 * in instructions. */

        .option norvc
        .text
        .globl  jitffi_instr_probe
        .type   jitffi_instr_probe, %function
        .p2align 2
jitffi_instr_probe:
        .rept   30
        addi    t0, t0, 1
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
