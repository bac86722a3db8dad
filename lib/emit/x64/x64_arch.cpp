// SPDX-License-Identifier: MIT
// The x86-64 architecture's descriptor (the interface in ../arch_p.h): it serves the SysV and
// Win64 plans. Its emitters: x64_jit.cpp.
#include <elf.h>

#include "../arch_p.h"
#include "x64_regs_p.h"
#include "x64_trampoline_p.h"

namespace jitffi::internal {

extern const ArchDesc x64Arch;
const ArchDesc x64Arch{
    Arch::kX64,
    EM_X86_64,
    x64::kTrampolineSize,
    x64::kTrampolineReg,
    kX64StaticChainReg,
    kX64Registers,
    // ABI[sysv-x64 3.6.2 Figure 3.36, 3.7]: DWARF numbers rsp 7 and the return address 16;
    // code alignment 1, data alignment -8; at entry CFA = rsp + 8, the return address at CFA - 8.
    {1, -8, 16, 7, 8, -8},
};

}  // namespace jitffi::internal
