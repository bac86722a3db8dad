/* SPDX-License-Identifier: MIT */
/* jitffi — what the AArch64 .S routines share (included by them only).
 *
 *   BTI_C              `bti c` (hint #34, a no-op before ARMv8.5): the landing pad of a routine
 *                      reached by an indirect call (blr) or through a trampoline's `br x16`, so
 *                      the routines work in processes with branch target identification on
 *   GNU_PROPERTY_NOTE  the ELF note that tells the linker the object is BTI- and PAC-compatible,
 *                      emitted when the compiler builds with -mbranch-protection (the linker
 *                      marks a program BTI-enabled only when every object has the note)
 */
#ifndef JITFFI_A64_ASM_P_H
#define JITFFI_A64_ASM_P_H

#define BTI_C hint #34

#if defined(__ARM_FEATURE_BTI_DEFAULT) || defined(__ARM_FEATURE_PAC_DEFAULT)
/* NT_GNU_PROPERTY_TYPE_0 with GNU_PROPERTY_AARCH64_FEATURE_1_AND = BTI (1) | PAC (2). */
.macro GNU_PROPERTY_NOTE
        .pushsection .note.gnu.property, "a"
        .balign 8
        .long   4               /* name size */
        .long   16              /* descriptor size */
        .long   5               /* NT_GNU_PROPERTY_TYPE_0 */
        .asciz  "GNU"
        .long   0xc0000000      /* GNU_PROPERTY_AARCH64_FEATURE_1_AND */
        .long   4               /* its data size */
        .long   3               /* BTI | PAC */
        .long   0               /* padding to 8 bytes */
        .popsection
.endm
#else
.macro GNU_PROPERTY_NOTE
.endm
#endif

#endif /* JITFFI_A64_ASM_P_H */
