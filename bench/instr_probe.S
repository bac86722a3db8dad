/* SPDX-License-Identifier: MIT */
/* The qemu instruction counter's probe (instr_core.h), on the architectures counted under qemu
 * (AArch64, RISC-V 64): a straight-line function whose length is known, measured as every method
 * is. The counter must find exactly its length plus the call (a blr, a jalr) per call, or the
 * counting run fails. jitffi_instr_probe_length is its length in instructions, computed by the
 * assembler from the function's bounds: every instruction is 4 bytes (AArch64's are; RISC-V's
 * compressed instructions are off here). */

        .text
        .globl  jitffi_instr_probe
        .type   jitffi_instr_probe, %function
        .p2align 2
jitffi_instr_probe:
#if defined(__aarch64__)
        hint    #34             /* bti c */
        .rept   29
        add     x9, x9, #1
        .endr
        ret
#elif defined(__riscv) && __riscv_xlen == 64
        .option norvc
        .rept   30
        addi    t0, t0, 1
        .endr
        ret
#else
#error "no qemu counter's probe for this architecture"
#endif
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
