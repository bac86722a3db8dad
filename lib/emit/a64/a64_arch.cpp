// SPDX-License-Identifier: MIT
// The AArch64 architecture's descriptor (the interface in ../arch_p.h): it serves the AAPCS64
// plans. Its emitters: a64_jit.cpp.
#include <elf.h>

#include "../arch_p.h"
#include "a64_regs_p.h"
#include "a64_trampoline_p.h"

namespace jitffi::internal {

extern const ArchDesc a64Arch;
const ArchDesc a64Arch{
    Arch::kA64,
    EM_AARCH64,
    a64::kTrampolineSize,
    a64::kTrampolineReg,
    // libffi's aarch64 Go closures take the closure in x18 (ABI[aapcs64 2020Q2 6.1.1]: r18 is
    // "the platform register", a temporary register on Linux).
    kA64StaticChainReg,
    kA64Registers,
    // ABI[aadwarf64 IHI0057B 3.1]: DWARF numbers x0–x30 are 0–30, sp 31. At entry the return
    // address is in x30 (the link register) and CFA = sp + 0; code alignment 4 (every
    // instruction is 4 bytes), data alignment -8: as aarch64 gcc 12's CIEs have them (readelf
    // --debug-frame of its objects).
    {4, -8, 30, 31, 0, 0},
};

}  // namespace jitffi::internal
