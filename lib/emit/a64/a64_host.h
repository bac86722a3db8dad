// SPDX-License-Identifier: MIT
// AArch64 (Linux) as the host: the compile-time facts the runtime's hot paths use (through
// ../host_p.h, only in builds whose host architecture this is).
#pragma once

#include <ffi.h>

#include <cstddef>

#include "a64_static_tramp_p.h"
#include "a64_trampoline_p.h"

namespace jitffi::internal::host {

// AArch64 does not keep instruction fetch coherent with data stores: after code is written
// (through the writable view of a dual mapping), CodeMemory::commit cleans the data cache and
// invalidates the instruction cache over the executable view (__builtin___clear_cache: libgcc's
// __clear_cache, i.e. dc cvau, dsb ish, ic ivau, dsb ish, isb over the range by the executable
// alias's addresses; the data cache is physically tagged, so cleaning through either alias
// reaches the written lines).
inline constexpr bool kCoherentInstructionFetch = false;

// The closure trampoline (ffitarget-aarch64.h's FFI_TRAMPOLINE_SIZE).
inline constexpr uint32_t kTrampolineSize = a64::kTrampolineSize;
using a64::writeTrampoline;
static_assert(FFI_TRAMPOLINE_SIZE == kTrampolineSize);

// The static trampolines (a64_static_tramp.S): fixed code that takes the closure from the
// data slot a block further on, into the register the entries expect it in (kTrampolineReg).
inline constexpr size_t kStaticTrampolineBlock = JITFFI_STATIC_TRAMP_BLOCK;
inline constexpr size_t kStaticTrampolineStride = JITFFI_STATIC_TRAMP_STRIDE;

// libffi's ffi_abi values on AArch64 Linux (ffitarget-aarch64.h), as jitffi ABIs: kAbiOfFfi[i]
// is the ABI of the value kFirstFfiAbi + i. FFI_WIN64 is Windows on Arm's convention (libffi's
// own Linux build takes the value and ignores it; jitffi makes it real).
inline constexpr int kFirstFfiAbi = FFI_SYSV;
inline constexpr Abi kAbiOfFfi[] = {Abi::kAapcs64, Abi::kWinArm64};
static_assert(FFI_FIRST_ABI == 0 && FFI_SYSV == 1 && FFI_WIN64 == kFirstFfiAbi + 1 && FFI_LAST_ABI == 3 &&
              FFI_DEFAULT_ABI == FFI_SYSV);

}  // namespace jitffi::internal::host
