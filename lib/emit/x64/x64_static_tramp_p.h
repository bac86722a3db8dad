/* SPDX-License-Identifier: MIT */
/* The x86-64 static trampolines' geometry (x64_static_tramp.S, read by x64_host.h): a block of
 * JITFFI_STATIC_TRAMP_BLOCK bytes of identical trampolines, one every JITFFI_STATIC_TRAMP_STRIDE
 * bytes, whose data slots are the same bytes JITFFI_STATIC_TRAMP_BLOCK further on. A block is
 * one page: x86-64 Linux has 4 KiB pages only. */
#ifndef JITFFI_X64_STATIC_TRAMP_P_H
#define JITFFI_X64_STATIC_TRAMP_P_H

#define JITFFI_STATIC_TRAMP_BLOCK 4096
#define JITFFI_STATIC_TRAMP_STRIDE 32

#endif /* JITFFI_X64_STATIC_TRAMP_P_H */
