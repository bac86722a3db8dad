// SPDX-License-Identifier: MIT
// x86-64 as the host: the compile-time facts the runtime's hot paths use (through ../host_p.h,
// only in builds whose host architecture this is).
#pragma once

#include <ffi.h>

#include <cstddef>

#include "x64_static_tramp_p.h"
#include "x64_trampoline_p.h"

namespace jitffi::internal::host {

// x86-64 keeps instruction fetch coherent with stores: written code needs no cache maintenance.
inline constexpr bool kCoherentInstructionFetch = true;

// The closure trampoline (ffitarget-x86_64.h's FFI_TRAMPOLINE_SIZE).
inline constexpr uint32_t kTrampolineSize = x64::kTrampolineSize;
using x64::writeTrampoline;
static_assert(FFI_TRAMPOLINE_SIZE == kTrampolineSize);

// The static trampolines (x64_static_tramp.S): fixed code that takes the closure from the
// data slot a block further on, into the register the entries expect it in (kTrampolineReg).
inline constexpr size_t kStaticTrampolineBlock = JITFFI_STATIC_TRAMP_BLOCK;
inline constexpr size_t kStaticTrampolineStride = JITFFI_STATIC_TRAMP_STRIDE;

// libffi's ffi_abi values on x86-64 Unix (ffitarget-x86_64.h), as jitffi ABIs: kAbiOfFfi[i] is
// the ABI of the value kFirstFfiAbi + i.
inline constexpr int kFirstFfiAbi = FFI_UNIX64;
inline constexpr Abi kAbiOfFfi[] = {Abi::kSysV64, Abi::kWin64, Abi::kGnuWin64};
static_assert(FFI_WIN64 == kFirstFfiAbi + 1 && FFI_GNUW64 == kFirstFfiAbi + 2 &&
              FFI_LAST_ABI == kFirstFfiAbi + int(std::size(kAbiOfFfi)));

}  // namespace jitffi::internal::host
