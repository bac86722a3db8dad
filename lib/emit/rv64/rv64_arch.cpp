// SPDX-License-Identifier: MIT
// The RISC-V 64 architecture's descriptor (the interface in ../arch_p.h): it serves the rv64
// (LP64D) plans. No emitters (asmjit has no RISC-V assembler): every call and closure is left to
// the interpreted fallback, whose host part comes with issue 13.
#include <elf.h>

#include "../arch_p.h"
#include "rv64_p.h"

namespace jitffi::internal {

extern const ArchDesc rv64Arch;
const ArchDesc rv64Arch{
    Arch::kRv64,
    asmjit::Arch::kRISCV64,
    EM_RISCV,
    asmjit::FormatFlags::kNone,
    nullptr,
    nullptr,
    // The closure object is libffi's riscv ffi_closure: a trampoline of FFI_TRAMPOLINE_SIZE = 24
    // bytes, then cif, fun, user_data; the trampoline leaves the closure in t1 (x6), a temporary
    // that carries no argument.
    24,
    6,
    kRv64StaticChainReg,
    kRv64Registers,
    // ABI[riscv-psabi 1.0 "DWARF Register Numbers"]: x0–x31 are 0–31 (ra = 1, sp = 2). At entry
    // the return address is in ra and CFA = sp + 0; code alignment 1, data alignment -4, as
    // riscv64 gcc 12's CIEs have them (objdump --dwarf=frames of its objects).
    {1, -4, 1, 2, 0, 0},
};

}  // namespace jitffi::internal
