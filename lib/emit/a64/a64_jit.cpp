// SPDX-License-Identifier: MIT
// The AArch64 architecture's emitters (the interface in ../jit_p.h; JIT builds only).
#include "a64_p.h"

namespace jitffi::internal {

extern const JitDesc a64Jit;
const JitDesc a64Jit{
    Arch::kA64,
    asmjit::Arch::kAArch64,
    asmjit::FormatFlags::kNone,
    &emitCallWith<asmjit::a64::Assembler, emitA64Call>,
    &emitClosureEntryWith<asmjit::a64::Assembler, emitA64ClosureEntry>,
};

}  // namespace jitffi::internal
