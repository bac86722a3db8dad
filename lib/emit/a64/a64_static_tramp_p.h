/* SPDX-License-Identifier: MIT */
/* The AArch64 static trampolines' geometry (a64_static_tramp.S, read by a64_host.h): a block of
 * JITFFI_STATIC_TRAMP_BLOCK bytes of identical trampolines, one every JITFFI_STATIC_TRAMP_STRIDE
 * bytes, whose data slots are the same bytes JITFFI_STATIC_TRAMP_BLOCK further on. 64 KiB, the
 * largest page size of AArch64 Linux (and the linker's default maximum page size), so a block is
 * whole pages under 4, 16 and 64 KiB pages. */
#ifndef JITFFI_A64_STATIC_TRAMP_P_H
#define JITFFI_A64_STATIC_TRAMP_P_H

#define JITFFI_STATIC_TRAMP_BLOCK 65536
#define JITFFI_STATIC_TRAMP_STRIDE 16

#endif /* JITFFI_A64_STATIC_TRAMP_P_H */
