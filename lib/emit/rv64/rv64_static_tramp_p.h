/* SPDX-License-Identifier: MIT */
/* The RISC-V 64 static trampolines' geometry (rv64_static_tramp.S, read by rv64_host.h): a block
 * of JITFFI_STATIC_TRAMP_BLOCK bytes of identical trampolines, one every
 * JITFFI_STATIC_TRAMP_STRIDE bytes, whose data slots are the same bytes JITFFI_STATIC_TRAMP_BLOCK
 * further on. A block is one page: RISC-V 64 Linux has 4 KiB base pages only. */
#ifndef JITFFI_RV64_STATIC_TRAMP_P_H
#define JITFFI_RV64_STATIC_TRAMP_P_H

#define JITFFI_STATIC_TRAMP_BLOCK 4096
#define JITFFI_STATIC_TRAMP_STRIDE 16

#endif /* JITFFI_RV64_STATIC_TRAMP_P_H */
