// SPDX-License-Identifier: MIT
// The RISC-V 64 architecture's descriptor (the interface in ../arch_p.h): it serves the rv64
// (LP64D) plans. No emitters (asmjit has no RISC-V assembler): the interpreted fallback
// (rv64_interp.S, rv64_interp_closure.S) and the static trampolines serve every call and closure.
#include <elf.h>

#include "../arch_p.h"
#include "rv64_p.h"
#include "rv64_trampoline_p.h"

namespace jitffi::internal {

extern const ArchDesc rv64Arch;
const ArchDesc rv64Arch{
    Arch::kRv64,
    EM_RISCV,
    // The closure object is libffi's riscv ffi_closure: a trampoline of FFI_TRAMPOLINE_SIZE = 24
    // bytes, then cif, fun, user_data; the trampoline leaves the closure in t1 (x6), a temporary
    // that carries no argument (rv64_trampoline_p.h).
    rv64::kTrampolineSize,
    rv64::kTrampolineReg,
    kRv64StaticChainReg,
    kRv64Registers,
    // ABI[riscv-psabi 1.0 "DWARF Register Numbers"]: x0–x31 are 0–31 (ra = 1, sp = 2). At entry
    // the return address is in ra and CFA = sp + 0; code alignment 1, data alignment -4, as
    // riscv64 gcc 12's CIEs have them (objdump --dwarf=frames of its objects).
    {1, -4, 1, 2, 0, 0},
};

}  // namespace jitffi::internal
