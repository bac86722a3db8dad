// SPDX-License-Identifier: MIT
// RISC-V 64 (Linux, LP64D) as the host: the compile-time facts the runtime's hot paths use
// (through ../host_p.h, only in builds whose host architecture this is).
#pragma once

#include <ffi.h>

#include <cstddef>

#include "rv64_static_tramp_p.h"
#include "rv64_trampoline_p.h"

namespace jitffi::internal::host {

// RISC-V does not keep instruction fetch coherent with data stores (the unprivileged ISA,
// "Zifencei": "FENCE.I ... the only standard mechanism to ensure that stores visible to a hart
// will also be visible to its instruction fetches"): after a trampoline is written (through the
// writable view of a dual mapping), CodeMemory::commit has glibc's __riscv_flush_icache (the
// riscv_flush_icache system call, for every hart of the process) make it visible.
inline constexpr bool kCoherentInstructionFetch = false;

// The closure trampoline (ffitarget-riscv64.h's FFI_TRAMPOLINE_SIZE).
inline constexpr uint32_t kTrampolineSize = rv64::kTrampolineSize;
using rv64::writeTrampoline;
static_assert(FFI_TRAMPOLINE_SIZE == kTrampolineSize);

// The static trampolines (rv64_static_tramp.S): fixed code that takes the closure from the data
// slot a block further on, into the register the entries expect it in (kTrampolineReg).
inline constexpr size_t kStaticTrampolineBlock = JITFFI_STATIC_TRAMP_BLOCK;
inline constexpr size_t kStaticTrampolineStride = JITFFI_STATIC_TRAMP_STRIDE;

// libffi's ffi_abi values on RISC-V 64 (ffitarget-riscv64.h), as jitffi ABIs: kAbiOfFfi[i] is
// the ABI of the value kFirstFfiAbi + i. FFI_SYSV is the LP64D convention; the three values
// libffi keeps unused after it are refused.
inline constexpr int kFirstFfiAbi = FFI_SYSV;
inline constexpr Abi kAbiOfFfi[] = {Abi::kRv64};
static_assert(FFI_FIRST_ABI == 0 && FFI_SYSV == 1 && FFI_LAST_ABI == 5 && FFI_DEFAULT_ABI == FFI_SYSV);

}  // namespace jitffi::internal::host
